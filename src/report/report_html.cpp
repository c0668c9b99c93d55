#include "report/report_html.h"

namespace mimic::report {

namespace {

std::string base64(std::string_view bytes) {
    static constexpr char kDigits[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    for (std::size_t i = 0; i < bytes.size(); i += 3) {
        unsigned value = static_cast<unsigned char>(bytes[i]) << 16;
        if (i + 1 < bytes.size()) value |= static_cast<unsigned char>(bytes[i + 1]) << 8;
        if (i + 2 < bytes.size()) value |= static_cast<unsigned char>(bytes[i + 2]);
        out += kDigits[(value >> 18) & 63];
        out += kDigits[(value >> 12) & 63];
        out += i + 1 < bytes.size() ? kDigits[(value >> 6) & 63] : '=';
        out += i + 2 < bytes.size() ? kDigits[value & 63] : '=';
    }
    return out;
}

void replaceAll(std::string& text, std::string_view from, std::string_view to) {
    for (std::size_t at = text.find(from); at != std::string::npos;
         at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
}

// The SVG document without its XML declaration, to sit inside the page, its ids (cairo names
// glyphs and clips the same in every document) prefixed with `prefix` so that graphs on one
// page do not borrow each other's glyphs.
std::string inlineSvg(std::string_view svg, const std::string& prefix) {
    const std::size_t start = svg.find("<svg");
    std::string out(start == std::string_view::npos ? svg : svg.substr(start));
    replaceAll(out, "id=\"", "id=\"" + prefix);
    replaceAll(out, "href=\"#", "href=\"#" + prefix);
    replaceAll(out, "url(#", "url(#" + prefix);
    return out;
}

std::string paragraph(std::string_view text, std::string_view css_class = {}) {
    std::string open = css_class.empty() ? "<p>" : "<p class=\"" + std::string(css_class) + "\">";
    return open + htmlEscaped(text) + "</p>\n";
}

}  // namespace

std::string htmlEscaped(std::string_view text) {
    std::string out;
    for (char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::string reportHtml(const ProgressReport& report, const std::vector<std::string>& graphs,
                       const std::vector<std::string>& stills) {
    std::string page =
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<title>Progress report for " +
        htmlEscaped(report.child) +
        "</title>\n<style>body{font-family:DejaVu Sans,sans-serif;max-width:46em;margin:2em "
        "auto;line-height:1.4}.small{font-size:.85em;font-style:italic}section{margin-bottom:"
        "2.5em}svg{max-width:100%;height:auto}</style>\n</head>\n<body>\n";
    page += "<h1>Progress report for " + htmlEscaped(report.child) + "</h1>\n";
    page += paragraph(report.period + " · made on " + report.made_on);
    page += paragraph(
        "This report shows what your child is learning with video modelling: for each skill, "
        "what it means, how practice went, and how you can help at home.");
    if (report.targets.empty()) page += paragraph("No skills were practised in this period.");
    for (std::size_t i = 0; i < report.targets.size(); ++i) {
        const TargetReport& target = report.targets[i];
        page += "<section>\n<h2>" + htmlEscaped(target.behaviour) + "</h2>\n";
        page += paragraph("What it means: " + (target.definition.empty()
                                                   ? std::string("(no description yet)")
                                                   : target.definition));
        page += paragraph("Where we are: " + phaseInWords(target.phase) + ".");
        page += paragraph(progressSummary(target));
        if (i < graphs.size())
            page += "<figure>\n" + inlineSvg(graphs[i], "t" + std::to_string(i) + "-") +
                    "\n</figure>\n";
        page += paragraph(
            "How to read the graph: each dot is one session, showing how often your child did "
            "it on their own (higher is better). Dashed lines mark when we changed the way we "
            "teach; the green line is the goal.",
            "small");
        if (!target.prompts.empty()) {
            page += "<h3>Help over time</h3>\n<ul>\n";
            for (const PromptCounts& counts : target.prompts)
                page += "<li>" + htmlEscaped(promptLine(counts)) + "</li>\n";
            page += "</ul>\n";
            if (const std::string glossary = helpGlossary(target); !glossary.empty())
                page += paragraph(glossary, "small");
        }
        if (!target.shared_notes.empty()) {
            page += "<h3>Notes from your therapist</h3>\n<ul>\n";
            for (const std::string& note : target.shared_notes)
                page += "<li>" + htmlEscaped(note) + "</li>\n";
            page += "</ul>\n";
        }
        if (i < stills.size() && !stills[i].empty() && target.still) {
            page += "<figure><img alt=\"" + htmlEscaped(target.still->caption) +
                    "\" width=\"320\" src=\"data:image/png;base64," + base64(stills[i]) +
                    "\"><figcaption>" + htmlEscaped(target.still->caption) +
                    "</figcaption></figure>\n";
        }
        page += "<h3>To practise at home</h3>\n" + paragraph(homePractice(target)) + "</section>\n";
    }
    return page + "</body>\n</html>\n";
}

}  // namespace mimic::report
