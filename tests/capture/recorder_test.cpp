#include "capture/recorder.h"

#include <gtest/gtest.h>

#include "capture_test_util.h"

namespace mimic::capture {
namespace {

namespace fs = std::filesystem;

TEST(Recorder, RecordsSyntheticCameraToPlayableMatroska) {
    const auto dir = testing::scratchDir("synthetic");
    auto camera = CameraSource::open(parseCameraSpec("synthetic"));
    ASSERT_TRUE(camera.ok());
    RecordingSettings settings;
    settings.duration = std::chrono::milliseconds(2000);
    const fs::path out = dir / "practice.mkv";
    auto report = record(**camera, out, settings);
    ASSERT_TRUE(report.ok()) << report.error().message;
    EXPECT_TRUE(fs::exists(out));
    EXPECT_FALSE(fs::exists(partialPath(out)));
    EXPECT_EQ(report->frames_written, report->frames_captured - report->frames_dropped_queue_full -
                                          report->frames_dropped_timestamps);
    EXPECT_GE(report->frames_written, 55);
    EXPECT_LE(report->frames_written, 61);
    EXPECT_EQ(testing::probeFrameCount(out), report->frames_written);
    EXPECT_LE(testing::probeMaxKeyframeGap(out), 30);
    EXPECT_NEAR(static_cast<double>(report->duration_us) / 1e6, 2.0, 0.1);
    fs::remove_all(dir);
}

TEST(Recorder, LostCameraKeepsWhatWasRecorded) {
    const auto dir = testing::scratchDir("lost");
    testing::FifoCamera fifo(dir, 1.0);  // the writer ends after 1 s of a 5 s recording
    auto camera = CameraSource::open(parseCameraSpec(fifo.path().string()));
    ASSERT_TRUE(camera.ok()) << camera.error().message;
    RecordingSettings settings;
    settings.duration = std::chrono::milliseconds(5000);
    const fs::path out = dir / "practice.mkv";
    auto report = record(**camera, out, settings);
    ASSERT_FALSE(report.ok());
    EXPECT_NE(report.error().message.find("stopped sending frames"), std::string::npos);
    EXPECT_NE(report.error().message.find("kept in"), std::string::npos);
    EXPECT_FALSE(fs::exists(out));
    ASSERT_TRUE(fs::exists(partialPath(out)));
    EXPECT_GE(testing::probeFrameCount(partialPath(out)), 25);
    if (::testing::Test::HasFailure()) return;
    fs::remove_all(dir);
}

TEST(Recorder, UnwritableDestinationFailsBeforeRecording) {
    auto camera = CameraSource::open(parseCameraSpec("synthetic"));
    ASSERT_TRUE(camera.ok());
    auto report = record(**camera, "/no/such/folder/practice.mkv", RecordingSettings{});
    ASSERT_FALSE(report.ok());
    EXPECT_NE(report.error().message.find("/no/such/folder/practice.mkv.partial"),
              std::string::npos)
        << report.error().message;
}

}  // namespace
}  // namespace mimic::capture
