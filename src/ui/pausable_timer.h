// Active time of something that pauses (the cue, the reward, the practice): the time it has
// run, less its pauses.
//
// Threads: one owner; a value.
#pragma once

#include <chrono>
#include <optional>

#include "common/clock.h"

namespace mimic::ui {

class PausableTimer {
  public:
    void start(Clock::time_point now) {
        started_ = now;
        paused_for_ = {};
        paused_at_.reset();
    }
    void pause(bool paused, Clock::time_point now) {
        if (paused && !paused_at_) paused_at_ = now;
        if (!paused && paused_at_) {
            paused_for_ += now - *paused_at_;
            paused_at_.reset();
        }
    }
    std::chrono::milliseconds elapsed(Clock::time_point now) const {
        const Clock::time_point until = paused_at_ ? *paused_at_ : now;
        return std::chrono::duration_cast<std::chrono::milliseconds>(until - started_ -
                                                                     paused_for_);
    }

  private:
    Clock::time_point started_{};
    Clock::duration paused_for_{};
    std::optional<Clock::time_point> paused_at_;
};

}  // namespace mimic::ui
