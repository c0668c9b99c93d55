// BgrConverter: a decoded picture (VideoFrame) as packed BGR24 rows, OpenCV's order, for
// consumers that draw camera pictures (the recorder's live preview).
//
// Ownership: owns a cached swscale context; move-only. Threads: one thread at a time.
#pragma once

#include <cstdint>
#include <memory>

#include "common/result.h"
#include "media/video_frame.h"

namespace mimic::media {

class BgrConverter {
  public:
    BgrConverter();
    BgrConverter(BgrConverter&&) noexcept;
    BgrConverter& operator=(BgrConverter&&) noexcept;
    ~BgrConverter();

    // Writes `picture` at its own size into `bgr` (height rows of stride_bytes, each at least
    // width * 3). YUV is taken as BT.601 limited range, what cameras and the encoder use.
    Status convert(const VideoFrame& picture, std::uint8_t* bgr, int stride_bytes);

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace mimic::media
