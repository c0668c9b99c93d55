// The player window: one clip on the player engine (media::Player), drawn by the GL
// renderer (render::VideoRenderer) with an ImGui transport bar on top, or in the child view
// (full screen, nothing but the picture, nothing flashing) where the therapist's keys still
// work. Keys:
//   Space play/pause   , .  one frame back/forward   Left/Right  -/+5 s
//   - +   rate steps 0.25x..2x   L  loop the segment (the --start/--end one, else the clip)
//   F     full screen   M  mute   C  child view on/off   Esc/Q  close
// The window redraws only when something changed (a new picture, an event): while paused
// it sleeps on SDL's event queue (no busy redraw loop).
//
// Threads: runs on the calling thread, which becomes the UI/GL thread; the engine's threads
// and SDL's audio thread run beside it and never call into it (the loop polls
// Player::present at the time it asks for). Only one GlWindow may be open at a time.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "common/result.h"
#include "media/player.h"

namespace mimic::ui {

struct PlayerWindowOptions {
    std::string title = "mimic";
    std::optional<std::int64_t> start_us;  // exact seek before playing
    std::optional<std::int64_t> end_us;    // segment [start, end)
    bool loop = false;                     // loop the segment from the start
    double rate = 1.0;
    bool child_view = false;    // open in the child view
    bool close_at_end = false;  // close once the clip has played (the session's watch step)
    bool audio = true;          // false: silent, on the wall clock
    // Automation (tests, benchmarks): close after this much wall time.
    std::optional<std::chrono::steady_clock::duration> limit;
    // Prints one line per handled key on stdout with the resulting state:
    // "key=<name> paused=<0|1> position_s=<s> rate=<r> muted=<0|1> loop=<0|1>
    //  fullscreen=<0|1> child=<0|1> draws=<n>" (flushed at once).
    bool trace_keys = false;
};

// Presentation against schedule, for the pacing benchmark: for each picture shown while
// playing, (time the swap returned) - (its time on the media clock at the playing rate);
// the mean is removed (the anchor is arbitrary), the spread is the jitter.
struct PacingFigures {
    std::int64_t frames = 0;
    double sd_ms = 0.0;
    double max_abs_ms = 0.0;    // largest deviation from the mean
    double mean_draw_ms = 0.0;  // draw + swap per picture (upload not included)
};

struct PlayerWindowReport {
    media::PlayerStats stats;
    double seconds = 0.0;  // wall time from play() to closing
    bool audio_played = false;
    std::string audio_driver;
    std::int64_t draws = 0;  // frames drawn (swaps)
    PacingFigures pacing;
};

// Opens the window on `clip` and plays it until the window is closed (or `limit`). GL
// errors end the run with a failed Status naming them. Errors are one line.
Result<PlayerWindowReport> runPlayerWindow(const std::filesystem::path& clip,
                                           const PlayerWindowOptions& options);

}  // namespace mimic::ui
