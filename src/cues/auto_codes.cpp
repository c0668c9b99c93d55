#include "cues/auto_codes.h"

#include <algorithm>
#include <cmath>

namespace mimic::cues {

std::int64_t toMs(double seconds) {
    return std::max<std::int64_t>(0, std::llround(seconds * 1000.0));
}

std::vector<AutoEvent> autoEvents(const std::vector<Interval>& faces,
                                  std::optional<double> motion_onset,
                                  std::optional<double> voice_onset) {
    std::vector<AutoEvent> events;
    for (const Interval& face : faces) {
        const std::int64_t start = toMs(face.start);
        const std::int64_t stop = toMs(face.end);
        if (stop > start) events.push_back({std::string(kFacingCode), start, stop});
    }
    if (motion_onset) events.push_back({std::string(kMotionCode), toMs(*motion_onset), {}});
    if (voice_onset) events.push_back({std::string(kVoiceCode), toMs(*voice_onset), {}});
    std::stable_sort(events.begin(), events.end(), [](const AutoEvent& a, const AutoEvent& b) {
        return a.start_ms < b.start_ms;
    });
    return events;
}

}  // namespace mimic::cues
