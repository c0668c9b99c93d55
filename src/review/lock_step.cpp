#include "review/lock_step.h"

#include <algorithm>
#include <cstdlib>

namespace mimic::review {

void TimelineClock::setPaused(bool paused, TimePoint at) {
    if (paused == paused_) return;
    // Pausing freezes the time reached; resuming counts from now.
    pts_us_ = now(at);
    shown_at_ = at;
    paused_ = paused;
}

std::int64_t TimelineClock::now(TimePoint now, std::optional<std::int64_t> limit_us) const {
    if (paused_) return pts_us_;
    const auto elapsed = std::chrono::duration_cast<std::chrono::microseconds>(now - shown_at_);
    // A clock read just before the frame's own instant (another thread's time point) never
    // goes backward.
    const auto ahead = static_cast<std::int64_t>(
        static_cast<double>(std::max<std::int64_t>(0, elapsed.count())) * rate_);
    std::int64_t t = pts_us_ + ahead;
    if (limit_us && *limit_us > pts_us_) t = std::min(t, *limit_us - 1);
    return t;
}

FollowDecision followModel(const ReviewTimeline& timeline, std::int64_t timeline_us,
                           const FollowerView& follower) {
    FollowDecision decision;
    const std::int64_t model_us = timeline.modelTime(timeline_us);
    decision.due_pts_us = timeline.model().atOrBefore(model_us);
    const auto seekTo = [&](std::int64_t target) {
        decision.action = FollowAction::kSeek;
        decision.seek_to_us = target;
        return decision;
    };
    if (!decision.due_pts_us) {
        // Before the model starts: nothing on screen, and the follower waits holding its
        // first frame, so the start shows on time.
        decision.action = FollowAction::kClear;
        const std::int64_t first = timeline.model().first();
        if (follower.next_pts_us == first) return decision;
        if (follower.shown_pts_us || follower.next_pts_us) return seekTo(first);
        if (!follower.ended) decision.action = FollowAction::kPull;
        return decision;
    }
    const std::int64_t due = *decision.due_pts_us;
    if (follower.shown_pts_us && *follower.shown_pts_us == due) return decision;  // kKeep
    // The frame due is behind the one shown: only a seek goes back.
    if (follower.shown_pts_us && *follower.shown_pts_us > due) return seekTo(model_us);
    if (follower.next_pts_us && *follower.next_pts_us > due) {
        // The next frame is not due yet. With a frame shown (which is then the last one at or
        // before the time due, as far as the stream has frames) it stays; with none (just
        // after a seek that landed a little late) the next is waited for, unless it is far off.
        if (follower.shown_pts_us || *follower.next_pts_us - due <= kMaxPullAheadUs) {
            return decision;
        }
        return seekTo(model_us);
    }
    // Holding nothing (opened, or just seeked): decode the first frame from where it stands.
    const std::optional<std::int64_t> held =
        follower.next_pts_us ? follower.next_pts_us : follower.shown_pts_us;
    if (!held) {
        if (!follower.ended) decision.action = FollowAction::kPull;
        return decision;
    }
    // Far ahead of what it holds: a seek is quicker than decoding every frame in between.
    if (due - *held > kMaxPullAheadUs) return seekTo(model_us);
    if (follower.next_pts_us) {
        decision.action = FollowAction::kTakeNext;  // next <= due
        return decision;
    }
    if (follower.ended) return decision;  // the last frame stays
    decision.action = FollowAction::kPull;
    return decision;
}

std::optional<std::int64_t> stepTarget(const ReviewTimeline& timeline, std::int64_t timeline_us,
                                       bool forward) {
    const std::int64_t model_us = timeline.modelTime(timeline_us);
    std::optional<std::int64_t> practice =
        forward ? timeline.practice().after(timeline_us) : timeline.practice().before(timeline_us);
    std::optional<std::int64_t> model =
        forward ? timeline.model().after(model_us) : timeline.model().before(model_us);
    if (model) model = timeline.timelineOfModel(*model);
    if (!practice) return model;
    if (!model) return practice;
    return forward ? std::min(*practice, *model) : std::max(*practice, *model);
}

std::optional<std::int64_t> LoopRange::wrap(std::int64_t timeline_us) const {
    if (timeline_us >= out_us || timeline_us < in_us) return in_us;
    return std::nullopt;
}

std::int64_t framesOff(const FrameTimes& frames, std::int64_t mapped_us,
                       std::optional<std::int64_t> shown_pts_us) {
    const std::vector<std::int64_t>& all = frames.all();
    // The index of the frame on screen at a time: -1 before the first.
    const auto indexAt = [&](std::int64_t t) {
        return static_cast<std::int64_t>(std::upper_bound(all.begin(), all.end(), t) -
                                         all.begin()) -
               1;
    };
    const std::int64_t due = indexAt(mapped_us);
    if (!shown_pts_us) return due < 0 ? 0 : 1;
    return std::llabs(indexAt(*shown_pts_us) - due);
}

}  // namespace mimic::review
