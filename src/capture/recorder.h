// Recorder: records a camera, and optionally a microphone, for a set time into a crash-safe
// Matroska file (H.264 + AAC).
//
// Time (docs/architecture.md "Time"): one start instant T0, by default taken when record()
// has its file ready, or given by the caller (RecordingSettings::start: e.g. the "your turn"
// cue, a moment before the file was ready). Camera frames and microphone samples are stamped
// on it by their position in their own stream plus the least delay with which the device
// delivered them (stamp_clock.h); frames captured before T0 belong to no recording and are
// skipped, and those captured since T0 that the camera or microphone still holds are kept. The
// encoder keeps those stamps (video on a 90 kHz clock, not rounded to the frame rate), so picture
// and sound line up in the file as they were captured.
//
// Threads: record() runs on the caller's thread, which waits, and starts two of its own: the
// camera thread (reads, stamps, offers preview pictures, hands frames over) and the encoder
// thread (takes frames from a bounded queue and microphone buffers from the AudioCapture,
// encodes and writes). When the encoder falls behind, frames are dropped and counted rather
// than delaying the camera.
//
// Files (docs/architecture.md, "Crash safety"): data goes to `<out>.partial` while recording
// and is renamed to `<out>` on a clean stop. If the recording fails after frames were
// written, the `.partial` is kept (never deleted: it is a child's practice); if nothing was
// written it is removed.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <stop_token>
#include <string>

#include "capture/camera_source.h"
#include "common/clock.h"
#include "common/result.h"

namespace mimic::audio {
class AudioCapture;
}

namespace mimic::capture {

class PreviewSlot;

struct RecordingSettings {
    std::chrono::milliseconds duration{10'000};
    int crf = 23;
    std::size_t queue_frames = 60;  // 2 s of 30 fps: absorbs encoder hiccups
    // Written into the file's header as Matroska tags (what recovery needs after a crash).
    std::map<std::string, std::string> tags;
    PreviewSlot* preview = nullptr;  // not owned; offered every camera frame when set
    std::stop_token stop;            // ends the recording early, cleanly, when requested
    // T0, the recording's time 0; unset: when the file is ready and reading starts. An
    // earlier instant (a moment the caller saw, such as the practice's cue) records what was
    // captured since then and is still held: a device or FIFO camera keeps its last second
    // (camera_source.h), the microphone its last ~2.7 s. Later than now counts as now.
    std::optional<Clock::time_point> start;
};

struct RecordingReport {
    std::filesystem::path path;        // the final file
    Clock::time_point started_at{};    // T0, the recording's time 0 (steady clock)
    Clock::time_point ready_at{};      // when the file was ready and reading began (>= T0)
    std::int64_t frames_captured = 0;  // read from the camera within the recording's time
    std::int64_t frames_written = 0;   // encoded into the file
    // Dropped frames, by cause:
    std::int64_t frames_missing_camera = 0;      // gaps in the camera's timestamps (camera/driver)
    std::int64_t frames_dropped_queue_full = 0;  // the encoder was behind
    std::int64_t frames_dropped_timestamps = 0;  // repeated or reordered camera stamps
    std::int64_t duration_us = 0;     // video: first frame at 0 to the end of the last frame
    std::int64_t first_frame_us = 0;  // the first frame's time after T0
    bool has_audio = false;
    std::int64_t audio_duration_us = 0;      // audio in the file (silence fills mic gaps)
    std::int64_t audio_first_sample_us = 0;  // the first microphone sample's time after T0
    std::int64_t audio_buffers_dropped = 0;  // microphone buffers lost before the encoder
    // First microphone sample minus first video frame: how the two started relative to
    // each other (positive: sound started later).
    std::int64_t av_start_offset_us = 0;
    std::int64_t bytes_written = 0;
};

// Records `camera` (and `microphone` when not null, 48 kHz mono float as opened by the
// caller) into `out` for settings.duration, or until settings.stop. The error says what
// failed (the camera was lost or stalled, the disk is full, ...) in one line, and in that case
// the `.partial` with what was recorded is kept. Ends within a second of such a failure.
Result<RecordingReport> record(CameraSource& camera, audio::AudioCapture* microphone,
                               const std::filesystem::path& out, const RecordingSettings& settings);

// The name a recording has while it is being written.
std::filesystem::path partialPath(const std::filesystem::path& out);

}  // namespace mimic::capture
