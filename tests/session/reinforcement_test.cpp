// Reinforcement schedules: which independent responses are reinforced.
#include "session/reinforcement.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace mimic::session {
namespace {

constexpr auto I = Outcome::kIndependent;
constexpr auto P = Outcome::kPrompted;
constexpr auto X = Outcome::kIncorrect;
constexpr auto N = Outcome::kNoResponse;

// "1" for each reinforced response, "0" for the others.
std::string pattern(Reinforcer r, const std::vector<Outcome>& outcomes) {
    std::string out;
    for (const Outcome o : outcomes)
        out += r.respond(o) ? '1' : '0';
    return out;
}

TEST(Reinforcer, ExactPatterns) {
    struct Case {
        const char* name;
        ReinforcementSchedule schedule;
        std::vector<Outcome> outcomes;
        std::string reinforced;
    };
    const std::vector<Case> cases = {
        {"CRF: every independent response", {ScheduleKind::kContinuous, 1}, {I, I, I, I}, "1111"},
        {"CRF: prompted, incorrect, none never",
         {ScheduleKind::kContinuous, 1},
         {P, X, N, I},
         "0001"},
        {"CRF ignores its ratio", {ScheduleKind::kContinuous, 4}, {I, I}, "11"},
        {"FR 1 is CRF", {ScheduleKind::kFixedRatio, 1}, {I, I, I}, "111"},
        {"FR 2", {ScheduleKind::kFixedRatio, 2}, {I, I, I, I, I, I}, "010101"},
        {"FR 3", {ScheduleKind::kFixedRatio, 3}, {I, I, I, I, I, I, I}, "0010010"},
        // Other outcomes neither advance nor reset the count.
        {"FR 3 with others between",
         {ScheduleKind::kFixedRatio, 3},
         {I, P, I, X, N, I, I},
         "0000010"},
        {"FR 0 is taken as 1", {ScheduleKind::kFixedRatio, 0}, {I, I}, "11"},
        {"none", {ScheduleKind::kNone, 1}, {I, I, I}, "000"},
    };
    for (const Case& c : cases)
        EXPECT_EQ(pattern(Reinforcer(c.schedule), c.outcomes), c.reinforced) << c.name;
}

TEST(Reinforcer, VariableRatioWithAFixedSeedGivesAFixedPattern) {
    // The C++ standard fixes std::mt19937's output: seeded with 42 it yields 1608637542,
    // 3421126067, 4083286876, 787846414, 3143890026, 3348747335, 2571218620, 2563451924,
    // 670094950, 1914837113. VR 3 draws from 1..5: 1 + x % 5 (no value reaches the rejection
    // limit 2^32 - 1), worked out by hand.
    std::mt19937 random(42);
    std::vector<int> draws;
    for (int i = 0; i < 10; ++i)
        draws.push_back(drawVariableRatioRequirement(random, 3));
    EXPECT_EQ(draws, (std::vector<int>{3, 3, 2, 5, 2, 1, 1, 5, 1, 4}));

    // So the 3rd, 6th, 8th, 13th, 15th, 16th and 17th independent responses are reinforced.
    const std::vector<Outcome> all(20, I);
    EXPECT_EQ(pattern(Reinforcer({ScheduleKind::kVariableRatio, 3}, 42), all),
              "00100101000010111000");
}

TEST(Reinforcer, VariableRatioIsReproducibleBySeed) {
    const std::vector<Outcome> all(200, I);
    const ReinforcementSchedule vr5{ScheduleKind::kVariableRatio, 5};
    EXPECT_EQ(pattern(Reinforcer(vr5, 7), all), pattern(Reinforcer(vr5, 7), all));
    EXPECT_NE(pattern(Reinforcer(vr5, 7), all), pattern(Reinforcer(vr5, 8), all));
}

TEST(Reinforcer, VariableRatioDrawsOneToTwoNMinusOneWithMeanN) {
    for (const int n : {1, 2, 5, 10}) {
        std::mt19937 random(2026);
        constexpr int kDraws = 200000;
        long long sum = 0;
        std::vector<int> seen(static_cast<std::size_t>(2 * n), 0);
        for (int i = 0; i < kDraws; ++i) {
            const int d = drawVariableRatioRequirement(random, n);
            ASSERT_GE(d, 1);
            ASSERT_LE(d, 2 * n - 1);
            ++seen[static_cast<std::size_t>(d)];
            sum += d;
        }
        const double mean = static_cast<double>(sum) / kDraws;
        EXPECT_NEAR(mean, n, 0.02 * n) << "VR " << n;
        for (int d = 1; d <= 2 * n - 1; ++d)  // every requirement comes up about as often
            EXPECT_NEAR(seen[static_cast<std::size_t>(d)], kDraws / (2.0 * n - 1),
                        0.05 * kDraws / (2 * n - 1))
                << "VR " << n << " requirement " << d;
    }
}

TEST(Reinforcer, VariableRatioReinforcesOnAverageEveryNthIndependentResponse) {
    for (const int n : {2, 4, 8}) {
        Reinforcer r({ScheduleKind::kVariableRatio, n}, 99);
        constexpr int kResponses = 100000;
        int reinforced = 0;
        for (int i = 0; i < kResponses; ++i)
            reinforced += r.respond(I) ? 1 : 0;
        EXPECT_NEAR(static_cast<double>(kResponses) / reinforced, n, 0.03 * n) << "VR " << n;
    }
}

TEST(Reinforcer, RemainingCountsDownToTheNextReinforcement) {
    Reinforcer r({ScheduleKind::kFixedRatio, 3});
    EXPECT_EQ(r.remaining(), 3);
    EXPECT_FALSE(r.respond(I));
    EXPECT_EQ(r.remaining(), 2);
    EXPECT_FALSE(r.respond(P));
    EXPECT_EQ(r.remaining(), 2);
    EXPECT_FALSE(r.respond(I));
    EXPECT_TRUE(r.respond(I));
    EXPECT_EQ(r.remaining(), 3);
}

}  // namespace
}  // namespace mimic::session
