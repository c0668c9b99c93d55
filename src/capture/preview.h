// PreviewSlot: the latest camera picture for a live preview, handed from the camera thread
// to the UI without either waiting for the other (docs/architecture.md, "Threads": workers
// never call into the UI; the UI polls).
//
// Threads: offer() from the camera thread, latest() from the UI thread; both take one short
// lock. offer() copies a BGR picture, or just keeps a reference to a decoded (YUV) one, whose
// conversion to BGR and the mirroring are done by latest(), on the UI's time and only for
// pictures someone asks for. A UI that polls slowly just misses frames; the recording never
// waits for it.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "capture/camera_source.h"
#include "media/bgr_converter.h"

namespace mimic::capture {

struct PreviewFrame {
    std::int64_t sequence = 0;  // increases by one per offered frame
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> bgr;  // packed BGR24, mirrored if the slot mirrors
};

class PreviewSlot {
  public:
    // Mirrored by default: a child looks at themselves as in a mirror.
    explicit PreviewSlot(bool mirrored = true) : mirrored_(mirrored) {}
    PreviewSlot(const PreviewSlot&) = delete;
    PreviewSlot& operator=(const PreviewSlot&) = delete;

    void offer(const CameraFrame& frame);
    // The latest picture if it is newer than `after_sequence`, else nullopt. Mirroring is done
    // here, on the UI's time, not on the camera thread's.
    std::optional<PreviewFrame> latest(std::int64_t after_sequence = 0) const;
    std::int64_t offered() const;

  private:
    const bool mirrored_;
    mutable std::mutex mutex_;  // guards the fields below
    PreviewFrame latest_;       // bgr empty while `latest_picture_` holds the picture
    std::shared_ptr<const media::VideoFrame> latest_picture_;
    mutable std::mutex convert_mutex_;  // guards converter_ (latest() from more than one thread)
    mutable media::BgrConverter converter_;
};

}  // namespace mimic::capture
