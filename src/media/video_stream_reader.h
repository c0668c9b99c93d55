// VideoStreamReader: the pictures of a video file or FIFO stream, decoded as they arrive and
// handed out in their decoded pixel format (no conversion, no copy). It is how a camera that
// is a stream (`ffmpeg -re ... -f nut` into a FIFO, docs/architecture.md, "Testing without
// hardware") is read: the recorder's encoder takes yuv420p pictures as they are.
//
// Ownership: owns its FFmpeg contexts; move-only. Pictures handed out own their planes
// (reference-counted with FFmpeg's buffers) and outlive the reader.
// Threads: one thread at a time. next() blocks while a FIFO's writer sends nothing.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>

#include "common/result.h"
#include "media/video_frame.h"

namespace mimic::media {

class VideoStreamReader {
  public:
    // Opens `path` (a file or a FIFO; for a FIFO this waits for its writer) and reads enough
    // to know the video stream, giving up after `open_timeout` when nothing (or too little)
    // has arrived by then (zero: no limit). The error is one line naming the file and the
    // cause.
    static Result<VideoStreamReader> open(const std::filesystem::path& path,
                                          std::chrono::milliseconds open_timeout = {});

    VideoStreamReader(VideoStreamReader&&) noexcept;
    VideoStreamReader& operator=(VideoStreamReader&&) noexcept;
    ~VideoStreamReader();

    // The next picture in stream order, stamped (VideoFrame::pts_us) from the stream's start;
    // nullopt at the end of the stream. An Error is a read or decode failure other than the
    // end (the message names the file).
    Result<std::optional<VideoFrame>> next();

    int width() const;
    int height() const;
    // The stream's nominal frame rate; 0 when it does not say.
    double frameRate() const;

  private:
    struct Impl;
    explicit VideoStreamReader(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace mimic::media
