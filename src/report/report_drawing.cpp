#include "report/report_drawing.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <memory>

namespace mimic::report {

namespace {

constexpr double kPageW = 595.0;  // A4 in points
constexpr double kPageH = 842.0;
constexpr double kMargin = 50.0;
constexpr double kTextW = kPageW - 2 * kMargin;
constexpr double kGraphH = 210.0;

cairo_status_t appendBytes(void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

using Surface = std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)>;
using Context = std::unique_ptr<cairo_t, decltype(&cairo_destroy)>;

// Lays `text` out in `font` (a Pango description) within `width`; the caller draws or measures.
std::unique_ptr<PangoLayout, decltype(&g_object_unref)> layout(cairo_t* cr, const std::string& text,
                                                               const char* font, double width) {
    PangoLayout* made = pango_cairo_create_layout(cr);
    PangoFontDescription* description = pango_font_description_from_string(font);
    pango_layout_set_font_description(made, description);
    pango_font_description_free(description);
    if (width > 0) {
        pango_layout_set_width(made, static_cast<int>(width * PANGO_SCALE));
        pango_layout_set_wrap(made, PANGO_WRAP_WORD_CHAR);
    }
    pango_layout_set_text(made, text.c_str(), -1);
    return {made, &g_object_unref};
}

double layoutHeight(PangoLayout* made) {
    int w = 0, h = 0;
    pango_layout_get_size(made, &w, &h);
    return static_cast<double>(h) / PANGO_SCALE;
}

double layoutWidth(PangoLayout* made) {
    int w = 0, h = 0;
    pango_layout_get_size(made, &w, &h);
    return static_cast<double>(w) / PANGO_SCALE;
}

enum class Anchor { kLeft, kRight, kCentre };

// One line of small text with its baseline-ish centre at (x, y).
void label(cairo_t* cr, const std::string& text, double x, double y, Anchor anchor,
           const char* font = "DejaVu Sans 7") {
    auto made = layout(cr, text, font, 0);
    double left = x;
    if (anchor == Anchor::kRight) left -= layoutWidth(made.get());
    if (anchor == Anchor::kCentre) left -= layoutWidth(made.get()) / 2;
    cairo_move_to(cr, left, y - layoutHeight(made.get()) / 2);
    pango_cairo_show_layout(cr, made.get());
}

void drawGraph(cairo_t* cr, const GraphGeometry& g) {
    cairo_save(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_rectangle(cr, 0, 0, g.width, g.height);
    cairo_fill(cr);
    // Grid and axes.
    cairo_set_line_width(cr, 0.5);
    cairo_set_source_rgb(cr, 0.85, 0.85, 0.85);
    for (const GraphLabel& tick : g.y_ticks) {
        cairo_move_to(cr, g.left, tick.y);
        cairo_line_to(cr, g.right, tick.y);
    }
    cairo_stroke(cr);
    cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
    cairo_set_line_width(cr, 1);
    cairo_move_to(cr, g.left, g.top);
    cairo_line_to(cr, g.left, g.bottom);
    cairo_line_to(cr, g.right, g.bottom);
    cairo_stroke(cr);
    for (const GraphLabel& tick : g.y_ticks)
        label(cr, tick.text, tick.x, tick.y, Anchor::kRight);
    for (const GraphLabel& tick : g.x_ticks)
        label(cr, tick.text, tick.x, tick.y, Anchor::kCentre);
    // Phase changes: dashed grey lines, the new phase named above.
    const double dash[] = {4, 3};
    cairo_set_source_rgb(cr, 0.45, 0.45, 0.45);
    cairo_set_dash(cr, dash, 2, 0);
    for (double x : g.phase_xs) {
        cairo_move_to(cr, x, g.top);
        cairo_line_to(cr, x, g.bottom);
    }
    cairo_stroke(cr);
    cairo_set_dash(cr, nullptr, 0, 0);
    for (const GraphLabel& name : g.phase_labels)
        label(cr, name.text, name.x, name.y, Anchor::kLeft, "DejaVu Sans Italic 7");
    // The goal: a green line.
    if (g.goal_y) {
        cairo_set_source_rgb(cr, 0.1, 0.55, 0.2);
        cairo_set_line_width(cr, 1.5);
        cairo_move_to(cr, g.left, *g.goal_y);
        cairo_line_to(cr, g.right, *g.goal_y);
        cairo_stroke(cr);
        label(cr, g.goal_label, g.right - 2, *g.goal_y - 7, Anchor::kRight);
    }
    // Accuracy: a blue line per phase, a dot per session.
    cairo_set_source_rgb(cr, 0.1, 0.3, 0.75);
    cairo_set_line_width(cr, 2);
    for (const auto& line : g.lines) {
        for (std::size_t i = 0; i < line.size(); ++i) {
            if (i == 0)
                cairo_move_to(cr, line[i].x, line[i].y);
            else
                cairo_line_to(cr, line[i].x, line[i].y);
        }
        cairo_stroke(cr);
    }
    for (const GraphPoint& dot : g.dots) {
        cairo_arc(cr, dot.x, dot.y, 3, 0, 6.2832);
        cairo_fill(cr);
    }
    if (!g.empty_text.empty()) {
        cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
        label(cr, g.empty_text, (g.left + g.right) / 2, (g.top + g.bottom) / 2, Anchor::kCentre,
              "DejaVu Sans 10");
    }
    cairo_restore(cr);
}

Surface imageOf(const Still& still) {
    Surface image(cairo_image_surface_create(CAIRO_FORMAT_RGB24, still.width, still.height),
                  &cairo_surface_destroy);
    cairo_surface_flush(image.get());
    unsigned char* pixels = cairo_image_surface_get_data(image.get());
    const int stride = cairo_image_surface_get_stride(image.get());
    for (int y = 0; y < still.height; ++y) {
        auto* row = reinterpret_cast<std::uint32_t*>(pixels + y * stride);
        for (int x = 0; x < still.width; ++x) {
            const unsigned char* p =
                &still.rgb[(static_cast<std::size_t>(y) * still.width + x) * 3];
            row[x] = (std::uint32_t{p[0]} << 16) | (std::uint32_t{p[1]} << 8) | p[2];
        }
    }
    cairo_surface_mark_dirty(image.get());
    return image;
}

// Writes the report page by page, moving down and starting a new page when a block will not fit.
class PageWriter {
  public:
    explicit PageWriter(cairo_t* cr) : cr_(cr) {}

    void text(const std::string& body, const char* font, double space_after = 6) {
        auto made = layout(cr_, body, font, kTextW);
        const double h = layoutHeight(made.get());
        room(h);
        cairo_set_source_rgb(cr_, 0.1, 0.1, 0.1);
        cairo_move_to(cr_, kMargin, y_);
        pango_cairo_show_layout(cr_, made.get());
        y_ += h + space_after;
    }
    // A heading kept on one page with (the start of) the block below it.
    void heading(const std::string& title, const std::string& body, const char* body_font) {
        auto made = layout(cr_, title, "DejaVu Sans Bold 11", kTextW);
        auto below = layout(cr_, body, body_font, kTextW);
        room(std::min(layoutHeight(made.get()) + layoutHeight(below.get()) + 3,
                      kPageH - 2 * kMargin));
        text(title, "DejaVu Sans Bold 11", 3);
        text(body, body_font, 10);
    }
    void graph(const TargetReport& target) {
        room(kGraphH);
        cairo_save(cr_);
        cairo_translate(cr_, kMargin, y_);
        drawGraph(cr_, accuracyGraph(target, kTextW, kGraphH));
        cairo_restore(cr_);
        y_ += kGraphH + 6;
    }
    void picture(const Still& still) {
        const double w = 200.0, h = w * still.height / std::max(1, still.width);
        room(h);
        Surface image = imageOf(still);
        cairo_save(cr_);
        cairo_translate(cr_, kMargin, y_);
        cairo_scale(cr_, w / still.width, h / still.height);
        cairo_set_source_surface(cr_, image.get(), 0, 0);
        cairo_paint(cr_);
        cairo_restore(cr_);
        y_ += h + 4;
        text(still.caption, "DejaVu Sans Italic 8");
    }
    void newPage() {
        cairo_show_page(cr_);
        y_ = kMargin;
    }
    // Starts a new page unless `h` fits below, or the page is still empty.
    void room(double h) {
        if (y_ + h > kPageH - kMargin && y_ > kMargin) newPage();
    }

  private:
    cairo_t* cr_;
    double y_ = kMargin;
};

void writeTarget(PageWriter& page, const TargetReport& target) {
    page.room(kGraphH + 120);
    page.text(target.behaviour, "DejaVu Sans Bold 15", 4);
    page.text("What it means: " + (target.definition.empty() ? std::string("(no description yet)")
                                                             : target.definition),
              "DejaVu Sans 10");
    page.text("Where we are: " + phaseInWords(target.phase) + ".", "DejaVu Sans 10");
    page.text(progressSummary(target), "DejaVu Sans 10");
    page.graph(target);
    page.text(
        "How to read the graph: each dot is one session, showing how often your child did it "
        "on their own (higher is better). Dashed lines mark when we changed the way we teach; "
        "the green line is the goal.",
        "DejaVu Sans Italic 8", 10);
    if (!target.prompts.empty()) {
        std::string lines;
        for (const PromptCounts& counts : target.prompts) {
            // Appended piece by piece: GCC 12 at -O3 misreads `"\n" + std::string&&`
            // (-Wrestrict, a false positive inside std::string).
            if (!lines.empty()) lines += '\n';
            lines += promptLine(counts);
        }
        page.heading("Help over time", lines, "DejaVu Sans 9");
        if (const std::string glossary = helpGlossary(target); !glossary.empty())
            page.text(glossary, "DejaVu Sans Italic 8", 10);
    }
    if (!target.shared_notes.empty()) {
        std::string lines;
        for (const std::string& note : target.shared_notes)
            lines += (lines.empty() ? "• " : "\n• ") + note;
        page.heading("Notes from your therapist", lines, "DejaVu Sans 9");
    }
    if (target.still) page.picture(*target.still);
    page.heading("To practise at home", homePractice(target), "DejaVu Sans 10");
    page.text("", "DejaVu Sans 6", 8);
}

}  // namespace

Result<std::string> reportPdf(const ProgressReport& report, const ReportProgress& progress) {
    std::string bytes;
    {
        Surface surface(cairo_pdf_surface_create_for_stream(&appendBytes, &bytes, kPageW, kPageH),
                        &cairo_surface_destroy);
        cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE,
                                       ("Progress report: " + report.child).c_str());
        Context cr(cairo_create(surface.get()), &cairo_destroy);
        PageWriter page(cr.get());
        page.text("Progress report for " + report.child, "DejaVu Sans Bold 20", 4);
        page.text(report.period + " · made on " + report.made_on, "DejaVu Sans 10", 4);
        page.text(
            "This report shows what your child is learning with video modelling: for each "
            "skill, what it means, how practice went, and how you can help at home.",
            "DejaVu Sans 10", 18);
        if (report.targets.empty())
            page.text("No skills were practised in this period.", "DejaVu Sans 11");
        for (std::size_t i = 0; i < report.targets.size(); ++i) {
            writeTarget(page, report.targets[i]);
            if (progress) progress(i + 1, report.targets.size());
        }
        cairo_show_page(cr.get());
        cairo_surface_finish(surface.get());
        if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS)
            return Error{std::string("cannot make the PDF: ") +
                         cairo_status_to_string(cairo_surface_status(surface.get()))};
    }
    return bytes;
}

Result<std::string> graphSvg(const TargetReport& target, double width, double height) {
    std::string bytes;
    {
        Surface surface(cairo_svg_surface_create_for_stream(&appendBytes, &bytes, width, height),
                        &cairo_surface_destroy);
        Context cr(cairo_create(surface.get()), &cairo_destroy);
        drawGraph(cr.get(), accuracyGraph(target, width, height));
        cairo_surface_finish(surface.get());
        if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS)
            return Error{std::string("cannot make the graph: ") +
                         cairo_status_to_string(cairo_surface_status(surface.get()))};
    }
    return bytes;
}

Result<std::string> stillPng(const Still& still) {
    Surface image = imageOf(still);
    std::string bytes;
    if (cairo_surface_write_to_png_stream(image.get(), &appendBytes, &bytes) !=
        CAIRO_STATUS_SUCCESS)
        return Error{"cannot make the picture"};
    return bytes;
}

}  // namespace mimic::report
