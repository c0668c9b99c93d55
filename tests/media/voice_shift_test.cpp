// The voice filter of de-identified exports (media/voice_shift.h), on real FFmpeg filters:
// a tone comes out at the pitch ratio, as long as it went in, where it went in, whether fed
// whole or in a decoder's chunks.
#include "media/voice_shift.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <vector>

namespace mimic::media {
namespace {

constexpr int kRate = 48000;

// Silence, then a tone of `hz` from `start_s` to `stop_s`, `seconds` long, `channels` the same.
std::vector<float> tone(double hz, double start_s, double stop_s, double seconds, int channels) {
    const auto frames = static_cast<std::size_t>(seconds * kRate);
    std::vector<float> out(frames * channels, 0.0F);
    for (std::size_t n = 0; n < frames; ++n) {
        const double t = static_cast<double>(n) / kRate;
        if (t < start_s || t >= stop_s) continue;
        const auto x =
            static_cast<float>(0.4 * std::sin(2 * std::numbers::pi * hz * (t - start_s)));
        for (int c = 0; c < channels; ++c)
            out[n * channels + c] = x;
    }
    return out;
}

// Channel 0's frequency over [from_s, to_s), from its upward zero crossings.
double frequency(const std::vector<float>& x, int channels, double from_s, double to_s) {
    int crossings = 0;
    double first = -1.0;
    double last = -1.0;
    for (auto n = static_cast<std::size_t>(from_s * kRate) + 1;
         n < static_cast<std::size_t>(to_s * kRate); ++n) {
        if (x[(n - 1) * channels] < 0.0F && x[n * channels] >= 0.0F) {
            const double t = static_cast<double>(n) / kRate;
            if (first < 0) first = t;
            last = t;
            ++crossings;
        }
    }
    return crossings > 1 ? (crossings - 1) / (last - first) : 0.0;
}

// The time channel 0 first goes above `level`.
double onset(const std::vector<float>& x, int channels, float level = 0.1F) {
    for (std::size_t n = 0; n * channels < x.size(); ++n)
        if (std::fabs(x[n * channels]) > level) return static_cast<double>(n) / kRate;
    return -1.0;
}

std::vector<float> shifted(const std::vector<float>& in, int channels, double factor,
                           std::size_t chunk) {
    auto shifter = VoiceShifter::open(kRate, channels, factor);
    EXPECT_TRUE(shifter.ok()) << (shifter.ok() ? "" : shifter.error().message);
    if (!shifter.ok()) return {};
    std::vector<float> out;
    for (std::size_t at = 0; at < in.size(); at += chunk * channels) {
        const std::size_t n = std::min(chunk * channels, in.size() - at);
        auto got = shifter->push(std::span<const float>(in).subspan(at, n));
        EXPECT_TRUE(got.ok());
        if (got.ok()) out.insert(out.end(), got->begin(), got->end());
    }
    auto rest = shifter->finish();
    EXPECT_TRUE(rest.ok());
    if (rest.ok()) out.insert(out.end(), rest->begin(), rest->end());
    return out;
}

TEST(VoiceShift, AToneComesOutAtThePitchRatioAsLongAndWhereItWent) {
    for (const int channels : {1, 2}) {
        for (const double factor : {0.75, 1.4}) {
            const auto in = tone(300.0, 1.0, 2.5, 3.5, channels);
            for (const std::size_t chunk : {std::size_t{1024}, std::size_t{4096}}) {
                const auto out = shifted(in, channels, factor, chunk);
                ASSERT_EQ(out.size(), in.size()) << channels << " ch, x" << factor;
                EXPECT_NEAR(frequency(out, channels, 1.3, 2.3), 300.0 * factor,
                            300.0 * factor * 0.03)
                    << channels << " ch, x" << factor;
                EXPECT_NEAR(onset(out, channels), 1.0, 0.03) << channels << " ch, x" << factor;
                if (channels == 2) {
                    // Both channels carry the tone.
                    double right = 0.0;
                    for (std::size_t n = static_cast<std::size_t>(1.5 * kRate); n < 2 * kRate; ++n)
                        right = std::max(right, std::fabs(static_cast<double>(out[n * 2 + 1])));
                    EXPECT_GT(right, 0.2);
                }
            }
        }
    }
}

TEST(VoiceShift, BadSettingsAreOneClearLine) {
    EXPECT_FALSE(VoiceShifter::open(0, 1, 0.75).ok());
    EXPECT_FALSE(VoiceShifter::open(kRate, 0, 0.75).ok());
    auto wild = VoiceShifter::open(kRate, 1, 5.0);
    ASSERT_FALSE(wild.ok());
    EXPECT_NE(wild.error().message.find("pitch"), std::string::npos);
}

}  // namespace
}  // namespace mimic::media
