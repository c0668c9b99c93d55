// The record-keeping changes that both the command line (`mimic consent`, `mimic program`,
// `mimic therapist`) and the library window make, so that the two write the same rows and
// the same audit entries. Each call is one transaction: on any error nothing is stored.
//
// Threads: the caller's, which owns the Database (store/database.h rules).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "store/clinical_repository.h"
#include "store/database.h"

namespace mimic::app {

// Records a consent of `scope_name` ("record", "share-with-parents", "training-use") for the
// child with `child_code`, granted now by `granted_by`, valid until `expires` (a future
// date, "2027-06-30" or "2027-06-30T12:00:00Z"; common/utc_time.h) or without end.
struct GrantedConsent {
    std::int64_t id = 0;
    std::optional<std::string> expires_at;  // ISO-8601 UTC as stored
};
Result<GrantedConsent> grantConsent(store::Database& db, const std::string& child_code,
                                    const std::string& scope_name, const std::string& granted_by,
                                    const std::optional<std::string>& expires);

// Revokes the consent now, naming `revoked_by` (the operating-system account when empty).
Status revokeConsent(store::Database& db, std::int64_t consent_id, const std::string& revoked_by);

// Adds a therapist, with its audit entry.
Result<std::int64_t> addTherapist(store::Database& db, const std::string& name);

// A change to a child's program for a behaviour, by the names a person typed. Every setting
// is optional: adding starts from the defaults, changing from the program as it is.
struct ProgramChange {
    std::string child;                                         // the child's code
    std::string behaviour;                                     // the behaviour's name
    std::optional<std::string> phase;                          // "baseline", "intervention", ...
    std::optional<std::vector<std::string>> prompt_hierarchy;  // most intrusive first
    std::optional<int> accuracy_pct;
    std::optional<int> sessions;
    std::optional<int> min_trials;
    std::optional<bool> cold_probe;
    std::optional<int> therapists;
    std::optional<std::string> reinforcement;  // "continuous", "fixed-ratio", "variable-ratio"
    std::optional<int> ratio;
    // Session settings (schema 6).
    std::optional<std::int64_t> chosen_clip_id;  // 0: no chosen clip
    std::optional<std::string> model_kind;       // "peer", ...; "": any
    std::optional<bool> video_prompting;
    std::optional<std::string> fading;  // "start-later", ...; "": none
    std::optional<int> fading_steps;
    std::optional<std::int64_t> fading_trim_ms;
    std::optional<int> model_views;
    // Who decided a change of phase and why (kept in the phase history).
    std::optional<std::string> therapist;
    std::string reason;
};

enum class ProgramSave { kNone = 0, kAdd, kChange };

struct SavedProgram {
    std::int64_t id = 0;
    std::string name;  // "child / behaviour"
    store::ProgramPhase phase = store::ProgramPhase::kNone;
};

// Adds (kAdd: the program must not exist) or changes (kChange: it must) the program, puts a
// phase it enters into its phase history, and writes the audit entry.
Result<SavedProgram> saveProgram(store::Database& db, const ProgramChange& change,
                                 ProgramSave mode);

}  // namespace mimic::app
