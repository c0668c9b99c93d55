// Mastery: accuracy per session, each part of the criterion alone and combined, and the
// phase it proposes.
#include "session/mastery.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace mimic::session {
namespace {

// A session's outcomes as letters: I independent, P prompted, X incorrect, N no response,
// - not scored.
ProgramSessionTrials session(std::int64_t id, const std::string& day,
                             std::optional<std::int64_t> therapist, const std::string& outcomes) {
    ProgramSessionTrials s{id, day, therapist, {}};
    for (const char c : outcomes) {
        switch (c) {
            case 'I':
                s.outcomes.push_back(Outcome::kIndependent);
                break;
            case 'P':
                s.outcomes.push_back(Outcome::kPrompted);
                break;
            case 'X':
                s.outcomes.push_back(Outcome::kIncorrect);
                break;
            case 'N':
                s.outcomes.push_back(Outcome::kNoResponse);
                break;
            default:
                s.outcomes.push_back(Outcome::kNone);
                break;
        }
    }
    return s;
}

MasteryCriterion criterion(int pct, int k, int min_trials = 1, bool cold = false,
                           int therapists = 1) {
    return MasteryCriterion{pct, k, min_trials, cold, therapists};
}

TEST(Mastery, EachPartAloneAndCombined) {
    struct Case {
        const char* name;
        MasteryCriterion criterion;
        std::vector<ProgramSessionTrials> sessions;
        bool met;
    };
    const Case cases[] = {
        // Accuracy alone (K = 1).
        {"4 of 5 is 80 %", criterion(80, 1), {session(1, "d1", 1, "IIIIP")}, true},
        {"3 of 5 is below 80 %", criterion(80, 1), {session(1, "d1", 1, "IIIPX")}, false},
        {"prompted, incorrect, none all count against",
         criterion(50, 1),
         {session(1, "d1", 1, "IPXN")},
         false},
        {"100 % needs every trial", criterion(100, 1), {session(1, "d1", 1, "IIIIIIIIIP")}, false},
        {"unscored trials are not counted", criterion(100, 1), {session(1, "d1", 1, "II--")}, true},
        {"a session with no scored trial is not counted",
         criterion(0, 1),
         {session(1, "d1", 1, "--")},
         false},
        {"no sessions", criterion(80, 1), {}, false},
        // Consecutive sessions alone.
        {"3 in a row",
         criterion(80, 3),
         {session(1, "d1", 1, "II"), session(2, "d2", 1, "II"), session(3, "d3", 1, "II")},
         true},
        {"only 2 sessions",
         criterion(80, 3),
         {session(1, "d1", 1, "II"), session(2, "d2", 1, "II")},
         false},
        {"an older miss does not matter",
         criterion(80, 3),
         {session(1, "d1", 1, "XX"), session(2, "d2", 1, "II"), session(3, "d3", 1, "II"),
          session(4, "d4", 1, "II")},
         true},
        {"a miss among the last 3 breaks the run",
         criterion(80, 3),
         {session(1, "d1", 1, "II"), session(2, "d2", 1, "XX"), session(3, "d3", 1, "II"),
          session(4, "d4", 1, "II")},
         false},
        // Minimum trials alone: short sessions are passed over, not breaking the run.
        {"a short session neither counts nor breaks",
         criterion(80, 3, 4),
         {session(1, "d1", 1, "IIII"), session(2, "d2", 1, "XX"), session(3, "d3", 1, "IIII"),
          session(4, "d4", 1, "IIII")},
         true},
        {"short sessions do not make up the number",
         criterion(80, 3, 4),
         {session(1, "d1", 1, "IIII"), session(2, "d2", 1, "II"), session(3, "d3", 1, "IIII")},
         false},
        {"unscored trials do not reach the minimum",
         criterion(80, 1, 3),
         {session(1, "d1", 1, "II-")},
         false},
        // Cold probe alone: only each day's first scored trial counts.
        {"cold probe: the first trial of each day",
         criterion(100, 2, 1, true),
         {session(1, "d1", 1, "IXX"), session(2, "d1", 1, "XXX"), session(3, "d2", 1, "IXX")},
         true},
        {"the same without cold probe",
         criterion(100, 2),
         {session(1, "d1", 1, "IXX"), session(2, "d1", 1, "XXX"), session(3, "d2", 1, "IXX")},
         false},
        {"cold probe: a missed first trial",
         criterion(100, 2, 1, true),
         {session(1, "d1", 1, "IXX"), session(2, "d2", 1, "XII")},
         false},
        {"cold probe: the first scored trial",
         criterion(100, 1, 1, true),
         {session(1, "d1", 1, "-IX")},
         true},
        {"cold probe: a later session that day counts no trial",
         criterion(100, 2, 1, true),
         {session(1, "d1", 1, "I"), session(2, "d1", 1, "I")},
         false},
        // Distinct therapists alone.
        {"one therapist for two needed",
         criterion(80, 2, 1, false, 2),
         {session(1, "d1", 1, "I"), session(2, "d2", 1, "I")},
         false},
        {"two therapists",
         criterion(80, 2, 1, false, 2),
         {session(1, "d1", 1, "I"), session(2, "d2", 2, "I")},
         true},
        {"a session without a therapist adds none",
         criterion(80, 2, 1, false, 2),
         {session(1, "d1", std::nullopt, "I"), session(2, "d2", 2, "I")},
         false},
        {"only the last K sessions' therapists count",
         criterion(80, 2, 1, false, 2),
         {session(1, "d1", 2, "I"), session(2, "d2", 1, "I"), session(3, "d3", 1, "I")},
         false},
        // Combined.
        {"cold probe leaves one trial a day, below a minimum of 2",
         criterion(90, 2, 2, true, 2),
         {session(1, "d1", 1, "X"), session(2, "d1", 1, "I"), session(3, "d2", 1, "II"),
          session(4, "d3", 2, "II"), session(5, "d4", 3, "I")},
         false},
        {"cold probe and two therapists",
         criterion(100, 2, 1, true, 2),
         {session(1, "d1", 1, "IXX"), session(2, "d1", 2, "I"), session(3, "d2", 2, "IX")},
         true},
        {"the therapist of an uncounted session does not count",
         criterion(100, 2, 1, true, 2),
         {session(1, "d1", 1, "I"), session(2, "d1", 2, "I"), session(3, "d2", 1, "I")},
         false},
        {"all parts met without cold probe",
         criterion(90, 2, 2, false, 2),
         {session(1, "d1", 1, "XX"), session(2, "d2", 1, "IIIIIIIIIX"), session(3, "d3", 1, "I"),
          session(4, "d4", 2, "II")},
         true},
        {"combined, one therapist short",
         criterion(90, 2, 2, false, 3),
         {session(2, "d2", 1, "IIIIIIIIIX"), session(4, "d4", 2, "II")},
         false},
    };
    for (const Case& c : cases) {
        const MasteryResult r = evaluateMastery(c.criterion, Phase::kIntervention, c.sessions);
        EXPECT_EQ(r.met, c.met) << c.name << ": " << r.reason;
        EXPECT_EQ(r.sessions.size(), c.sessions.size()) << c.name;
        EXPECT_EQ(r.proposed.has_value(), c.met) << c.name;
    }
}

TEST(Mastery, ReportsEachSessionAsTheCriterionSawIt) {
    const MasteryResult r = evaluateMastery(
        criterion(80, 2, 3, true), Phase::kIntervention,
        {session(1, "d1", 1, "-IPX"), session(2, "d1", 1, "III"), session(3, "d2", 1, "PIIII")});
    ASSERT_EQ(r.sessions.size(), 3u);
    // Cold probe: one trial a day, so no session reaches 3 trials.
    EXPECT_EQ(r.sessions[0].trials, 1);
    EXPECT_EQ(r.sessions[0].independent, 1);
    EXPECT_EQ(r.sessions[1].trials, 0);
    EXPECT_EQ(r.sessions[2].trials, 1);
    EXPECT_EQ(r.sessions[2].independent, 0);
    for (const SessionAccuracy& a : r.sessions)
        EXPECT_FALSE(a.counted);

    const MasteryResult plain = evaluateMastery(
        criterion(80, 2, 3), Phase::kIntervention,
        {session(1, "d1", 1, "-IPX"), session(2, "d1", 1, "III"), session(3, "d2", 1, "PIIII")});
    EXPECT_EQ(plain.sessions[0].trials, 3);
    EXPECT_EQ(plain.sessions[0].independent, 1);
    EXPECT_TRUE(plain.sessions[0].counted);
    EXPECT_FALSE(plain.sessions[0].reached);
    EXPECT_TRUE(plain.sessions[1].reached);
    EXPECT_TRUE(plain.sessions[2].reached);  // 4 of 5 = 80 %
    EXPECT_TRUE(plain.met);
}

TEST(Mastery, ProposesTheNextPhaseWithAReason) {
    const std::vector<ProgramSessionTrials> good = {session(11, "d1", 1, "IIIII"),
                                                    session(12, "d2", 2, "IIIIP")};
    const MasteryCriterion c = criterion(80, 2, 5, false, 2);
    struct Case {
        Phase phase;
        std::optional<Phase> proposed;
        std::string reason;
    };
    const std::string met =
        "Met: the last 2 sessions with at least 5 trials reached 80 % (100 %, 80 %), run by 2 "
        "therapists.";
    const Case cases[] = {
        {Phase::kIntervention, Phase::kMaintenance,
         met + " Proposed: move from intervention to maintenance."},
        {Phase::kMaintenance, Phase::kMastered,
         met + " Proposed: move from maintenance to mastered."},
        {Phase::kBaseline, std::nullopt,
         met + " Moving from baseline to intervention is the therapist's choice."},
        {Phase::kMastered, std::nullopt, met},
        {Phase::kGeneralization, std::nullopt, met},
    };
    for (const Case& k : cases) {
        const MasteryResult r = evaluateMastery(c, k.phase, good);
        EXPECT_TRUE(r.met) << phaseName(k.phase);
        EXPECT_EQ(r.proposed, k.proposed) << phaseName(k.phase);
        EXPECT_EQ(r.reason, k.reason);
    }

    const MasteryResult r = evaluateMastery(c, Phase::kIntervention, good);
    const auto change = proposedPhaseChange(4, Phase::kIntervention, r, "2026-12-02T10:15:00Z");
    ASSERT_TRUE(change.has_value());
    EXPECT_EQ(change->program_id, 4);
    EXPECT_EQ(change->from, Phase::kIntervention);
    EXPECT_EQ(change->to, Phase::kMaintenance);
    EXPECT_EQ(change->changed_at, "2026-12-02T10:15:00Z");
    EXPECT_EQ(change->reason, r.reason);
    EXPECT_FALSE(
        proposedPhaseChange(4, Phase::kBaseline, evaluateMastery(c, Phase::kBaseline, good), "x")
            .has_value());
}

TEST(Mastery, SaysWhyItIsNotMet) {
    struct Case {
        MasteryCriterion criterion;
        std::vector<ProgramSessionTrials> sessions;
        std::string reason;
    };
    const Case cases[] = {
        {criterion(80, 3, 2),
         {session(1, "d1", 1, "II"), session(2, "d2", 1, "I"), session(3, "d3", 1, "II")},
         "Not met: 2 sessions with at least 2 trials; 3 needed."},
        {criterion(80, 1, 1, true),
         {},
         "Not met: 0 sessions with at least 1 trial (cold probes); 1 needed."},
        {criterion(80, 2),
         {session(7, "d1", 1, "IIXI"), session(8, "d2", 1, "IIX"), session(9, "d3", 1, "II")},
         "Not met: session 8 reached 66.6 % (2 of 3 trials independent), below 80 %."},
        {criterion(80, 2, 1, false, 2),
         {session(1, "d1", 1, "I"), session(2, "d2", 1, "I")},
         "Not met: the last 2 sessions with at least 1 trial were run by 1 therapist; 2 needed."},
    };
    for (const Case& c : cases) {
        const MasteryResult r = evaluateMastery(c.criterion, Phase::kIntervention, c.sessions);
        EXPECT_FALSE(r.met);
        EXPECT_EQ(r.reason, c.reason);
        EXPECT_FALSE(r.proposed.has_value());
    }
}

}  // namespace
}  // namespace mimic::session
