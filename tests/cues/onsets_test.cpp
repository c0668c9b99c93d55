// Motion and voice onsets over a recording's own floor, and the response latency: series made
// here with known onsets, noise, glitches and dips.
#include "cues/onsets.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <random>

namespace mimic::cues {
namespace {

// Motion energies at 30 fps for `seconds`: sensor noise around `still`, and `moving` from
// each [start, end) of `motion`.
std::vector<LevelSample> energies(double seconds, double still, double moving,
                                  const std::vector<std::pair<double, double>>& motion,
                                  unsigned seed = 1) {
    std::mt19937 random(seed);
    std::normal_distribution<double> noise(0.0, still * 0.15);
    std::vector<LevelSample> levels;
    for (int i = 0; i < static_cast<int>(seconds * 30); ++i) {
        const double t = i / 30.0;
        double level = still + noise(random);
        for (const auto& [start, end] : motion) {
            if (t >= start - 1e-9 && t < end) level = moving + noise(random);
        }
        levels.push_back({t, std::max(level, 0.0)});
    }
    return levels;
}

TEST(MotionOnset, TheFirstMovementAfterTheCueOverTheStillFloor) {
    const auto levels = energies(6.0, 0.8, 9.0, {{2.5, 4.0}});
    ASSERT_TRUE(motionOnset(levels, 1.0).has_value());
    EXPECT_NEAR(*motionOnset(levels, 1.0), 2.5, 1.0 / 30 + 1e-9);
    EXPECT_FALSE(motionOnset(levels, 4.5).has_value()) << "nothing moves after 4.5 s";
}

TEST(MotionOnset, MovementBeforeTheCueAndOneFrameGlitchesDoNotCount) {
    // Moving at 0.5-1.0 s (before the cue at 1.5 s); a glitch of one frame at 2.0 s; the
    // child moves at 3.0 s.
    const auto levels = energies(5.0, 1.0, 12.0, {{0.5, 1.0}, {2.0, 2.0 + 1.0 / 30}, {3.0, 3.6}});
    ASSERT_TRUE(motionOnset(levels, 1.5).has_value());
    EXPECT_NEAR(*motionOnset(levels, 1.5), 3.0, 1.0 / 30 + 1e-9);
}

TEST(MotionOnset, ADarkStillRoomNeedsARealRiseNotAFactorOfNoise) {
    // Floor near zero: three times it is still noise; the rise of 2 grey levels is needed.
    const auto levels = energies(4.0, 0.05, 0.4, {{1.0, 2.0}});
    EXPECT_FALSE(motionOnset(levels, 0.0).has_value());
    const auto moving = energies(4.0, 0.05, 6.0, {{1.0, 2.0}});
    ASSERT_TRUE(motionOnset(moving, 0.0).has_value());
    EXPECT_NEAR(*motionOnset(moving, 0.0), 1.0, 1.0 / 30 + 1e-9);
}

// Mono 16 kHz sound for `seconds`: noise at `noise_db`, and voiced stretches (a 180 Hz buzz
// with harmonics) at `voice_db` over each [start, end).
std::vector<float> sound(double seconds, double noise_db, double voice_db,
                         const std::vector<std::pair<double, double>>& voiced) {
    constexpr int kRate = 16000;
    std::mt19937 random(7);
    const double noise_rms = std::pow(10.0, noise_db / 20.0);
    std::normal_distribution<double> noise(0.0, noise_rms);
    const double voice_amplitude = std::pow(10.0, voice_db / 20.0) * std::sqrt(2.0) / 1.2;
    std::vector<float> samples(static_cast<std::size_t>(seconds * kRate));
    for (std::size_t i = 0; i < samples.size(); ++i) {
        const double t = static_cast<double>(i) / kRate;
        double value = noise(random);
        for (const auto& [start, end] : voiced) {
            if (t >= start && t < end) {
                const double phase = 2 * std::numbers::pi * 180.0 * t;
                value += voice_amplitude *
                         (std::sin(phase) + 0.5 * std::sin(2 * phase) + 0.3 * std::sin(3 * phase));
            }
        }
        samples[i] = static_cast<float>(value);
    }
    return samples;
}

TEST(VoiceOnset, SpeechOverTheRoomsNoiseToTheWindow) {
    const auto samples = sound(4.0, -60.0, -20.0, {{1.234, 1.9}});
    const auto levels = soundLevels(samples, 16000);
    EXPECT_NEAR(levels.front().level, -60.0, 1.5);
    ASSERT_TRUE(voiceOnset(levels, 0.5).has_value());
    EXPECT_NEAR(*voiceOnset(levels, 0.5), 1.234, 0.011);
}

TEST(VoiceOnset, AClickShorterThan150MsIsNotSpeechButSyllablesWithGapsAre) {
    // A 100 ms knock at 0.8 s; then two syllables of 100 ms with a 30 ms gap from 2.0 s.
    const auto samples = sound(4.0, -55.0, -15.0, {{0.8, 0.9}, {2.0, 2.1}, {2.13, 2.23}});
    const auto levels = soundLevels(samples, 16000, 10.0);
    ASSERT_TRUE(voiceOnset(levels, 10.0).has_value());
    EXPECT_NEAR(*voiceOnset(levels, 10.0), 12.0, 0.011) << "times from first_sample_time";
    // A longer gap (60 ms) splits them into two stretches too short to count.
    const auto split = soundLevels(sound(4.0, -55.0, -15.0, {{2.0, 2.1}, {2.16, 2.26}}), 16000);
    EXPECT_FALSE(voiceOnset(split, 0.0).has_value());
}

TEST(VoiceOnset, DigitalSilenceAndQuietRoomsNeedAnAudibleLevel) {
    std::vector<float> silence(16000 * 2, 0.0f);
    const auto levels = soundLevels(silence, 16000);
    EXPECT_EQ(levels.size(), 200u);
    EXPECT_EQ(levels.front().level, -120.0);
    EXPECT_FALSE(voiceOnset(levels, 0.0).has_value());
    // A whisper 20 dB over digital near-silence is still under -55 dBFS: not speech.
    const auto faint = soundLevels(sound(3.0, -90.0, -70.0, {{1.0, 2.0}}), 16000);
    EXPECT_FALSE(voiceOnset(faint, 0.0).has_value());
}

TEST(ResponseLatency, TheEarlierOnsetAfterTheCue) {
    EXPECT_NEAR(*responseLatency(2.0, 3.5, 2.75), 0.75, 1e-12);
    EXPECT_NEAR(*responseLatency(2.0, 3.5, std::nullopt), 1.5, 1e-12);
    EXPECT_NEAR(*responseLatency(2.0, 1.0, 2.5), 0.5, 1e-12)
        << "an onset before the cue is not a response";
    EXPECT_FALSE(responseLatency(2.0, std::nullopt, std::nullopt).has_value());
}

TEST(FirstHeldAbove, HoldsAndDips) {
    std::vector<LevelSample> levels;
    const double pattern[] = {0, 5, 5, 0, 5, 5, 5, 5, 0, 0};
    for (int i = 0; i < 10; ++i)
        levels.push_back({i * 0.1, pattern[i]});
    EXPECT_NEAR(*firstHeldAbove(levels, 0.0, 1.0, 0.4), 0.4, 1e-12);
    EXPECT_NEAR(*firstHeldAbove(levels, 0.0, 1.0, 0.4, 0.15), 0.1, 1e-12) << "one dip bridged";
    EXPECT_FALSE(firstHeldAbove(levels, 0.0, 1.0, 0.5).has_value());
    EXPECT_FALSE(firstHeldAbove({}, 0.0, 1.0, 0.1).has_value());
    EXPECT_EQ(quantileLevel(levels, 0.0), 0.0);
    EXPECT_EQ(quantileLevel(levels, 1.0), 5.0);
}

}  // namespace
}  // namespace mimic::cues
