// The analysis of a practice recording as codes of the coder "auto" (issue 15): one state
// event per stretch with a face turned to the camera, one point event at the first motion and
// one at the first voice. Stored like any coder's events on the trial, so the review timeline
// shows them as suggestions and agreement of "auto" with a person works as for any pair.
//
// Threads: any; pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cues/intervals.h"

namespace mimic::cues {

inline constexpr std::string_view kAutoCoder = "auto";
inline constexpr std::string_view kFacingCode = "facing camera";  // a state
inline constexpr std::string_view kMotionCode = "motion onset";   // a point
inline constexpr std::string_view kVoiceCode = "voice onset";     // a point

struct AutoEvent {
    std::string code;  // one of the names above
    std::int64_t start_ms = 0;
    std::optional<std::int64_t> stop_ms;  // a state's stop
};

// The events for what was found (seconds from the recording's start), by start time. States
// shorter than a millisecond once rounded are left out.
std::vector<AutoEvent> autoEvents(const std::vector<Interval>& faces,
                                  std::optional<double> motion_onset,
                                  std::optional<double> voice_onset);

// Seconds to whole milliseconds (rounded, never negative).
std::int64_t toMs(double seconds);

}  // namespace mimic::cues
