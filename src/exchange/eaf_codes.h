// Coded events as EAF tiers and back (docs/review.md, "ELAN"). One tier per coder and code,
// TIER_ID "CODER/CODE" with PARTICIPANT the coder; a state event is an annotation from its
// start to its stop, a point event one of kEafPointMs from its moment (ELAN needs end >
// start); the annotation's value is the event's modifier, or the code when it has none.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "exchange/eaf.h"
#include "store/review_repository.h"

namespace mimic::exchange {

// How long a point event's annotation is.
inline constexpr std::int64_t kEafPointMs = 1;

struct EafEvent {
    std::string coder;
    std::string code;
    std::int64_t start_ms = 0;
    std::optional<std::int64_t> stop_ms;  // a state's stop; none for a point
    std::string modifier;
};

// The tiers of `events`, by coder then code, each tier's annotations by start.
std::vector<EafTier> eafTiersOf(const std::vector<EafEvent>& events);

// The events of `tiers`, for a trial whose behaviour's scheme is `scheme` (code -> kind):
// - a tier whose TIER_ID is its PARTICIPANT, '/', then a name (as eafTiersOf writes): coder
//   the PARTICIPANT, code that name; an annotation value other than the code is a modifier;
// - any other tier (from ELAN): coder its PARTICIPANT, code each annotation's value (the
//   TIER_ID when the value is empty), no modifier;
// - `coder` not empty replaces every tier's coder;
// - a code that is a point in the scheme comes back as a point at the annotation's start;
//   a state from start to end.
// Errors (one line): a tier with neither PARTICIPANT nor `coder`; codes not in the scheme,
// all of them named.
Result<std::vector<EafEvent>> eventsOfEafTiers(const std::vector<EafTier>& tiers,
                                               const std::map<std::string, store::CodeKind>& scheme,
                                               const std::string& coder);

}  // namespace mimic::exchange
