#include "capture/camera_source.h"

#include <sys/stat.h>

#include <dlfcn.h>

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>

#include "capture/camera_internal.h"
#include "common/log.h"
#include "common/paths.h"
#include "common/plugin.h"
#include "media/video_frame.h"
#include "media/video_stream_reader.h"

namespace mimic::capture {
namespace {

namespace fs = std::filesystem;

// How many frames a reader thread keeps for a consumer that is late: 1 s at 30 fps. A FIFO or
// file stream hands over the ~0.4 s it buffered while being probed in one burst, and a
// loaded machine (or a sanitizer build) must not lose those to a short ring. Older frames
// are dropped (and show up as timestamp gaps); 30 VGA frames are ~28 MB in BGR, ~14 MB in
// yuv420p.
constexpr std::size_t kRingFrames = 30;
// How long a destructor waits for its reader thread before leaving it to end on its own
// (it may be blocked forever in a read from a stalled FIFO).
constexpr auto kReaderJoinWait = std::chrono::milliseconds(300);

// A file or FIFO stream through FFmpeg: decoded pictures as they are (usually yuv420p), each
// shared with the frame rather than copied or converted.
class StreamGrabber final : public FrameGrabber {
  public:
    StreamGrabber(media::VideoStreamReader reader, std::string description)
        : reader_(std::move(reader)), description_(std::move(description)) {}

    Result<CameraFrame> grab() override {
        auto picture = reader_.next();
        if (!picture || !*picture) {
            return Error{"camera " + description_ +
                         " stopped sending frames (unplugged, or its stream ended)" +
                         (picture ? "" : ": " + picture.error().message)};
        }
        CameraFrame frame;
        frame.arrival = Clock::now();
        frame.source_time_us = (*picture)->pts_us();
        frame.width = (*picture)->width();
        frame.height = (*picture)->height();
        frame.picture = std::make_shared<const media::VideoFrame>(std::move(**picture));
        return frame;
    }

    int width() const override { return reader_.width(); }
    int height() const override { return reader_.height(); }
    double frameRate() const override { return reader_.frameRate(); }

  private:
    media::VideoStreamReader reader_;
    std::string description_;
};

// A camera device, a video file or a FIFO, read by a reader thread into a ring.
class ThreadedCamera final : public CameraSource {
  public:
    ThreadedCamera(std::unique_ptr<FrameGrabber> grabber, std::string description, bool paced,
                   std::chrono::milliseconds stall_timeout)
        : shared_(std::make_shared<Shared>()), stall_timeout_(stall_timeout) {
        width_ = grabber->width();
        height_ = grabber->height();
        frame_rate_ = grabber->frameRate();
        if (!(frame_rate_ > 0.0 && frame_rate_ < 1000.0)) frame_rate_ = 30.0;
        shared_->grabber = std::move(grabber);
        shared_->description = std::move(description);
        if (paced) shared_->pacer.emplace(frame_rate_);
        reader_ = std::thread(readLoop, shared_);
    }

    ~ThreadedCamera() override {
        std::unique_lock lock(shared_->mutex);
        shared_->stop = true;
        // The reader owns a reference to the shared state: if it is stuck in a read that never
        // returns, it may outlive this object safely and free the capture when it ends.
        if (shared_->finished_cv.wait_for(lock, kReaderJoinWait,
                                          [&] { return shared_->finished; })) {
            lock.unlock();
            reader_.join();
        } else {
            lock.unlock();
            reader_.detach();
        }
    }

    Result<CameraFrame> read() override {
        std::unique_lock lock(shared_->mutex);
        const bool ready = shared_->frame_cv.wait_for(
            lock, stall_timeout_, [&] { return !shared_->frames.empty() || shared_->error; });
        if (!shared_->frames.empty()) {
            CameraFrame frame = std::move(shared_->frames.front());
            shared_->frames.pop_front();
            return frame;
        }
        if (ready && shared_->error) return Error{*shared_->error};
        char seconds[16];
        std::snprintf(seconds, sizeof seconds, "%.2f", stall_timeout_.count() / 1000.0);
        return Error{"camera " + shared_->description + " sent no picture for " + seconds +
                     " s (stalled or unplugged)"};
    }

    int width() const override { return width_; }
    int height() const override { return height_; }
    double frameRate() const override { return frame_rate_; }
    std::string description() const override { return shared_->description; }

  private:
    struct Shared {
        std::unique_ptr<FrameGrabber>
            grabber;  // used by the reader thread only, after construction
        std::optional<Pacer> pacer;
        std::string description;
        std::mutex mutex;  // guards the fields below
        std::condition_variable frame_cv;
        std::condition_variable finished_cv;
        std::deque<CameraFrame> frames;
        std::optional<std::string> error;
        bool stop = false;
        bool finished = false;
    };

    static void readLoop(std::shared_ptr<Shared> shared) {
        for (;;) {
            {
                std::lock_guard lock(shared->mutex);
                if (shared->stop) break;
            }
            if (shared->pacer) shared->pacer->waitForNextFrame();
            auto frame = shared->grabber->grab();
            std::lock_guard lock(shared->mutex);
            if (!frame) {
                shared->error = frame.error().message;
                shared->frame_cv.notify_all();
                break;
            }
            if (shared->frames.size() >= kRingFrames) shared->frames.pop_front();
            shared->frames.push_back(std::move(*frame));
            shared->frame_cv.notify_all();
        }
        std::lock_guard lock(shared->mutex);
        shared->finished = true;
        shared->finished_cv.notify_all();
    }

    std::shared_ptr<Shared> shared_;
    std::thread reader_;
    std::chrono::milliseconds stall_timeout_;
    int width_ = 0;
    int height_ = 0;
    double frame_rate_ = 30.0;
};

// The OpenCV plugin's entry points, loaded once (thread-safe); an Error says why not.
struct OpenCvPlugin {
    OpenDeviceGrabberFn open_device = nullptr;
    OpenSyntheticCameraFn open_synthetic = nullptr;
};

Result<OpenCvPlugin> loadOpenCvPlugin() {
    static const Result<OpenCvPlugin> plugin = []() -> Result<OpenCvPlugin> {
        auto handle = loadPlugin(kOpenCvCamerasPluginName, MIMIC_OPENCV_CAMERAS_PLUGIN,
                                 {kOpenDeviceGrabberSymbol, kOpenSyntheticCameraSymbol});
        if (!handle)
            return Error{"OpenCV camera support cannot be loaded: " + handle.error().message};
        OpenCvPlugin loaded;
        loaded.open_device =
            reinterpret_cast<OpenDeviceGrabberFn>(::dlsym(*handle, kOpenDeviceGrabberSymbol));
        loaded.open_synthetic =
            reinterpret_cast<OpenSyntheticCameraFn>(::dlsym(*handle, kOpenSyntheticCameraSymbol));
        return loaded;
    }();
    return plugin;
}

Result<std::unique_ptr<CameraSource>> openDevice(const CameraSpec& spec) {
    const std::string name = "camera " + std::to_string(spec.device_index);
    const fs::path node = "/dev/video" + std::to_string(spec.device_index);
    if (!fs::exists(node)) {
        return Error{name + " (" + node.string() + ") cannot be opened: no such device"};
    }
    auto plugin = loadOpenCvPlugin();
    if (!plugin) return Error{name + " cannot be opened: " + plugin.error().message};
    std::unique_ptr<FrameGrabber> grabber;
    std::string error;
    plugin->open_device(spec, grabber, error);
    if (grabber == nullptr) return Error{error};
    return std::unique_ptr<CameraSource>(
        std::make_unique<ThreadedCamera>(std::move(grabber), name, false, spec.stall_timeout));
}

Result<std::unique_ptr<CameraSource>> openSynthetic(const CameraSpec& spec) {
    auto plugin = loadOpenCvPlugin();
    if (!plugin) return Error{"the synthetic camera cannot be opened: " + plugin.error().message};
    std::unique_ptr<CameraSource> camera;
    plugin->open_synthetic(spec, camera);
    return camera;
}

Result<std::unique_ptr<CameraSource>> openPath(const CameraSpec& spec) {
    const std::string name = spec.path.string();
    struct stat info {};
    if (::stat(spec.path.c_str(), &info) != 0) {
        return Error{"camera " + name + " cannot be opened: no such file"};
    }
    const bool is_fifo = S_ISFIFO(info.st_mode);
    if (!is_fifo && !S_ISREG(info.st_mode)) {
        return Error{"camera " + name + " cannot be opened: not a file or FIFO"};
    }
    // FFmpeg directly rather than cv::VideoCapture's FFmpeg backend: that backend converts
    // every picture to BGR (it refuses CAP_PROP_CONVERT_RGB=false) and its raw-packet mode
    // copies every packet once more; the recorder would then convert BGR back to yuv420p.
    // Those conversions and copies were 40% of a recording's CPU time (issue 5, benchmark).
    const Clock::time_point deadline = Clock::now() + spec.open_timeout;
    auto reader = media::VideoStreamReader::open(spec.path, spec.open_timeout);
    if (!reader) {
        // The reader gives up waiting only at the deadline: a failure past it means the
        // stream did not come in time, whatever FFmpeg made of the little that came.
        if (Clock::now() >= deadline) {
            char seconds[16];
            std::snprintf(seconds, sizeof seconds, "%g", spec.open_timeout.count() / 1000.0);
            return Error{"camera " + name + " cannot be opened: no video came from it within " +
                         seconds + " s" + (is_fifo ? " (is anything writing to it?)" : "")};
        }
        return Error{"camera " + name + " cannot be opened: not a readable video stream (" +
                     reader.error().message + ")"};
    }
    // A FIFO is paced by its writer; a plain file would be read as fast as possible, so it
    // is paced to its frame rate to behave like a live camera.
    return std::unique_ptr<CameraSource>(
        std::make_unique<ThreadedCamera>(std::make_unique<StreamGrabber>(std::move(*reader), name),
                                         name, !is_fifo, spec.stall_timeout));
}

}  // namespace

CameraSpec parseCameraSpec(const std::string& text) {
    CameraSpec spec;
    if (text == "synthetic") {
        spec.kind = CameraKind::kSynthetic;
    } else if (!text.empty() && text.find_first_not_of("0123456789") == std::string::npos &&
               text.size() < 4) {
        spec.kind = CameraKind::kDevice;
        spec.device_index = std::stoi(text);
    } else if (!text.empty()) {
        spec.kind = CameraKind::kPath;
        spec.path = text;
    }
    return spec;
}

Result<std::unique_ptr<CameraSource>> CameraSource::open(const CameraSpec& spec) {
    switch (spec.kind) {
        case CameraKind::kSynthetic:
            return openSynthetic(spec);
        case CameraKind::kDevice:
            return openDevice(spec);
        case CameraKind::kPath:
            return openPath(spec);
        case CameraKind::kNone:
            break;
    }
    return Error{"no camera given: use a device index, a file or FIFO path, or 'synthetic'"};
}

}  // namespace mimic::capture
