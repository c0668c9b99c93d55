// A program's progress series (issue 12, build 1): accuracy per session, the phase each
// session was in, phase-change lines between the points, and the mastery goal line.
#include "review/progress_series.h"

#include <gtest/gtest.h>

namespace mimic::review {
namespace {

using store::ProgramPhase;
using store::TrialOutcome;

store::BehaviourSession session(std::int64_t id, const std::string& at,
                                std::vector<TrialOutcome> outcomes) {
    store::BehaviourSession s;
    s.session_id = id;
    s.started_at = at;
    s.outcomes = std::move(outcomes);
    return s;
}

store::PhaseChange change(ProgramPhase from, ProgramPhase to, const std::string& at) {
    store::PhaseChange c;
    c.record.from = from;
    c.record.to = to;
    c.record.changed_at = at;
    return c;
}

TEST(ProgressSeries, PointsLinesAndGoal) {
    const std::vector<store::BehaviourSession> sessions{
        session(1, "2026-12-01T09:00:00Z",
                {TrialOutcome::kIndependent, TrialOutcome::kPrompted, TrialOutcome::kNone}),
        session(2, "2026-12-02T09:00:00Z",
                {TrialOutcome::kIndependent, TrialOutcome::kIndependent, TrialOutcome::kIncorrect}),
        session(3, "2026-12-03T09:00:00Z", {TrialOutcome::kNone}),
        session(4, "2026-12-04T09:00:00Z", {TrialOutcome::kNoResponse})};
    const std::vector<store::PhaseChange> history{
        change(ProgramPhase::kNone, ProgramPhase::kBaseline, "2026-11-30T12:00:00Z"),
        // At session 2's very start: session 2 is in intervention, the line before it.
        change(ProgramPhase::kBaseline, ProgramPhase::kIntervention, "2026-12-02T09:00:00Z"),
        change(ProgramPhase::kIntervention, ProgramPhase::kMaintenance, "2026-12-05T10:00:00Z")};
    store::MasteryCriterion mastery;
    mastery.accuracy_pct = 90;
    const ProgressSeries series = progressSeries(sessions, history, mastery);

    ASSERT_EQ(series.points.size(), 4u);
    const SessionPoint& first = series.points[0];
    EXPECT_EQ(first.session_id, 1);
    EXPECT_EQ(first.trials, 2);  // the unscored trial counts neither way
    EXPECT_EQ(first.independent, 1);
    EXPECT_EQ(first.prompted, 1);
    EXPECT_EQ(first.accuracy_pct, 50.0);
    EXPECT_EQ(first.phase, ProgramPhase::kBaseline);
    EXPECT_EQ(series.points[1].accuracy_pct, 66.7);  // 2 of 3, one decimal
    EXPECT_EQ(series.points[1].incorrect, 1);
    EXPECT_EQ(series.points[1].phase, ProgramPhase::kIntervention);
    EXPECT_FALSE(series.points[2].accuracy_pct);  // nothing scored
    EXPECT_EQ(series.points[3].no_response, 1);
    EXPECT_EQ(series.points[3].accuracy_pct, 0.0);

    ASSERT_EQ(series.phase_lines.size(), 2u);  // the history's beginning draws no line
    EXPECT_EQ(series.phase_lines[0].before_point, 1u);
    EXPECT_EQ(series.phase_lines[0].to, ProgramPhase::kIntervention);
    EXPECT_EQ(series.phase_lines[1].before_point, 4u);  // after the last session
    EXPECT_EQ(series.phase_lines[1].from, ProgramPhase::kIntervention);
    EXPECT_EQ(series.goal_pct, 90);
}

TEST(ProgressSeries, WithoutAProgramThereIsNoGoalNorPhase) {
    const ProgressSeries series = progressSeries(
        {session(7, "2026-12-01T09:00:00Z", {TrialOutcome::kIndependent})}, {}, std::nullopt);
    ASSERT_EQ(series.points.size(), 1u);
    EXPECT_EQ(series.points[0].phase, ProgramPhase::kNone);
    EXPECT_EQ(series.points[0].accuracy_pct, 100.0);
    EXPECT_TRUE(series.phase_lines.empty());
    EXPECT_FALSE(series.goal_pct);
}

}  // namespace
}  // namespace mimic::review
