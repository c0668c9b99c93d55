#include "media/encoder.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <iterator>
#include <numbers>
#include <vector>

#include "capture_test_util.h"
#include "media_test_util.h"

namespace mimic::media {
namespace {

namespace fs = std::filesystem;
using testing::ffprobeJson;
using testing::runCommand;
using testing::shellQuoted;
using testing::TempDir;

constexpr int kWidth = 320;
constexpr int kHeight = 240;
constexpr int kFps = 25;
constexpr int kFrames = 50;  // 2 s
constexpr int kGop = 10;
constexpr int kRate = 48000;
constexpr int kChannels = 2;
constexpr int kChunk = 480;  // 10 ms of audio per writeAudio call

// A BGR picture that moves with `index`: diagonal stripes plus a square sliding along.
std::vector<std::uint8_t> movingPattern(int index, int width, int height) {
    std::vector<std::uint8_t> bgr(static_cast<std::size_t>(width * height * 3));
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            std::uint8_t* p = &bgr[static_cast<std::size_t>((y * width + x) * 3)];
            const bool square = x >= index * 4 && x < index * 4 + 40 && y >= 100 && y < 140;
            p[0] = static_cast<std::uint8_t>((x + y + index * 3) & 0xff);
            p[1] = square ? 255 : static_cast<std::uint8_t>(y);
            p[2] = static_cast<std::uint8_t>(x);
        }
    }
    return bgr;
}

// Interleaved stereo 440 Hz sine for samples [first, first + count).
std::vector<float> sine(std::int64_t first, int count) {
    std::vector<float> out(static_cast<std::size_t>(count * kChannels));
    for (int i = 0; i < count; ++i) {
        const double t = static_cast<double>(first + i) / kRate;
        const auto v = static_cast<float>(0.5 * std::sin(2 * std::numbers::pi * 440 * t));
        for (int c = 0; c < kChannels; ++c)
            out[static_cast<std::size_t>(i * kChannels + c)] = v;
    }
    return out;
}

EncoderSettings testSettings(Container container) {
    EncoderSettings s;
    s.container = container;
    s.width = kWidth;
    s.height = kHeight;
    s.frame_rate = kFps;
    s.keyframe_interval = kGop;
    s.audio_sample_rate = kRate;
    s.audio_channels = kChannels;
    return s;
}

EncoderSettings videoOnlySettings() {
    EncoderSettings s = testSettings(Container::kMatroska);
    s.audio_sample_rate = 0;
    return s;
}

// Writes kFrames pictures and 2 s of audio, interleaved as a recorder would.
void writeTwoSeconds(Encoder& encoder) {
    std::int64_t audio_written = 0;
    for (int i = 0; i < kFrames; ++i) {
        const std::int64_t pts_us = std::int64_t{i} * 1'000'000 / kFps;
        const auto bgr = movingPattern(i, kWidth, kHeight);
        ASSERT_TRUE(encoder.writeVideo({bgr.data(), kWidth, kHeight, kWidth * 3}, pts_us).ok());
        while (audio_written * 1'000'000 / kRate < pts_us + 1'000'000 / kFps) {
            const auto samples = sine(audio_written, kChunk);
            const std::int64_t audio_pts_us = audio_written * 1'000'000 / kRate;
            ASSERT_TRUE(encoder.writeAudio(samples, audio_pts_us).ok());
            audio_written += kChunk;
        }
    }
}

// Checks what ffprobe finds in a two-second test recording.
void expectTwoSecondRecording(const fs::path& file) {
    const auto streams = ffprobeJson(
        file,
        "-count_frames -show_entries stream=codec_type,codec_name,width,height,nb_read_frames");
    ASSERT_EQ(streams["streams"].size(), 2U) << streams.dump();
    const auto& video = streams["streams"][0];
    const auto& audio = streams["streams"][1];
    EXPECT_EQ(video["codec_type"], "video");
    EXPECT_EQ(video["codec_name"], "h264");
    EXPECT_EQ(video["width"], kWidth);
    EXPECT_EQ(video["height"], kHeight);
    EXPECT_EQ(video["nb_read_frames"], std::to_string(kFrames));
    EXPECT_EQ(audio["codec_type"], "audio");
    EXPECT_EQ(audio["codec_name"], "aac");

    const auto format = ffprobeJson(file, "-show_entries format=duration");
    EXPECT_NEAR(std::stod(format["format"]["duration"].get<std::string>()), 2.0, 1.0 / kFps);

    // Keyframes exactly every kGop frames.
    const auto frames =
        ffprobeJson(file, "-select_streams v -show_entries frame=key_frame,pict_type");
    ASSERT_EQ(frames["frames"].size(), static_cast<std::size_t>(kFrames));
    for (int i = 0; i < kFrames; ++i) {
        EXPECT_EQ(frames["frames"][i]["key_frame"], i % kGop == 0 ? 1 : 0) << "frame " << i;
    }

    // Audio runs from 0 to 2 s.
    const auto audio_frames =
        ffprobeJson(file, "-select_streams a -show_entries frame=pts_time,nb_samples");
    const auto& af = audio_frames["frames"];
    ASSERT_FALSE(af.empty());
    EXPECT_NEAR(std::stod(af.front()["pts_time"].get<std::string>()), 0.0, 0.05);
    const double end = std::stod(af.back()["pts_time"].get<std::string>()) +
                       af.back()["nb_samples"].get<double>() / kRate;
    EXPECT_NEAR(end, 2.0, 0.05);
}

TEST(Encoder, Mp4WithAudioIsWhatFfprobeExpects) {
    TempDir dir("encoder-mp4");
    const fs::path file = dir / "out.mp4";
    auto encoder = Encoder::open(file, testSettings(Container::kMp4));
    ASSERT_TRUE(encoder.ok()) << encoder.error().message;
    writeTwoSeconds(*encoder);
    ASSERT_TRUE(encoder->finish().ok());
    EXPECT_EQ(encoder->stats().video_frames_written, kFrames);
    EXPECT_EQ(encoder->stats().video_frames_dropped, 0);
    EXPECT_GE(encoder->stats().audio_samples_written, 2 * kRate);
    EXPECT_EQ(encoder->stats().bytes_written, static_cast<std::int64_t>(fs::file_size(file)));
    expectTwoSecondRecording(file);

    // faststart: the index (moov) comes before the media data (mdat).
    std::ifstream in(file, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), {});
    ASSERT_NE(bytes.find("moov"), std::string::npos);
    EXPECT_LT(bytes.find("moov"), bytes.find("mdat"));
}

TEST(Encoder, CrashSafeMatroskaKeepsAllButTheLastHalfSecond) {
    TempDir dir("encoder-mkv");
    const fs::path file = dir / "out.mkv";
    EncoderSettings settings = testSettings(Container::kMatroska);
    settings.crash_safe = true;
    auto encoder = Encoder::open(file, settings);
    ASSERT_TRUE(encoder.ok()) << encoder.error().message;
    writeTwoSeconds(*encoder);

    // What a crash right now would leave on disk: no trailer, nothing flushed by finish().
    const fs::path crashed = dir / "crashed.mkv";
    fs::copy_file(file, crashed);
    const auto survived =
        ffprobeJson(crashed, "-count_frames -select_streams v -show_entries stream=nb_read_frames");
    ASSERT_EQ(survived["streams"].size(), 1U) << survived.dump();
    const int frames = std::stoi(survived["streams"][0]["nb_read_frames"].get<std::string>());
    EXPECT_GE(frames, kFrames - kFps / 2 - 1) << "lost more than 0.5 s";

    ASSERT_TRUE(encoder->finish().ok());
    expectTwoSecondRecording(file);
}

TEST(Encoder, DestructorFinishesTheFile) {
    TempDir dir("encoder-dtor");
    const fs::path file = dir / "out.mp4";
    {
        auto encoder = Encoder::open(file, testSettings(Container::kMp4));
        ASSERT_TRUE(encoder.ok()) << encoder.error().message;
        writeTwoSeconds(*encoder);
    }
    expectTwoSecondRecording(file);
}

TEST(Encoder, MissingDirectoryGivesOneLineNamingTheFile) {
    TempDir dir("encoder-missing");
    const fs::path file = dir / "no" / "such" / "dir" / "out.mkv";
    auto encoder = Encoder::open(file, testSettings(Container::kMatroska));
    ASSERT_FALSE(encoder.ok());
    const std::string& message = encoder.error().message;
    EXPECT_NE(message.find(file.string()), std::string::npos) << message;
    EXPECT_NE(message.find("No such file or directory"), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
}

TEST(Encoder, FullDiskGivesAnErrorNamingTheFile) {
    // /dev/full accepts the open and fails every write with ENOSPC.
    const fs::path file = "/dev/full";
    EncoderSettings settings = testSettings(Container::kMatroska);
    settings.crash_safe = true;
    auto encoder = Encoder::open(file, settings);
    std::string message;
    if (!encoder.ok()) {
        message = encoder.error().message;
    } else {
        const auto bgr = movingPattern(0, kWidth, kHeight);
        for (int i = 0; i < kFrames && message.empty(); ++i) {
            Status s = encoder->writeVideo({bgr.data(), kWidth, kHeight, kWidth * 3},
                                           std::int64_t{i} * 40'000);
            if (!s) message = s.error().message;
        }
        if (message.empty()) {
            Status s = encoder->finish();
            if (!s) message = s.error().message;
        }
    }
    EXPECT_NE(message.find("/dev/full"), std::string::npos) << message;
    EXPECT_NE(message.find("No space left on device"), std::string::npos) << message;
}

TEST(Encoder, RepeatedTimestampsAreDroppedAndCounted) {
    TempDir dir("encoder-repeat");
    const fs::path file = dir / "out.mkv";
    auto encoder = Encoder::open(file, videoOnlySettings());
    ASSERT_TRUE(encoder.ok()) << encoder.error().message;
    // At 25 fps: 40 ms again and 50 ms (less than half a frame later) are repeats, 10 ms is
    // earlier than the last.
    for (const std::int64_t pts_us : {0, 40'000, 40'000, 50'000, 80'000, 10'000}) {
        const auto bgr = movingPattern(static_cast<int>(pts_us / 10'000), kWidth, kHeight);
        ASSERT_TRUE(encoder->writeVideo({bgr.data(), kWidth, kHeight, kWidth * 3}, pts_us).ok());
    }
    ASSERT_TRUE(encoder->finish().ok());
    EXPECT_EQ(encoder->stats().video_frames_written, 3);
    EXPECT_EQ(encoder->stats().video_frames_dropped, 3);
    const auto probe =
        ffprobeJson(file, "-count_frames -show_entries stream=codec_type,nb_read_frames");
    ASSERT_EQ(probe["streams"].size(), 1U) << probe.dump();
    EXPECT_EQ(probe["streams"][0]["nb_read_frames"], "3");
    EXPECT_FALSE(encoder->writeVideo({nullptr, 0, 0, 0}, 200'000).ok());
}

TEST(Encoder, KeyframeIntervalIsTheWholeFramesOfTheGap) {
    EXPECT_EQ(keyframeIntervalFor(30.0, 500'000), 15);
    EXPECT_EQ(keyframeIntervalFor(30000.0 / 1001.0, 500'000), 14);
    EXPECT_EQ(keyframeIntervalFor(25.0, 500'000), 12);
    EXPECT_EQ(keyframeIntervalFor(60.0, 500'000), 30);
    EXPECT_EQ(keyframeIntervalFor(2.0, 500'000), 1);
    EXPECT_EQ(keyframeIntervalFor(0.5, 500'000), 1);  // never less than one frame
}

// A camera that skips frames does not stretch a group of pictures past the gap: with 0.5 s
// at 30 fps (15 frames), every 7th frame missing, keyframes still come at least every 0.5 s,
// and every 15 frames where none is missing.
TEST(Encoder, MaxKeyframeGapHoldsWhenTheCameraSkipsFrames) {
    TempDir dir("encoder-keyframe-gap");
    for (const bool skipping : {false, true}) {
        const fs::path file = dir / (skipping ? "skipping.mkv" : "steady.mkv");
        EncoderSettings settings = videoOnlySettings();
        settings.frame_rate = 30;
        settings.keyframe_interval = keyframeIntervalFor(30.0, 500'000);
        settings.max_keyframe_gap_us = 500'000;
        settings.crash_safe = true;
        auto encoder = Encoder::open(file, settings);
        ASSERT_TRUE(encoder.ok()) << encoder.error().message;
        int written = 0;
        for (int i = 0; i < 90; ++i) {  // 3 s
            if (skipping && i % 7 == 6) continue;
            const auto bgr = movingPattern(i % 60, kWidth, kHeight);
            const std::int64_t pts_us = std::int64_t{i} * 1'000'000 / 30;
            ASSERT_TRUE(
                encoder->writeVideo({bgr.data(), kWidth, kHeight, kWidth * 3}, pts_us).ok());
            ++written;
        }
        ASSERT_TRUE(encoder->finish().ok());
        EXPECT_EQ(encoder->stats().video_frames_written, written);
        const double gap = mimic::testing::probeMaxKeyframeGapSeconds(file);
        EXPECT_GT(gap, 0.0) << file;
        EXPECT_LE(gap, 0.5) << file;
        if (!skipping) {
            EXPECT_EQ(mimic::testing::probeMaxKeyframeGap(file), 15);
            EXPECT_NEAR(gap, 0.5, 0.001);
        }
    }
}

TEST(Encoder, ScalesOtherSizesAndKeepsBgrColours) {
    TempDir dir("encoder-colour");
    const fs::path file = dir / "out.mkv";
    auto encoder = Encoder::open(file, videoOnlySettings());
    ASSERT_TRUE(encoder.ok()) << encoder.error().message;
    // A 640x480 picture, padded rows, pure blue in BGR order.
    constexpr int kBigW = 640, kBigH = 480, kStride = kBigW * 3 + 16;
    std::vector<std::uint8_t> bgr(static_cast<std::size_t>(kStride * kBigH), 0);
    for (int y = 0; y < kBigH; ++y) {
        for (int x = 0; x < kBigW; ++x)
            bgr[static_cast<std::size_t>(y * kStride + x * 3)] = 255;
    }
    for (int i = 0; i < 3; ++i) {
        ASSERT_TRUE(encoder->writeVideo({bgr.data(), kBigW, kBigH, kStride}, i * 40'000).ok());
    }
    ASSERT_TRUE(encoder->finish().ok());
    // Decode the first picture back to BGR with the ffmpeg CLI and look at its centre.
    const auto raw = runCommand("ffmpeg -v error -nostdin -i " + shellQuoted(file) +
                                " -frames:v 1 -f rawvideo -pix_fmt bgr24 - 2>/dev/null");
    ASSERT_EQ(raw.out.size(), static_cast<std::size_t>(kWidth * kHeight * 3));
    const std::size_t centre = static_cast<std::size_t>((kHeight / 2 * kWidth + kWidth / 2) * 3);
    EXPECT_NEAR(static_cast<std::uint8_t>(raw.out[centre]), 255, 8);
    EXPECT_NEAR(static_cast<std::uint8_t>(raw.out[centre + 1]), 0, 8);
    EXPECT_NEAR(static_cast<std::uint8_t>(raw.out[centre + 2]), 0, 8);
}

TEST(Encoder, AudioGapsAreFilledAndOverlapsTrimmed) {
    TempDir dir("encoder-audio");
    const fs::path file = dir / "out.mkv";
    auto encoder = Encoder::open(file, testSettings(Container::kMatroska));
    ASSERT_TRUE(encoder.ok()) << encoder.error().message;
    const auto half_second = sine(0, kRate / 2);
    ASSERT_TRUE(encoder->writeAudio(half_second, 0).ok());
    ASSERT_TRUE(encoder->writeAudio(half_second, 400'000).ok());    // 0.1 s overlap: trimmed
    ASSERT_TRUE(encoder->writeAudio(half_second, 1'500'000).ok());  // 0.6 s gap: silence
    ASSERT_TRUE(encoder->writeAudio(half_second, 2'003'000).ok());  // 3 ms late: jitter
    ASSERT_TRUE(encoder->finish().ok());
    EXPECT_EQ(encoder->stats().audio_samples_written, 5 * kRate / 2);
}

}  // namespace
}  // namespace mimic::media
