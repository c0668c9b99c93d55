// Whether a program has met its mastery criterion, and the phase change that follows
// (docs/clinical.md, "Accuracy", "Mastery criterion", "Phase").
//
// The rules, applied after each session to one program's sessions in the order they ran:
// - A session's counted trials are its scored trials for the program (unscored and skipped
//   trials do not count at all). With cold_probe_only, only the first scored trial of each
//   day counts: a later session on the same day counts no trial.
// - accuracy = independent trials / counted trials; prompted, incorrect and no-response
//   trials count in the denominator only. Compared in whole numbers (independent x 100 >=
//   accuracy_pct x trials), so 4 of 5 meets 80 % exactly.
// - A session with fewer counted trials than min_trials is not counted: it is passed over,
//   neither meeting nor breaking a run.
// - Met when the last K counted sessions (K = consecutive_sessions) each reach the accuracy,
//   and were run by at least min_therapists distinct therapists (a session without a
//   therapist adds none).
// - When met, the next phase is proposed: intervention -> maintenance -> mastered. Baseline
//   -> intervention is the therapist's choice and never proposed; nothing follows mastered
//   or generalization.
//
// Threads: any; pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "session/clinical.h"

namespace mimic::session {

// One session's trials for one program, in the order they were run.
struct ProgramSessionTrials {
    std::int64_t session_id = 0;
    std::string day;  // "YYYY-MM-DD": the calendar day cold probes go by (the caller's choice
                      // of calendar; the app passes the clinic's local date)
    std::optional<std::int64_t> therapist_id;
    std::vector<Outcome> outcomes;  // kNone: not scored (not counted)
};

// One session as the criterion saw it.
struct SessionAccuracy {
    std::int64_t session_id = 0;
    int independent = 0;
    int trials = 0;        // counted trials
    bool counted = false;  // trials >= min_trials
    bool reached = false;  // counted and at or above the accuracy
};

struct MasteryResult {
    bool met = false;
    std::vector<SessionAccuracy> sessions;  // every session given, in order
    std::optional<Phase> proposed;          // set when met and a next phase is proposed
    std::string reason;                     // one or two sentences for the therapist
};

// Applies `criterion` to a program now in `phase`, given its sessions in the order they ran.
MasteryResult evaluateMastery(const MasteryCriterion& criterion, Phase phase,
                              const std::vector<ProgramSessionTrials>& sessions);

// The phase that mastery proposes after `phase`; nullopt for baseline (the therapist
// decides), mastered, generalization and kNone.
std::optional<Phase> phaseAfterMastery(Phase phase);

// A change of a program's phase with its date, whoever decided it (kept in the program's
// phase history; storing it comes later).
struct PhaseChange {
    std::int64_t program_id = 0;
    Phase from = Phase::kNone;
    Phase to = Phase::kNone;
    std::string changed_at;  // ISO-8601 UTC, e.g. 2026-12-02T10:15:00Z
    std::string reason;      // the mastery reason, or the therapist's note
};

// The change `result` proposes for a program, dated `changed_at`; nullopt when it proposes
// none.
std::optional<PhaseChange> proposedPhaseChange(std::int64_t program_id, Phase phase,
                                               const MasteryResult& result, std::string changed_at);

}  // namespace mimic::session
