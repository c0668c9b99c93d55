// Internal to the player engine: the master clock (ffplay's Clock). Media time `pts_us` was
// (or will be) current at `at`, and moves on at `rate` unless paused. The audio device
// thread sets it from which sound will be heard when; without sound the owner sets it from
// the wall clock. Each setting belongs to a seek serial, so a clock left over from before
// a seek is never used.
//
// Threads: any; one lock guards all of it.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>

#include "common/clock.h"

namespace mimic::media {

class MasterClock {
  public:
    // The media time at `t`, if the clock was last set for `serial`.
    std::optional<std::int64_t> at(Clock::time_point t, int serial) const {
        std::lock_guard lock(mutex_);
        if (!valid_ || serial_ != serial) return std::nullopt;
        return timeAt(t);
    }

    void set(int serial, std::int64_t pts_us, Clock::time_point at, double rate, bool paused) {
        std::lock_guard lock(mutex_);
        valid_ = true;
        serial_ = serial;
        pts_us_ = pts_us;
        at_ = at;
        rate_ = rate;
        paused_ = paused;
    }

    // Moves on from now, from the media time it held.
    void resume() {
        std::lock_guard lock(mutex_);
        at_ = Clock::now();
        paused_ = false;
    }

    // Holds the media time reached now.
    void pause() {
        std::lock_guard lock(mutex_);
        const auto now = Clock::now();
        pts_us_ = timeAt(now);
        at_ = now;
        paused_ = true;
    }

  private:
    std::int64_t timeAt(Clock::time_point t) const {
        if (paused_) return pts_us_;
        const double elapsed = std::chrono::duration<double, std::micro>(t - at_).count();
        return pts_us_ + static_cast<std::int64_t>(elapsed * rate_);
    }

    mutable std::mutex mutex_;  // guards everything below
    bool valid_ = false;
    int serial_ = 0;
    std::int64_t pts_us_ = 0;
    Clock::time_point at_;
    double rate_ = 1.0;
    bool paused_ = false;
};

}  // namespace mimic::media
