// The device-free part of running a session: what the --score words mean, whether they fit
// the plan, and which session::Session input each stage input is in each state. The runner
// (app/session_runner.h) does the devices; tests drive these directly.
//
// Threads: any; pure functions, except applyStageInput, which changes the Session it is given.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/session_stage.h"
#include "common/result.h"
#include "session/session.h"

namespace mimic::app {

// One --score value: "independent", "incorrect", "no-response", or "prompted:LEVEL" where
// LEVEL is a level's name in the program's prompt hierarchy or its number (1 = most
// intrusive).
struct ScriptedScore {
    session::Outcome outcome = session::Outcome::kNone;
    std::optional<std::string> level;  // kPrompted: the LEVEL text
};

// Reads one --score value; the error is one line naming the value and the words allowed.
Result<ScriptedScore> parseScore(std::string_view text);

// The --score values as score inputs for the plan's trials in order (the i-th to the i-th
// trial): each prompted level is checked against that trial's target's hierarchy and given
// as its number. Refused in one line: more scores than trials, or a level the target does
// not have. (Fewer scores than trials is allowed: the rest stay unscored.)
Result<std::vector<StageInput>> scoresForPlan(const std::vector<ScriptedScore>& scores,
                                              const session::SessionPlan& plan);

// Feeds one stage input to the session at `at` (>= the session's last input; the caller
// keeps times non-decreasing). Returns the new directive, or nullopt when the input means
// nothing now (a stale timer, a key that does nothing in this state: the child's screen
// ignores it). Go on: model -> model ended, turn -> cue ended, practice -> practice ended,
// score -> skip (unscored), reward -> reward ended. Pause toggles pause and resume. Notes
// are not session inputs (nullopt). An error only for a score the session refuses.
Result<std::optional<session::Directive>> applyStageInput(session::Session& session,
                                                          const StageInput& input,
                                                          Clock::time_point at);

}  // namespace mimic::app
