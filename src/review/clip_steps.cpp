#include "review/clip_steps.h"

#include <algorithm>
#include <cstdlib>

namespace mimic::review {

std::int64_t storedMsOfFrame(std::int64_t pts_us) {
    // Rounded up, not to nearest: a frame at 33.366 ms stored as 33 ms would be the previous
    // frame after a seek.
    if (pts_us <= 0) return pts_us / 1000;
    return (pts_us + 999) / 1000;
}

std::optional<std::int64_t> frameOfStoredMs(const FrameTimes& frames, std::int64_t ms) {
    return frames.atOrBefore(ms * 1000);
}

std::optional<std::int64_t> nearestFrame(const FrameTimes& frames, std::int64_t t_us) {
    if (frames.empty()) return std::nullopt;
    const std::optional<std::int64_t> before = frames.atOrBefore(t_us);
    const std::optional<std::int64_t> after = frames.after(t_us);
    if (!before) return after;
    if (!after) return before;
    return t_us - *before <= *after - t_us ? before : after;
}

Status checkStep(const std::vector<StepSegment>& steps, const StepSegment& candidate,
                 std::int64_t duration_ms) {
    if (candidate.in_ms < 0) return Error{"a step cannot start before the clip"};
    if (candidate.out_ms <= candidate.in_ms) {
        return Error{"the out mark must come after the in mark"};
    }
    if (duration_ms > 0 && candidate.out_ms > duration_ms) {
        return Error{"the out mark is past the clip's end"};
    }
    for (const StepSegment& other : steps) {
        if (candidate.id != 0 && other.id == candidate.id) continue;
        if (candidate.in_ms < other.out_ms && other.in_ms < candidate.out_ms) {
            return Error{"the range overlaps step " + std::to_string(other.step) +
                         (other.label.empty() ? std::string() : " (" + other.label + ")")};
        }
    }
    return {};
}

int nextStepNumber(const std::vector<StepSegment>& steps) {
    int last = 0;
    for (const StepSegment& s : steps)
        last = std::max(last, s.step);
    return last + 1;
}

std::vector<StepSegment> renumberedSteps(std::vector<StepSegment> steps) {
    std::stable_sort(steps.begin(), steps.end(), [](const StepSegment& a, const StepSegment& b) {
        if (a.step != b.step) return a.step < b.step;
        return a.in_ms < b.in_ms;
    });
    for (std::size_t i = 0; i < steps.size(); ++i)
        steps[i].step = static_cast<int>(i) + 1;
    return steps;
}

std::vector<StepSegment> movedStep(std::vector<StepSegment> steps, std::int64_t id, int delta) {
    steps = renumberedSteps(std::move(steps));
    const auto found =
        std::find_if(steps.begin(), steps.end(), [id](const StepSegment& s) { return s.id == id; });
    if (found == steps.end()) return steps;
    const auto from = static_cast<std::ptrdiff_t>(found - steps.begin());
    const std::ptrdiff_t to = from + delta;
    if (to < 0 || to >= static_cast<std::ptrdiff_t>(steps.size())) return steps;
    std::swap(steps[static_cast<std::size_t>(from)], steps[static_cast<std::size_t>(to)]);
    for (std::size_t i = 0; i < steps.size(); ++i)
        steps[i].step = static_cast<int>(i) + 1;
    return steps;
}

}  // namespace mimic::review
