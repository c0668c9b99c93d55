#include "cues/intervals.h"

#include <algorithm>

namespace mimic::cues {

namespace {

// The median spacing of the samples' times (0 with fewer than two).
double medianSpacing(std::span<const FaceSample> samples) {
    std::vector<double> spacing;
    for (std::size_t i = 1; i < samples.size(); ++i)
        spacing.push_back(samples[i].time - samples[i - 1].time);
    if (spacing.empty()) return 0.0;
    std::nth_element(spacing.begin(), spacing.begin() + spacing.size() / 2, spacing.end());
    return spacing[spacing.size() / 2];
}

// The total length of the intersection of two sorted, non-overlapping interval lists.
double overlap(std::span<const Interval> a, std::span<const Interval> b) {
    double total = 0.0;
    std::size_t i = 0;
    std::size_t j = 0;
    while (i < a.size() && j < b.size()) {
        const double start = std::max(a[i].start, b[j].start);
        const double end = std::min(a[i].end, b[j].end);
        if (end > start) total += end - start;
        if (a[i].end < b[j].end) {
            ++i;
        } else {
            ++j;
        }
    }
    return total;
}

double length(std::span<const Interval> intervals) {
    double total = 0.0;
    for (const Interval& interval : intervals)
        total += interval.end - interval.start;
    return total;
}

}  // namespace

std::vector<Interval> faceIntervals(std::span<const FaceSample> samples, const FaceRule& rule) {
    const double spacing = medianSpacing(samples);
    const auto frameEnd = [&](std::size_t i) {
        return i + 1 < samples.size() ? samples[i + 1].time : samples[i].time + spacing;
    };
    std::vector<Interval> intervals;
    std::size_t i = 0;
    while (i < samples.size()) {
        if (!samples[i].face) {
            ++i;
            continue;
        }
        // A run from i: extend over faces and over gaps of at most bridge_frames.
        const std::size_t first = i;
        std::size_t last = i;
        std::size_t at = i + 1;
        while (at < samples.size()) {
            if (samples[at].face) {
                last = at++;
                continue;
            }
            std::size_t gap_end = at;
            while (gap_end < samples.size() && !samples[gap_end].face)
                ++gap_end;
            const bool bridged = gap_end < samples.size() &&
                                 gap_end - at <= static_cast<std::size_t>(rule.bridge_frames);
            if (!bridged) break;
            at = gap_end;
        }
        if (last - first + 1 >= static_cast<std::size_t>(std::max(rule.min_frames, 1))) {
            intervals.push_back({samples[first].time, frameEnd(last)});
        }
        i = last + 1;
    }
    return intervals;
}

double coveredRatio(std::span<const Interval> intervals, double from, double to) {
    if (to <= from) return 0.0;
    const Interval whole{from, to};
    return overlap(intervals, std::span<const Interval>(&whole, 1)) / (to - from);
}

double intervalIou(std::span<const Interval> a, std::span<const Interval> b) {
    const double both = overlap(a, b);
    const double either = length(a) + length(b) - both;
    return either <= 0.0 ? 1.0 : both / either;
}

}  // namespace mimic::cues
