// Player engine against the ffmpeg CLI: every frame of a format matrix matches ffmpeg's
// framemd5 (count, md5, time), exact seeks land on the matching rows, probe info agrees
// with ffprobe, and the controls (keyframe seek, steps, segments) behave.
#include "media/player.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "media_test_util.h"

namespace mimic::media {
namespace {

using testing::ffmpegMake;
using testing::runCommand;
using testing::shellQuoted;
using testing::TempDir;

struct Row {
    std::int64_t pts_us = 0;
    std::string md5;
};

struct ClipSpec {
    std::string name;  // file name; its extension picks the container
    std::string args;  // ffmpeg arguments between the global options and the output
};

// Tiny clips (1-2 s, <= 176x144) so the whole matrix builds and checks in seconds.
const std::vector<ClipSpec>& matrix() {
    static const std::vector<ClipSpec> clips = {
        {"h264.mp4",
         "-f lavfi -i testsrc2=s=176x144:r=25:d=1.2 -f lavfi -i sine=f=440:d=1.2 -c:v libx264 "
         "-g 12 -bf 2 -pix_fmt yuv420p -c:a aac"},
        {"hevc8.mkv",
         "-f lavfi -i testsrc2=s=176x144:r=25:d=1.2 -c:v libx265 -x265-params "
         "keyint=12:log-level=none -pix_fmt yuv420p"},
        {"hevc10.mov",
         "-f lavfi -i testsrc2=s=128x96:r=30:d=1 -c:v libx265 -x265-params "
         "keyint=10:log-level=none -pix_fmt yuv420p10le -tag:v hvc1"},
        {"vp9.webm",
         "-f lavfi -i testsrc2=s=160x120:r=24:d=1.2 -f lavfi -i sine=f=1000:d=1.2 -c:v "
         "libvpx-vp9 -deadline realtime -cpu-used 8 -g 12 -c:a libopus"},
        {"av1.mkv",
         "-f lavfi -i testsrc2=s=176x144:r=25:d=1.2 -c:v libsvtav1 -g 12 -pix_fmt yuv420p"},
        {"mpeg4.avi",
         "-f lavfi -i testsrc2=s=176x144:r=25:d=1.2 -f lavfi -i sine=d=1.2 -c:v mpeg4 -g 12 "
         "-bf 2 -c:a pcm_s16le"},
        {"mjpeg_full.avi",
         "-f lavfi -i testsrc2=s=160x120:r=15:d=1 -c:v mjpeg -pix_fmt yuvj422p -q:v 5"},
        {"prores.mov", "-f lavfi -i testsrc2=s=128x96:r=25:d=0.6 -c:v prores_ks -profile:v 2"},
        {"ffv1_odd.mkv", "-f lavfi -i testsrc2=s=75x49:r=20:d=1 -c:v ffv1 -pix_fmt yuv420p"},
        {"h264_start.ts",
         "-f lavfi -i testsrc2=s=128x96:r=25:d=1.2 -f lavfi -i sine=d=1.2 -c:v libx264 -g 10 "
         "-bf 2 -c:a mp2"},
        {"vfr.mkv",
         "-f lavfi -i testsrc2=s=128x96:r=30:d=1.5 -vf "
         "'setpts=N/30/TB+gte(N\\,15)*0.2/TB+gte(N\\,30)*0.13/TB' -c:v libx264 -g 9 -bf 0"},
        {"offset.mkv",
         "-f lavfi -i testsrc2=s=128x96:r=25:d=1 -c:v libx264 -g 10 -output_ts_offset 2.5"},
        {"late_audio.mkv",
         "-f lavfi -i testsrc2=s=128x96:r=25:d=1.2 -itsoffset 0.4 -f lavfi -i sine=d=0.8 "
         "-map 0:v -map 1:a -c:v libx264 -g 12 -c:a libopus"},
        {"odd_444.mp4",
         "-f lavfi -i testsrc2=s=75x49:r=25:d=1 -c:v libx264 -pix_fmt yuv444p -g 25"},
    };
    return clips;
}

// ffmpeg's framemd5 of the first video stream, times in microseconds from the file start.
// -enc_time_base -1 keeps the stream's own time base so VFR times are not rounded to a
// guessed frame rate.
std::vector<Row> ffmpegFrameMd5(const std::filesystem::path& clip) {
    const auto r = runCommand("ffmpeg -v error -nostdin -i " + shellQuoted(clip) +
                              " -map 0:v:0 -fps_mode passthrough -enc_time_base -1 -f framemd5 "
                              "- 2>/dev/null");
    std::vector<Row> rows;
    std::istringstream in(r.out);
    std::int64_t tb_num = 1, tb_den = 1;
    for (std::string line; std::getline(in, line);) {
        if (line.rfind("#tb 0: ", 0) == 0) {
            std::sscanf(line.c_str(), "#tb 0: %ld/%ld", &tb_num, &tb_den);
            continue;
        }
        if (line.empty() || line[0] == '#') continue;
        std::vector<std::string> fields;
        std::istringstream f(line);
        for (std::string field; std::getline(f, field, ',');)
            fields.push_back(field.substr(field.find_first_not_of(' ')));
        if (fields.size() < 6) continue;
        const double pts = std::stod(fields[2]);
        rows.push_back(
            {std::llround(pts * 1e6 * static_cast<double>(tb_num) / static_cast<double>(tb_den)),
             fields[5]});
    }
    return rows;
}

// MPEG-TS: the ffmpeg CLI re-anchors a file with timestamp discontinuities at its first
// video packet, so its framemd5 times are not "stream time minus container start". There
// the times come from ffprobe (best_effort_timestamp_time minus the format start time).
void useFfprobeTimes(const std::filesystem::path& clip, std::vector<Row>& rows) {
    const auto frames = testing::ffprobeJson(
        clip,
        "-select_streams v:0 -show_frames -show_entries frame=best_effort_timestamp_time "
        "-show_entries format=start_time");
    const double start = std::stod(frames["format"]["start_time"].get<std::string>());
    const auto& list = frames["frames"];
    if (list.size() != rows.size()) return;  // the count check reports it
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const double t = std::stod(list[i]["best_effort_timestamp_time"].get<std::string>());
        rows[i].pts_us = std::llround((t - start) * 1e6);
    }
}

std::vector<Row> engineRows(Player& player, int count = -1) {
    std::vector<Row> rows;
    while (count < 0 || static_cast<int>(rows.size()) < count) {
        auto frame = player.nextFrame();
        if (!frame) break;
        rows.push_back({frame->pts_us(), frame->md5Hex()});
    }
    return rows;
}

// Index of the row on screen at `t_us`: the last with time <= t, the first if t is earlier.
std::size_t rowOnScreen(const std::vector<Row>& rows, std::int64_t t_us) {
    std::size_t index = 0;
    for (std::size_t i = 0; i < rows.size(); ++i)
        if (rows[i].pts_us <= t_us) index = i;
    return index;
}

// The next picture present() shows while paused, polled as a window does; nullopt after 5 s
// (a loaded machine, not a timing bound).
std::optional<VideoFrame> nextShown(Player& player) {
    for (int i = 0; i < 1000; ++i) {
        auto p = player.present(Clock::now());
        if (p.frame) return std::move(p.frame);
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return std::nullopt;
}

// From an exact seek to `start_index`'s frame, `count` random steps (back more often than
// forward, so they cross keyframes backwards): after each, the picture shown is ffmpeg's
// framemd5 picture at the index the steps reach.
void randomStepsMatchFramemd5(Player& player, const std::vector<Row>& expected,
                              std::size_t start_index, int count, std::mt19937& random) {
    player.pause();
    player.seek(expected[start_index].pts_us, SeekMode::kExact);
    std::size_t index = start_index;
    auto shown = nextShown(player);
    ASSERT_TRUE(shown.has_value());
    ASSERT_EQ(shown->md5Hex(), expected[index].md5) << "seek to frame " << index;
    std::bernoulli_distribution back(0.7);
    for (int n = 0; n < count; ++n) {
        if ((back(random) && index > 0) || index + 1 == expected.size()) {
            player.stepBack();
            --index;
        } else {
            player.stepForward();
            ++index;
        }
        shown = nextShown(player);
        ASSERT_TRUE(shown.has_value()) << "step " << n << " to frame " << index;
        ASSERT_EQ(shown->md5Hex(), expected[index].md5) << "step " << n << " to frame " << index;
        ASSERT_LE(std::llabs(shown->pts_us() - expected[index].pts_us), 500) << "step " << n;
        ASSERT_EQ(player.position_us(), shown->pts_us());
    }
}

// Steps one frame at a time from frame `from` (on screen) to frame `to`, checking each
// picture shown against ffmpeg's.
void stepThrough(Player& player, const std::vector<Row>& expected, int from, int to) {
    for (int index = from; index != to;) {
        index += to < from ? -1 : 1;
        if (to < from) {
            player.stepBack();
        } else {
            player.stepForward();
        }
        const auto shown = nextShown(player);
        ASSERT_TRUE(shown.has_value()) << "frame " << index;
        ASSERT_EQ(shown->md5Hex(), expected[static_cast<std::size_t>(index)].md5) << index;
    }
}

class PlayerMatrixTest : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        dir_ = new TempDir("player");
        for (const auto& clip : matrix()) {
            const auto path = *dir_ / clip.name;
            made_[clip.name] = ffmpegMake(path, clip.args);
            oracle_[clip.name] = ffmpegFrameMd5(path);
            if (path.extension() == ".ts") useFfprobeTimes(path, oracle_[clip.name]);
        }
    }
    static void TearDownTestSuite() {
        delete dir_;
        dir_ = nullptr;
    }
    static inline TempDir* dir_ = nullptr;
    static inline std::map<std::string, bool> made_;
    static inline std::map<std::string, std::vector<Row>> oracle_;
};

TEST_F(PlayerMatrixTest, EveryFrameMatchesFfmpegFramemd5) {
    for (const auto& clip : matrix()) {
        SCOPED_TRACE(clip.name);
        ASSERT_TRUE(made_[clip.name]) << "ffmpeg could not make the clip";
        const auto& expected = oracle_[clip.name];
        ASSERT_GE(expected.size(), 10U);
        auto player = Player::open(*dir_ / clip.name, {.decode_audio = false});
        ASSERT_TRUE(player.ok()) << player.error().message;
        const auto rows = engineRows(*player);
        ASSERT_EQ(rows.size(), expected.size());
        for (std::size_t i = 0; i < rows.size(); ++i) {
            EXPECT_EQ(rows[i].md5, expected[i].md5) << "frame " << i;
            EXPECT_LE(std::llabs(rows[i].pts_us - expected[i].pts_us), 500) << "frame " << i;
        }
    }
}

TEST_F(PlayerMatrixTest, FiftyRandomExactSeeksLandOnTheFrameOnScreen) {
    std::mt19937 random(20261128);
    for (const auto& clip : matrix()) {
        SCOPED_TRACE(clip.name);
        const auto& expected = oracle_[clip.name];
        ASSERT_FALSE(expected.empty());
        auto player = Player::open(*dir_ / clip.name, {.decode_audio = false});
        ASSERT_TRUE(player.ok()) << player.error().message;
        std::uniform_int_distribution<std::int64_t> time(-200'000,
                                                         expected.back().pts_us + 200'000);
        for (int n = 0; n < 50; ++n) {
            const std::int64_t t = time(random);
            player->seek(t, SeekMode::kExact);
            const auto rows = engineRows(*player, 3);
            const std::size_t first = rowOnScreen(expected, t);
            const std::size_t want = std::min<std::size_t>(3, expected.size() - first);
            ASSERT_EQ(rows.size(), want) << "seek to " << t << " us";
            for (std::size_t i = 0; i < want; ++i) {
                ASSERT_EQ(rows[i].md5, expected[first + i].md5) << "seek to " << t << " row " << i;
                ASSERT_LE(std::llabs(rows[i].pts_us - expected[first + i].pts_us), 500)
                    << "seek to " << t << " row " << i << " after seek " << n;
            }
        }
    }
}

TEST_F(PlayerMatrixTest, ProbeInfoAgreesWithFfprobe) {
    for (const auto& name : {"h264.mp4", "mjpeg_full.avi", "h264_start.ts", "hevc10.mov"}) {
        SCOPED_TRACE(name);
        const auto path = *dir_ / name;
        auto info = probeMedia(path);
        ASSERT_TRUE(info.ok()) << info.error().message;
        const auto probe =
            testing::ffprobeJson(path, "-select_streams v:0 -show_streams -show_format");
        const auto& s = probe["streams"][0];
        EXPECT_EQ(info->video.codec, s["codec_name"].get<std::string>());
        EXPECT_EQ(info->video.width, s["width"].get<int>());
        EXPECT_EQ(info->video.height, s["height"].get<int>());
        EXPECT_EQ(info->video.pixel_format, s["pix_fmt"].get<std::string>());
        if (s.contains("color_range")) {
            EXPECT_EQ(info->video.colour_range, s["color_range"].get<std::string>());
        }
        EXPECT_NEAR(static_cast<double>(info->start_time_us) / 1e6,
                    std::stod(probe["format"]["start_time"].get<std::string>()), 1e-3);
        EXPECT_EQ(info->size_bytes, static_cast<std::int64_t>(std::filesystem::file_size(path)));
        EXPECT_GT(info->video.frame_rate, 0.0);
        EXPECT_GT(info->video.keyframe_interval_s, 0.0);
    }
    auto mjpeg = probeMedia(*dir_ / "mjpeg_full.avi");
    ASSERT_TRUE(mjpeg.ok());
    EXPECT_EQ(mjpeg->video.colour_range, "pc");
    auto h264 = probeMedia(*dir_ / "h264.mp4");
    ASSERT_TRUE(h264.ok());
    EXPECT_NEAR(h264->video.keyframe_interval_s, 12 / 25.0, 0.05);
    ASSERT_TRUE(h264->audio.has_value());
    EXPECT_EQ(h264->audio->codec, "aac");
    EXPECT_EQ(h264->streams.size(), 2U);
}

TEST_F(PlayerMatrixTest, RotationComesFromTheDisplayMatrix) {
    const auto rotated = *dir_ / "rotated.mp4";
    ASSERT_TRUE(ffmpegMake(
        rotated, "-i " + shellQuoted(*dir_ / "h264.mp4") + " -c copy -metadata:s:v:0 rotate=90"));
    auto info = probeMedia(rotated);
    ASSERT_TRUE(info.ok()) << info.error().message;
    // ffprobe prints the display matrix's counter-clockwise angle; the ffmpeg CLI turns the
    // picture clockwise by its negation (transpose=cclock for +90).
    const auto probe = testing::ffprobeJson(rotated, "-select_streams v:0 -show_streams");
    int ccw = 0;
    for (const auto& side : probe["streams"][0]["side_data_list"])
        if (side.contains("rotation")) ccw = side["rotation"].get<int>();
    ASSERT_NE(ccw, 0);
    EXPECT_EQ(info->video.rotation_degrees, ((-ccw) % 360 + 360) % 360);
    EXPECT_EQ(probeMedia(*dir_ / "h264.mp4")->video.rotation_degrees, 0);
}

TEST_F(PlayerMatrixTest, KeyframeSeekStepsAndSegments) {
    const auto& expected = oracle_["h264.mp4"];
    auto player = Player::open(*dir_ / "h264.mp4", {.decode_audio = false});
    ASSERT_TRUE(player.ok()) << player.error().message;
    // Keyframes every 12 frames at 25 fps: a keyframe seek to 0.7 s lands on frame 12.
    player->seek(700'000, SeekMode::kKeyframe);
    auto frame = player->nextFrame();
    ASSERT_TRUE(frame.has_value());
    EXPECT_EQ(frame->md5Hex(), expected[12].md5);

    // Stepping while paused, through present().
    player->seek(400'000, SeekMode::kExact);
    auto shown = [&] { return nextShown(*player); };
    auto at = shown();
    ASSERT_TRUE(at.has_value());
    EXPECT_EQ(at->md5Hex(), expected[10].md5);
    player->stepForward();
    auto next = shown();
    ASSERT_TRUE(next.has_value());
    EXPECT_EQ(next->md5Hex(), expected[11].md5);
    player->stepBack();
    player->stepBack();
    // Two step-backs before presenting: the second counts from where the first landed.
    auto back = shown();
    ASSERT_TRUE(back.has_value());
    EXPECT_TRUE(back->md5Hex() == expected[10].md5 || back->md5Hex() == expected[9].md5);

    // Stepping back from a keyframe (frame 12) lands on the frame before it, in the GOP
    // before (the window-keys test paused once just before one and stayed on it).
    player->seek(440'000, SeekMode::kExact);
    auto before_key = shown();
    ASSERT_TRUE(before_key.has_value());
    EXPECT_EQ(before_key->md5Hex(), expected[11].md5);
    player->stepForward();
    auto key = shown();
    ASSERT_TRUE(key.has_value());
    EXPECT_EQ(key->md5Hex(), expected[12].md5);
    player->stepBack();
    auto back_over_key = shown();
    ASSERT_TRUE(back_over_key.has_value());
    EXPECT_EQ(back_over_key->md5Hex(), expected[11].md5);

    // A segment [0.2, 0.4) plays its 5 frames on the wall clock, then ends.
    player->setSegment(200'000, 400'000, /*loop=*/false);
    player->play();
    std::vector<std::string> seen;
    const auto deadline = Clock::now() + std::chrono::seconds(5);
    for (;;) {
        auto p = player->present(Clock::now());
        if (p.frame) seen.push_back(p.frame->md5Hex());
        if (p.ended || Clock::now() > deadline) break;
        std::this_thread::sleep_until(
            std::min(p.next_due, Clock::now() + std::chrono::milliseconds(5)));
    }
    ASSERT_FALSE(seen.empty());
    EXPECT_EQ(seen.front(), expected[5].md5);
    EXPECT_EQ(seen.back(), expected[9].md5);
    EXPECT_LE(seen.size(), 5U);
}

// Frame steps in any order show exactly ffmpeg's pictures: B-frames, VFR, HEVC, VP9, and
// steps back over keyframes (served from the kept group, or by decoding the group before).
TEST_F(PlayerMatrixTest, RandomFrameStepsMatchFramemd5) {
    std::mt19937 random(20261202);
    for (const char* name : {"h264.mp4", "vfr.mkv", "hevc8.mkv", "vp9.webm", "h264_start.ts"}) {
        SCOPED_TRACE(name);
        const auto& expected = oracle_[name];
        ASSERT_GE(expected.size(), 10U);
        auto player = Player::open(*dir_ / name, {.decode_audio = false});
        ASSERT_TRUE(player.ok()) << player.error().message;
        for (int run = 0; run < 3; ++run) {
            std::uniform_int_distribution<std::size_t> start(0, expected.size() - 1);
            randomStepsMatchFramemd5(*player, expected, start(random), 40, random);
            if (HasFatalFailure()) return;
        }
    }
}

// A practice recording's group of pictures (a keyframe every 15 frames, no B-frames): from its
// last frame, stepping back through the whole group decodes nothing again, and stepping back
// over its keyframe decodes the group before once.
TEST(PlayerTest, SteppingBackDecodesEachGroupOfPicturesOnce) {
    TempDir dir("player-step-cache");
    const auto clip = dir.path() / "practice.mkv";
    ASSERT_TRUE(ffmpegMake(clip,
                           "-f lavfi -i testsrc2=s=320x240:r=30:d=2 -c:v libx264 -preset "
                           "ultrafast -tune zerolatency -g 15 -x264-params scenecut=0 "
                           "-pix_fmt yuv420p"));
    const auto expected = ffmpegFrameMd5(clip);
    ASSERT_EQ(expected.size(), 60U);
    auto player = Player::open(clip, {.decode_audio = false});
    ASSERT_TRUE(player.ok()) << player.error().message;
    player->pause();
    // Frame 44 closes the third group (keyframes at 0, 15, 30, 45). The exact seek decodes
    // frames 30..44; the decoder reads ahead at most a few frames (until its queue is full)
    // after the open and after each seek.
    player->seek(expected[44].pts_us, SeekMode::kExact);
    auto shown = nextShown(*player);
    ASSERT_TRUE(shown.has_value());
    ASSERT_EQ(shown->md5Hex(), expected[44].md5);
    constexpr std::int64_t kReadAhead = 8;  // the frame queue (4), one in hand, slack
    stepThrough(*player, expected, 44, 30);
    if (HasFatalFailure()) return;
    // Exact seeks for each step back would decode 14 + 13 + ... + 1 more.
    EXPECT_LE(player->stats().frames_decoded, 15 + 2 * kReadAhead);
    // Over the keyframe: the group 15..29 is decoded once (plus its read-ahead), and every
    // step back through it is served from memory.
    stepThrough(*player, expected, 30, 15);
    if (HasFatalFailure()) return;
    EXPECT_LE(player->stats().frames_decoded, 2 * 15 + 3 * kReadAhead);
    // Forward again inside the kept group, then on from the decoder: still exact.
    stepThrough(*player, expected, 15, 33);
}

// A group of pictures longer than the cache (100 frames, 64 kept): the steps back beyond what
// is kept decode again and stay exact; playing after steps back starts from the frame shown.
TEST(PlayerTest, StepsBackBeyondTheKeptFramesAndPlayingOnStayExact) {
    TempDir dir("player-step-long-gop");
    const auto clip = dir.path() / "long_gop.mp4";
    ASSERT_TRUE(ffmpegMake(clip,
                           "-f lavfi -i testsrc2=s=160x120:r=25:d=5 -c:v libx264 -g 100 -bf 2 "
                           "-x264-params scenecut=0 -pix_fmt yuv420p"));
    const auto expected = ffmpegFrameMd5(clip);
    ASSERT_EQ(expected.size(), 125U);
    auto player = Player::open(clip, {.decode_audio = false});
    ASSERT_TRUE(player.ok()) << player.error().message;
    std::mt19937 random(7);
    randomStepsMatchFramemd5(*player, expected, 99, 90, random);
    if (HasFatalFailure()) return;
    player->seek(expected[99].pts_us, SeekMode::kExact);
    ASSERT_TRUE(nextShown(*player).has_value());
    stepThrough(*player, expected, 99, 20);
    if (HasFatalFailure()) return;
    // Back 3 within the kept frames, then play: the pictures follow frame 17.
    for (int i = 0; i < 3; ++i) {
        player->stepBack();
        ASSERT_TRUE(nextShown(*player).has_value());
    }
    player->play();
    std::vector<std::string> seen;
    const auto deadline = Clock::now() + std::chrono::seconds(10);
    while (seen.size() < 5 && Clock::now() < deadline) {
        auto p = player->present(Clock::now());
        if (p.frame) seen.push_back(p.frame->md5Hex());
        std::this_thread::sleep_until(
            std::min(p.next_due, Clock::now() + std::chrono::milliseconds(5)));
    }
    ASSERT_FALSE(seen.empty());
    EXPECT_EQ(seen.front(), expected[17].md5);  // the frame on screen, shown again
    // Then later frames in order (a loaded machine may drop some while playing).
    auto after = expected.begin() + 17;
    for (std::size_t i = 1; i < seen.size(); ++i) {
        after = std::find_if(after + 1, expected.end(),
                             [&](const Row& row) { return row.md5 == seen[i]; });
        ASSERT_NE(after, expected.end()) << "picture " << i;
    }
    // Paused after playing (which keeps no frames): steps back from the last picture shown
    // decode its group once, and stay exact.
    player->pause();
    const int on_screen = static_cast<int>(after - expected.begin());
    stepThrough(*player, expected, on_screen, on_screen - 6);
}

// The window-keys test paused on the frame before a keyframe, stepped onto the keyframe and
// back, and stayed there. Stepping back from a keyframe lands first on the keyframe itself
// and seeks again further back; while paused nobody takes the sound, the audio queues stay
// full, and the demuxer, blocked on them, never took that second seek.
TEST(PlayerTest, SteppingBackFromAKeyframeWhilePausedWithSound) {
    TempDir dir("player-step-sound");
    const auto clip = dir.path() / "gop3.mp4";
    // A keyframe every third frame, and 20 s of sound: more than the queues hold.
    ASSERT_TRUE(ffmpegMake(clip,
                           "-f lavfi -i testsrc2=s=320x180:r=30 -f lavfi -i sine=f=440:r=48000 "
                           "-t 20 -c:v libx264 -g 3 -bf 0 -pix_fmt yuv420p -c:a aac -shortest"));
    auto player = Player::open(clip);
    ASSERT_TRUE(player.ok()) << player.error().message;
    player->attachAudio();  // as a window does; paused, nothing plays the sound
    player->pause();
    const auto shown = [&]() -> std::optional<std::int64_t> {
        for (int i = 0; i < 1000; ++i) {  // up to 5 s: a loaded machine, not a timing bound
            auto p = player->present(Clock::now());
            if (p.frame) return p.frame->pts_us();
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        return std::nullopt;
    };
    // Frame 116 (3.867 s) is just before the keyframe 117 (3.900 s).
    player->seek(3'866'667, SeekMode::kExact);
    const auto before = shown();
    ASSERT_TRUE(before.has_value());
    // Let the decoders fill every queue while paused, as they do in a window.
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    player->stepForward();
    const auto key = shown();
    ASSERT_TRUE(key.has_value());
    EXPECT_EQ(*key, 3'900'000);
    player->stepBack();
    const auto back = shown();
    ASSERT_TRUE(back.has_value()) << "stepping back from the keyframe showed nothing";
    EXPECT_EQ(*back, *before);
}

// A device asks for sound as soon as playback starts, while the first picture may still be
// decoding. The sound waits for that picture: otherwise the clock starts ahead of it and the
// pictures that follow are already late (the child's screen dropped one in every start).
TEST(PlayerTest, TheSoundStartsWithTheFirstPicture) {
    TempDir dir("player-sound-waits");
    const auto clip = dir.path() / "av.mp4";
    ASSERT_TRUE(ffmpegMake(clip,
                           "-f lavfi -i testsrc2=s=320x180:r=30 -f lavfi -i sine=f=440:r=48000 "
                           "-t 2 -c:v libx264 -bf 0 -pix_fmt yuv420p -c:a aac -shortest"));
    auto player = Player::open(clip);
    ASSERT_TRUE(player.ok()) << player.error().message;
    const auto format = player->audioFormat();
    ASSERT_TRUE(format.has_value());
    player->attachAudio();
    player->play();
    std::vector<float> buffer(static_cast<std::size_t>(1024 * format->channels));
    const auto loudest = [&] {
        float peak = 0.0F;
        for (float v : buffer)
            peak = std::max(peak, std::abs(v));
        return peak;
    };
    // The device runs for ten buffers (213 ms) before anyone presents a picture: the decoders
    // have had time to fill the sound queue, and none of it may be played yet.
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    const auto start = Clock::now();
    for (int i = 0; i < 10; ++i) {
        player->fillAudio(buffer, start);
        EXPECT_EQ(loudest(), 0.0F) << "sound played before the first picture (buffer " << i << ")";
    }
    std::optional<std::int64_t> first;
    for (int i = 0; i < 1000 && !first; ++i) {  // up to 5 s: a loaded machine, not a bound
        auto p = player->present(Clock::now());
        if (p.frame)
            first = p.frame->pts_us();
        else
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    ASSERT_EQ(first, 0);
    // Now the sound starts, from the start of the file: heard at t0, the clock reads 0 there.
    const auto t0 = Clock::now();
    player->fillAudio(buffer, t0);
    EXPECT_GT(loudest(), 0.1F) << "the sound did not start with the picture";
    // 40 ms later (by the clock given, not by waiting) the second picture is due, and only it.
    std::optional<std::int64_t> second;
    for (int i = 0; i < 1000 && !second; ++i) {
        auto p = player->present(t0 + std::chrono::milliseconds(40));
        if (p.frame)
            second = p.frame->pts_us();
        else
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    EXPECT_EQ(second, 33'333);
    EXPECT_EQ(player->stats().frames_dropped, 0);
}

}  // namespace
}  // namespace mimic::media
