// report/progress_report.h and report/report_html.h: notes marked for sharing, the words for a
// parent, the graph's geometry from a progress series, and the HTML page's escaping.
#include "report/progress_report.h"

#include <gtest/gtest.h>

#include "report/report_html.h"

namespace mimic::report {
namespace {

review::SessionPoint point(std::int64_t id, std::optional<double> accuracy,
                           store::ProgramPhase phase) {
    review::SessionPoint p;
    p.session_id = id;
    p.accuracy_pct = accuracy;
    p.phase = phase;
    p.trials = accuracy ? 5 : 0;
    return p;
}

TEST(ProgressReport, OnlyLinesMarkedShareAreShared) {
    EXPECT_EQ(sharedNoteLines("tired today\nShare: waved to his sister \n  share:said hi\nshare:"),
              (std::vector<std::string>{"waved to his sister", "said hi"}));
    EXPECT_TRUE(sharedNoteLines("shared: no\nto share: no").empty());
}

TEST(ProgressReport, PromptLineCountsEveryTrial) {
    PromptCounts counts{"2026-11-05", 3, {{"model", 1}, {"verbal", 2}}, 1};
    EXPECT_EQ(promptLine(counts),
              "2026-11-05: on their own 3 of 7 times; with help: model 1, verbal 2; not yet 1.");
}

TEST(ProgressReport, GraphBreaksTheLineAtAPhaseChange) {
    TargetReport target;
    target.series.points = {point(1, 20, store::ProgramPhase::kBaseline),
                            point(2, 40, store::ProgramPhase::kBaseline),
                            point(3, std::nullopt, store::ProgramPhase::kIntervention),
                            point(4, 100, store::ProgramPhase::kIntervention)};
    target.series.phase_lines = {{2, "2026-11-10T09:00:00Z", store::ProgramPhase::kBaseline,
                                  store::ProgramPhase::kIntervention}};
    target.series.goal_pct = 80;
    target.dates = {"2026-11-01", "2026-11-05", "2026-11-12", "2026-11-20"};
    const GraphGeometry g = accuracyGraph(target, 456, 230);
    ASSERT_EQ(g.lines.size(), 2u);
    EXPECT_EQ(g.lines[0].size(), 2u);
    EXPECT_EQ(g.lines[1].size(), 1u);  // the unscored session has no dot
    EXPECT_EQ(g.dots.size(), 3u);
    ASSERT_EQ(g.phase_xs.size(), 1u);
    // Four equal slots: the line sits between the second and third.
    const double slot = (g.right - g.left) / 4;
    EXPECT_DOUBLE_EQ(g.phase_xs[0], g.left + 2 * slot);
    EXPECT_DOUBLE_EQ(g.lines[0][0].x, g.left + slot / 2);
    EXPECT_DOUBLE_EQ(g.lines[0][0].y, g.bottom - (g.bottom - g.top) * 0.2);
    EXPECT_DOUBLE_EQ(g.lines[1][0].y, g.top);
    ASSERT_TRUE(g.goal_y);
    EXPECT_DOUBLE_EQ(*g.goal_y, g.bottom - (g.bottom - g.top) * 0.8);
    EXPECT_EQ(g.goal_label, "goal 80 %");
    ASSERT_EQ(g.phase_labels.size(), 2u);
    EXPECT_EQ(g.phase_labels[0].text, "before teaching");
    EXPECT_EQ(g.phase_labels[1].text, "teaching");
    ASSERT_FALSE(g.x_ticks.empty());
    EXPECT_EQ(g.x_ticks[0].text, "1 Nov");
    EXPECT_TRUE(g.empty_text.empty());
}

TEST(ProgressReport, GraphWithoutScoresSaysSo) {
    TargetReport target;
    target.series.points = {point(1, std::nullopt, store::ProgramPhase::kNone)};
    const GraphGeometry g = accuracyGraph(target, 400, 200);
    EXPECT_TRUE(g.lines.empty());
    EXPECT_FALSE(g.goal_y);
    EXPECT_FALSE(g.empty_text.empty());
}

TEST(ProgressReport, HomePracticeFollowsThePhase) {
    TargetReport target;
    target.behaviour = "greeting";
    target.phase = store::ProgramPhase::kIntervention;
    target.prompts = {{"2026-11-05", 1, {{"verbal", 3}}, 0}};
    EXPECT_NE(homePractice(target).find("verbal"), std::string::npos);
    EXPECT_EQ(helpGlossary(target), "Kinds of help: verbal means saying what to do.");
    target.phase = store::ProgramPhase::kGeneralization;
    EXPECT_NE(homePractice(target).find("new people"), std::string::npos);
}

TEST(ProgressReport, HtmlEscapesWhatPeopleTyped) {
    ProgressReport report;
    report.child = "<c&1>";
    TargetReport target;
    target.behaviour = "<script>alert('x')</script>";
    target.shared_notes = {"a \"quote\" & more"};
    report.targets = {target};
    const std::string page = reportHtml(report, {"<?xml version=\"1.0\"?>\n<svg id=\"a\"/>"}, {""});
    EXPECT_EQ(page.find("<script>"), std::string::npos);
    EXPECT_NE(page.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"), std::string::npos);
    EXPECT_NE(page.find("a &quot;quote&quot; &amp; more"), std::string::npos);
    EXPECT_NE(page.find("<svg id=\"t0-a\"/>"), std::string::npos);
    EXPECT_EQ(page.find("<?xml"), std::string::npos);
    EXPECT_EQ(page.find("<img"), std::string::npos);
}

}  // namespace
}  // namespace mimic::report
