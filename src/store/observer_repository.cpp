#include "store/observer_repository.h"

#include "common/clock.h"
#include "common/names.h"
#include "store/audit_log.h"
#include "store/query.h"

namespace mimic::store {

Status ObserverRepository::changeTrial(std::int64_t trial_id, const std::string& coder,
                                       const std::string& what, std::string_view action,
                                       const std::string& detail,
                                       const std::function<Status(Connection&)>& change) {
    if (Status s = checkName("a coder's name", coder); !s) {
        return Error{what + ": " + s.error().message};
    }
    Connection& conn = db_->connection();
    auto tx = Transaction::begin(conn);
    if (!tx) return tx.error();
    auto child = childOfTrial(conn, trial_id);
    if (!child) return Error{what + ": " + child.error().message};
    if (Status s = change(conn); !s) return s;
    if (Status s = AuditLog(*db_).record(actor_, action, "trial", trial_id, detail, *child); !s)
        return s;
    return tx->commit();
}

Status ObserverRepository::assign(std::int64_t trial_id, const std::string& coder) {
    const std::string what = "cannot assign a second observer to trial " + std::to_string(trial_id);
    return changeTrial(trial_id, coder, what, "assign", "second observer " + coder,
                       [&](Connection& conn) -> Status {
                           auto insert = conn.prepare(
                               "INSERT INTO second_observers (trial_id, coder, assigned_at) "
                               "VALUES (?1, ?2, ?3)");
                           if (!insert) return insert.error();
                           insert->bind(1, trial_id).bind(2, coder).bind(3, utcNowIso8601());
                           if (Status s = insert->run(); !s)
                               return Error{what + ": " + s.error().message};
                           return {};
                       });
}

Status ObserverRepository::markFinished(std::int64_t trial_id, const std::string& coder) {
    const std::string what =
        "cannot mark " + coder + "'s coding of trial " + std::to_string(trial_id) + " finished";
    return changeTrial(
        trial_id, coder, what, "finish", "coding by " + coder, [&](Connection& conn) -> Status {
            // OR IGNORE and a count, so finishing twice is a plain sentence, not SQLite's words.
            auto insert = conn.prepare(
                "INSERT OR IGNORE INTO coding_finished (trial_id, coder, finished_at) "
                "VALUES (?1, ?2, ?3)");
            if (!insert) return insert.error();
            insert->bind(1, trial_id).bind(2, coder).bind(3, utcNowIso8601());
            return runChangingRows(conn, *insert, what, "it was marked finished already");
        });
}

Result<TrialObservers> ObserverRepository::trialObservers(std::int64_t trial_id) {
    Connection& conn = db_->connection();
    TrialObservers observers;
    auto second = conn.prepare("SELECT coder FROM second_observers WHERE trial_id = ?1");
    if (!second) return second.error();
    second->bind(1, trial_id);
    auto coder = optionalRow(*second, [](const Statement& row) { return row.columnText(0); });
    if (!coder) return coder.error();
    observers.second_observer = std::move(*coder);
    auto finished =
        conn.prepare("SELECT coder FROM coding_finished WHERE trial_id = ?1 ORDER BY coder");
    if (!finished) return finished.error();
    finished->bind(1, trial_id);
    auto coders = allRows(*finished, [](const Statement& row) { return row.columnText(0); });
    if (!coders) return coders.error();
    observers.finished = std::move(*coders);
    return observers;
}

Result<std::vector<ObserverAssignment>> ObserverRepository::assignments(
    std::optional<std::int64_t> child_id) {
    auto statement = db_->connection().prepare(
        "SELECT second_observers.trial_id, second_observers.coder, second_observers.assigned_at, "
        "coding_finished.finished_at, children.code, behaviours.name, sessions.id, "
        "sessions.started_at FROM second_observers "
        "JOIN trials ON trials.id = second_observers.trial_id "
        "JOIN sessions ON sessions.id = trials.session_id "
        "JOIN children ON children.id = sessions.child_id "
        "JOIN behaviours ON behaviours.id = trials.behaviour_id "
        "LEFT JOIN coding_finished ON coding_finished.trial_id = second_observers.trial_id "
        " AND coding_finished.coder = second_observers.coder "
        "WHERE ?1 IS NULL OR sessions.child_id = ?1 ORDER BY second_observers.trial_id");
    if (!statement) return statement.error();
    statement->bind(1, child_id);
    return allRows(*statement, [](const Statement& row) {
        ObserverAssignment assignment;
        assignment.trial_id = row.columnInt64(0);
        assignment.coder = row.columnText(1);
        assignment.assigned_at = row.columnText(2);
        assignment.done_at = row.columnOptionalText(3);
        assignment.child_code = row.columnText(4);
        assignment.behaviour_name = row.columnText(5);
        assignment.session_id = row.columnInt64(6);
        assignment.session_started_at = row.columnText(7);
        return assignment;
    });
}

Result<std::vector<ProgramTrial>> ObserverRepository::programTrials(std::int64_t child_id,
                                                                    std::int64_t behaviour_id) {
    // A recording still being written (or left so by a crash, until recovery) has nothing to
    // code yet.
    auto statement = db_->connection().prepare(
        "SELECT trials.id, sessions.id, sessions.started_at, trials.outcome, trials.prompt_level, "
        "recordings.status IN ('complete', 'interrupted'), second_observers.coder, "
        "coding_finished.coder IS NOT NULL FROM trials "
        "JOIN sessions ON sessions.id = trials.session_id "
        "LEFT JOIN recordings ON recordings.id = trials.recording_id "
        "LEFT JOIN second_observers ON second_observers.trial_id = trials.id "
        "LEFT JOIN coding_finished ON coding_finished.trial_id = trials.id "
        " AND coding_finished.coder = second_observers.coder "
        "WHERE sessions.child_id = ?1 AND trials.behaviour_id = ?2 "
        "ORDER BY sessions.started_at, sessions.id, trials.id");
    if (!statement) return statement.error();
    statement->bind(1, child_id).bind(2, behaviour_id);
    return allRows(*statement, [](const Statement& row) {
        ProgramTrial trial;
        trial.trial_id = row.columnInt64(0);
        trial.session_id = row.columnInt64(1);
        trial.session_started_at = row.columnText(2);
        trial.outcome = parseTrialOutcome(row.columnText(3));
        trial.prompt_level = row.columnOptionalText(4);
        trial.has_recording = row.columnInt64(5) != 0;
        trial.second_observer = row.columnOptionalText(6);
        trial.observer_done = row.columnInt64(7) != 0;
        return trial;
    });
}

}  // namespace mimic::store
