// The one clock of the program (docs/architecture.md, "Time and clocks"):
// std::chrono::steady_clock.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace mimic {

using Clock = std::chrono::steady_clock;
using Microseconds = std::chrono::microseconds;

// Microseconds elapsed since `start`, as integer ticks (time base 1/1000000).
inline std::int64_t microsecondsSince(Clock::time_point start,
                                      Clock::time_point now = Clock::now()) {
    return std::chrono::duration_cast<Microseconds>(now - start).count();
}

// Current wall-clock time as ISO-8601 UTC with a trailing Z, e.g. 2026-11-28T10:15:00Z.
std::string utcNowIso8601();

}  // namespace mimic
