#include "capture/camera_source.h"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <condition_variable>
#include <fstream>
#include <functional>
#include <mutex>
#include <sstream>
#include <thread>

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

// --- Opening a FIFO camera whose writer is missing, silent or late (bounded, never a hang).

using std::chrono::milliseconds;
using std::chrono::seconds;

// CameraSource::open on a thread of its own, so that an open that never returns fails the
// test instead of hanging it.
class TimedOpen {
  public:
    explicit TimedOpen(CameraSpec spec) : state_(std::make_shared<State>()) {
        std::thread([state = state_, spec = std::move(spec)] {
            auto opened = CameraSource::open(spec);
            std::lock_guard lock(state->mutex);
            state->result.emplace(std::move(opened));
            state->took = Clock::now() - state->started;
            state->done.notify_all();
        }).detach();
    }
    TimedOpen(const TimedOpen&) = delete;
    TimedOpen& operator=(const TimedOpen&) = delete;

    // The open's answer if it came within `limit` of the start; otherwise nullopt after
    // `unstick` (which must make a blocked open return, e.g. by ending the FIFO's writer)
    // ran, and the blocked thread was given a while more to end.
    std::optional<Result<std::unique_ptr<CameraSource>>> wait(
        Clock::duration limit, const std::function<void()>& unstick) {
        std::unique_lock lock(state_->mutex);
        if (state_->done.wait_until(lock, state_->started + limit,
                                    [&] { return state_->result.has_value(); }))
            return std::move(state_->result);
        lock.unlock();
        unstick();
        lock.lock();
        // It owns its state, so it may outlive the test if even this did not end it.
        state_->done.wait_for(lock, seconds(30), [&] { return state_->result.has_value(); });
        return std::nullopt;
    }
    Clock::duration took() const {
        std::lock_guard lock(state_->mutex);
        return state_->took;
    }

  private:
    struct State {
        Clock::time_point started = Clock::now();
        std::mutex mutex;  // guards the fields below
        std::condition_variable done;
        std::optional<Result<std::unique_ptr<CameraSource>>> result;
        Clock::duration took{};
    };
    std::shared_ptr<State> state_;
};

// Connects a writer to `fifo` and leaves at once: whoever is blocked opening or reading it
// gets the end of the stream.
void connectAndLeave(const std::filesystem::path& fifo) {
    const int fd = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd >= 0) ::close(fd);
}

CameraSpec fifoSpec(const std::filesystem::path& fifo, milliseconds open_timeout) {
    CameraSpec spec = parseCameraSpec(fifo.string());
    spec.open_timeout = open_timeout;
    return spec;
}

// Generous for a loaded 2-core machine: the wait itself, plus what failing takes.
constexpr milliseconds kShortOpenTimeout{2000};
constexpr auto kOpenLimit = 3 * kShortOpenTimeout;

// Opens a camera on `fifo` (with a short wait) while `writer_job` (a shell job; none when
// empty) feeds it, and expects the open to fail because nothing usable came within the wait:
// it waited the whole wait, did not take more than three times it, and said so in one line.
void expectFifoOpenGivesUp(const std::filesystem::path& fifo, const std::string& writer_job) {
    std::optional<testing::BackgroundJob> writer;
    if (!writer_job.empty()) writer.emplace(writer_job);
    TimedOpen open(fifoSpec(fifo, kShortOpenTimeout));
    auto result = open.wait(kOpenLimit, [&] {
        if (writer) writer->signal("KILL");
        connectAndLeave(fifo);
    });
    ASSERT_TRUE(result.has_value())
        << "the open was still blocked after "
        << std::chrono::duration_cast<milliseconds>(kOpenLimit).count() << " ms";
    ASSERT_FALSE(result->ok()) << "it opened a camera that sent nothing";
    EXPECT_EQ(result->error().message, "camera " + fifo.string() +
                                           " cannot be opened: no video came from it within 2 s "
                                           "(is anything writing to it?)");
    EXPECT_GE(open.took(), kShortOpenTimeout);
    EXPECT_LT(open.took(), kOpenLimit);
}

TEST(CameraSource, FifoWithoutAWriterFailsAfterItsOpenTimeout) {
    const auto dir = testing::scratchDir("fifo-no-writer");
    const auto fifo = dir / "camera.fifo";
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    expectFifoOpenGivesUp(fifo, "");
    std::filesystem::remove_all(dir);
}

// A writer that opens the FIFO and then sends nothing at all: the reader's open completes,
// and the wait is for the first bytes.
TEST(CameraSource, FifoWhoseWriterSendsNothingFailsAfterItsOpenTimeout) {
    const auto dir = testing::scratchDir("fifo-silent");
    const auto fifo = dir / "camera.fifo";
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    expectFifoOpenGivesUp(fifo, "exec sleep 120 >'" + fifo.string() + "'");
    std::filesystem::remove_all(dir);
}

// A writer that sends the start of a real camera stream (the NUT header and part of the first
// picture) and then stalls: the wait is for enough of the stream to know its pictures.
TEST(CameraSource, FifoWhoseWriterStallsInItsFirstPictureFailsAfterItsOpenTimeout) {
    const auto dir = testing::scratchDir("fifo-stalled");
    const auto fifo = dir / "camera.fifo";
    const auto start = dir / "start.nut";
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    ASSERT_EQ(std::system(("ffmpeg -v error -nostdin -f lavfi -i testsrc2=s=320x240:r=30 "
                           "-frames:v 2 -f nut -c:v rawvideo -pix_fmt yuv420p '" +
                           (dir / "two.nut").string() + "' && head -c 8192 '" +
                           (dir / "two.nut").string() + "' >'" + start.string() + "'")
                              .c_str()),
              0);
    expectFifoOpenGivesUp(
        fifo, "{ cat '" + start.string() + "'; exec sleep 120; } >'" + fifo.string() + "'");
    std::filesystem::remove_all(dir);
}

// A writer that starts a while after the camera is opened, well within the wait: the open
// waits for it and the camera delivers its pictures.
TEST(CameraSource, FifoWriterStartingLateWithinTheWaitIsRead) {
    const auto dir = testing::scratchDir("fifo-late");
    testing::FifoCamera fifo(dir, 5.0, "320x240", /*start_after_s=*/1.5);
    TimedOpen open(fifoSpec(fifo.path(), kCameraOpenTimeout));
    auto result = open.wait(3 * kCameraOpenTimeout, [&] { fifo.signal("KILL"); });
    ASSERT_TRUE(result.has_value()) << "the open was still blocked";
    ASSERT_TRUE(result->ok()) << result->error().message;
    // It waited for the writer, which started 1.5 s in.
    EXPECT_GE(open.took(), milliseconds(1500));
    auto& camera = **result;
    EXPECT_EQ(camera->width(), 320);
    for (int i = 0; i < 10; ++i) {
        auto frame = camera->read();
        ASSERT_TRUE(frame.ok()) << "frame " << i << ": " << frame.error().message;
        ASSERT_NE(frame->picture, nullptr);
    }
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
