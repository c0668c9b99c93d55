// Calendar time as text (docs/architecture.md, "Time and clocks"). The records keep moments as
// ISO-8601 UTC text of one shape, "2026-11-28T10:15:00Z", which sorts and compares correctly
// as text; this is the one place that writes that text and reads it back, and reading it
// checks that it names a real moment.
//
// Threads: plain functions of their arguments (utcNow reads the system clock).
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "common/result.h"

namespace mimic {

// A moment in UTC, to the second.
using UtcSeconds = std::chrono::sys_seconds;

// The system clock now, to the second.
UtcSeconds utcNow();

// "2026-11-28T10:15:00Z".
std::string formatUtc(UtcSeconds time);

// Reads "YYYY-MM-DD" (the start of that day, UTC) or "YYYY-MM-DDTHH:MM:SSZ". Only real dates
// and times: 2019-99-99, 0000-00-00, 2027-02-29 or 10:61:00 are errors, one line naming the
// text and the shapes accepted.
Result<UtcSeconds> parseUtc(std::string_view text);

// The expiry of something granted at `now` (a consent): `text` as parseUtc reads it, and it
// must lie after `now`. Returns it as formatUtc writes it.
Result<std::string> parseFutureExpiry(std::string_view text, UtcSeconds now);

}  // namespace mimic
