// What a blind second observer needs kept (schema 10): which coder is a trial's second
// observer, which coders have finished coding a trial, and the trials of a child's program
// with what the IOA view and the progress graph show of them. The rules (who may see what,
// when agreement may be shown, which trials to pick next) live in src/review (observers.h,
// ioa.h).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/os_account.h"
#include "common/result.h"
#include "store/clinical_repository.h"
#include "store/database.h"

namespace mimic::store {

// The observers of one trial, as the visibility rule reads them.
struct TrialObservers {
    std::optional<std::string> second_observer;  // the blind coder, if one is assigned
    std::vector<std::string> finished;           // coders who finished coding it, by name
};

// One assignment, with where its trial belongs (for `mimic observer list`).
struct ObserverAssignment {
    std::int64_t trial_id = 0;
    std::string coder;
    std::string assigned_at;             // ISO-8601 UTC
    std::optional<std::string> done_at;  // when the coder finished; none while coding
    std::string child_code;
    std::string behaviour_name;
    std::int64_t session_id = 0;
    std::string session_started_at;
};

// One trial of a child's behaviour, oldest session first (for IOA and the progress graph).
struct ProgramTrial {
    std::int64_t trial_id = 0;
    std::int64_t session_id = 0;
    std::string session_started_at;
    TrialOutcome outcome = TrialOutcome::kNone;
    std::optional<std::string> prompt_level;
    bool has_recording = false;  // a finished (complete or interrupted) recording to code
    std::optional<std::string> second_observer;
    bool observer_done = false;  // the second observer finished coding it
};

// Borrows the Database (which must outlive it); same thread rules as the Database. Changes
// are audited in the same transaction, naming `actor` and the trial's child.
class ObserverRepository {
  public:
    explicit ObserverRepository(Database& db, std::string actor = auditActorName())
        : db_(&db), actor_(std::move(actor)) {}

    // Makes `coder` (passing checkName) the trial's second observer. The database refuses a
    // second one for the same trial and an unknown trial.
    Status assign(std::int64_t trial_id, const std::string& coder);
    // Records that `coder` finished coding the trial; an error when they had already.
    Status markFinished(std::int64_t trial_id, const std::string& coder);

    Result<TrialObservers> trialObservers(std::int64_t trial_id);
    // Every assignment, or one child's, by trial.
    Result<std::vector<ObserverAssignment>> assignments(std::optional<std::int64_t> child_id);
    // The child's trials of the behaviour, by session start, session, then trial id.
    Result<std::vector<ProgramTrial>> programTrials(std::int64_t child_id,
                                                    std::int64_t behaviour_id);

  private:
    // Checks the coder's name, then runs `change` and the trial's audit entry (`action`,
    // `detail`, with the trial's child) in one transaction; `what` prefixes errors.
    Status changeTrial(std::int64_t trial_id, const std::string& coder, const std::string& what,
                       std::string_view action, const std::string& detail,
                       const std::function<Status(Connection&)>& change);

    Database* db_;  // not owned
    std::string actor_;
};

}  // namespace mimic::store
