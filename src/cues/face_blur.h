// Where to blur faces in a de-identified export (issue 15, "De-identified exports"), from a
// detector's answers at some frames (ten or more a second). A detector answers only now and
// then and misses a face that turns away, so the rule errs on the side of blurring more:
//
// - Every box found grows on each side by a share of its size: a detector's box runs from the
//   brows to the mouth, so more above (hair, forehead) and most below (chin, neck), and
//   some either side (ears, cheeks).
// - Between two detections (at most `max_gap_s` apart) a face found in both (boxes whose
//   grown boxes overlap) is followed: on each frame its box is placed between the two in proportion
//   to the time (a face moving between detections stays covered; the margins take up the rest).
// - A face found at two detections in a row at least that is not found at the next (it
//   turned away, a hand came in front, the detector missed it) stays blurred where it was for
//   `hold_s` after; one not found at the previous detection, for `hold_s` before (a head
//   turning towards the camera was a face before it was found).
// - A box found at one detection only, with nothing like it at the detections either side, is
//   taken for a pattern that looked like a face for a moment, and not blurred (the analysis
//   looks again on the very next picture when a face appears, so a real face is seen twice).
// - Boxes at two detections are one face when their grown boxes overlap and their widths
//   differ by at most `max_size_change` times.
// - Overlapping regions at one time merge into the box around them (one face, one blur).
//
// Threads: any; pure functions.
#pragma once

#include <span>
#include <vector>

namespace mimic::cues {

// A rectangle in a picture's pixels.
struct Box {
    double x = 0.0;
    double y = 0.0;
    double width = 0.0;
    double height = 0.0;
};

// What the detector found at one analysed frame (times increasing).
struct Detection {
    double time = 0.0;
    std::vector<Box> boxes;
};

struct BlurRule {
    double margin_x = 0.5;       // of the box's width, left and right
    double margin_top = 0.6;     // of its height, above
    double margin_bottom = 0.9;  // of its height, below
    double max_gap_s = 0.5;
    double hold_s = 1.0;
    double max_size_change = 1.6;
};

// The regions to blur in a `width` x `height` frame shown at `time`, inside the picture.
std::vector<Box> blurRegions(std::span<const Detection> detections, double time, int width,
                             int height, const BlurRule& rule = {});

// True when the two boxes share some area.
bool boxesOverlap(const Box& a, const Box& b);

}  // namespace mimic::cues
