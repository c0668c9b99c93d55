// The progress report for parents and schools (`mimic report`; docs/review.md, "Progress
// report"): what it says of each target in plain language, and the geometry of its graphs, as
// plain data. report_drawing.h draws it to PDF (cairo and pango) and to SVG for the HTML page
// (report_html.h), both from the same geometry.
//
// Notes marked for sharing: a line of a trial's notes that starts with "share:" (any case);
// the text after it goes in the report, everything else in the notes stays in the clinic.
//
// Threads: any; pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "review/progress_series.h"
#include "store/clinical_repository.h"

namespace mimic::report {

// One session's prompts: how often the child did it alone and with each kind of help.
struct PromptCounts {
    std::string date;
    int independent = 0;
    std::vector<std::pair<std::string, int>> prompted;  // level, count; most intrusive first
    int not_yet = 0;                                    // incorrect or no response
};

// A picture of the child (--with-stills): RGB, 3 bytes a pixel, rows without padding.
struct Still {
    int width = 0;
    int height = 0;
    std::vector<unsigned char> rgb;
    std::string caption;
};

struct TargetReport {
    std::string behaviour;
    std::string definition;
    store::ProgramPhase phase = store::ProgramPhase::kNone;  // kNone without a program
    review::ProgressSeries series;
    std::vector<std::string> dates;  // the calendar day of each series point
    std::vector<PromptCounts> prompts;
    std::vector<std::string> shared_notes;  // "date: text"
    std::optional<Still> still;             // only with a current share-with-parents consent
};

struct ProgressReport {
    std::string child;
    std::string period;   // "2026-11-01 to 2026-11-30", "all sessions up to ..."
    std::string made_on;  // YYYY-MM-DD
    std::vector<TargetReport> targets;
};

// The lines of a trial's notes marked "share:", without the mark, trimmed.
std::vector<std::string> sharedNoteLines(std::string_view notes);

// A phase in words a parent reads: "learning it with help", ...
std::string phaseInWords(store::ProgramPhase phase);
// One or two sentences on where the child is with the target, from the latest sessions.
std::string progressSummary(const TargetReport& target);
// What to practise at home: a few sentences fitting the phase and the help used lately.
std::string homePractice(const TargetReport& target);
// What the kinds of help used mean ("model: showing how, ..."), for those of the default
// hierarchy that appear in target.prompts; "" when none do.
std::string helpGlossary(const TargetReport& target);
// A phase's short name on the graph: "before teaching", "teaching", ...
std::string phaseShortName(store::ProgramPhase phase);
// "On their own 3 of 5 times; with help: verbal 1; not yet 1."
std::string promptLine(const PromptCounts& counts);

// The accuracy graph in a box of width x height units (points), y down from the top (as cairo and
// SVG draw).
struct GraphPoint {
    double x = 0;
    double y = 0;
};
struct GraphLabel {
    double x = 0;
    double y = 0;
    std::string text;
};
struct GraphGeometry {
    double width = 0, height = 0;
    // The plotting area inside the axes.
    double left = 0, right = 0, top = 0, bottom = 0;
    std::vector<std::vector<GraphPoint>> lines;  // accuracy, broken at phase changes
    std::vector<GraphPoint> dots;                // every session with scored trials
    std::vector<double> phase_xs;                // dashed vertical lines
    std::vector<GraphLabel> phase_labels;        // the phase after each line (and the first)
    std::optional<double> goal_y;                // the goal's horizontal line
    std::string goal_label;
    std::vector<GraphLabel> y_ticks;  // 0 %, 50 %, 100 %
    std::vector<GraphLabel> x_ticks;  // dates, thinned to fit
    std::string empty_text;           // shown instead of the graph when no session scored
};

GraphGeometry accuracyGraph(const TargetReport& target, double width, double height);

}  // namespace mimic::report
