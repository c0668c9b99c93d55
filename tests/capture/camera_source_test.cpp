#include "capture/camera_source.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "capture/preview.h"
#include "capture_test_util.h"
#include "media/video_frame.h"

namespace mimic::capture {
namespace {

TEST(CameraSpec, ParsesSyntheticIndexAndPath) {
    EXPECT_EQ(parseCameraSpec("synthetic").kind, CameraKind::kSynthetic);
    const CameraSpec device = parseCameraSpec("2");
    EXPECT_EQ(device.kind, CameraKind::kDevice);
    EXPECT_EQ(device.device_index, 2);
    const CameraSpec path = parseCameraSpec("/tmp/cam.fifo");
    EXPECT_EQ(path.kind, CameraKind::kPath);
    EXPECT_EQ(path.path, "/tmp/cam.fifo");
    EXPECT_EQ(parseCameraSpec("").kind, CameraKind::kNone);
    EXPECT_FALSE(CameraSource::open(parseCameraSpec("")).ok());
}

TEST(SyntheticCamera, MovesAndIsPacedInRealTime) {
    auto camera = CameraSource::open(parseCameraSpec("synthetic"));
    ASSERT_TRUE(camera.ok()) << camera.error().message;
    EXPECT_EQ((*camera)->width(), 640);
    EXPECT_EQ((*camera)->height(), 480);
    auto first = (*camera)->read();
    ASSERT_TRUE(first.ok());
    ASSERT_EQ(first->bgr.size(), 640u * 480u * 3u);
    Result<CameraFrame> last = first;
    for (int i = 0; i < 15; ++i) {
        last = (*camera)->read();
        ASSERT_TRUE(last.ok());
    }
    // 15 frame periods at 30 fps is 500 ms; allow a loaded machine to be late, not early.
    const auto elapsed = last->arrival - first->arrival;
    EXPECT_GE(elapsed, std::chrono::milliseconds(480));
    EXPECT_LT(elapsed, std::chrono::milliseconds(1500));
    EXPECT_NE(first->bgr, last->bgr) << "the pattern must move";
}

TEST(CameraSource, MissingDeviceAndBadFilesAreExplained) {
    auto device = CameraSource::open(parseCameraSpec("9"));
    ASSERT_FALSE(device.ok());
    EXPECT_EQ(device.error().message, "camera 9 (/dev/video9) cannot be opened: no such device");
    auto missing = CameraSource::open(parseCameraSpec("/no/such.mp4"));
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().message, "camera /no/such.mp4 cannot be opened: no such file");
    const auto dir = testing::scratchDir("bad");
    std::ofstream(dir / "x.mp4") << "not a video at all";
    auto text = CameraSource::open(parseCameraSpec((dir / "x.mp4").string()));
    ASSERT_FALSE(text.ok());
    EXPECT_NE(text.error().message.find("not a readable video stream"), std::string::npos);
    auto folder = CameraSource::open(parseCameraSpec(dir.string()));
    ASSERT_FALSE(folder.ok());
    EXPECT_NE(folder.error().message.find("not a file or FIFO"), std::string::npos);
    std::filesystem::remove_all(dir);
}

TEST(CameraSource, FifoDeliversFramesUntilItsWriterEnds) {
    const auto dir = testing::scratchDir("fifo");
    testing::FifoCamera fifo(dir, 1.0);
    auto camera = CameraSource::open(parseCameraSpec(fifo.path().string()));
    ASSERT_TRUE(camera.ok()) << camera.error().message;
    EXPECT_EQ((*camera)->width(), 320);
    int frames = 0;
    Result<CameraFrame> frame = (*camera)->read();
    for (; frame.ok() && frames < 100; frame = (*camera)->read())
        ++frames;
    ASSERT_FALSE(frame.ok());
    EXPECT_NE(frame.error().message.find("stopped sending frames"), std::string::npos);
    EXPECT_GE(frames, 25);
    EXPECT_LE(frames, 31);
    std::filesystem::remove_all(dir);
}

// A FIFO camera's frames are the stream's own yuv420p pictures, unconverted: exactly what the
// ffmpeg CLI decodes from the same source (its framemd5), in order from the first.
TEST(CameraSource, FifoFramesAreTheStreamsOwnYuvPictures) {
    const auto dir = testing::scratchDir("fifo-yuv");
    testing::FifoCamera fifo(dir, 1.0);
    auto camera = CameraSource::open(parseCameraSpec(fifo.path().string()));
    ASSERT_TRUE(camera.ok()) << camera.error().message;
    std::istringstream oracle(testing::capture(
        "ffmpeg -v error -nostdin -f lavfi -i testsrc2=s=320x240:r=30 -frames:v 10 "
        "-pix_fmt yuv420p -f framemd5 - 2>/dev/null"));
    int compared = 0;
    for (std::string line; std::getline(oracle, line);) {
        if (line.empty() || line[0] == '#') continue;
        const std::string md5 = line.substr(line.find_last_of(" ,") + 1);
        auto frame = (*camera)->read();
        ASSERT_TRUE(frame.ok()) << frame.error().message;
        ASSERT_NE(frame->picture, nullptr);
        EXPECT_TRUE(frame->bgr.empty());
        EXPECT_EQ(frame->picture->pixelFormat(), "yuv420p");
        EXPECT_EQ(frame->picture->md5Hex(), md5) << "frame " << compared;
        ++compared;
    }
    EXPECT_EQ(compared, 10);
    std::filesystem::remove_all(dir);
}

// The preview of a YUV camera frame: BGR of the frame's size, converted when asked, and the
// mirrored slot's picture is the plain one flipped left to right.
TEST(PreviewSlot, YuvFramesAreConvertedAndMirroredWhenAsked) {
    const auto dir = testing::scratchDir("preview-yuv");
    testing::FifoCamera fifo(dir, 1.0);
    auto camera = CameraSource::open(parseCameraSpec(fifo.path().string()));
    ASSERT_TRUE(camera.ok()) << camera.error().message;
    auto frame = (*camera)->read();
    ASSERT_TRUE(frame.ok()) << frame.error().message;
    PreviewSlot mirrored;
    PreviewSlot plain(false);
    mirrored.offer(*frame);
    plain.offer(*frame);
    auto m = mirrored.latest();
    auto p = plain.latest();
    ASSERT_TRUE(m && p);
    EXPECT_FALSE(mirrored.latest(m->sequence).has_value());
    ASSERT_EQ(p->width, 320);
    ASSERT_EQ(p->height, 240);
    ASSERT_EQ(p->bgr.size(), 320u * 240u * 3u);
    ASSERT_EQ(m->bgr.size(), p->bgr.size());
    // testsrc2 is colourful: the picture is not flat, so the flip is a real check.
    EXPECT_NE(p->bgr, m->bgr);
    for (int y = 0; y < 240; y += 37) {
        for (int x = 0; x < 320; x += 29) {
            for (int c = 0; c < 3; ++c) {
                ASSERT_EQ(m->bgr[(y * 320 + x) * 3 + c], p->bgr[(y * 320 + (319 - x)) * 3 + c])
                    << "pixel " << x << "," << y;
            }
        }
    }
    std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace mimic::capture
