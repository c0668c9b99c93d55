// Where a face is turned to the camera, from a detector's answer per analysed frame (issue
// 15, "face toward the camera"). A detector misses a face now and then (a blink, a hand, a
// blurred frame) and now and then finds one in a curtain's folds; the rule smooths both:
//
// - A gap of at most `bridge_frames` frames without a face between frames with one is still
//   a face (a face lost for one or two frames is still there).
// - A run shorter than `min_frames` frames, after bridging, is not a face (one or two frames
//   of something face-like).
// - An interval runs from its first frame's time to the end of its last frame: the next
//   analysed frame's time, or for the last frame of all its time plus the median spacing.
//
// Threads: any; pure functions.
#pragma once

#include <span>
#include <vector>

namespace mimic::cues {

// Seconds from the file's start; end > start.
struct Interval {
    double start = 0.0;
    double end = 0.0;
};

// One analysed frame: its time (seconds, increasing) and whether a face was found in it.
struct FaceSample {
    double time = 0.0;
    bool face = false;
};

struct FaceRule {
    int bridge_frames = 2;
    int min_frames = 3;
};

std::vector<Interval> faceIntervals(std::span<const FaceSample> samples, const FaceRule& rule = {});

// The share of [from, to) that `intervals` (sorted, not overlapping) cover; 0 when to <= from.
double coveredRatio(std::span<const Interval> intervals, double from, double to);

// Intersection over union of two sets of intervals (each sorted, not overlapping): how well
// found intervals match true ones. 1 when both are empty.
double intervalIou(std::span<const Interval> a, std::span<const Interval> b);

}  // namespace mimic::cues
