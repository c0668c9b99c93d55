#include "cues/face_blur.h"

#include <algorithm>
#include <cmath>

namespace mimic::cues {

namespace {

Box grown(const Box& box, const BlurRule& rule) {
    return {box.x - box.width * rule.margin_x, box.y - box.height * rule.margin_top,
            box.width * (1.0 + 2.0 * rule.margin_x),
            box.height * (1.0 + rule.margin_top + rule.margin_bottom)};
}

// One face at two detections: boxes of about one size whose grown boxes overlap.
bool sameFace(const Box& a, const Box& b, const BlurRule& rule) {
    const double wider = std::max(a.width, b.width);
    const double narrower = std::max(1e-9, std::min(a.width, b.width));
    return wider / narrower <= rule.max_size_change && boxesOverlap(grown(a, rule), grown(b, rule));
}

bool matchesAny(const Box& box, const std::vector<Box>& others, const BlurRule& rule) {
    return std::any_of(others.begin(), others.end(),
                       [&](const Box& other) { return sameFace(box, other, rule); });
}

Box around(const Box& a, const Box& b) {
    const double left = std::min(a.x, b.x);
    const double top = std::min(a.y, b.y);
    const double right = std::max(a.x + a.width, b.x + b.width);
    const double bottom = std::max(a.y + a.height, b.y + b.height);
    return {left, top, right - left, bottom - top};
}

// Merges overlapping boxes until none overlap.
std::vector<Box> merged(std::vector<Box> boxes) {
    bool changed = true;
    while (changed) {
        changed = false;
        for (std::size_t i = 0; i < boxes.size() && !changed; ++i) {
            for (std::size_t j = i + 1; j < boxes.size(); ++j) {
                if (!boxesOverlap(boxes[i], boxes[j])) continue;
                boxes[i] = around(boxes[i], boxes[j]);
                boxes.erase(boxes.begin() + static_cast<std::ptrdiff_t>(j));
                changed = true;
                break;
            }
        }
    }
    return boxes;
}

}  // namespace

bool boxesOverlap(const Box& a, const Box& b) {
    return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height &&
           b.y < a.y + a.height;
}

std::vector<Box> blurRegions(std::span<const Detection> detections, double time, int width,
                             int height, const BlurRule& rule) {
    std::vector<Box> regions;
    // Followed between the detections either side of `time`.
    const auto next = std::upper_bound(detections.begin(), detections.end(), time,
                                       [](double t, const Detection& d) { return t < d.time; });
    if (next != detections.begin() && next != detections.end()) {
        const auto prev = next - 1;
        const double span = next->time - prev->time;
        if (span <= rule.max_gap_s && span > 0.0) {
            const double f = (time - prev->time) / span;
            for (const Box& a : prev->boxes) {
                for (const Box& b : next->boxes) {
                    if (!sameFace(a, b, rule)) continue;
                    const Box between{a.x + (b.x - a.x) * f, a.y + (b.y - a.y) * f,
                                      a.width + (b.width - a.width) * f,
                                      a.height + (b.height - a.height) * f};
                    regions.push_back(grown(between, rule));
                }
            }
        }
    }
    // Held where a face was last or first seen (a face seen at two detections in a row at
    // least); a box seen only once is not a face.
    const auto first = std::lower_bound(detections.begin(), detections.end(), time - rule.hold_s,
                                        [](const Detection& d, double t) { return d.time < t; });
    for (auto it = first; it != detections.end() && it->time <= time + rule.hold_s; ++it) {
        const auto after = it + 1;
        const bool has_after =
            after != detections.end() && after->time - it->time <= rule.max_gap_s;
        const bool has_before =
            it != detections.begin() && it->time - (it - 1)->time <= rule.max_gap_s;
        const double distance = std::abs(time - it->time);
        for (const Box& box : it->boxes) {
            const bool seen_after = has_after && matchesAny(box, after->boxes, rule);
            const bool seen_before = has_before && matchesAny(box, (it - 1)->boxes, rule);
            if (!seen_before && !seen_after) continue;  // once only: a pattern
            const bool covers = it->time <= time ? !seen_after && distance <= rule.hold_s
                                                 : !seen_before && distance <= rule.hold_s;
            if (covers) regions.push_back(grown(box, rule));
        }
    }
    std::vector<Box> inside;
    for (const Box& box : merged(std::move(regions))) {
        const double left = std::max(0.0, box.x);
        const double top = std::max(0.0, box.y);
        const double right = std::min(static_cast<double>(width), box.x + box.width);
        const double bottom = std::min(static_cast<double>(height), box.y + box.height);
        if (right > left && bottom > top) inside.push_back({left, top, right - left, bottom - top});
    }
    return inside;
}

}  // namespace mimic::cues
