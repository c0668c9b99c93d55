// The progress report as one HTML page with nothing outside it: the same words as the PDF
// (progress_report.h) and each target's graph as inline SVG (report_drawing.h makes it).
//
// Threads: any; pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "report/progress_report.h"

namespace mimic::report {

// `text` with &, <, >, " and ' escaped for HTML.
std::string htmlEscaped(std::string_view text);

// The page. `graphs[i]` is target i's SVG document, `stills[i]` its still as PNG bytes ("" for
// none).
std::string reportHtml(const ProgressReport& report, const std::vector<std::string>& graphs,
                       const std::vector<std::string>& stills);

}  // namespace mimic::report
