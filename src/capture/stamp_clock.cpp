#include "capture/stamp_clock.h"

#include <algorithm>

namespace mimic::capture {

void FrameClock::add(std::int64_t arrival_us, std::int64_t source_us) {
    const std::int64_t offset = arrival_us - source_us;
    offset_us_ = std::min(offset_us_.value_or(offset), offset);
    held_.push_back(Held{arrival_us, source_us});
}

std::optional<std::int64_t> FrameClock::next(bool all) {
    if (held_.empty()) return std::nullopt;
    if (!all && held_.back().arrival_us - held_.front().arrival_us < hold_us_) return std::nullopt;
    const Held front = held_.front();
    held_.pop_front();
    return front.source_us + *offset_us_;
}

std::int64_t SampleClock::positionUs(std::int64_t position) const {
    return position * 1'000'000 / sample_rate_;
}

void SampleClock::add(std::int64_t arrival_us, std::int64_t frames) {
    const std::int64_t offset_us = arrival_us - positionUs(received_ + frames);
    held_.push_back(Held{arrival_us, received_, frames, offset_us});
    received_ += frames;
}

std::optional<SampleClock::Stamp> SampleClock::next(bool all) {
    if (held_.empty()) return std::nullopt;
    if (!all && held_.back().arrival_us - held_.front().arrival_us < window_us_) {
        return std::nullopt;
    }
    const Held front = held_.front();
    held_.pop_front();
    // The least delayed of the neighbours: the ones stamped before (still in recent_), this
    // one and the held ones after it.
    while (!recent_.empty() && recent_.front().first < front.arrival_us - window_us_)
        recent_.pop_front();
    std::int64_t offset_us = front.offset_us;
    for (const auto& [arrival, offset] : recent_)
        offset_us = std::min(offset_us, offset);
    for (const Held& later : held_) {
        if (later.arrival_us > front.arrival_us + window_us_) break;
        offset_us = std::min(offset_us, later.offset_us);
    }
    recent_.emplace_back(front.arrival_us, front.offset_us);
    return Stamp{front.position, front.frames, positionUs(front.position) + offset_us};
}

}  // namespace mimic::capture
