// mimic's trials and codes as a BORIS project, and a BORIS observation back as codes
// (docs/review.md, "BORIS"). A BORIS observation is one observer's coding, so a trial gives
// one observation per coder, "trial-N-CODER" ("trial-N" for a trial nobody coded yet); the
// model clip is player 1 and the practice recording player 2, and event times are times in
// the practice recording (as mimic keeps them), so export then import is lossless to the ms.
// The subject of every event is the child's code.
//
// Threads: any; pure functions and values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "exchange/boris.h"
#include "store/review_repository.h"

namespace mimic::exchange {

// One trial to export, as the store gives it.
struct BorisTrial {
    store::ReviewTrial trial;
    std::string child;  // the child's code: the subject
    std::string date;   // the session's start, ISO 8601
    std::vector<store::Code> scheme;
    std::vector<store::CodedEvent> events;
};

std::string borisObservationId(std::int64_t trial_id, std::string_view coder);

// The project of `trials`: the ethogram of their behaviours' codes (a code named alike in two
// schemes must be of the same type), their children as subjects, the observations above.
Result<BorisProject> borisProjectOf(const std::vector<BorisTrial>& trials, std::string name);

// An event to add as a code.
struct ImportedCode {
    std::string code;
    std::int64_t start_ms = 0;
    std::optional<std::int64_t> stop_ms;  // a state's stop
    std::string modifier;
};

// Observation `id`'s events as codes of `scheme` (the trial's behaviour's codes): each code
// must be in the scheme with the same type, a modifier one of the code's, states paired, one
// subject at most. Errors are one line naming what to change; nothing partial.
Result<std::vector<ImportedCode>> borisCodesOf(const BorisProject& project, std::string_view id,
                                               const std::vector<store::Code>& scheme);

}  // namespace mimic::exchange
