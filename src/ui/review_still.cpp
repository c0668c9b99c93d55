#include "ui/review_still.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "ui/snapshot.h"

namespace mimic::ui {

namespace {

using Rgb = std::array<std::uint8_t, 3>;

// Sizes in pixels, and colours: a quiet dark ground so the two pictures stand out; the model
// blue and the practice green in the strip as in the panes' borders; one colour per coder.
constexpr int kGap = 8;        // between and around the panes
constexpr int kBorder = 3;     // the coloured line under each pane
constexpr int kSpanRow = 10;   // the model's and the practice's rows in the strip
constexpr int kCoderRow = 14;  // one per coder
constexpr int kRowGap = 4;
constexpr int kPointWidth = 3;  // a point event's mark
constexpr Rgb kGround{32, 32, 36};
constexpr Rgb kTrack{56, 56, 62};
constexpr Rgb kModel{84, 140, 230};
constexpr Rgb kPractice{96, 190, 110};
constexpr Rgb kPracticeStart{240, 240, 240};
constexpr Rgb kPlayhead{255, 214, 64};
constexpr std::array<Rgb, 4> kCoders{Rgb{236, 120, 80}, Rgb{190, 120, 230}, Rgb{80, 200, 210},
                                     Rgb{230, 200, 90}};

void fill(render::RgbImage& image, int x, int y, int width, int height, Rgb colour) {
    const int x0 = std::clamp(x, 0, image.width);
    const int x1 = std::clamp(x + width, 0, image.width);
    const int y0 = std::clamp(y, 0, image.height);
    const int y1 = std::clamp(y + height, 0, image.height);
    for (int row = y0; row < y1; ++row) {
        for (int col = x0; col < x1; ++col) {
            std::uint8_t* pixel =
                image.pixels.data() + (static_cast<std::size_t>(row) * image.width + col) * 3;
            std::copy(colour.begin(), colour.end(), pixel);
        }
    }
}

void blit(render::RgbImage& image, const render::RgbImage& picture, int x, int y) {
    for (int row = 0; row < picture.height && y + row < image.height; ++row) {
        const std::uint8_t* from = picture.at(0, row);
        std::uint8_t* to =
            image.pixels.data() + (static_cast<std::size_t>(y + row) * image.width + x) * 3;
        std::copy(from,
                  from + static_cast<std::size_t>(std::min(picture.width, image.width - x)) * 3,
                  to);
    }
}

// A span of the strip's track as pixels: at least one pixel wide.
void spanBar(render::RgbImage& image, int track_x, int track_width, int y, int height,
             review::StripSpan span, Rgb colour, int min_width = 1) {
    const int from = track_x + static_cast<int>(std::lround(span.from * track_width));
    const int to = track_x + static_cast<int>(std::lround(span.to * track_width));
    const int width = std::max(to - from, min_width);
    fill(image, from - (to - from < min_width ? min_width / 2 : 0), y, width, height, colour);
}

}  // namespace

render::RgbImage composeReviewStill(const render::RgbImage& model, const render::RgbImage& practice,
                                    render::Size pane, const review::TimelineStrip& strip) {
    const int rows = static_cast<int>(strip.rows.size());
    const int strip_height = 2 * (kSpanRow + kRowGap) + rows * (kCoderRow + kRowGap) + kGap;
    render::RgbImage image;
    image.width = 3 * kGap + 2 * pane.width;
    image.height = kGap + pane.height + kBorder + kGap + strip_height;
    image.pixels.assign(static_cast<std::size_t>(image.width) * image.height * 3, 0);
    fill(image, 0, 0, image.width, image.height, kGround);

    // The panes: black where there is no picture, a coloured line under each naming the file
    // by the colour it has in the strip.
    const int left = kGap;
    const int right = 2 * kGap + pane.width;
    for (const auto& [x, picture, colour] :
         {std::tuple{left, &model, kModel}, std::tuple{right, &practice, kPractice}}) {
        fill(image, x, kGap, pane.width, pane.height, Rgb{0, 0, 0});
        if (picture->width == pane.width && picture->height == pane.height)
            blit(image, *picture, x, kGap);
        fill(image, x, kGap + pane.height, pane.width, kBorder, colour);
    }

    // The strip: the model's row, the practice's row with its start marked, a row per coder,
    // and the playhead across all of them.
    const int track_x = kGap;
    const int track_width = image.width - 2 * kGap;
    int y = kGap + pane.height + kBorder + kGap;
    const int strip_top = y;
    fill(image, track_x, y, track_width, kSpanRow, kTrack);
    spanBar(image, track_x, track_width, y, kSpanRow, strip.model, kModel);
    y += kSpanRow + kRowGap;
    fill(image, track_x, y, track_width, kSpanRow, kTrack);
    spanBar(image, track_x, track_width, y, kSpanRow, strip.practice, kPractice);
    spanBar(image, track_x, track_width, y - 2, kSpanRow + 4,
            {strip.practice_start, strip.practice_start}, kPracticeStart, 2);
    y += kSpanRow + kRowGap;
    for (int i = 0; i < rows; ++i) {
        const Rgb colour = kCoders[static_cast<std::size_t>(i) % kCoders.size()];
        fill(image, track_x, y, track_width, kCoderRow, kTrack);
        // States as bars, then points over them as full-height marks, lighter than the bars so
        // a point on one of the coder's states shows.
        const Rgb light{static_cast<std::uint8_t>((colour[0] + 255) / 2),
                        static_cast<std::uint8_t>((colour[1] + 255) / 2),
                        static_cast<std::uint8_t>((colour[2] + 255) / 2)};
        const auto& events = strip.rows[static_cast<std::size_t>(i)].events;
        for (const review::StripEvent& event : events) {
            if (!event.point)
                spanBar(image, track_x, track_width, y + 2, kCoderRow - 4, event.span, colour);
        }
        for (const review::StripEvent& event : events) {
            if (event.point)
                spanBar(image, track_x, track_width, y, kCoderRow, event.span, light, kPointWidth);
        }
        y += kCoderRow + kRowGap;
    }
    spanBar(image, track_x, track_width, strip_top - 3, y - strip_top + 3 - kRowGap,
            {strip.playhead, strip.playhead}, kPlayhead, 2);
    return image;
}

Result<render::RgbImage> renderReviewStill(const ReviewStill& still) {
    render::RgbImage model;
    render::RgbImage practice;
    for (const auto& [pane, picture] :
         {std::pair{&still.model, &model}, std::pair{&still.practice, &practice}}) {
        if (!pane->pts_us) continue;
        auto drawn = renderSnapshotInto(pane->file, *pane->pts_us, still.pane);
        if (!drawn) return drawn.error();
        *picture = std::move(*drawn);
    }
    return composeReviewStill(model, practice, still.pane, still.strip);
}

}  // namespace mimic::ui
