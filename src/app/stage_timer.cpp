#include "app/stage_timer.h"

#include <algorithm>

namespace mimic::app {

void StageTimer::arm(StageInputKind kind, Clock::duration after, Clock::time_point now) {
    kind_ = kind;
    at_ = now + after;
    held_left_.reset();
}

void StageTimer::clear() {
    kind_ = StageInputKind::kNone;
    held_left_.reset();
}

void StageTimer::setPaused(bool paused, Clock::time_point now) {
    if (kind_ == StageInputKind::kNone) return;
    if (paused && !held_left_) {
        held_left_ = std::max(Clock::duration::zero(), at_ - now);
    } else if (!paused && held_left_) {
        at_ = now + *held_left_;
        held_left_.reset();
    }
}

std::optional<Clock::time_point> StageTimer::due() const {
    if (kind_ == StageInputKind::kNone || held_left_) return std::nullopt;
    return at_;
}

std::optional<StageInput> StageTimer::take(Clock::time_point now) {
    const std::optional<Clock::time_point> at = due();
    if (!at || *at > now) return std::nullopt;
    StageInput input;
    input.kind = kind_;
    input.at = *at;
    clear();
    return input;
}

}  // namespace mimic::app
