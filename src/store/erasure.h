// Erasing a child on request (docs/privacy.md, "Erasure"): every row about the child goes,
// the audit log keeps its entries but not what identifies the child, and the caller removes
// the child's files (the plan names them, relative to the data folder).
//
// - Rows: the child's coded events, reviews, second observers and finished-coding marks,
//   trial events and segments, trials, annotations, recordings, sessions, programs with
//   their prompt levels and phase changes, consents, screen preferences, the self-modelling
//   clips cut from the child's practice (with their tags and segments) and the child; the
//   trial notes' full-text index is rebuilt so no note of the child stays in it.
// - Audit log: every entry about the child (its child_id), and every entry about no child
//   whose detail names the child's code or one of its files, keeps its id, time, actor,
//   action and record but its detail becomes "(erased)". Changing entries breaks the hash
//   chain, so the chain is computed again from the first changed entry on, and one new entry
//   ("erase", "child", the id, counts only) says that it was. The chain is a check against
//   changes made without recomputing it (audit_log.h), not a signature, so this is a change
//   the log itself records rather than a hole in it.
// - Then, outside the transaction: VACUUM with secure_delete on (freed pages are zeroed and
//   dropped) and a WAL checkpoint that truncates the log.
//
// A child on legal hold is refused. Threads: as the Database.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "store/database.h"

namespace mimic::store {

struct ErasurePlan {
    std::int64_t child_id = 0;
    std::string code;
    bool legal_hold = false;
    int sessions = 0;
    int trials = 0;
    int recordings = 0;
    int coded_events = 0;
    int programs = 0;
    int consents = 0;
    int clips = 0;          // self-modelling clips cut from the child's practice
    int audit_entries = 0;  // entries whose detail will be erased
    // The child's files, relative to the data folder: recordings and the child's media,
    // self-modelling clips and their thumbnails.
    std::vector<std::string> files;
};

// What erasing the child with `code` would remove; an error when there is no such child.
Result<ErasurePlan> planErasure(Database& db, std::string_view code);

// Erases as planned (see above), in one transaction, then vacuums. Refuses a child on legal
// hold. The files are the caller's to remove (after this succeeds).
Status eraseChild(Database& db, const ErasurePlan& plan, std::string_view actor);

// Puts a legal hold on the child or lifts it; audited.
Status setLegalHold(Database& db, std::string_view code, bool on, std::string_view actor);

}  // namespace mimic::store
