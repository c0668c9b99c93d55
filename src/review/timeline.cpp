#include "review/timeline.h"

#include <algorithm>
#include <utility>

namespace mimic::review {

FrameTimes::FrameTimes(std::vector<std::int64_t> pts_us) : pts_us_(std::move(pts_us)) {
    std::sort(pts_us_.begin(), pts_us_.end());
    pts_us_.erase(std::unique(pts_us_.begin(), pts_us_.end()), pts_us_.end());
}

std::optional<std::int64_t> FrameTimes::atOrBefore(std::int64_t t_us) const {
    const auto it = std::upper_bound(pts_us_.begin(), pts_us_.end(), t_us);
    if (it == pts_us_.begin()) return std::nullopt;
    return *std::prev(it);
}

std::optional<std::int64_t> FrameTimes::after(std::int64_t t_us) const {
    const auto it = std::upper_bound(pts_us_.begin(), pts_us_.end(), t_us);
    if (it == pts_us_.end()) return std::nullopt;
    return *it;
}

std::optional<std::int64_t> FrameTimes::before(std::int64_t t_us) const {
    const auto it = std::lower_bound(pts_us_.begin(), pts_us_.end(), t_us);
    if (it == pts_us_.begin()) return std::nullopt;
    return *std::prev(it);
}

Alignment alignTrial(const TrialTiming& timing, const FrameTimes& model,
                     const FrameTimes& practice) {
    Alignment alignment;
    // The session measured the practice start from the recording's first frame; the first
    // frame's own time in the file (the audio may start before it) comes from the file.
    std::int64_t after_first_frame_ms = 0;
    if (timing.attempt_offset_ms) {
        after_first_frame_ms = *timing.attempt_offset_ms;
    } else if (timing.practice_start_ms) {
        // Older trials: measured from the cue, which the first frame follows within a frame.
        after_first_frame_ms = *timing.practice_start_ms;
    }
    alignment.practice_origin_us = practice.first() + after_first_frame_ms * 1000;
    alignment.model_origin_us = timing.step_in_ms ? *timing.step_in_ms * 1000 : model.first();
    alignment.offset_us = timing.offset_us;
    return alignment;
}

ReviewTimeline::ReviewTimeline(FrameTimes model, FrameTimes practice, Alignment alignment)
    : model_(std::move(model)), practice_(std::move(practice)), alignment_(alignment) {}

std::int64_t ReviewTimeline::modelTime(std::int64_t timeline_us) const {
    return alignment_.model_origin_us +
           (timeline_us - alignment_.practice_origin_us - alignment_.offset_us);
}

std::int64_t ReviewTimeline::timelineOfModel(std::int64_t model_us) const {
    return model_us - alignment_.model_origin_us + alignment_.practice_origin_us +
           alignment_.offset_us;
}

OnScreen ReviewTimeline::at(std::int64_t timeline_us) const {
    OnScreen screen;
    screen.timeline_us = timeline_us;
    screen.practice_time_us = timeline_us;
    screen.model_time_us = modelTime(timeline_us);
    screen.practice_pts_us = practice_.atOrBefore(screen.practice_time_us);
    screen.model_pts_us = model_.atOrBefore(screen.model_time_us);
    return screen;
}

std::int64_t ReviewTimeline::begin_us() const {
    if (model_.empty()) return practice_.first();
    if (practice_.empty()) return timelineOfModel(model_.first());
    return std::min(practice_.first(), timelineOfModel(model_.first()));
}

std::int64_t ReviewTimeline::end_us() const {
    if (model_.empty()) return practice_.last();
    if (practice_.empty()) return timelineOfModel(model_.last());
    return std::max(practice_.last(), timelineOfModel(model_.last()));
}

}  // namespace mimic::review
