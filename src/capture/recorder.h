// Recorder: records a camera for a set time into a crash-safe Matroska file.
//
// Threads: record() runs on the caller's thread and starts two of its own: the camera
// thread (reads and stamps frames) and the encoder thread (encodes and writes). They meet
// in a bounded queue; when the encoder falls behind, frames are dropped and counted rather
// than delaying the camera.
//
// Files (DESIGN.md "Storage"): data goes to `<out>.partial` while recording and is renamed
// to `<out>` on a clean stop. If the recording fails after frames were written, the
// `.partial` is kept (never deleted: it is a child's practice); if nothing was written it
// is removed.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>

#include "capture/camera_source.h"
#include "common/result.h"

namespace mimic::capture {

struct RecordingSettings {
    std::chrono::milliseconds duration{10'000};
    int keyframe_interval_frames = 30;  // a keyframe every second at 30 fps
    int crf = 23;
    std::size_t queue_frames = 60;  // 2 s of 30 fps: absorbs encoder hiccups
};

struct RecordingReport {
    std::filesystem::path path;        // the final file
    std::int64_t frames_captured = 0;  // read from the camera
    std::int64_t frames_written = 0;   // encoded into the file
    std::int64_t frames_dropped_queue_full = 0;
    std::int64_t frames_dropped_timestamps = 0;  // repeated or reordered camera stamps
    std::int64_t duration_us = 0;                // first to last frame shown, plus one frame
    std::int64_t bytes_written = 0;
};

// Records `camera` into `out` for settings.duration. The error says what failed (the camera
// was lost, the disk is full, ...), and in that case a `.partial` with frames is kept.
Result<RecordingReport> record(CameraSource& camera, const std::filesystem::path& out,
                               const RecordingSettings& settings);

// The name a recording has while it is being written.
std::filesystem::path partialPath(const std::filesystem::path& out);

}  // namespace mimic::capture
