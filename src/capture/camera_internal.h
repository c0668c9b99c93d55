// Internal to src/capture: what the camera sources share, and the interface of the OpenCV
// camera plugin.
//
// The cameras that need OpenCV (a V4L2 device through cv::VideoCapture, the synthetic pattern
// drawn with cv::putText) live in a plugin, libmimic_opencv_cameras.so, loaded the first time
// such a camera is opened. OpenCV's videoio pulls in ~100 more shared libraries (GDAL, DICOM,
// GStreamer, ...) whose loading and relocation cost every mimic process ~0.1 s of CPU at
// start-up, 7% of a 30 s recording's budget (issue 5, benchmark), and most commands (and a
// FIFO/file camera) never use them.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>

#include "capture/camera_source.h"
#include "common/clock.h"
#include "common/result.h"

namespace mimic::capture {

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

// Where a threaded camera's frames come from: grab() blocks for the next one. Used by the
// reader thread only (after construction), which owns it and may outlive the camera.
class FrameGrabber {
  public:
    virtual ~FrameGrabber() = default;
    virtual Result<CameraFrame> grab() = 0;
    virtual int width() const = 0;
    virtual int height() const = 0;
    virtual double frameRate() const = 0;  // 0 or less: unknown
};

// The plugin's entry points (extern "C" so that dlsym finds them by these names). Objects
// they make belong to the caller; the plugin stays loaded for the life of the process.
extern "C" {
// Opens device spec.device_index through V4L2; on failure `grabber` stays null and `error`
// says why in one line.
using OpenDeviceGrabberFn = void (*)(const CameraSpec& spec, std::unique_ptr<FrameGrabber>& grabber,
                                     std::string& error);
// The synthetic pattern camera of spec's size and frame rate.
using OpenSyntheticCameraFn = void (*)(const CameraSpec& spec,
                                       std::unique_ptr<CameraSource>& camera);
}
inline constexpr const char* kOpenDeviceGrabberSymbol = "mimicOpenDeviceGrabber";
inline constexpr const char* kOpenSyntheticCameraSymbol = "mimicOpenSyntheticCamera";
inline constexpr const char* kOpenCvCamerasPluginName = "libmimic_opencv_cameras.so";

}  // namespace mimic::capture
