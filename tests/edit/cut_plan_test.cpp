// The cutting rules of edit/cut_plan.h on frame times and sounds made here: keeps checked,
// pictures chosen inside the keeps only, the clip's length the keeps' sum, and the sound
// joined without a jump.
#include "edit/cut_plan.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <random>

namespace mimic::edit {
namespace {

constexpr std::int64_t kSecond = 1'000'000;

// Picture times at `rate` for `seconds`, each moved by up to `jitter_us` (a camera's stamps).
std::vector<std::int64_t> frameTimes(double seconds, double rate, std::int64_t jitter_us = 0,
                                     unsigned seed = 1) {
    std::mt19937 random(seed);
    std::uniform_int_distribution<std::int64_t> jitter(-jitter_us, jitter_us);
    std::vector<std::int64_t> times;
    for (int i = 0; i < static_cast<int>(seconds * rate); ++i)
        times.push_back(std::llround(i * 1e6 / rate) + (i == 0 ? 0 : jitter(random)));
    return times;
}

Keep keep(int source, double start, double end) {
    return {source, std::llround(start * 1e6), std::llround(end * 1e6)};
}

TEST(ParseKeep, SecondsWithADash) {
    auto k = parseKeep("1.5-4");
    ASSERT_TRUE(k) << k.error().message;
    EXPECT_EQ(k->start_us, 1'500'000);
    EXPECT_EQ(k->end_us, 4'000'000);
    for (const char* bad :
         {"", "4", "-1-2", "a-b", "3-2", "2-2", "1-", "1-2-3", "nan-3", "1e400-2"})
        EXPECT_FALSE(parseKeep(bad)) << bad;
    EXPECT_NE(parseKeep("3-2").error().message.find("'3-2'"), std::string::npos);
}

TEST(CheckKeeps, InsideInOrderAndApart) {
    const std::vector<std::int64_t> durations = {10 * kSecond, 5 * kSecond};
    EXPECT_TRUE(checkKeeps(std::vector{keep(0, 1, 2), keep(0, 3, 4), keep(1, 0, 5)}, durations));
    // Touching keeps of one recording are fine; two recordings' times are independent.
    EXPECT_TRUE(checkKeeps(std::vector{keep(0, 1, 2), keep(0, 2, 3), keep(1, 1, 2)}, durations));
    const auto message = [&](std::vector<Keep> keeps) {
        Status s = checkKeeps(keeps, durations);
        return s ? std::string() : s.error().message;
    };
    EXPECT_EQ(message({keep(0, 3, 5), keep(0, 4, 6)}), "keep 4-6 overlaps keep 3-5");
    EXPECT_EQ(message({keep(0, 8, 12)}), "keep 8-12 ends after the recording (10 s)");
    EXPECT_EQ(message({keep(1, 6, 7)}), "keep 6-7 ends after the recording (5 s)");
    EXPECT_NE(message({keep(0, 5, 6), keep(0, 1, 2)}).find("go in order"), std::string::npos);
    EXPECT_NE(message({}).find("no keeps"), std::string::npos);
    EXPECT_NE(message({keep(2, 1, 2)}).find("names no recording"), std::string::npos);
}

TEST(KeepsFromStretches, InTimeOrderWithOverlapsAndTouchesMerged) {
    const auto keeps = keepsFromStretches({keep(0, 5, 6), keep(0, 1, 2), keep(0, 1.5, 3),
                                           keep(0, 3, 3.5), keep(0, 8, 8), keep(0, 7, 9)});
    ASSERT_EQ(keeps.size(), 3u);
    EXPECT_EQ(keeps[0].start_us, 1 * kSecond);
    EXPECT_EQ(keeps[0].end_us, 3'500'000);
    EXPECT_EQ(keeps[1].start_us, 5 * kSecond);
    EXPECT_EQ(keeps[2].start_us, 7 * kSecond);
    EXPECT_EQ(keeps[2].end_us, 9 * kSecond);
    EXPECT_TRUE(keepsFromStretches({}).empty());
}

// Every picture is inside its keep, near the mapped time, and the clip lasts the sum.
void expectFaithful(const std::vector<Keep>& keeps,
                    const std::vector<std::vector<std::int64_t>>& times, double rate) {
    auto plan = planCut(keeps, times, rate);
    ASSERT_TRUE(plan) << plan.error().message;
    std::int64_t sum = 0;
    for (const Keep& k : keeps)
        sum += k.end_us - k.start_us;
    EXPECT_EQ(plan->duration_us, sum);
    const double period = 1e6 / rate;
    EXPECT_NEAR(static_cast<double>(plan->pictures.size()) * period, static_cast<double>(sum),
                period / 2 + 1);
    std::size_t piece = 0;
    for (std::size_t k = 0; k < plan->pictures.size(); ++k) {
        const CutPicture& p = plan->pictures[k];
        EXPECT_NEAR(static_cast<double>(p.clip_us), k * period, 1.0);
        while (piece + 1 < keeps.size() && p.clip_us >= plan->keep_starts_us[piece + 1])
            ++piece;
        const Keep& within = keeps[piece];
        EXPECT_EQ(p.source, within.source);
        EXPECT_EQ(times[p.source][p.frame], p.source_us);
        EXPECT_GE(p.source_us, within.start_us - 1000) << "picture " << k << " before its keep";
        EXPECT_LT(p.source_us, within.end_us) << "picture " << k << " after its keep";
        const double from_start = within.start_us + (p.clip_us - plan->keep_starts_us[piece]);
        EXPECT_LE(std::abs(static_cast<double>(p.source_us) - from_start), period * 1.5)
            << "picture " << k;
        const double mapped =
            plan->keep_sources_us[piece] + (p.clip_us - plan->keep_starts_us[piece]);
        EXPECT_LE(std::abs(static_cast<double>(p.source_us) - mapped), period * 0.75)
            << "picture " << k;
    }
}

TEST(PlanCut, SteadyPicturesMapOneToOne) {
    const std::vector<std::vector<std::int64_t>> times = {frameTimes(10, 30)};
    const std::vector<Keep> keeps = {keep(0, 1, 2.5), keep(0, 4, 5), keep(0, 7.5, 9)};
    expectFaithful(keeps, times, 30);
    auto plan = planCut(keeps, times, 30);
    ASSERT_TRUE(plan);
    ASSERT_EQ(plan->pictures.size(), 120u);  // 45 + 30 + 45
    EXPECT_EQ(plan->pictures[0].frame, 30u);
    EXPECT_EQ(plan->pictures[44].frame, 74u);
    EXPECT_EQ(plan->pictures[45].frame, 120u);
    EXPECT_EQ(plan->pictures[75].frame, 225u);
    for (std::size_t k = 1; k < plan->pictures.size(); ++k)
        EXPECT_NE(plan->pictures[k].frame, plan->pictures[k - 1].frame) << "a frozen picture";
}

TEST(PlanCut, PicturesOffTheClipsGridFollowOneForOne) {
    // A recording whose pictures start 21 ms in (its sound encoder's delay): each keep plays
    // from its first picture, one recorded picture per picture of the clip.
    std::vector<std::int64_t> late = frameTimes(8, 30);
    for (std::int64_t& t : late)
        t += 21'333;
    const std::vector<std::vector<std::int64_t>> times = {late};
    const std::vector<Keep> keeps = {keep(0, 1, 2.5), keep(0, 4, 5)};
    expectFaithful(keeps, times, 30);
    auto plan = planCut(keeps, times, 30);
    ASSERT_TRUE(plan);
    ASSERT_EQ(plan->pictures.size(), 75u);
    EXPECT_EQ(plan->keep_sources_us[0], late[30]);
    for (std::size_t k = 0; k < 45; ++k)
        EXPECT_EQ(plan->pictures[k].frame, 30 + k);
    for (std::size_t k = 45; k < 75; ++k)
        EXPECT_EQ(plan->pictures[k].frame, 120 + k - 45);
}

TEST(PlanCut, KeepsOffTheFrameGridJitterAndSeveralRecordings) {
    const std::vector<std::vector<std::int64_t>> times = {frameTimes(8, 30, 4000, 3),
                                                          frameTimes(6, 25, 0), frameTimes(4, 30)};
    expectFaithful({keep(0, 0.51, 1.27), keep(0, 3.333, 4.9), keep(1, 0, 1.01), keep(2, 2.99, 4)},
                   times, 30);
    expectFaithful({keep(1, 0.02, 5.98)}, times, 25);
}

TEST(PlanCut, AKeepWithoutAPictureIsRefused) {
    const std::vector<std::vector<std::int64_t>> times = {{0, 1 * kSecond, 2 * kSecond}};
    auto plan = planCut(std::vector{keep(0, 0.2, 0.8)}, times, 30);
    ASSERT_FALSE(plan);
    EXPECT_EQ(plan.error().message, "keep 0.2-0.8 holds no picture of the recording");
}

// A sine per source, so any jump at a join shows as a sample-to-sample step.
SourceSound sine(double seconds, double hz, int rate, std::int64_t start_us = 0) {
    SourceSound s;
    s.start_us = start_us;
    for (int i = 0; i < static_cast<int>(seconds * rate); ++i)
        s.samples.push_back(
            static_cast<float>(0.5 * std::sin(2 * std::numbers::pi * hz * i / rate)));
    return s;
}

TEST(CutSound, TheKeepsSoundEndToEndWithoutAJumpAtTheJoins) {
    constexpr int kRate = 48000;
    const std::vector<std::vector<std::int64_t>> times = {frameTimes(6, 30), frameTimes(6, 30)};
    const std::vector<Keep> keeps = {keep(0, 1.0, 2.0), keep(0, 3.0101, 4.0), keep(1, 0.5, 1.5)};
    auto plan = planCut(keeps, times, 30);
    ASSERT_TRUE(plan);
    const std::vector<SourceSound> sounds = {sine(6, 440, kRate), sine(6, 300, kRate, 20'000)};
    const auto out = cutSound(keeps, *plan, sounds, kRate, 1);
    ASSERT_EQ(out.size(), static_cast<std::size_t>(std::llround(plan->duration_us * kRate / 1e6)));
    // The largest step a 440 Hz sine of amplitude 0.5 makes between samples.
    const double material = 0.5 * 2 * std::numbers::pi * 440 / kRate;
    double worst = 0.0;
    for (std::size_t i = 1; i < out.size(); ++i)
        worst = std::max(worst, static_cast<double>(std::abs(out[i] - out[i - 1])));
    EXPECT_LE(worst, material * 1.1) << "a click";
    // Away from the joins, the recording's own samples.
    const auto at = [&](const SourceSound& s, double t) {
        return s.samples[static_cast<std::size_t>(std::llround((t - s.start_us / 1e6) * kRate))];
    };
    EXPECT_FLOAT_EQ(out[static_cast<std::size_t>(0.5 * kRate)], at(sounds[0], 1.5));
    // The second keep (3.0101-4) plays from its first picture, at 3.0333 s.
    EXPECT_NEAR(out[static_cast<std::size_t>(1.5 * kRate)], at(sounds[0], 3.5 + 1 / 30.0), 1e-6);
    EXPECT_NEAR(out[static_cast<std::size_t>(2.4 * kRate)], at(sounds[1], 0.9101), 1e-6);
}

TEST(CutSound, ASourceWithoutSoundIsSilentAndTheLengthHolds) {
    const std::vector<std::vector<std::int64_t>> times = {frameTimes(3, 30), frameTimes(3, 30)};
    const std::vector<Keep> keeps = {keep(0, 0, 1), keep(1, 1, 2)};
    auto plan = planCut(keeps, times, 30);
    ASSERT_TRUE(plan);
    const std::vector<SourceSound> sounds = {sine(3, 200, 16000), SourceSound{}};
    const auto out = cutSound(keeps, *plan, sounds, 16000, 2);
    ASSERT_EQ(out.size(), 2u * 32000u);
    EXPECT_EQ(out[2 * 24000], 0.0f);
    EXPECT_NE(out[2 * 8000 + 1], 0.0f);
}

TEST(PlanCut, ASlowedKeepHoldsEachPictureLongerAndIsSilent) {
    const std::vector<std::vector<std::int64_t>> times = {frameTimes(6, 30)};
    Keep slowed = keep(0, 1, 2);
    slowed.slow = 2.0;
    const std::vector<Keep> keeps = {slowed, keep(0, 3, 4)};
    auto plan = planCut(keeps, times, 30);
    ASSERT_TRUE(plan) << plan.error().message;
    EXPECT_EQ(plan->duration_us, 3 * kSecond);
    ASSERT_EQ(plan->pictures.size(), 90u);
    // Every recorded picture of the slowed second, each shown twice (in order), then the
    // second keep one for one.
    for (std::size_t k = 0; k < 60; ++k) {
        EXPECT_GE(plan->pictures[k].frame, 30u + k / 2) << k;
        EXPECT_LE(plan->pictures[k].frame, 30u + (k + 1) / 2) << k;
    }
    EXPECT_EQ(plan->pictures[60].frame, 90u);
    EXPECT_EQ(plan->pictures[89].frame, 119u);
    const std::vector<SourceSound> sounds = {sine(6, 440, 48000)};
    const auto out = cutSound(keeps, *plan, sounds, 48000, 1);
    ASSERT_EQ(out.size(), 3u * 48000u);
    for (std::size_t i = 1000; i < 2 * 48000 - 1000; i += 97)
        EXPECT_EQ(out[i], 0.0f) << i;
    EXPECT_NE(out[static_cast<std::size_t>(2.5 * 48000) + 3], 0.0f);
    Keep too_slow = keep(0, 1, 2);
    too_slow.slow = 5.0;
    const std::vector<std::int64_t> durations = {6 * kSecond};
    EXPECT_FALSE(checkKeeps(std::vector{too_slow}, durations));
}

}  // namespace
}  // namespace mimic::edit
