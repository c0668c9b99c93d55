// The one timed input a timed stage waits for (the cue's, the practice's or the reward's end):
// armed when the stage starts showing the thing, due when its time is up, held while the
// session is paused (the time left is kept and runs on after the resume). Shared by the
// headless stage (cue, practice, reward) and the window stage (practice: the child's screen
// times its own cue and reward).
//
// Threads: one caller; a plain value.
#pragma once

#include <optional>

#include "app/session_stage.h"

namespace mimic::app {

class StageTimer {
  public:
    // `kind` is due `after` from `now`; replaces what was armed.
    void arm(StageInputKind kind, Clock::duration after, Clock::time_point now);
    void clear();
    // Holds (paused) or runs on (not paused) the time left; nothing when nothing is armed.
    void setPaused(bool paused, Clock::time_point now);

    // When the armed input is due; nullopt when nothing is armed or it is held.
    std::optional<Clock::time_point> due() const;
    // The armed input, stamped with the instant it fell due, once that instant is <= `now`;
    // the timer is then empty.
    std::optional<StageInput> take(Clock::time_point now);

  private:
    StageInputKind kind_ = StageInputKind::kNone;  // kNone: nothing armed
    Clock::time_point at_{};
    std::optional<Clock::duration> held_left_;  // paused: the time that was left
};

}  // namespace mimic::app
