// VideoFrame: one decoded picture in its decoded pixel format, as the player engine hands
// it out. Library-neutral (no FFmpeg types in the interface); move-only, owns its planes.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

namespace mimic::media {

class VideoFrame {
  public:
    struct Impl;  // defined in src/media only
    explicit VideoFrame(std::unique_ptr<Impl> impl);
    VideoFrame(VideoFrame&&) noexcept;
    VideoFrame& operator=(VideoFrame&&) noexcept;
    ~VideoFrame();

    // Presentation time from the start of the file (best_effort_timestamp - start time).
    std::int64_t pts_us() const;
    int width() const;
    int height() const;
    std::string pixelFormat() const;  // e.g. "yuv420p"
    bool corrupt() const;             // the decoder concealed damage in this picture

    // Planes as decoded: pointer to the first row and bytes between rows (may be padded).
    int planeCount() const;
    const std::uint8_t* planeData(int plane) const;
    int planeStride(int plane) const;
    // Mean of the first plane's bytes (luma for YUV): a cheap brightness for tests/tools.
    double meanFirstPlane() const;

    // MD5 (32 hex digits) over the planes in order, rows packed without padding (plus the
    // palette for paletted formats): exactly what `ffmpeg -f framemd5` hashes.
    std::string md5Hex() const;

    Impl& impl() { return *impl_; }
    const Impl& impl() const { return *impl_; }

  private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace mimic::media
