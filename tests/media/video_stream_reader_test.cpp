#include "media/video_stream_reader.h"

#include <gtest/gtest.h>

#include <sys/stat.h>

#include <sstream>
#include <string>
#include <vector>

#include "media/bgr_converter.h"
#include "media/encoder.h"
#include "media_test_util.h"

namespace mimic::media {
namespace {

namespace fs = std::filesystem;
using testing::ffmpegMake;
using testing::runCommand;
using testing::shellQuoted;
using testing::TempDir;

constexpr int kFrames = 20;
constexpr const char* kCameraSource = "-f lavfi -i testsrc2=s=320x240:r=25 -frames:v 20";

// The MD5 column of `ffmpeg -f framemd5` for the video of `path`, one per picture, decoded as
// the ffmpeg CLI decodes it (no conversion: -pix_fmt of the source).
std::vector<std::string> framemd5(const fs::path& path) {
    const auto r = runCommand("ffmpeg -v error -nostdin -i " + shellQuoted(path) +
                              " -map 0:v -f framemd5 - 2>/dev/null");
    std::vector<std::string> hashes;
    std::istringstream lines(r.out);
    for (std::string line; std::getline(lines, line);) {
        if (line.empty() || line[0] == '#') continue;
        hashes.push_back(line.substr(line.rfind(',') + 1));
        hashes.back().erase(0, hashes.back().find_first_not_of(' '));
    }
    return hashes;
}

// Every picture of `path` through VideoStreamReader; fails the test on an error.
std::vector<VideoFrame> readAll(const fs::path& path) {
    std::vector<VideoFrame> pictures;
    auto reader = VideoStreamReader::open(path);
    EXPECT_TRUE(reader.ok()) << reader.error().message;
    if (!reader) return pictures;
    for (;;) {
        auto picture = reader->next();
        EXPECT_TRUE(picture.ok()) << picture.error().message;
        if (!picture || !*picture) break;
        pictures.push_back(std::move(**picture));
    }
    return pictures;
}

TEST(VideoStreamReader, NutCameraStreamComesOutAsDecodedByFfmpeg) {
    TempDir dir("stream-reader");
    const fs::path nut = dir / "camera.nut";
    ASSERT_TRUE(ffmpegMake(nut, std::string(kCameraSource) + " -c:v rawvideo -pix_fmt yuv420p"));
    auto reader = VideoStreamReader::open(nut);
    ASSERT_TRUE(reader.ok()) << reader.error().message;
    EXPECT_EQ(reader->width(), 320);
    EXPECT_EQ(reader->height(), 240);
    EXPECT_DOUBLE_EQ(reader->frameRate(), 25.0);

    const std::vector<VideoFrame> pictures = readAll(nut);
    const std::vector<std::string> oracle = framemd5(nut);
    ASSERT_EQ(pictures.size(), static_cast<std::size_t>(kFrames));
    ASSERT_EQ(oracle.size(), pictures.size());
    for (std::size_t i = 0; i < pictures.size(); ++i) {
        EXPECT_EQ(pictures[i].pixelFormat(), "yuv420p");
        EXPECT_EQ(pictures[i].md5Hex(), oracle[i]) << "picture " << i;
        EXPECT_EQ(pictures[i].pts_us(), static_cast<std::int64_t>(i) * 40'000);
    }
}

TEST(VideoStreamReader, FifoEndsWhenItsWriterEnds) {
    TempDir dir("stream-fifo");
    const fs::path fifo = dir / "camera.fifo";
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    runCommand("ffmpeg -v error -nostdin -y " + std::string(kCameraSource) +
               " -f nut -c:v rawvideo -pix_fmt yuv420p " + shellQuoted(fifo) +
               " >/dev/null 2>&1 &");
    EXPECT_EQ(readAll(fifo).size(), static_cast<std::size_t>(kFrames));
}

TEST(VideoStreamReader, NonVideoIsExplainedNamingTheFile) {
    TempDir dir("stream-bad");
    const fs::path text = dir / "x.nut";
    runCommand("echo 'not a stream' > " + shellQuoted(text));
    auto reader = VideoStreamReader::open(text);
    ASSERT_FALSE(reader.ok());
    EXPECT_NE(reader.error().message.find(text.string()), std::string::npos);
}

// The recorder's path for a FIFO camera: yuv420p pictures go into the encoder as they are.
// Losslessly encoded (CRF 0), the file decodes to exactly the camera's pictures, all planes;
// the same pictures through BGR (what the recorder did before) do not survive unchanged.
TEST(Encoder, YuvPicturesGoInUnconvertedBitExact) {
    TempDir dir("encode-yuv");
    const fs::path nut = dir / "camera.nut";
    ASSERT_TRUE(ffmpegMake(nut, std::string(kCameraSource) + " -c:v rawvideo -pix_fmt yuv420p"));
    const std::vector<VideoFrame> pictures = readAll(nut);
    ASSERT_EQ(pictures.size(), static_cast<std::size_t>(kFrames));

    EncoderSettings settings;
    settings.width = 320;
    settings.height = 240;
    settings.frame_rate = 25;
    settings.keyframe_interval = 5;
    settings.crf = 0;  // lossless
    settings.crash_safe = true;
    const fs::path direct = dir / "direct.mkv";
    const fs::path via_bgr = dir / "via-bgr.mkv";
    {
        auto encoder = Encoder::open(direct, settings);
        ASSERT_TRUE(encoder.ok()) << encoder.error().message;
        for (const VideoFrame& picture : pictures) {
            ASSERT_TRUE(encoder->writeVideo(picture, picture.pts_us()).ok());
        }
        ASSERT_TRUE(encoder->finish().ok());
        EXPECT_EQ(encoder->stats().video_frames_written, kFrames);
    }
    {
        auto encoder = Encoder::open(via_bgr, settings);
        ASSERT_TRUE(encoder.ok()) << encoder.error().message;
        BgrConverter converter;
        std::vector<std::uint8_t> bgr(320 * 240 * 3);
        for (const VideoFrame& picture : pictures) {
            ASSERT_TRUE(converter.convert(picture, bgr.data(), 320 * 3).ok());
            ASSERT_TRUE(
                encoder->writeVideo(BgrImageView{bgr.data(), 320, 240, 320 * 3}, picture.pts_us())
                    .ok());
        }
        ASSERT_TRUE(encoder->finish().ok());
    }
    const std::vector<std::string> source = framemd5(nut);
    EXPECT_EQ(framemd5(direct), source);
    const std::vector<std::string> round_trip = framemd5(via_bgr);
    ASSERT_EQ(round_trip.size(), source.size());
    EXPECT_NE(round_trip, source) << "negative control: BGR and back is not bit-exact";

    // The decoder marks every raw picture a keyframe; the encoder must still place its own,
    // every keyframe_interval pictures.
    const auto flags = runCommand(
        "ffprobe -v error -select_streams v:0 -show_entries "
        "packet=flags -of csv=p=0 " +
        shellQuoted(direct));
    std::string keys;
    std::istringstream lines(flags.out);
    for (std::string line; std::getline(lines, line);)
        keys += line.find('K') != std::string::npos ? 'K' : '.';
    EXPECT_EQ(keys, "K....K....K....K....");
}

}  // namespace
}  // namespace mimic::media
