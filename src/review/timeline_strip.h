// What the strip under the two videos shows (the review screen's timeline), as positions
// along it from 0 (its left end) to 1 (its right end): where each file has pictures, where
// the practice starts, each coder's events (a point a mark, a state a bar) and the playhead.
// The offscreen review still draws it (ui/review_still.h); the review window will too.
//
// Threads: any; values.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "review/timeline.h"
#include "store/review_repository.h"

namespace mimic::review {

struct StripSpan {
    double from = 0.0;  // 0..1
    double to = 0.0;    // from..1
};

struct StripEvent {
    StripSpan span;  // a point: from == to
    bool point = false;
};

struct StripRow {
    std::string coder;
    std::vector<StripEvent> events;  // by start
};

struct TimelineStrip {
    std::int64_t begin_us = 0;  // the timeline time at the left end
    std::int64_t end_us = 0;    // at the right end (> begin_us)
    StripSpan model;            // where the model has pictures
    StripSpan practice;         // where the recording has pictures
    double practice_start = 0.0;
    double playhead = 0.0;
    std::vector<StripRow> rows;  // one per coder, by name
};

// The strip of `timeline` with the playhead at `playhead_us` and `events` (coded in the
// recording's time, which is the timeline's). The strip spans the timeline and the playhead
// and every event, so nothing shown falls off its ends.
TimelineStrip timelineStrip(const ReviewTimeline& timeline, std::int64_t playhead_us,
                            const std::vector<store::CodedEvent>& events);

}  // namespace mimic::review
