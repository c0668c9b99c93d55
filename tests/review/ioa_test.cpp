// IOA coverage (issue 12, build 3): per program and phase, the share of sessions with a
// second observer against the 20 % goal, and which trials to pick next, spread evenly.
#include "review/ioa.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>

namespace mimic::review {
namespace {

using store::ProgramPhase;

// `count` sessions from day `first_day`, one trial each (trial id = session id * 10),
// recorded unless listed in `unrecorded`.
std::vector<store::ProgramTrial> sessions(int first_session, int count,
                                          std::vector<int> unrecorded = {}) {
    std::vector<store::ProgramTrial> trials;
    for (int s = first_session; s < first_session + count; ++s) {
        store::ProgramTrial trial;
        trial.session_id = s;
        char at[32];
        std::snprintf(at, sizeof at, "2026-11-%02dT10:00:00Z", s);
        trial.session_started_at = at;
        trial.trial_id = s * 10;
        trial.has_recording =
            std::find(unrecorded.begin(), unrecorded.end(), s) == unrecorded.end();
        trials.push_back(trial);
    }
    return trials;
}

store::PhaseChange change(ProgramPhase from, ProgramPhase to, const std::string& at) {
    store::PhaseChange c;
    c.record.from = from;
    c.record.to = to;
    c.record.changed_at = at;
    return c;
}

std::vector<std::int64_t> pickedTrials(const PhaseIoa& ioa) {
    std::vector<std::int64_t> ids;
    for (const IoaPick& pick : ioa.picks)
        ids.push_back(pick.trial_id);
    return ids;
}

TEST(SpreadEvenly, TheMiddleOfEqualRuns) {
    EXPECT_EQ(spreadEvenly(1, 10), (std::vector<std::size_t>{5}));
    EXPECT_EQ(spreadEvenly(2, 10), (std::vector<std::size_t>{2, 7}));
    EXPECT_EQ(spreadEvenly(3, 3), (std::vector<std::size_t>{0, 1, 2}));
    EXPECT_EQ(spreadEvenly(2, 3), (std::vector<std::size_t>{0, 2}));
    EXPECT_TRUE(spreadEvenly(0, 4).empty());
}

TEST(PhaseIoa, SharePerPhaseAndEvenlySpreadPicks) {
    // Baseline: sessions 1-5 (from Nov 1); intervention: sessions 6-17 (from Nov 6).
    std::vector<store::ProgramTrial> trials = sessions(1, 17);
    trials[2].second_observer = "B. Smith";  // session 3: baseline, observed and done
    trials[2].observer_done = true;
    trials[6].second_observer = "B. Smith";  // session 7: intervention, still coding
    const std::vector<store::PhaseChange> history{
        change(ProgramPhase::kNone, ProgramPhase::kBaseline, "2026-11-01T00:00:00Z"),
        change(ProgramPhase::kBaseline, ProgramPhase::kIntervention, "2026-11-06T00:00:00Z")};
    const std::vector<PhaseIoa> phases = phaseIoa(trials, history);
    ASSERT_EQ(phases.size(), 2u);

    const PhaseIoa& baseline = phases[0];
    EXPECT_EQ(baseline.phase, ProgramPhase::kBaseline);
    EXPECT_EQ(baseline.sessions, 5);
    EXPECT_EQ(baseline.observed, 1);
    EXPECT_EQ(baseline.done, 1);
    EXPECT_DOUBLE_EQ(baseline.percent, 20.0);
    EXPECT_TRUE(baseline.met);  // 1 of 5 is exactly 20 %
    EXPECT_EQ(baseline.needed, 0);
    EXPECT_TRUE(baseline.picks.empty());

    // 12 sessions: 20 % is 2.4, so 3 are needed; 1 is observed, 2 more are picked among the
    // 11 others (sessions 6, 8..17), the middles of two runs: positions 2 and 8.
    const PhaseIoa& intervention = phases[1];
    EXPECT_EQ(intervention.phase, ProgramPhase::kIntervention);
    EXPECT_EQ(intervention.sessions, 12);
    EXPECT_EQ(intervention.observed, 1);
    EXPECT_EQ(intervention.done, 0);
    EXPECT_NEAR(intervention.percent, 100.0 / 12, 1e-9);
    EXPECT_FALSE(intervention.met);
    EXPECT_EQ(intervention.needed, 2);
    EXPECT_EQ(pickedTrials(intervention), (std::vector<std::int64_t>{90, 150}));
    EXPECT_EQ(intervention.picks[0].session_id, 9);
    EXPECT_EQ(intervention.picks[0].session_started_at, "2026-11-09T10:00:00Z");
}

TEST(PhaseIoa, APickIsARecordedTrialOfASessionWithout) {
    // One session of three trials: the first is not recorded, so the second is picked.
    std::vector<store::ProgramTrial> trials = sessions(1, 1, {1});
    store::ProgramTrial second = trials[0];
    second.trial_id = 11;
    second.has_recording = true;
    store::ProgramTrial third = second;
    third.trial_id = 12;
    trials.push_back(second);
    trials.push_back(third);
    const std::vector<PhaseIoa> phases = phaseIoa(trials, {});
    ASSERT_EQ(phases.size(), 1u);
    EXPECT_EQ(phases[0].phase, ProgramPhase::kNone);  // before any history
    EXPECT_EQ(phases[0].sessions, 1);
    EXPECT_EQ(phases[0].needed, 1);
    EXPECT_EQ(pickedTrials(phases[0]), (std::vector<std::int64_t>{11}));
}

TEST(PhaseIoa, SessionsWithoutRecordingsAreNotPickedButStillCount) {
    // Ten sessions, none observed, only sessions 4 and 9 recorded: 2 needed, both picked.
    const std::vector<PhaseIoa> phases = phaseIoa(sessions(1, 10, {1, 2, 3, 5, 6, 7, 8, 10}), {});
    ASSERT_EQ(phases.size(), 1u);
    EXPECT_EQ(phases[0].sessions, 10);
    EXPECT_EQ(phases[0].needed, 2);
    EXPECT_EQ(pickedTrials(phases[0]), (std::vector<std::int64_t>{40, 90}));
    // Nothing recorded: still needed, nothing to pick.
    const std::vector<PhaseIoa> none = phaseIoa(sessions(1, 3, {1, 2, 3}), {});
    EXPECT_EQ(none[0].needed, 1);
    EXPECT_TRUE(none[0].picks.empty());
}

TEST(PhaseIoa, TheGoalIsAParameter) {
    const std::vector<PhaseIoa> half = phaseIoa(sessions(1, 4), {}, 50);
    EXPECT_EQ(half[0].needed, 2);
    EXPECT_EQ(pickedTrials(half[0]), (std::vector<std::int64_t>{20, 40}));
    EXPECT_TRUE(phaseIoa({}, {}).empty());
}

}  // namespace
}  // namespace mimic::review
