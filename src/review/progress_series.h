// A program's progress as data for a graph (docs/review.md, "Progress"): one point per
// session with its scored trials and accuracy, a line where the phase changed, and the
// mastery goal. `mimic progress` prints the same series; the window will draw it.
//
// Accuracy (docs/clinical.md): independent trials / scored trials, in percent to one
// decimal; unscored trials count neither way; a session without scored trials has none.
//
// Threads: any; pure functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/clinical_repository.h"
#include "store/session_repository.h"

namespace mimic::review {

struct SessionPoint {
    std::int64_t session_id = 0;
    std::string started_at;  // ISO-8601 UTC
    // The program's phase when the session started (the last change at or before it);
    // kNone for a session before the history begins.
    store::ProgramPhase phase = store::ProgramPhase::kNone;
    int trials = 0;  // scored
    int independent = 0;
    int prompted = 0;
    int incorrect = 0;
    int no_response = 0;
    std::optional<double> accuracy_pct;  // none without scored trials
};

// A vertical line where the phase changed: before `before_point` (an index into the points;
// points.size() when it came after the last session).
struct PhaseLine {
    std::size_t before_point = 0;
    std::string changed_at;
    store::ProgramPhase from = store::ProgramPhase::kNone;
    store::ProgramPhase to = store::ProgramPhase::kNone;
};

struct ProgressSeries {
    std::vector<SessionPoint> points;  // oldest first
    std::vector<PhaseLine> phase_lines;
    std::optional<int> goal_pct;  // the mastery criterion's accuracy; none without a program
};

// The program's phase at `at` (ISO-8601 UTC): the last change of `history` (oldest first) at
// or before it; kNone before the history begins.
store::ProgramPhase phaseAt(const std::vector<store::PhaseChange>& history, const std::string& at);

// The series of one child's sessions of a behaviour (SessionRepository::behaviourSessions),
// the program's phase history (oldest first; the first entry, the phase it began in, draws no
// line) and its mastery criterion (none without a program).
ProgressSeries progressSeries(const std::vector<store::BehaviourSession>& sessions,
                              const std::vector<store::PhaseChange>& history,
                              const std::optional<store::MasteryCriterion>& mastery);

}  // namespace mimic::review
