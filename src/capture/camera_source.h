// Camera sources: where practice video comes from. OpenCV stays inside src/capture; callers
// see CameraFrame, our own type.
//
// A source is opened from a spec string (see parseCameraSpec) and read by one thread (the
// recorder's camera thread). read() blocks until the next frame arrives, paced like a live
// camera: a device and a FIFO by their writer, a plain file and the synthetic pattern by
// their nominal frame rate. A device is read through OpenCV (cv::VideoCapture, V4L2); a file
// or FIFO through FFmpeg's demuxers and decoders (media::VideoStreamReader, the same library
// OpenCV's FFmpeg backend uses), which hands over decoded pictures without converting them.
//
// Threads: a device, file or FIFO is read continuously by the source's own reader thread
// from open() on, into a ring of a few frames (the oldest is dropped when nobody reads, as a
// camera driver does), so frames are stamped on arrival even while the caller is busy, and a
// read from a stalled stream cannot hang the caller: read() gives up after stall_timeout.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/result.h"

namespace mimic::media {
class VideoFrame;  // media/video_frame.h: include it to look into CameraFrame::picture
}

namespace mimic::capture {

enum class CameraKind { kNone = 0, kDevice, kPath, kSynthetic };

// How long opening a FIFO (or file) camera waits for its stream: for a writer to open the FIFO
// and send enough to describe its pictures. A live writer does that in well under a second,
// even on a loaded machine; one that has not after this long is missing or stuck, and the
// person who started mimic learns so instead of waiting forever.
inline constexpr std::chrono::milliseconds kCameraOpenTimeout{10'000};

// How long a practice session's camera may send nothing before it counts as lost. A child's
// session rides out a pause (a busy clinic PC, a USB camera's hiccup: the pictures held up in
// the driver or pipe come in a burst afterwards, with their own times) rather than ending; a
// camera unplugged, or whose stream ends, is lost at once whatever this says.
inline constexpr std::chrono::milliseconds kPracticeStallTimeout{3'000};

struct CameraSpec {
    CameraKind kind = CameraKind::kNone;
    int device_index = 0;        // kDevice
    std::filesystem::path path;  // kPath: a video file or a FIFO
    int width = 640;             // requested (kDevice) or generated (kSynthetic) size
    int height = 480;
    int frame_rate = 30;
    // A camera that sends nothing for this long counts as lost (read() fails). Short enough
    // that a recording stops within a second; long for any camera at 5 fps or more. Sessions
    // use kPracticeStallTimeout.
    std::chrono::milliseconds stall_timeout{750};
    // kPath: open() fails when the stream has not arrived within this long (see above).
    std::chrono::milliseconds open_timeout = kCameraOpenTimeout;
};

// "synthetic", a device index ("0", "1"...), or a file/FIFO path.
CameraSpec parseCameraSpec(const std::string& text);

// One picture from a camera, stamped with the monotonic clock on arrival, in the camera's own
// form: packed BGR24 from a device (OpenCV's V4L2 backend) or the synthetic pattern; the
// decoded picture, as it is (yuv420p from a `-f nut -pix_fmt yuv420p` FIFO), from a file or
// FIFO stream, so the encoder takes it without converting or copying it (issue 5's CPU
// budget: the ffmpeg CLI does no more than that).
// Sources that carry their own timestamps (a FIFO or file stream) also give them: frames that
// arrive in a burst (e.g. buffered while the stream was probed) still keep their spacing.
struct CameraFrame {
    Clock::time_point arrival;
    std::optional<std::int64_t> source_time_us;  // the source's own clock, if it has one
    int width = 0;
    int height = 0;
    // Packed BGR24, width * height * 3 bytes, rows packed; empty when `picture` holds it.
    std::vector<std::uint8_t> bgr;
    // The decoded picture of a stream source (null for BGR frames). Shared, never modified:
    // the preview may keep the latest while the encoder takes it.
    std::shared_ptr<const media::VideoFrame> picture;
};

class CameraSource {
  public:
    virtual ~CameraSource() = default;

    // Opens the camera the spec names. The error says which camera and why, e.g.
    // "camera 0 (/dev/video0) cannot be opened: no such device". A FIFO or file camera waits
    // at most spec.open_timeout for its stream (a FIFO's writer may start late within it).
    static Result<std::unique_ptr<CameraSource>> open(const CameraSpec& spec);

    // Blocks until the next frame. An Error means the camera is gone (unplugged, the FIFO's
    // writer ended, the file ended, or nothing came for stall_timeout); the message says which.
    virtual Result<CameraFrame> read() = 0;

    virtual int width() const = 0;
    virtual int height() const = 0;
    virtual double frameRate() const = 0;
    // For people: "synthetic test pattern", "camera 0", "/tmp/cam.fifo".
    virtual std::string description() const = 0;
};

}  // namespace mimic::capture
