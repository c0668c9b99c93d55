#include "store/session_repository.h"

#include <utility>

#include "store/query.h"

namespace mimic::store {

namespace {

Status checkEvents(const std::vector<TrialEvent>& events, const std::string& what) {
    std::int64_t previous = 0;
    for (const TrialEvent& event : events) {
        if (event.state.empty()) return Error{what + ": an event has no state"};
        if (event.at_ms < previous) {
            return Error{what + ": event '" + event.state + "' is earlier than the one before"};
        }
        previous = event.at_ms;
    }
    return {};
}

}  // namespace

Result<std::int64_t> SessionRepository::addSession(const SessionRecord& session) {
    Connection& conn = db_->connection();
    auto insert = conn.prepare(
        "INSERT INTO sessions (child_id, started_at, ended_at, therapist_id, setting, "
        "reinforcement_seed) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    if (!insert) return insert.error();
    std::optional<std::int64_t> seed;
    if (session.reinforcement_seed) seed = *session.reinforcement_seed;
    insert->bind(1, session.child_id)
        .bind(2, session.started_at)
        .bind(3, session.ended_at)
        .bind(4, session.therapist_id)
        .bind(5, nullableName(sessionSettingName(session.setting)))
        .bind(6, seed);
    return insertRow(conn, *insert,
                     "cannot add a session for child " + std::to_string(session.child_id));
}

Result<std::optional<SessionRow>> SessionRepository::findSession(std::int64_t session_id) {
    auto statement = db_->connection().prepare(
        "SELECT sessions.id, child_id, started_at, ended_at, therapist_id, setting, "
        "reinforcement_seed, therapists.name FROM sessions "
        "LEFT JOIN therapists ON therapists.id = sessions.therapist_id WHERE sessions.id = ?1");
    if (!statement) return statement.error();
    statement->bind(1, session_id);
    return optionalRow(*statement, [](const Statement& row) {
        SessionRow session;
        session.id = row.columnInt64(0);
        session.record.child_id = row.columnInt64(1);
        session.record.started_at = row.columnText(2);
        session.record.ended_at = row.columnOptionalText(3);
        session.record.therapist_id = row.columnOptionalInt64(4);
        session.record.setting = parseSessionSetting(row.columnText(5));
        if (auto seed = row.columnOptionalInt64(6)) {
            session.record.reinforcement_seed = static_cast<std::uint32_t>(*seed);
        }
        session.therapist = row.columnOptionalText(7);
        return session;
    });
}

Status SessionRepository::setReinforcementSeed(std::int64_t session_id, std::uint32_t seed) {
    Connection& conn = db_->connection();
    auto update = conn.prepare("UPDATE sessions SET reinforcement_seed = ?2 WHERE id = ?1");
    if (!update) return update.error();
    update->bind(1, session_id).bind(2, static_cast<std::int64_t>(seed));
    return runChangingRows(conn, *update,
                           "cannot keep the seed of session " + std::to_string(session_id),
                           "there is no such session");
}

Status SessionRepository::recordTrialPractice(std::int64_t trial_id,
                                              const TrialPractice& practice) {
    const std::string what = "cannot store how trial " + std::to_string(trial_id) + " went";
    if (practice.step && *practice.step < 1) return Error{what + ": steps count from 1"};
    if (practice.practice_start_ms && *practice.practice_start_ms < 0) {
        return Error{what + ": practice starts before the cue"};
    }
    if (Status s = checkEvents(practice.events, what); !s) return s;
    Connection& conn = db_->connection();
    auto tx = Transaction::begin(conn);
    if (!tx) return Error{what + ": " + tx.error().message};
    auto update = conn.prepare(
        "UPDATE trials SET step = ?2, practice_start_ms = ?3, "
        "attempt_offset_ms = coalesce(?4, attempt_offset_ms) WHERE id = ?1");
    if (!update) return update.error();
    update->bind(1, trial_id)
        .bind(2, practice.step)
        .bind(3, practice.practice_start_ms)
        .bind(4, practice.attempt_offset_ms);
    if (Status s = runChangingRows(conn, *update, what, "there is no such trial"); !s) return s;
    auto clear = conn.prepare("DELETE FROM trial_events WHERE trial_id = ?1");
    if (!clear) return clear.error();
    clear->bind(1, trial_id);
    if (Status s = clear->run(); !s) return Error{what + ": " + s.error().message};
    auto insert = conn.prepare(
        "INSERT INTO trial_events (trial_id, seq, state, at_ms) VALUES (?1, ?2, ?3, ?4)");
    if (!insert) return insert.error();
    for (std::size_t i = 0; i < practice.events.size(); ++i) {
        insert->bind(1, trial_id)
            .bind(2, i + 1)
            .bind(3, practice.events[i].state)
            .bind(4, practice.events[i].at_ms);
        if (Status s = insert->run(); !s) return Error{what + ": " + s.error().message};
    }
    if (Status s = tx->commit(); !s) return Error{what + ": " + s.error().message};
    return {};
}

Result<TrialPractice> SessionRepository::trialPractice(std::int64_t trial_id) {
    Connection& conn = db_->connection();
    auto trial =
        conn.prepare("SELECT step, practice_start_ms, attempt_offset_ms FROM trials WHERE id = ?1");
    if (!trial) return trial.error();
    trial->bind(1, trial_id);
    auto found = optionalRow(*trial, [](const Statement& row) {
        TrialPractice practice;
        if (auto step = row.columnOptionalInt64(0)) practice.step = static_cast<int>(*step);
        practice.practice_start_ms = row.columnOptionalInt64(1);
        practice.attempt_offset_ms = row.columnOptionalInt64(2);
        return practice;
    });
    if (!found) return found.error();
    if (!*found) return Error{"there is no trial " + std::to_string(trial_id)};
    auto events =
        conn.prepare("SELECT state, at_ms FROM trial_events WHERE trial_id = ?1 ORDER BY seq");
    if (!events) return events.error();
    events->bind(1, trial_id);
    auto rows = allRows(*events, [](const Statement& row) {
        return TrialEvent{row.columnText(0), row.columnInt64(1)};
    });
    if (!rows) return rows.error();
    TrialPractice practice = std::move(**found);
    practice.events = std::move(*rows);
    return practice;
}

Result<std::int64_t> SessionRepository::addPhaseChange(const PhaseChangeRecord& change) {
    const std::string what =
        "cannot add to the phase history of program " + std::to_string(change.program_id);
    if (change.to == ProgramPhase::kNone) return Error{what + ": no phase given"};
    Connection& conn = db_->connection();
    auto insert = conn.prepare(
        "INSERT INTO program_phase_changes (program_id, from_phase, to_phase, changed_at, "
        "therapist_id, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    if (!insert) return insert.error();
    insert->bind(1, change.program_id)
        .bind(2, nullableName(programPhaseName(change.from)))
        .bind(3, programPhaseName(change.to))
        .bind(4, change.changed_at)
        .bind(5, change.therapist_id)
        .bind(6, change.reason);
    return insertRow(conn, *insert, what);
}

Result<std::vector<PhaseChange>> SessionRepository::phaseHistory(std::int64_t program_id) {
    auto statement = db_->connection().prepare(
        "SELECT program_phase_changes.id, program_id, from_phase, to_phase, changed_at, "
        "therapist_id, reason, therapists.name FROM program_phase_changes "
        "LEFT JOIN therapists ON therapists.id = program_phase_changes.therapist_id "
        "WHERE program_id = ?1 ORDER BY changed_at, program_phase_changes.id");
    if (!statement) return statement.error();
    statement->bind(1, program_id);
    return allRows(*statement, [](const Statement& row) {
        PhaseChange change;
        change.id = row.columnInt64(0);
        change.record.program_id = row.columnInt64(1);
        change.record.from = parseProgramPhase(row.columnText(2));
        change.record.to = parseProgramPhase(row.columnText(3));
        change.record.changed_at = row.columnText(4);
        change.record.therapist_id = row.columnOptionalInt64(5);
        change.record.reason = row.columnText(6);
        change.therapist = row.columnOptionalText(7);
        return change;
    });
}

Result<std::vector<BehaviourSession>> SessionRepository::behaviourSessions(
    std::int64_t child_id, std::int64_t behaviour_id) {
    auto statement = db_->connection().prepare(
        "SELECT sessions.id, sessions.started_at, sessions.therapist_id, therapists.name, "
        "sessions.setting, trials.outcome FROM trials "
        "JOIN sessions ON sessions.id = trials.session_id "
        "LEFT JOIN therapists ON therapists.id = sessions.therapist_id "
        "WHERE sessions.child_id = ?1 AND trials.behaviour_id = ?2 "
        "ORDER BY sessions.started_at, sessions.id, trials.id");
    if (!statement) return statement.error();
    statement->bind(1, child_id).bind(2, behaviour_id);
    std::vector<BehaviourSession> sessions;
    for (;;) {
        auto row = statement->step();
        if (!row) return row.error();
        if (!*row) break;
        const std::int64_t id = statement->columnInt64(0);
        if (sessions.empty() || sessions.back().session_id != id) {
            BehaviourSession session;
            session.session_id = id;
            session.started_at = statement->columnText(1);
            session.therapist_id = statement->columnOptionalInt64(2);
            session.therapist = statement->columnOptionalText(3);
            session.setting = parseSessionSetting(statement->columnText(4));
            sessions.push_back(std::move(session));
        }
        sessions.back().outcomes.push_back(parseTrialOutcome(statement->columnText(5)));
    }
    return sessions;
}

}  // namespace mimic::store
