// What the child sees and the therapist presses during a practice session, as the session
// runner (app/session_runner.h) uses it: the runner tells the stage what to show for each
// session::Directive and polls it for what happened, each input stamped with the steady-clock
// instant it happened at.
//
// Implementations: HeadlessStage (app/headless_stage.h: no window; timed cue, practice and
// reward, scores from --score) and WindowStage (app/window_stage.h: the child's full-screen
// ui::ChildScreen, whose calls are these, one for one; scores from the therapist's keys).
//
// Threads: every call from the runner's thread (with a window: the UI thread). A stage may
// run threads of its own (playback) but reports only through poll().
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "session/clinical.h"
#include "session/session.h"

namespace mimic::capture {
class PreviewSlot;
}

namespace mimic::app {

enum class StageInputKind {
    kNone = 0,
    kModelEnded,     // the model part asked for by playModel has played to its end
    kCueEnded,       // the "your turn" cue is over: practice begins
    kPracticeEnded,  // the practice time is over (a timed practice)
    kRewardEnded,    // the reward is over
    kGoOn,           // Space: end what is showing and go on (unscored, in the score state)
    kReplay,         // R: the model again
    kScore,          // 1-4: an outcome (and for prompted, which level)
    kNote,           // N: a note on the trial
    kPause,          // P: pause, or resume when paused
    kEnd,            // the therapist ends the session (after the PIN)
};

struct StageInput {
    StageInputKind kind = StageInputKind::kNone;
    Clock::time_point at;  // when it happened
    // kScore: the outcome; with kPrompted, either a level number of the running trial's
    // prompt hierarchy (1 = most intrusive) or next_level_down (Enter: the next less
    // intrusive level after the last prompted score).
    session::Outcome outcome = session::Outcome::kNone;
    std::optional<int> level_number;
    bool next_level_down = false;
    std::string note;  // kNote
};

// The therapist's strip (one display) or console (two): where the session is.
struct StageStrip {
    std::string child;  // the child's code
    int trial = 0;      // from 1
    int trials = 0;     // planned
    std::string target;
    session::State state = session::State::kNone;
    bool paused = false;
    Clock::duration elapsed{};
    bool microphone = false;  // the session records sound
    // 0..1 (audio/level_meter.h): the loudest of the microphone's last ~100 ms while a trial
    // records; nullopt without a microphone or while nothing records.
    std::optional<float> mic_level;
    bool recording = false;
    std::vector<std::string> prompt_levels;  // the running target's hierarchy, most intrusive first
    std::optional<std::string> next_level_down;  // the level Enter takes after 2, if any
    std::string analysis;  // "analysing trial 2 (40%)" while a recording is analysed, else ""
};

class SessionStage {
  public:
    virtual ~SessionStage() = default;

    // Plays [in_ms, out_ms) of `clip`; kModelEnded follows. An error (an unreadable clip)
    // ends the session.
    virtual Status playModel(const std::filesystem::path& clip, std::int64_t in_ms,
                             std::int64_t out_ms) = 0;
    // The "your turn" cue; a timed stage follows it with kCueEnded.
    virtual void showTurnCue() = 0;
    // The child's try: the mirrored preview from `preview` (not owned; fed while `recording`).
    virtual void showPractice(capture::PreviewSlot* preview, bool recording) = 0;
    virtual void showAwaitScore() = 0;
    virtual void showReward() = 0;
    virtual void showEnd() = 0;
    virtual void setPaused(bool paused) = 0;
    virtual void setStrip(const StageStrip& strip) = 0;
    // Whether the stage shows the camera preview: the recorder hands every frame to the preview
    // slot only then (a copy per frame that a stage without a screen does not need).
    virtual bool showsPreview() const { return true; }

    // What happened since the last poll, oldest first; waits up to `max_wait` after `now` when
    // nothing has. An error when what the stage was showing failed (the model did not play).
    virtual Result<std::vector<StageInput>> poll(Clock::time_point now,
                                                 Clock::duration max_wait) = 0;
};

}  // namespace mimic::app
