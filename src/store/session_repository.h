// What the practice session (issue 11, src/session) keeps beyond the trial rows of
// ClinicalRepository: a session with its reinforcement seed, each trial's step, practice start
// and state changes, a program's phase history, and the per-session trial outcomes the
// progress report and the mastery criterion are computed from.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "store/clinical_repository.h"
#include "store/database.h"

namespace mimic::store {

struct SessionRecord {
    std::int64_t child_id = 0;
    std::string started_at;  // ISO-8601 UTC
    std::optional<std::string> ended_at;
    std::optional<std::int64_t> therapist_id;
    SessionSetting setting = SessionSetting::kNone;
    std::optional<std::uint32_t> reinforcement_seed;  // variable-ratio draws; keep to replay
};

struct SessionRow {
    std::int64_t id = 0;
    SessionRecord record;
    std::optional<std::string> therapist;  // the therapist's name
};

// One state change of a trial's state machine (src/session/session.h keeps them).
struct TrialEvent {
    std::string state;       // e.g. "model", "turn", "practice", "score", "reward", "end"
    std::int64_t at_ms = 0;  // after the trial started, >= 0
};

// How a trial was practised (schema 6).
struct TrialPractice {
    std::optional<int> step;                        // video prompting: the step (from 1)
    std::optional<std::int64_t> practice_start_ms;  // after the "your turn" cue
    // Where the attempt starts in the recording's file (the practice start after its first
    // frame); left as it is when not given.
    std::optional<std::int64_t> attempt_offset_ms;
    std::vector<TrialEvent> events;  // in the order they happened
};

// One change of a program's phase. from == kNone: the phase the history began with.
struct PhaseChangeRecord {
    std::int64_t program_id = 0;
    ProgramPhase from = ProgramPhase::kNone;
    ProgramPhase to = ProgramPhase::kNone;
    std::string changed_at;  // ISO-8601 UTC
    std::optional<std::int64_t> therapist_id;
    std::string reason;
};

struct PhaseChange {
    std::int64_t id = 0;
    PhaseChangeRecord record;
    std::optional<std::string> therapist;  // the therapist's name
};

// One session of a child with its trials of one behaviour, for progress and mastery.
struct BehaviourSession {
    std::int64_t session_id = 0;
    std::string started_at;
    std::optional<std::int64_t> therapist_id;
    std::optional<std::string> therapist;
    SessionSetting setting = SessionSetting::kNone;
    std::vector<TrialOutcome> outcomes;  // every trial of the behaviour, in trial order;
                                         // kNone: not scored
};

// Borrows the Database (which must outlive it); same thread rules as the Database. Every
// write may be grouped by the caller in a Transaction on db.connection().
class SessionRepository {
  public:
    explicit SessionRepository(Database& db) : db_(&db) {}

    Result<std::int64_t> addSession(const SessionRecord& session);
    Result<std::optional<SessionRow>> findSession(std::int64_t session_id);
    // Keeps the seed of a session made another way (ClinicalRepository::beginPracticeTrial).
    Status setReinforcementSeed(std::int64_t session_id, std::uint32_t seed);

    // Stores the trial's step and practice start and replaces its events, in one transaction.
    // Events need a state and a time >= 0, in non-decreasing time order.
    Status recordTrialPractice(std::int64_t trial_id, const TrialPractice& practice);
    // An error when there is no such trial.
    Result<TrialPractice> trialPractice(std::int64_t trial_id);

    // Adds a row to the program's phase history (it does not change programs.phase: the
    // caller does that in the same transaction).
    Result<std::int64_t> addPhaseChange(const PhaseChangeRecord& change);
    // The program's phase history, oldest first.
    Result<std::vector<PhaseChange>> phaseHistory(std::int64_t program_id);

    // The child's sessions that have trials of the behaviour, oldest first (by start, then
    // id), each with those trials' outcomes.
    Result<std::vector<BehaviourSession>> behaviourSessions(std::int64_t child_id,
                                                            std::int64_t behaviour_id);

  private:
    Database* db_;  // not owned
};

}  // namespace mimic::store
