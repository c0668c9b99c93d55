// The OpenCV camera plugin (see camera_internal.h): a V4L2 device through cv::VideoCapture and
// the synthetic test pattern, drawn with OpenCV.
#include <opencv2/core/utils/logger.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "capture/camera_internal.h"

namespace mimic::capture {
namespace {

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

}  // namespace

extern "C" {

__attribute__((visibility("default"))) void mimicOpenDeviceGrabber(
    const CameraSpec& spec, std::unique_ptr<FrameGrabber>& grabber, std::string& error) {
    silenceOpenCvLog();
    const std::string name = "camera " + std::to_string(spec.device_index);
    cv::VideoCapture capture(spec.device_index, cv::CAP_V4L2);
    if (!capture.isOpened()) {
        error = name + " (/dev/video" + std::to_string(spec.device_index) +
                ") cannot be opened: it is busy, not a camera, or not permitted";
        return;
    }
    capture.set(cv::CAP_PROP_FRAME_WIDTH, spec.width);
    capture.set(cv::CAP_PROP_FRAME_HEIGHT, spec.height);
    capture.set(cv::CAP_PROP_FPS, spec.frame_rate);
    grabber = std::make_unique<OpenCvGrabber>(std::move(capture), name);
}

__attribute__((visibility("default"))) void mimicOpenSyntheticCamera(
    const CameraSpec& spec, std::unique_ptr<CameraSource>& camera) {
    camera = std::make_unique<SyntheticCamera>(spec.width, spec.height, spec.frame_rate);
}

}  // extern "C"

}  // namespace mimic::capture
