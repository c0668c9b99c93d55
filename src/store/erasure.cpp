#include "store/erasure.h"

#include "store/audit_log.h"
#include "store/connection.h"
#include "store/query.h"

namespace mimic::store {

namespace {

constexpr std::string_view kErased = "(erased)";

// The child's trials and recordings, as temporary tables the deletions read (in memory on
// an encrypted folder: temp_store = MEMORY).
constexpr std::string_view kGather = R"sql(
DROP TABLE IF EXISTS temp.erase_trials;
DROP TABLE IF EXISTS temp.erase_recordings;
CREATE TEMP TABLE erase_trials AS
    SELECT trials.id AS id FROM trials JOIN sessions ON sessions.id = trials.session_id
    WHERE sessions.child_id = (SELECT child_id FROM temp.erase_child);
CREATE TEMP TABLE erase_recordings AS
    SELECT recording_id AS id FROM trials
    WHERE id IN (SELECT id FROM temp.erase_trials) AND recording_id IS NOT NULL;
)sql";

// Every row of the child, children of rows first (foreign keys are on).
constexpr std::string_view kDelete = R"sql(
DELETE FROM coded_events WHERE trial_id IN (SELECT id FROM temp.erase_trials);
DELETE FROM trial_reviews WHERE trial_id IN (SELECT id FROM temp.erase_trials);
DELETE FROM second_observers WHERE trial_id IN (SELECT id FROM temp.erase_trials);
DELETE FROM coding_finished WHERE trial_id IN (SELECT id FROM temp.erase_trials);
DELETE FROM trial_events WHERE trial_id IN (SELECT id FROM temp.erase_trials);
DELETE FROM trial_segments WHERE trial_id IN (SELECT id FROM temp.erase_trials);
DELETE FROM clip_cuts WHERE trial_id IN (SELECT id FROM temp.erase_trials)
    OR clip_id IN (SELECT id FROM clips WHERE child_id = (SELECT child_id FROM temp.erase_child));
DELETE FROM trials WHERE id IN (SELECT id FROM temp.erase_trials);
DELETE FROM segments
    WHERE clip_id IN (SELECT id FROM clips WHERE child_id = (SELECT child_id FROM temp.erase_child));
DELETE FROM clips WHERE child_id = (SELECT child_id FROM temp.erase_child);
DELETE FROM annotations WHERE recording_id IN (SELECT id FROM temp.erase_recordings);
DELETE FROM recordings WHERE id IN (SELECT id FROM temp.erase_recordings);
DELETE FROM sessions WHERE child_id = (SELECT child_id FROM temp.erase_child);
DELETE FROM program_prompt_levels
    WHERE program_id IN (SELECT id FROM programs WHERE child_id = (SELECT child_id FROM temp.erase_child));
DELETE FROM program_phase_changes
    WHERE program_id IN (SELECT id FROM programs WHERE child_id = (SELECT child_id FROM temp.erase_child));
DELETE FROM programs WHERE child_id = (SELECT child_id FROM temp.erase_child);
DELETE FROM consents WHERE child_id = (SELECT child_id FROM temp.erase_child);
DELETE FROM child_screen_prefs WHERE child_id = (SELECT child_id FROM temp.erase_child);
DELETE FROM children WHERE id = (SELECT child_id FROM temp.erase_child);
INSERT INTO trial_notes_fts (trial_notes_fts) VALUES ('rebuild');
DROP TABLE temp.erase_trials;
DROP TABLE temp.erase_recordings;
)sql";

// The chain computed again from entry ?1 on, as migration 0005 first computed it.
constexpr std::string_view kRechain = R"sql(
WITH RECURSIVE chain (id, prev_hash, hash) AS (
    SELECT id, prev_hash, mimic_audit_hash(id, at, actor, action, record_kind, record_id,
                                           child_id, detail, prev_hash)
    FROM audit_log WHERE id = ?1
    UNION ALL
    SELECT next.id, chain.hash,
           mimic_audit_hash(next.id, next.at, next.actor, next.action, next.record_kind,
                            next.record_id, next.child_id, next.detail, chain.hash)
    FROM chain JOIN audit_log AS next
        ON next.id = (SELECT min(id) FROM audit_log WHERE id > chain.id)
)
UPDATE audit_log SET prev_hash = chain.prev_hash, hash = chain.hash
FROM chain WHERE chain.id = audit_log.id
)sql";

Status runScript(Connection& conn, std::string_view script, const std::string& what) {
    if (Status s = conn.exec(script); !s) return Error{what + ": " + s.error().message};
    return {};
}

Result<int> count(Connection& conn, const std::string& sql, std::int64_t child_id,
                  const std::string& what) {
    auto statement = conn.prepare(sql);
    if (!statement) return Error{what + ": " + statement.error().message};
    statement->bind(1, child_id);
    auto n = singleInt64(*statement, what);
    if (!n) return n.error();
    return static_cast<int>(*n);
}

// Entries whose detail erasure blanks: about the child, or about no child and naming its
// code or one of its files.
constexpr std::string_view kRedactedEntries = R"sql(
    child_id = ?1 OR (child_id IS NULL AND (instr(detail, ?2) > 0 OR EXISTS (
        SELECT 1 FROM temp.erase_files WHERE instr(audit_log.detail, erase_files.path) > 0)))
)sql";

Status gatherFiles(Connection& conn, const ErasurePlan& plan, const std::string& what) {
    if (Status s = conn.exec("DROP TABLE IF EXISTS temp.erase_files;"
                             "CREATE TEMP TABLE erase_files (path TEXT NOT NULL)");
        !s) {
        return Error{what + ": " + s.error().message};
    }
    auto insert = conn.prepare("INSERT INTO temp.erase_files (path) VALUES (?1)");
    if (!insert) return Error{what + ": " + insert.error().message};
    for (const std::string& file : plan.files) {
        insert->bind(1, file);
        if (Status s = insert->run(); !s) return Error{what + ": " + s.error().message};
    }
    return {};
}

}  // namespace

Result<ErasurePlan> planErasure(Database& db, std::string_view code) {
    const std::string what = "cannot plan the erasure of child " + std::string(code);
    Connection& conn = db.connection();
    auto child = conn.prepare("SELECT id, legal_hold FROM children WHERE code = ?1");
    if (!child) return Error{what + ": " + child.error().message};
    child->bind(1, code);
    auto row = child->step();
    if (!row) return Error{what + ": " + row.error().message};
    if (!*row) return Error{"there is no child " + std::string(code)};
    ErasurePlan plan;
    plan.child_id = child->columnInt64(0);
    plan.legal_hold = child->columnInt64(1) != 0;
    plan.code = std::string(code);
    child->reset();  // a statement left reading keeps DROP TABLE below from running
    const std::int64_t id = plan.child_id;
    const std::string trials_of =
        "SELECT trials.id FROM trials JOIN sessions ON sessions.id = trials.session_id "
        "WHERE sessions.child_id = ?1";
    struct Count {
        int* into;
        std::string sql;
    };
    const Count counts[] = {
        {&plan.sessions, "SELECT count(*) FROM sessions WHERE child_id = ?1"},
        {&plan.trials, "SELECT count(*) FROM (" + trials_of + ")"},
        {&plan.recordings,
         "SELECT count(*) FROM trials WHERE recording_id IS NOT NULL AND id IN (" + trials_of +
             ")"},
        {&plan.coded_events,
         "SELECT count(*) FROM coded_events WHERE trial_id IN (" + trials_of + ")"},
        {&plan.programs, "SELECT count(*) FROM programs WHERE child_id = ?1"},
        {&plan.consents, "SELECT count(*) FROM consents WHERE child_id = ?1"},
        {&plan.clips, "SELECT count(*) FROM clips WHERE child_id = ?1"},
    };
    for (const Count& c : counts) {
        auto n = count(conn, c.sql, id, what);
        if (!n) return n.error();
        *c.into = *n;
    }
    auto files = conn.prepare(
        "SELECT recordings.path FROM recordings JOIN trials ON trials.recording_id = recordings.id "
        "WHERE trials.id IN (" +
        trials_of +
        ") "
        "UNION SELECT reward_file FROM child_screen_prefs WHERE child_id = ?1 AND reward_file IS "
        "NOT NULL "
        "UNION SELECT cue_voice FROM child_screen_prefs WHERE child_id = ?1 AND cue_voice IS NOT "
        "NULL "
        "UNION SELECT path FROM clips WHERE child_id = ?1 "
        "UNION SELECT thumbnail_path FROM clips WHERE child_id = ?1 AND thumbnail_path IS NOT "
        "NULL");
    if (!files) return Error{what + ": " + files.error().message};
    files->bind(1, id);
    for (;;) {
        auto next = files->step();
        if (!next) return Error{what + ": " + next.error().message};
        if (!*next) break;
        plan.files.push_back(files->columnText(0));
    }
    if (Status s = gatherFiles(conn, plan, what); !s) return s.error();
    auto redacted =
        conn.prepare("SELECT count(*) FROM audit_log WHERE " + std::string(kRedactedEntries));
    if (!redacted) return Error{what + ": " + redacted.error().message};
    redacted->bind(1, id).bind(2, plan.code);
    auto n = singleInt64(*redacted, what);
    if (!n) return n.error();
    plan.audit_entries = static_cast<int>(*n);
    if (Status s = conn.exec("DROP TABLE temp.erase_files"); !s)
        return Error{what + ": " + s.error().message};
    return plan;
}

Status eraseChild(Database& db, const ErasurePlan& plan, std::string_view actor) {
    const std::string what = "cannot erase child " + plan.code;
    if (plan.legal_hold) return Error{what + ": the child is on legal hold"};
    Connection& conn = db.connection();
    {
        auto tx = Transaction::begin(conn);
        if (!tx) return Error{what + ": " + tx.error().message};
        // The plan still holds: the child is there and not on hold now.
        auto hold = conn.prepare("SELECT legal_hold FROM children WHERE id = ?1 AND code = ?2");
        if (!hold) return Error{what + ": " + hold.error().message};
        hold->bind(1, plan.child_id).bind(2, plan.code);
        auto row = hold->step();
        if (!row) return Error{what + ": " + row.error().message};
        if (!*row) return Error{"there is no child " + plan.code};
        if (hold->columnInt64(0) != 0) return Error{what + ": the child is on legal hold"};
        hold->reset();

        if (Status s = gatherFiles(conn, plan, what); !s) return s;
        if (Status s = conn.exec("DROP TABLE IF EXISTS temp.erase_child;"
                                 "CREATE TEMP TABLE erase_child (child_id INTEGER NOT NULL)");
            !s) {
            return Error{what + ": " + s.error().message};
        }
        auto set_child = conn.prepare("INSERT INTO temp.erase_child (child_id) VALUES (?1)");
        if (!set_child) return Error{what + ": " + set_child.error().message};
        set_child->bind(1, plan.child_id);
        if (Status s = set_child->run(); !s) return Error{what + ": " + s.error().message};
        if (Status s = runScript(conn, kGather, what); !s) return s;
        if (Status s = runScript(conn, kDelete, what); !s) return s;

        // The audit log: details blanked, the chain computed again from the first blanked
        // entry, the append-only trigger set aside only for that and put back as it was.
        auto first =
            conn.prepare("SELECT min(id) FROM audit_log WHERE " + std::string(kRedactedEntries));
        if (!first) return Error{what + ": " + first.error().message};
        first->bind(1, plan.child_id).bind(2, plan.code);
        auto first_row = first->step();
        if (!first_row) return Error{what + ": " + first_row.error().message};
        const std::optional<std::int64_t> first_id = first->columnOptionalInt64(0);
        first->reset();
        if (first_id) {
            auto trigger = conn.queryText(
                "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = "
                "'audit_log_no_update'");
            if (!trigger) return Error{what + ": " + trigger.error().message};
            if (*trigger) {
                if (Status s = conn.exec("DROP TRIGGER audit_log_no_update"); !s)
                    return Error{what + ": " + s.error().message};
            }
            auto blank = conn.prepare("UPDATE audit_log SET detail = ?3 WHERE " +
                                      std::string(kRedactedEntries));
            if (!blank) return Error{what + ": " + blank.error().message};
            blank->bind(1, plan.child_id).bind(2, plan.code).bind(3, kErased);
            if (Status s = blank->run(); !s) return Error{what + ": " + s.error().message};
            auto rechain = conn.prepare(kRechain);
            if (!rechain) return Error{what + ": " + rechain.error().message};
            rechain->bind(1, *first_id);
            if (Status s = rechain->run(); !s) return Error{what + ": " + s.error().message};
            if (*trigger) {
                if (Status s = conn.exec(**trigger); !s)
                    return Error{what + ": " + s.error().message};
            }
        }
        if (Status s = conn.exec("DROP TABLE temp.erase_files; DROP TABLE temp.erase_child"); !s)
            return Error{what + ": " + s.error().message};
        const std::string detail =
            "sessions " + std::to_string(plan.sessions) + ", trials " +
            std::to_string(plan.trials) + ", recordings " + std::to_string(plan.recordings) +
            ", files " + std::to_string(plan.files.size()) + ", audit entries erased " +
            std::to_string(plan.audit_entries) +
            (first_id ? ", chain computed again from entry " + std::to_string(*first_id) : "");
        if (Status s = AuditLog(db).record(actor, "erase", "child", plan.child_id, detail); !s)
            return Error{what + ": " + s.error().message};
        if (Status s = tx->commit(); !s) return Error{what + ": " + s.error().message};
    }
    // Freed pages zeroed and dropped, the write-ahead log emptied.
    if (Status s = conn.exec("PRAGMA secure_delete = ON; VACUUM; PRAGMA wal_checkpoint(TRUNCATE);"
                             "PRAGMA secure_delete = OFF");
        !s) {
        return Error{"child " + plan.code +
                     " is erased, but the database could not be compacted: " + s.error().message};
    }
    return {};
}

Status setLegalHold(Database& db, std::string_view code, bool on, std::string_view actor) {
    const std::string what = std::string("cannot ") + (on ? "put" : "lift") +
                             " a legal hold on child " + std::string(code);
    Connection& conn = db.connection();
    auto tx = Transaction::begin(conn);
    if (!tx) return Error{what + ": " + tx.error().message};
    auto update = conn.prepare("UPDATE children SET legal_hold = ?2 WHERE code = ?1 RETURNING id");
    if (!update) return Error{what + ": " + update.error().message};
    update->bind(1, code).bind(2, on ? 1 : 0);
    auto row = update->step();
    if (!row) return Error{what + ": " + row.error().message};
    if (!*row) return Error{"there is no child " + std::string(code)};
    const std::int64_t id = update->columnInt64(0);
    update->reset();
    if (Status s = AuditLog(db).record(actor, on ? "hold" : "release", "child", id,
                                       on ? "legal hold on" : "legal hold lifted", id);
        !s) {
        return Error{what + ": " + s.error().message};
    }
    if (Status s = tx->commit(); !s) return Error{what + ": " + s.error().message};
    return {};
}

}  // namespace mimic::store
