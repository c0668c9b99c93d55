// The step segments of a video-prompting clip as the library window edits them: where a
// mark lands (frame-exact), which ranges may be stored, and the order of the steps.
//
// Frame-exact storage: a segment keeps its in and out as whole milliseconds, while frames
// have µs times. A time is stored as the first whole millisecond at or after its frame's
// time, so an exact seek to the stored time (the last frame at or before it) lands on that
// same frame (frames are more than a millisecond apart).
//
// Threads: any; values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "review/timeline.h"

namespace mimic::review {

// The milliseconds a frame at `pts_us` is stored as.
std::int64_t storedMsOfFrame(std::int64_t pts_us);
// The frame a stored time shows: the last at or before it; none before the first.
std::optional<std::int64_t> frameOfStoredMs(const FrameTimes& frames, std::int64_t ms);
// The frame nearest to `t_us` (a dragged edge lands on it); none without frames.
std::optional<std::int64_t> nearestFrame(const FrameTimes& frames, std::int64_t t_us);

struct StepSegment {
    std::int64_t id = 0;  // the store's; 0 for one not stored yet
    std::int64_t in_ms = 0;
    std::int64_t out_ms = 0;
    int step = 0;  // 1, 2, ...
    std::string label;
};

// Whether `candidate` may be stored beside `steps` (the clip's other steps; one with the
// candidate's id is the candidate before its change): out after in, inside the clip's
// `duration_ms` (0: unknown, not checked), and overlapping no other step. One line when not.
Status checkStep(const std::vector<StepSegment>& steps, const StepSegment& candidate,
                 std::int64_t duration_ms);

// The step number a new step gets: one after the last.
int nextStepNumber(const std::vector<StepSegment>& steps);

// The steps in step order (ties by in time), numbered 1, 2, ... without gaps.
std::vector<StepSegment> renumberedSteps(std::vector<StepSegment> steps);

// The steps with the one whose id is `id` moved `delta` places (-1 earlier, +1 later) and
// all renumbered; unchanged (but renumbered) when it cannot move that way.
std::vector<StepSegment> movedStep(std::vector<StepSegment> steps, std::int64_t id, int delta);

}  // namespace mimic::review
