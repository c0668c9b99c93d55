// Every video frame's time (issue 12: review takes them as numbers): the frames ffprobe
// decodes, at the times it prints less the container's start, for files whose frames are
// not simply evenly spaced from 0 (B-frames and AAC in MP4, a stream that starts late in
// Matroska, a variable frame rate).
#include "media/frame_times.h"

#include <gtest/gtest.h>

#include <cmath>

#include "media_test_util.h"

namespace mimic::media {
namespace {

using testing::ffmpegMake;
using testing::ffprobeJson;
using testing::TempDir;

// ffprobe's frame times in µs from the container's start.
std::vector<std::int64_t> ffprobeTimes(const std::filesystem::path& file) {
    const auto format = ffprobeJson(file, "-show_entries format=start_time");
    const double start = std::stod(format["format"].value("start_time", std::string("0")));
    const auto frames = ffprobeJson(file, "-select_streams v:0 -show_entries frame=pts_time");
    std::vector<std::int64_t> times;
    for (const auto& frame : frames["frames"])
        times.push_back(
            std::llround((std::stod(frame["pts_time"].get<std::string>()) - start) * 1e6));
    std::sort(times.begin(), times.end());
    return times;
}

void expectSameTimes(const std::filesystem::path& file) {
    auto ours = videoFrameTimes(file);
    ASSERT_TRUE(ours.ok()) << ours.error().message;
    const std::vector<std::int64_t> theirs = ffprobeTimes(file);
    ASSERT_EQ(ours->size(), theirs.size()) << file;
    ASSERT_FALSE(theirs.empty());
    for (std::size_t i = 0; i < theirs.size(); ++i)
        EXPECT_NEAR((*ours)[i], theirs[i], 1) << file << " frame " << i;  // ffprobe: 6 decimals
}

TEST(FrameTimes, MatchFfprobeOnMp4WithBFramesAndSound) {
    TempDir dir("frame-times");
    const auto clip = dir / "clip.mp4";
    ASSERT_TRUE(ffmpegMake(clip,
                           "-f lavfi -i testsrc2=s=96x64:r=30:d=2 -f lavfi -i "
                           "sine=r=48000:d=2 -c:v libx264 -bf 2 -c:a aac"));
    expectSameTimes(clip);
}

TEST(FrameTimes, MatchFfprobeOnALateStartAndAVariableRate) {
    TempDir dir("frame-times");
    // Matroska whose video starts 0.4 s after its sound, at an uneven rate.
    const auto late = dir / "late.mkv";
    ASSERT_TRUE(ffmpegMake(late,
                           "-f lavfi -i testsrc2=s=96x64:r=25:d=1 -f lavfi -i "
                           "sine=r=48000:d=2 -filter:v setpts=PTS+0.4/TB "
                           "-c:v libx264 -c:a libopus"));
    expectSameTimes(late);
    const auto uneven = dir / "uneven.mkv";
    ASSERT_TRUE(ffmpegMake(uneven,
                           "-f lavfi -i testsrc2=s=96x64:r=30:d=1 -filter:v "
                           "\"setpts='PTS+if(gt(N,10),0.1/TB,0)'\" -fps_mode "
                           "passthrough -c:v libx264"));
    expectSameTimes(uneven);
}

TEST(FrameTimes, AFileWithoutVideoIsAnErrorNamingIt) {
    TempDir dir("frame-times");
    const auto sound = dir / "sound.wav";
    ASSERT_TRUE(ffmpegMake(sound, "-f lavfi -i sine=r=48000:d=1"));
    auto times = videoFrameTimes(sound);
    ASSERT_FALSE(times.ok());
    EXPECT_NE(times.error().message.find("sound.wav"), std::string::npos);
    EXPECT_FALSE(videoFrameTimes(dir / "missing.mp4").ok());
}

}  // namespace
}  // namespace mimic::media
