#include "capture/camera_source.h"

#include <sys/stat.h>

#include <opencv2/core/utils/logger.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>

#include "media/video_frame.h"
#include "media/video_stream_reader.h"

namespace mimic::capture {
namespace {

namespace fs = std::filesystem;

// OpenCV prints its own warnings on stderr (e.g. for a missing device); our errors already
// say what happened, in one line.
void silenceOpenCvLog() {
    static const bool once = [] {
        cv::utils::logging::setLogLevel(cv::utils::logging::LOG_LEVEL_SILENT);
        return true;
    }();
    (void)once;
}

CameraFrame frameFromMat(const cv::Mat& mat, Clock::time_point arrival) {
    CameraFrame frame;
    frame.arrival = arrival;
    frame.width = mat.cols;
    frame.height = mat.rows;
    const std::size_t row_bytes = static_cast<std::size_t>(mat.cols) * 3;
    frame.bgr.resize(row_bytes * static_cast<std::size_t>(mat.rows));
    for (int y = 0; y < mat.rows; ++y) {
        std::copy_n(mat.ptr<std::uint8_t>(y), row_bytes, frame.bgr.data() + row_bytes * y);
    }
    return frame;
}

// Paces reads to a nominal frame rate, like a live camera: frame n is due at start + n/fps.
class Pacer {
  public:
    explicit Pacer(double frame_rate)
        : period_(std::chrono::duration_cast<Clock::duration>(
              std::chrono::duration<double>(1.0 / frame_rate))) {}

    void waitForNextFrame() {
        if (frames_ == 0) start_ = Clock::now();
        std::this_thread::sleep_until(start_ + period_ * frames_);
        ++frames_;
    }

  private:
    Clock::duration period_;
    Clock::time_point start_;
    std::int64_t frames_ = 0;
};

// How many frames a reader thread keeps for a consumer that is late: 1 s at 30 fps. A FIFO or
// file stream hands over the ~0.4 s it buffered while being probed in one burst, and a
// loaded machine (or a sanitizer build) must not lose those to a short ring. Older frames
// are dropped (and show up as timestamp gaps); 30 VGA frames are ~28 MB.
constexpr std::size_t kRingFrames = 30;
// How long a destructor waits for its reader thread before leaving it to end on its own
// (it may be blocked forever in a read from a stalled FIFO).
constexpr auto kReaderJoinWait = std::chrono::milliseconds(300);

// Where a ThreadedCamera's frames come from: read() blocks for the next one. Used by the
// reader thread only (after construction), which owns it and may outlive the camera.
class FrameGrabber {
  public:
    virtual ~FrameGrabber() = default;
    virtual Result<CameraFrame> grab() = 0;
    virtual int width() const = 0;
    virtual int height() const = 0;
    virtual double frameRate() const = 0;  // 0 or less: unknown
};

// A camera device through cv::VideoCapture (V4L2): BGR frames.
class OpenCvGrabber final : public FrameGrabber {
  public:
    OpenCvGrabber(cv::VideoCapture capture, std::string description)
        : capture_(std::move(capture)), description_(std::move(description)) {}

    Result<CameraFrame> grab() override {
        if (!capture_.read(mat_) || mat_.empty()) {
            return Error{"camera " + description_ +
                         " stopped sending frames (unplugged, or its stream ended)"};
        }
        const Clock::time_point arrival = Clock::now();
        if (mat_.type() != CV_8UC3) {
            cv::Mat converted;
            if (mat_.channels() == 1) {
                cv::cvtColor(mat_, converted, cv::COLOR_GRAY2BGR);
            } else if (mat_.channels() == 4) {
                cv::cvtColor(mat_, converted, cv::COLOR_BGRA2BGR);
            } else {
                return Error{"camera " + description_ + " sends an unsupported pixel format"};
            }
            mat_ = converted;
        }
        CameraFrame frame = frameFromMat(mat_, arrival);
        // The V4L2 backend reports the driver's timestamp.
        const double source_ms = capture_.get(cv::CAP_PROP_POS_MSEC);
        if (source_ms >= 0.0 && std::isfinite(source_ms)) {
            frame.source_time_us = std::llround(source_ms * 1000.0);
        }
        return frame;
    }

    int width() const override { return static_cast<int>(capture_.get(cv::CAP_PROP_FRAME_WIDTH)); }
    int height() const override {
        return static_cast<int>(capture_.get(cv::CAP_PROP_FRAME_HEIGHT));
    }
    double frameRate() const override { return capture_.get(cv::CAP_PROP_FPS); }

  private:
    cv::VideoCapture capture_;
    std::string description_;
    cv::Mat mat_;
};

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

// A generated moving pattern with a running clock: a camera for machines without one.
class SyntheticCamera final : public CameraSource {
  public:
    SyntheticCamera(int width, int height, int frame_rate)
        : width_(width),
          height_(height),
          frame_rate_(frame_rate),
          pacer_(frame_rate),
          canvas_(height, width, CV_8UC3) {}

    Result<CameraFrame> read() override {
        pacer_.waitForNextFrame();
        const Clock::time_point arrival = Clock::now();
        draw(frames_++);
        return frameFromMat(canvas_, arrival);
    }

    int width() const override { return width_; }
    int height() const override { return height_; }
    double frameRate() const override { return frame_rate_; }
    std::string description() const override { return "synthetic test pattern"; }

  private:
    void draw(std::int64_t n) {
        const double t = static_cast<double>(n) / frame_rate_;
        // Soft vertical gradient, a ball circling the centre and a running clock.
        for (int y = 0; y < height_; ++y) {
            const auto shade = static_cast<std::uint8_t>(60 + 100 * y / height_);
            canvas_.row(y).setTo(cv::Scalar(shade, shade / 2 + 40, 90));
        }
        const cv::Point centre(width_ / 2, height_ / 2);
        const int radius = std::min(width_, height_) / 3;
        const cv::Point ball(centre.x + static_cast<int>(radius * std::cos(t * 2.0)),
                             centre.y + static_cast<int>(radius * std::sin(t * 2.0)));
        cv::circle(canvas_, ball, std::max(4, radius / 4), cv::Scalar(40, 200, 250), cv::FILLED,
                   cv::LINE_AA);
        char clock[48];
        std::snprintf(clock, sizeof clock, "%02d:%06.3f  #%lld", static_cast<int>(t / 60),
                      std::fmod(t, 60.0), static_cast<long long>(n));
        cv::putText(canvas_, clock, cv::Point(16, height_ - 20), cv::FONT_HERSHEY_SIMPLEX,
                    std::max(0.5, width_ / 640.0), cv::Scalar(255, 255, 255), 2, cv::LINE_AA);
    }

    int width_;
    int height_;
    int frame_rate_;
    Pacer pacer_;
    cv::Mat canvas_;
    std::int64_t frames_ = 0;
};

Result<std::unique_ptr<CameraSource>> openDevice(const CameraSpec& spec) {
    const std::string name = "camera " + std::to_string(spec.device_index);
    const fs::path node = "/dev/video" + std::to_string(spec.device_index);
    if (!fs::exists(node)) {
        return Error{name + " (" + node.string() + ") cannot be opened: no such device"};
    }
    cv::VideoCapture capture(spec.device_index, cv::CAP_V4L2);
    if (!capture.isOpened()) {
        return Error{name + " (" + node.string() +
                     ") cannot be opened: it is busy, not a camera, or not permitted"};
    }
    capture.set(cv::CAP_PROP_FRAME_WIDTH, spec.width);
    capture.set(cv::CAP_PROP_FRAME_HEIGHT, spec.height);
    capture.set(cv::CAP_PROP_FPS, spec.frame_rate);
    return std::unique_ptr<CameraSource>(
        std::make_unique<ThreadedCamera>(std::make_unique<OpenCvGrabber>(std::move(capture), name),
                                         name, false, spec.stall_timeout));
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
    auto reader = media::VideoStreamReader::open(spec.path);
    if (!reader) {
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
    silenceOpenCvLog();
    switch (spec.kind) {
        case CameraKind::kSynthetic:
            return std::unique_ptr<CameraSource>(
                std::make_unique<SyntheticCamera>(spec.width, spec.height, spec.frame_rate));
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
