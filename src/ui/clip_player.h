// ClipPlayer: plays one clip in the window on the UI thread (the first, single-threaded
// version; issue "Playback engine" replaces the decoding and pacing here). Decodes with
// media::ClipReader just ahead of need, keeps about half a second of sound queued on an
// audio::AudioOutput, and uploads each picture to a VideoTexture when its time comes.
//
// Clock: the wall clock, anchored at the first picture (shown at once) and stopped while
// paused. The audio device is unpaused at the same moment, so sound and pictures start
// together and both then run in real time.
//
// Threads: the UI/GL thread only, with the GL context current. Ownership: owns the reader,
// the audio device and the texture; neither copied nor moved (one per window).
#pragma once

#include <cstdint>
#include <deque>
#include <filesystem>
#include <optional>
#include <string>

#include "audio/audio_output.h"
#include "common/clock.h"
#include "media/clip_reader.h"
#include "ui/video_texture.h"

namespace mimic::ui {

struct PlayerStats {
    std::int64_t pictures_shown = 0;
    std::int64_t pictures_dropped = 0;
    double seconds_played = 0.0;
    bool audio_played = false;
};

class ClipPlayer {
  public:
    enum class State { kIdle, kPlaying, kPaused, kFinished, kFailed };

    ClipPlayer() = default;
    ClipPlayer(const ClipPlayer&) = delete;
    ClipPlayer& operator=(const ClipPlayer&) = delete;
    ~ClipPlayer() = default;

    // Stops what plays and plays `path` from its start. A clip that cannot be opened leaves
    // the player kFailed with message() saying why.
    void play(const std::filesystem::path& path);
    // Playing <-> paused; a finished clip plays again from the start.
    void togglePause();

    // Decodes what is needed and uploads the picture whose time has come. Returns true
    // when the window has something new to draw (a picture, a change of state).
    bool update();
    // Milliseconds the UI may sleep before update() has work; -1 when nothing is due
    // (idle, paused, finished, failed).
    int millisecondsUntilDue() const;

    State state() const { return state_; }
    const PlayerStats& stats() const { return stats_; }
    const VideoTexture& texture() const { return texture_; }
    const std::filesystem::path& path() const { return path_; }
    // The last problem, one line for a person (empty when none).
    const std::string& message() const { return message_; }

  private:
    void fail(const std::string& line);
    bool decodeAhead();
    void queueAudio(const media::AudioChunk& chunk);
    std::int64_t clockUs() const;

    State state_ = State::kIdle;
    std::filesystem::path path_;
    std::optional<media::ClipReader> reader_;
    std::optional<audio::AudioOutput> audio_;
    bool audio_unavailable_ = false;  // opening failed once: play this clip silently
    int audio_rate_ = 0;
    int audio_channels_ = 0;
    std::deque<media::RgbaPicture> pictures_;  // decoded, not yet shown, in pts order
    bool end_of_clip_ = false;
    VideoTexture texture_;

    bool started_ = false;
    Clock::time_point anchor_time_{};
    std::int64_t anchor_pts_us_ = 0;
    std::int64_t paused_at_us_ = 0;
    std::int64_t first_pts_us_ = 0;
    std::int64_t last_shown_pts_us_ = 0;

    PlayerStats stats_;
    std::string message_;
};

}  // namespace mimic::ui
