// The coding scheme and coded events (docs/review.md, "Coding"): per behaviour, an ethogram
// of codes, each a point event (a moment) or a state event (a start and a stop), with an
// optional key for live coding and optional modifiers, the model BORIS and ELAN use; and the
// events coders code on a trial's practice recording. The rows live in the store
// (store/review_repository.h); the rules they must follow live here.
//
// Threads: any; pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "review/agreement.h"
#include "store/review_repository.h"

namespace mimic::review {

// Coded times are kept to the millisecond (BORIS keeps three decimals); a longer time is a
// mistake, not a recording (a day).
inline constexpr std::int64_t kMaxCodedTimeMs = 24LL * 3600 * 1000;

// A time in seconds as typed, to whole milliseconds (rounded): refused when it is not a
// number, negative, or longer than a day. `what` names it in the error ("--at").
Result<std::int64_t> millisecondsOf(double seconds, std::string_view what);

// Whether `code` may join `scheme` (the behaviour's codes): a name the scheme does not have,
// a point or a state, a key of one visible ASCII character that no other code has, modifiers
// named once each. The error is one line naming what to change.
Status checkNewCode(const std::vector<store::Code>& scheme, const store::CodeRecord& code);

// Whether an event of `code` may start at `start_ms` and stop at `stop_ms` with `modifier`:
// a point has no stop, a state has one at or after its start, and the modifier is "" or one
// of the code's.
Status checkEvent(const store::Code& code, std::int64_t start_ms,
                  std::optional<std::int64_t> stop_ms, std::string_view modifier);

// `events` of one coder (of any coders: only `coder`'s are taken) as an Observation for
// cohenKappa. Events have no subject: they belong to BORIS's "No focal subject".
Observation observationOf(const std::string& coder, const std::vector<store::CodedEvent>& events);

}  // namespace mimic::review
