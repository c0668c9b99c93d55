// ClipPlayer: plays one clip inside a screen of the window (the library's stage) on the
// player engine (media::Player, audio as the master clock through attachSound), with the
// picture drawn by the GL renderer into a texture the screen shows (ImGui image). The
// screen keeps its own layout; the player window (player_window.h) is the full-window
// counterpart with the transport keys.
//
// Threads: the UI/GL thread only, with the GL context current (also when it is
// destroyed). The engine's threads and SDL's audio thread run beside it. Ownership: owns
// the engine, the audio device and the renderer; neither copied nor moved (one per screen).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>

#include "audio/audio_output.h"
#include "common/clock.h"
#include "media/player.h"
#include "render/geometry.h"
#include "render/video_renderer.h"

namespace mimic::ui {

struct PlayerStats {
    std::int64_t pictures_shown = 0;
    std::int64_t pictures_dropped = 0;  // decoded but late: a later picture was already due
    double seconds_played = 0.0;        // media time played, pauses excluded
    bool audio_played = false;
};

class ClipPlayer {
  public:
    enum class State { kIdle, kPlaying, kPaused, kFinished, kFailed };

    ClipPlayer() = default;
    ClipPlayer(const ClipPlayer&) = delete;
    ClipPlayer& operator=(const ClipPlayer&) = delete;
    ~ClipPlayer();

    // Stops what plays and plays `path` from its start. A clip that cannot be opened leaves
    // the player kFailed with message() saying why (one line naming the file).
    void play(const std::filesystem::path& path);
    // As play(), but only [in_us, out_us) of the clip (an exact seek to in_us; the clip ends
    // at out_us or at its end, whichever comes first).
    void playSegment(const std::filesystem::path& path, std::int64_t in_us, std::int64_t out_us);
    // Stops playing and forgets the clip (kIdle, no picture).
    void close();
    // Playing <-> paused; a finished clip plays again from the start.
    void togglePause();
    // Pauses on the picture shown at `t_us` (an exact seek: the last frame at or before it),
    // opening the clip again when it had finished.
    void seekPaused(std::int64_t t_us);
    // Pauses, then shows the next (previous) picture; steps asked for while a picture is on
    // its way are taken in turn once it is shown.
    void stepFrame(bool forward);
    // A seek or step whose picture has not been shown yet.
    bool awaitingPicture() const { return awaiting_picture_; }
    // The time of the picture on screen (µs from the file's start); nullopt before the first.
    std::optional<std::int64_t> shownPts_us() const;

    // Takes the picture whose time has come from the engine and uploads it. Returns true
    // when the screen has something new to draw (a picture, a change of state).
    bool update();
    // Milliseconds the UI may sleep before update() has work; -1 when nothing is due
    // (idle, paused, finished, failed).
    int millisecondsUntilDue() const;

    // The current picture's size on screen (sample aspect ratio and rotation applied);
    // nullopt before the first picture of the clip.
    std::optional<render::Size> pictureSize() const;
    // The current picture drawn at `size` pixels, as the GL name of a texture (bottom row
    // first) valid until the next call; drawn again only when the picture or size changed.
    // nullopt without a picture; a GL failure fails the player with its message.
    std::optional<unsigned int> pictureTexture(render::Size size);

    State state() const { return state_; }
    const PlayerStats& stats() const { return stats_; }
    const std::filesystem::path& path() const { return path_; }
    // The last problem, one line for a person (empty when none).
    const std::string& message() const { return message_; }

  private:
    void start(const std::filesystem::path& path,
               std::optional<std::pair<std::int64_t, std::int64_t>> segment);
    // Opens the clip without playing it (kPaused); false when it failed.
    bool openPaused();
    void pauseEngine();
    void stop();
    void fail(const std::string& line);
    bool showPicture(media::VideoFrame frame);

    State state_ = State::kIdle;
    std::filesystem::path path_;
    // The audio device goes before the engine it pulls from (reverse declaration order).
    std::optional<media::Player> engine_;
    std::optional<audio::AudioOutput> sound_;
    std::optional<render::VideoRenderer> renderer_;
    bool has_picture_ = false;  // of this clip: the previous clip's last one never shows
    std::int64_t shown_pts_us_ = 0;
    bool awaiting_picture_ = false;
    int pending_steps_ = 0;  // > 0 forward, < 0 back: asked for while awaiting a picture
    bool texture_stale_ = true;
    std::optional<unsigned int> texture_;
    render::Size texture_size_;
    Clock::time_point next_due_{};
    Clock::time_point played_since_{};  // while kPlaying: when seconds_played last grew

    PlayerStats stats_;
    std::string message_;
};

}  // namespace mimic::ui
