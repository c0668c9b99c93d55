// The progress report drawn with cairo and pango: the whole report as PDF, a target's graph as
// an SVG document for the HTML page, and a still as PNG. The graph is drawn by one function on
// either surface, from report::accuracyGraph's geometry, so both formats show the same thing.
//
// Threads: any; each call has its own surfaces.
#pragma once

#include <cstddef>
#include <functional>
#include <string>

#include "common/result.h"
#include "report/progress_report.h"

namespace mimic::report {

// Called after each target is laid out: (done, total).
using ReportProgress = std::function<void(std::size_t, std::size_t)>;

// The report as PDF bytes (A4 pages).
Result<std::string> reportPdf(const ProgressReport& report, const ReportProgress& progress = {});
// The target's accuracy graph as an SVG document, width x height points.
Result<std::string> graphSvg(const TargetReport& target, double width, double height);
// The still as PNG bytes.
Result<std::string> stillPng(const Still& still);

}  // namespace mimic::report
