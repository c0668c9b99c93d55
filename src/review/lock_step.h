// Lock step: the model clip and the practice recording played on one transport, so the two
// never drift. The practice recording is the master (it plays the sound and its player keeps
// the clock); the model is a follower whose frames are chosen by the mapped timeline time
// (review/timeline.h), never by a clock of its own. This file holds the rules as plain
// numbers, so they are tested without a window, a codec or a sound device:
// - TimelineClock: the timeline time now, from the master's last shown frame and the rate;
// - followModel: what the follower must do to show the frame due at a timeline time (keep
//   what it shows, take its next decoded frame, or be seeked again);
// - stepTarget: where a frame step forward or back lands on the timeline (the nearer next or
//   previous frame of either file);
// - LoopRange: a range of the timeline played again and again.
//
// Threads: any; values (the owner of the players drives them on its own thread).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>

#include "review/timeline.h"

namespace mimic::review {

// The timeline time between the master's pictures: the time of the last one shown plus the
// time since, at the playback rate, but never past the master's next frame (the master
// shows it when its own clock says so; the follower must not run ahead of the master).
class TimelineClock {
  public:
    using TimePoint = std::chrono::steady_clock::time_point;

    // The master showed its frame at `pts_us` at `shown_at`.
    void shown(std::int64_t pts_us, TimePoint shown_at) {
        pts_us_ = pts_us;
        shown_at_ = shown_at;
    }
    // A seek or a step: the timeline stands at `t_us` until the master shows a frame.
    void jumped(std::int64_t t_us, TimePoint at) { shown(t_us, at); }
    void setRate(double rate) { rate_ = rate; }
    void setPaused(bool paused, TimePoint at);
    bool paused() const { return paused_; }
    double rate() const { return rate_; }

    // The timeline time at `now`, at most `limit_us` (the master's next frame, exclusive).
    std::int64_t now(TimePoint now, std::optional<std::int64_t> limit_us = std::nullopt) const;

  private:
    std::int64_t pts_us_ = 0;
    TimePoint shown_at_{};
    double rate_ = 1.0;
    bool paused_ = true;
};

// What the follower holds: the frame it shows and the next one it has decoded, if any.
struct FollowerView {
    std::optional<std::int64_t> shown_pts_us;
    std::optional<std::int64_t> next_pts_us;  // decoded, not shown yet
    bool ended = false;                       // no frame follows next (or shown)
};

enum class FollowAction {
    kKeep,      // the frame shown is the one due (or nothing is due and nothing is shown)
    kTakeNext,  // show the next decoded frame (then ask again: more may be due)
    kPull,      // decode the next frame (then ask again)
    kSeek,      // seek exactly to `seek_to_us` (a frame due behind, or far ahead)
    kClear,     // before the model's first frame: show nothing, nothing to do
};

struct FollowDecision {
    FollowAction action = FollowAction::kKeep;
    std::optional<std::int64_t> due_pts_us;  // the model frame due (review::OnScreen)
    std::int64_t seek_to_us = 0;             // with kSeek: the model time to land on
};

// A frame due further ahead than this from what the follower holds is reached by a seek
// rather than by decoding every frame in between (a seek costs at most a keyframe interval).
inline constexpr std::int64_t kMaxPullAheadUs = 400'000;

// What the model follower must do so that the frame on screen is the model's frame due at
// `timeline_us`. Call again after kTakeNext and kPull until kKeep or kClear; after kSeek,
// the follower holds nothing until its first frame comes. Whenever due_pts_us is nullopt
// (before the model's first frame) the follower shows nothing, whatever the action: kPull
// and kSeek then only make its first frame ready.
FollowDecision followModel(const ReviewTimeline& timeline, std::int64_t timeline_us,
                           const FollowerView& follower);

// Where a frame step lands on the timeline from `timeline_us`: forward, the earlier of the
// two files' next frames (as timeline times); back, the later of their previous frames.
// nullopt when neither file has a frame that way.
std::optional<std::int64_t> stepTarget(const ReviewTimeline& timeline, std::int64_t timeline_us,
                                       bool forward);

// A range of the timeline played in a loop: when the playhead reaches `out_us`, it starts
// again at `in_us`.
struct LoopRange {
    std::int64_t in_us = 0;
    std::int64_t out_us = 0;  // > in_us
    // Where to go from `timeline_us`: in_us once the playhead is at or past out_us (or before
    // in_us), nullopt while it is inside.
    std::optional<std::int64_t> wrap(std::int64_t timeline_us) const;
};

// How far a shown frame is from the frame due at its mapped time, in frames of its file: 0
// when it is the frame due, 1 when it is one frame off, and so on (by the file's frame list;
// nothing shown while a frame is due counts as 1, and a frame shown before the file's start
// as many as it is away).
std::int64_t framesOff(const FrameTimes& frames, std::int64_t mapped_us,
                       std::optional<std::int64_t> shown_pts_us);

}  // namespace mimic::review
