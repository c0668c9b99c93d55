// The microphone meter's level: known sines give the level their RMS says, silence reads 0.
#include "audio/level_meter.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <vector>

namespace mimic::audio {
namespace {

constexpr int kRate = 48000;

// `frames` samples of a sine of `amplitude` at 750 Hz: 1024 frames at 48 kHz are exactly 16
// periods, so the RMS is exactly amplitude / sqrt(2).
std::vector<float> sine(float amplitude, int frames = 1024) {
    std::vector<float> out(static_cast<std::size_t>(frames));
    for (int i = 0; i < frames; ++i) {
        out[static_cast<std::size_t>(i)] =
            amplitude * static_cast<float>(std::sin(2.0 * std::numbers::pi * 750.0 * i / kRate));
    }
    return out;
}

TEST(LevelMeter, SineRmsInDbfs) {
    // 20 log10(A / sqrt 2): a full-scale sine is -3.01 dBFS.
    const std::vector<std::pair<float, double>> rows{
        {1.0f, -3.0103}, {0.5f, -9.0309}, {0.1f, -23.0103}, {0.01f, -43.0103}};
    for (const auto& [amplitude, dbfs] : rows) {
        EXPECT_NEAR(rmsDbfs(sine(amplitude)), dbfs, 0.001) << "amplitude " << amplitude;
    }
    const std::vector<float> square(1024, 1.0f);
    EXPECT_NEAR(rmsDbfs(square), 0.0, 1e-9);
}

TEST(LevelMeter, SineLevelsOnTheMeter) {
    // Linear in dB from -60 dBFS (0) to 0 dBFS (1).
    const std::vector<std::pair<float, float>> rows{{1.0f, 0.94983f}, {0.5f, 0.84949f},
                                                    {0.1f, 0.61649f}, {0.01f, 0.28316f},
                                                    {0.001f, 0.0f},  // -63 dBFS: below the floor
                                                    {2.0f, 1.0f}};   // clipped sound: full
    for (const auto& [amplitude, level] : rows) {
        EXPECT_NEAR(meterLevelOf(sine(amplitude)), level, 0.0001) << "amplitude " << amplitude;
    }
    EXPECT_FLOAT_EQ(meterLevel(kMeterFloorDbfs), 0.0f);
    EXPECT_FLOAT_EQ(meterLevel(-30.0), 0.5f);
    EXPECT_FLOAT_EQ(meterLevel(0.0), 1.0f);
}

TEST(LevelMeter, SilenceAndNothingReadZero) {
    EXPECT_EQ(meterLevelOf(std::vector<float>(1024, 0.0f)), 0.0f);
    EXPECT_EQ(meterLevelOf({}), 0.0f);
    EXPECT_TRUE(std::isinf(rmsDbfs({})));
    EXPECT_LT(rmsDbfs(std::vector<float>(16, 0.0f)), 0.0);
    EXPECT_EQ(meterLevel(std::nan("")), 0.0f);
}

}  // namespace
}  // namespace mimic::audio
