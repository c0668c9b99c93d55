// Timing in the file, without real time: pictures keep the times they are given (a camera's
// frames do not fall on the frame-rate grid), and a picture and a sound written for the same
// instant are decoded at the same instant by ffprobe (no priming or rounding shift).
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <vector>

#include "media/encoder.h"
#include "media_test_util.h"

namespace mimic::media {
namespace {

namespace fs = std::filesystem;
using testing::ffprobeJson;
using testing::runCommand;
using testing::shellQuoted;
using testing::TempDir;

constexpr int kWidth = 160;
constexpr int kHeight = 120;
constexpr int kFps = 30;
constexpr int kRate = 48'000;
// A camera whose frames were captured 12.345 ms after the recording's own frame grid.
constexpr std::int64_t kPhase_us = 12'345;

std::int64_t framePts(int k) {
    return kPhase_us + std::llround(k * 1e6 / kFps);
}

EncoderSettings recorderSettings(Container container, bool with_sound = true) {
    EncoderSettings s;
    s.container = container;
    s.width = kWidth;
    s.height = kHeight;
    s.frame_rate = kFps;
    s.keyframe_interval = kFps;
    s.crash_safe = container == Container::kMatroska;
    s.audio_sample_rate = with_sound ? kRate : 0;
    s.audio_channels = 1;
    return s;
}

std::vector<double> probeVideoTimes(const fs::path& file) {
    const auto frames = ffprobeJson(file, "-select_streams v -show_entries frame=pts_time");
    std::vector<double> times;
    for (const auto& f : frames["frames"])
        times.push_back(std::stod(f["pts_time"].get<std::string>()));
    return times;
}

// Writes `frames` pictures at framePts(k), white from frame `flash` on for 3 frames, and
// sound in 10 ms pieces that beeps (1 kHz) from the flash's time for 100 ms.
void writeFlashAndBeep(Encoder& encoder, int frames, int flash, bool with_sound = true) {
    const std::int64_t beep_from = framePts(flash) * kRate / 1'000'000;
    std::vector<std::uint8_t> black(std::size_t{kWidth} * kHeight * 3, 0);
    std::vector<std::uint8_t> white(black.size(), 255);
    std::int64_t written = 0;
    for (int k = 0; k < frames; ++k) {
        const auto& picture = k >= flash && k < flash + 3 ? white : black;
        ASSERT_TRUE(
            encoder.writeVideo({picture.data(), kWidth, kHeight, kWidth * 3}, framePts(k)).ok());
        while (with_sound && written * 1'000'000 / kRate < framePts(k + 1)) {
            std::vector<float> piece(kRate / 100);
            for (std::size_t i = 0; i < piece.size(); ++i) {
                const std::int64_t n = written + static_cast<std::int64_t>(i);
                const bool beep = n >= beep_from && n < beep_from + kRate / 10;
                piece[i] = beep ? static_cast<float>(
                                      0.5 * std::sin(2 * std::numbers::pi * 1000.0 * n / kRate))
                                : 0.0f;
            }
            ASSERT_TRUE(encoder.writeAudio(piece, written * 1'000'000 / kRate).ok());
            written += static_cast<std::int64_t>(piece.size());
        }
    }
}

class EncoderTiming : public ::testing::TestWithParam<Container> {};

TEST_P(EncoderTiming, PicturesKeepTheirOwnTimesNotTheFrameRateGrid) {
    TempDir dir("encoder-timing");
    const fs::path file = dir / (GetParam() == Container::kMp4 ? "out.mp4" : "out.mkv");
    // Without sound: AAC's priming would shift a Matroska file's every stream by 21 ms.
    auto encoder = Encoder::open(file, recorderSettings(GetParam(), /*with_sound=*/false));
    ASSERT_TRUE(encoder.ok()) << encoder.error().message;
    writeFlashAndBeep(*encoder, 60, 30, /*with_sound=*/false);
    ASSERT_TRUE(encoder->finish().ok());
    EXPECT_EQ(encoder->stats().video_frames_dropped, 0);

    const std::vector<double> times = probeVideoTimes(file);
    ASSERT_EQ(times.size(), 60U);
    // Matroska keeps milliseconds (MP4 the 90 kHz clock, behind an edit list in
    // milliseconds); a 1/30 s grid would move every picture by 12.3 ms.
    for (int k = 0; k < 60; ++k)
        EXPECT_NEAR(times[static_cast<std::size_t>(k)], framePts(k) / 1e6, 0.0006) << "frame " << k;
}

TEST_P(EncoderTiming, AFlashAndABeepWrittenTogetherAreDecodedTogether) {
    TempDir dir("encoder-flash-beep");
    const fs::path file = dir / (GetParam() == Container::kMp4 ? "out.mp4" : "out.mkv");
    auto encoder = Encoder::open(file, recorderSettings(GetParam()));
    ASSERT_TRUE(encoder.ok()) << encoder.error().message;
    writeFlashAndBeep(*encoder, 60, 30);
    ASSERT_TRUE(encoder->finish().ok());

    // The same detection as tools/bench/record/av_sync.sh: the first bright frame, and the
    // first millisecond of sound louder than -20 dBFS.
    const auto flash = runCommand(
        "ffprobe -v error -f lavfi -i \"movie=" + file.string() +
        ",signalstats\" -show_entries frame=pts_time:frame_tags=lavfi.signalstats.YAVG -of "
        "csv=p=0 | awk -F, '$2 > 128 { print $1; exit }'");
    const auto beep =
        runCommand("ffprobe -v error -f lavfi -i \"amovie=" + file.string() +
                   ",asetnsamples=n=48,astats=metadata=1:reset=1\" -show_entries "
                   "frame=pts_time:frame_tags=lavfi.astats.Overall.Peak_level -of csv=p=0 | "
                   "awk -F, '$2 != \"-inf\" && $2 > -20 { print $1; exit }'");
    ASSERT_EQ(flash.exit_code, 0);
    ASSERT_EQ(beep.exit_code, 0);
    ASSERT_FALSE(flash.out.empty());
    ASSERT_FALSE(beep.out.empty()) << "no beep found in " << shellQuoted(file);
    const double flash_s = std::stod(flash.out);
    const double beep_s = std::stod(beep.out);
    // Matroska cannot start a stream before 0, so AAC's 1024 priming samples (21.3 ms, shown
    // as the first packet's negative time) shift every stream of the file alike.
    EXPECT_NEAR(flash_s, framePts(30) / 1e6, GetParam() == Container::kMp4 ? 0.0006 : 0.022);
    // The beep is found to the millisecond (48-sample windows).
    EXPECT_NEAR(beep_s - flash_s, 0.0, 0.0015);
}

std::string containerName(const ::testing::TestParamInfo<Container>& param) {
    return param.param == Container::kMp4 ? "Mp4" : "Matroska";
}

INSTANTIATE_TEST_SUITE_P(Containers, EncoderTiming,
                         ::testing::Values(Container::kMatroska, Container::kMp4), containerName);

}  // namespace
}  // namespace mimic::media
