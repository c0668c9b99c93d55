// The progress graph and the IOA view (issue 12, 3 and 4): where points, phase lines and the
// goal go, what a click on a point selects (a real ImGui frame with the mouse set as the
// window's event loop would set it, no display needed), the trial callback, and the IOA
// view's lines.
#include "ui/progress_graph.h"

#include <gtest/gtest.h>
#include <imgui.h>

#include <functional>

#include "ui/ioa_view.h"

namespace mimic::ui {
namespace {

review::SessionPoint point(std::int64_t session, std::optional<double> accuracy,
                           store::ProgramPhase phase = store::ProgramPhase::kBaseline) {
    review::SessionPoint p;
    p.session_id = session;
    p.started_at = "2026-11-0" + std::to_string(session) + "T10:00:00Z";
    p.accuracy_pct = accuracy;
    p.phase = phase;
    return p;
}

ProgressGraphData fourSessions() {
    ProgressGraphData data;
    data.behaviour = "greeting";
    data.series.points = {point(1, 20.0), point(2, 40.0),
                          point(3, std::nullopt, store::ProgramPhase::kIntervention),
                          point(4, 100.0, store::ProgramPhase::kIntervention)};
    data.series.phase_lines = {{2, "2026-11-03T00:00:00Z", store::ProgramPhase::kBaseline,
                                store::ProgramPhase::kIntervention}};
    data.series.goal_pct = 80;
    data.trials = {
        {{11, "independent", std::nullopt, true, std::nullopt}},
        {{21, "prompted", "verbal", true, "B. Smith"}, {22, "", std::nullopt, false, {}}},
        {},
        {{41, "independent", std::nullopt, true, std::nullopt}}};
    return data;
}

TEST(ProgressGraphLayout, PointsSitInEqualColumnsAndPercentGoesUp) {
    const GraphRect plot{100.0f, 50.0f, 500.0f, 250.0f};
    const GraphPoint first = graphPoint(plot, 0, 4, 0.0);
    EXPECT_FLOAT_EQ(first.x, 150.0f);  // the middle of the first of four 100 px columns
    EXPECT_FLOAT_EQ(first.y, 250.0f);
    const GraphPoint last = graphPoint(plot, 3, 4, 100.0);
    EXPECT_FLOAT_EQ(last.x, 450.0f);
    EXPECT_FLOAT_EQ(last.y, 50.0f);
    EXPECT_FLOAT_EQ(graphPoint(plot, 1, 4, 150.0).y, 50.0f);  // clamped
    EXPECT_FLOAT_EQ(phaseLineX(plot, 2, 4), 300.0f);          // between the 2nd and 3rd
    EXPECT_FLOAT_EQ(phaseLineX(plot, 4, 4), 500.0f);          // after the last session
    EXPECT_FLOAT_EQ(goalY(plot, 80), 90.0f);
}

TEST(ProgressGraphLayout, AClickFindsTheNearestPointWithAnAccuracy) {
    const GraphRect plot{0.0f, 0.0f, 400.0f, 100.0f};
    const review::ProgressSeries series = fourSessions().series;
    EXPECT_EQ(pointAt(plot, series, 50.0f, 80.0f, 5.0f), 0u);   // 20 %: y = 80
    EXPECT_EQ(pointAt(plot, series, 153.0f, 62.0f, 5.0f), 1u);  // near 40 %
    EXPECT_FALSE(pointAt(plot, series, 250.0f, 100.0f, 5.0f));  // session 3: no point
    EXPECT_FALSE(pointAt(plot, series, 100.0f, 50.0f, 5.0f));   // between points
    EXPECT_FALSE(pointAt(plot, review::ProgressSeries{}, 50.0f, 80.0f, 5.0f));
}

TEST(ProgressGraph, SelectionListsTrialsAndChosenTrialsGoToTheCallback) {
    ProgressGraph graph;
    graph.setData(fourSessions());
    EXPECT_TRUE(graph.selectedTrials().empty());
    EXPECT_FALSE(graph.selectPoint(4));
    ASSERT_TRUE(graph.selectPoint(1));
    ASSERT_EQ(graph.selectedTrials().size(), 2u);
    EXPECT_EQ(graph.selectedTrials()[0].trial_id, 21);
    EXPECT_FALSE(graph.openTrial(21)) << "without a callback nothing opens";
    std::vector<std::int64_t> opened;
    graph.setOpenTrial([&](std::int64_t trial) { opened.push_back(trial); });
    EXPECT_TRUE(graph.openTrial(21));
    EXPECT_FALSE(graph.openTrial(41)) << "not a trial of the selected session";
    EXPECT_EQ(opened, (std::vector<std::int64_t>{21}));
    // New data keeps the selected session where it now is, or drops it.
    ProgressGraphData moved = fourSessions();
    moved.series.points.erase(moved.series.points.begin());
    moved.trials.erase(moved.trials.begin());
    graph.setData(moved);
    EXPECT_EQ(graph.selectedPoint(), 0u);
    moved.series.points.erase(moved.series.points.begin());
    graph.setData(moved);
    EXPECT_FALSE(graph.selectedPoint());
}

// An ImGui context without a display: frames are built (not rendered) with the mouse where
// the test puts it.
class ImGuiFrames : public ::testing::Test {
  protected:
    void SetUp() override {
        context_ = ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.DisplaySize = ImVec2(800.0f, 600.0f);
        io.IniFilename = nullptr;
        unsigned char* pixels = nullptr;
        int width = 0;
        int height = 0;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &width, &height);
    }
    void TearDown() override { ImGui::DestroyContext(context_); }

    void frame(const std::function<void()>& draw, ImVec2 mouse, bool down) {
        ImGuiIO& io = ImGui::GetIO();
        io.DeltaTime = 1.0f / 60.0f;
        io.MousePos = mouse;
        io.MouseDown[0] = down;
        ImGui::NewFrame();
        ImGui::SetNextWindowPos(ImVec2(0.0f, 0.0f));
        ImGui::SetNextWindowSize(io.DisplaySize);
        ImGui::Begin("graph", nullptr, ImGuiWindowFlags_NoDecoration);
        draw();
        ImGui::End();
        ImGui::Render();
    }

    ImGuiContext* context_ = nullptr;
};

TEST_F(ImGuiFrames, ClickingAPointSelectsItsSession) {
    ProgressGraph graph;
    graph.setData(fourSessions());
    const auto draw = [&] { graph.draw(220.0f); };
    frame(draw, ImVec2(-1.0f, -1.0f), false);
    const GraphRect plot = graph.lastPlot();
    ASSERT_GT(plot.right, plot.left);
    const GraphPoint last = graphPoint(plot, 3, 4, 100.0);
    // Press, then release, on the last point (a couple of pixels off: a person's aim).
    frame(draw, ImVec2(last.x + 2.0f, last.y + 2.0f), false);
    frame(draw, ImVec2(last.x + 2.0f, last.y + 2.0f), true);
    frame(draw, ImVec2(last.x + 2.0f, last.y + 2.0f), false);
    EXPECT_EQ(graph.selectedPoint(), 3u);
    ASSERT_EQ(graph.selectedTrials().size(), 1u);
    EXPECT_EQ(graph.selectedTrials()[0].trial_id, 41);
    // A click away from every point leaves the selection.
    const ImVec2 empty(phaseLineX(plot, 2, 4), plot.bottom - 1.0f);
    frame(draw, empty, true);
    frame(draw, empty, false);
    EXPECT_EQ(graph.selectedPoint(), 3u);
}

TEST(IoaViewLines, APhaseSaysItsShareGoalAndWhatIsNeeded) {
    review::PhaseIoa met;
    met.phase = store::ProgramPhase::kBaseline;
    met.sessions = 5;
    met.observed = 1;
    met.done = 1;
    met.percent = 20.0;
    EXPECT_EQ(ioaPhaseLine(met, 20), "baseline: 1 of 5 sessions (20.0 %), goal 20 %: met");
    review::PhaseIoa short_of;
    short_of.phase = store::ProgramPhase::kIntervention;
    short_of.sessions = 12;
    short_of.observed = 1;
    short_of.percent = 100.0 / 12;
    short_of.met = false;
    short_of.needed = 2;
    short_of.picks = {{9, "2026-11-09T10:00:00Z", 90}};
    EXPECT_EQ(ioaPhaseLine(short_of, 20),
              "intervention: 1 of 12 sessions (8.3 %), goal 20 %, 1 still coding: 2 more "
              "(1 recorded to pick from)");
    EXPECT_EQ(ioaPickLine(short_of.picks[0]), "pick trial 90 (session of 2026-11-09)");
}

}  // namespace
}  // namespace mimic::ui
