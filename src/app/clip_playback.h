// Plays clips in real time without a window, on the player engine: the session's watch step
// when there is no display, `mimic play --headless`, and the A/V sync test.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>

#include <optional>
#include <string>

#include "common/clock.h"
#include "common/result.h"
#include "media/player.h"

namespace mimic::app {

struct PlaybackReport {
    std::int64_t frames_shown = 0;
    std::int64_t decode_errors = 0;
    double seconds = 0.0;  // wall time from play() to the end of the sound
    bool audio_played = false;
};

// Plays `clip` from start to end (playInRealTime with default settings).
Result<PlaybackReport> playClip(const std::filesystem::path& clip);

// --- Real-time playback on the player engine (mimic play --headless, the A/V sync test).

struct RealTimeSettings {
    std::optional<std::int64_t> start_us;  // exact seek before playing
    std::optional<std::int64_t> end_us;    // play [start, end) (a segment)
    double rate = 1.0;                     // 0.25 .. 2.0, pitch kept
    bool loop = false;                     // loop the segment (or the whole clip)
    bool audio = true;                     // false: silent, on the wall clock
    std::optional<Clock::duration> limit;  // stop after this much wall time (for --loop)
};

struct RealTimeReport {
    media::PlayerStats stats;
    bool audio_played = false;
    std::string audio_driver;
    double seconds = 0.0;  // wall time from play() to the end
};

// Called on the playing thread when a frame is presented, with the steady-clock time of
// presentation. Returning false stops playback.
using FrameObserver = std::function<bool(const media::VideoFrame&, Clock::time_point)>;

// Plays `clip` in real time through the engine; audio to SDL's current driver (the caller
// picks "dummy" or "disk" headless) as the master clock; when no audio device opens it
// plays on the wall clock and says so once. Errors are one line (unreadable file, etc.).
Result<RealTimeReport> playInRealTime(const std::filesystem::path& clip,
                                      const RealTimeSettings& settings,
                                      const FrameObserver& observe);

}  // namespace mimic::app
