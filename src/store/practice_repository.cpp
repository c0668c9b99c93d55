// Practice: sessions, recordings and trials, the part of ClinicalRepository that stores them,
// each change with its audit entry in the same transaction (clinical_repository.h).
#include <cstdio>

#include "common/clock.h"
#include "store/audit_log.h"
#include "store/clinical_repository.h"
#include "store/query.h"

namespace mimic::store {

namespace {

// NULL for an enum's kNone, else its stored text.
std::optional<std::string> optionalText(std::string_view name) {
    if (name.empty()) return std::nullopt;
    return std::string(name);
}

std::optional<std::int64_t> optionalBool(const std::optional<bool>& value) {
    if (!value) return std::nullopt;
    return *value ? 1 : 0;
}

Status checkScore(const TrialScore& score, const std::string& what) {
    if (score.outcome == TrialOutcome::kPrompted && !score.prompt_level) {
        return Error{what + ": a prompted trial needs the prompt level"};
    }
    if (score.outcome != TrialOutcome::kPrompted && score.prompt_level) {
        return Error{what + ": only a prompted trial has a prompt level"};
    }
    if (score.latency_ms && *score.latency_ms < 0) return Error{what + ": negative latency"};
    return {};
}

// "complete: 2.0 s, 60 frames", what a finished recording's audit entry says.
std::string describeFinished(RecordingStatus status, std::int64_t duration_ms,
                             std::int64_t video_frames) {
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%.1f s", static_cast<double>(duration_ms) / 1000.0);
    return std::string(recordingStatusName(status)) + ": " + seconds + ", " +
           std::to_string(video_frames) + " frames";
}

// What a trial's score entry says: its outcome (and prompt level), or that it was cleared.
std::string describeScore(const TrialScore& score) {
    if (score.outcome == TrialOutcome::kNone) return "unscored";
    std::string detail(trialOutcomeName(score.outcome));
    if (score.prompt_level) detail += " (" + *score.prompt_level + ")";
    return detail;
}

}  // namespace

Status ClinicalRepository::audit(std::string_view action, std::string_view record_kind,
                                 std::optional<std::int64_t> record_id,
                                 std::optional<std::int64_t> child_id, std::string_view detail) {
    return AuditLog(*db_).record(actor_, action, record_kind, record_id, detail, child_id);
}

Result<RecordingOwner> ClinicalRepository::ownerOfRecording(std::int64_t recording_id) {
    auto statement = db_->connection().prepare(
        "SELECT recordings.id, trials.id, sessions.id, sessions.child_id FROM recordings "
        "LEFT JOIN trials ON trials.recording_id = recordings.id "
        "LEFT JOIN sessions ON sessions.id = trials.session_id WHERE recordings.id = ?1");
    if (!statement) return statement.error();
    statement->bind(1, recording_id);
    auto owner = optionalRow(*statement, [](const Statement& row) {
        return RecordingOwner{row.columnInt64(0), row.columnOptionalInt64(1),
                              row.columnOptionalInt64(2), row.columnOptionalInt64(3)};
    });
    if (!owner) return owner.error();
    // A recording that does not exist belongs to nobody; the change that follows says so.
    return owner->value_or(RecordingOwner{recording_id, {}, {}, {}});
}

Result<std::optional<RecordingOwner>> ClinicalRepository::findRecording(std::string_view path) {
    auto statement = db_->connection().prepare("SELECT id FROM recordings WHERE path = ?1");
    if (!statement) return statement.error();
    statement->bind(1, path);
    auto id = optionalRow(*statement, [](const Statement& row) { return row.columnInt64(0); });
    if (!id) return id.error();
    if (!*id) return std::optional<RecordingOwner>();
    auto owner = ownerOfRecording(**id);
    if (!owner) return owner.error();
    return std::optional(*owner);
}

Result<std::int64_t> ClinicalRepository::insertSession(std::int64_t child_id,
                                                       std::string_view started_at,
                                                       const std::optional<std::string>& ended_at,
                                                       std::optional<std::int64_t> therapist_id,
                                                       SessionSetting setting) {
    Connection& conn = db_->connection();
    auto insert = conn.prepare(
        "INSERT INTO sessions (child_id, started_at, ended_at, therapist_id, setting) "
        "VALUES (?1, ?2, ?3, ?4, ?5)");
    if (!insert) return insert.error();
    insert->bind(1, child_id)
        .bind(2, started_at)
        .bind(3, ended_at)
        .bind(4, therapist_id)
        .bind(5, optionalText(sessionSettingName(setting)));
    return insertRow(conn, *insert, "cannot add a session for child " + std::to_string(child_id));
}

Result<std::int64_t> ClinicalRepository::addSession(std::int64_t child_id,
                                                    std::string_view started_at,
                                                    const std::optional<std::string>& ended_at,
                                                    std::optional<std::int64_t> therapist_id,
                                                    SessionSetting setting) {
    return insertAudited(
        db_->connection(),
        [&] { return insertSession(child_id, started_at, ended_at, therapist_id, setting); },
        [&](std::int64_t id) {
            return audit("add", "session", id, child_id, sessionSettingName(setting));
        });
}

Result<std::int64_t> ClinicalRepository::insertRecording(const RecordingRecord& recording) {
    const std::string what = "cannot add recording " + recording.path;
    if (recording.status == RecordingStatus::kNone) return Error{what + ": it has no status"};
    Connection& conn = db_->connection();
    auto insert = conn.prepare(
        "INSERT INTO recordings (path, started_at, duration_ms, video_frames, status) "
        "VALUES (?1, ?2, ?3, ?4, ?5)");
    if (!insert) return insert.error();
    insert->bind(1, recording.path)
        .bind(2, recording.started_at)
        .bind(3, recording.duration_ms)
        .bind(4, recording.video_frames)
        .bind(5, recordingStatusName(recording.status));
    return insertRow(conn, *insert, what);
}

Result<std::int64_t> ClinicalRepository::addRecording(const RecordingRecord& recording) {
    return insertAudited(
        db_->connection(), [&] { return insertRecording(recording); },
        [&](std::int64_t id) {
            return audit("add", "recording", id, std::nullopt, recording.path);
        });
}

Result<std::int64_t> ClinicalRepository::insertTrial(std::int64_t session_id,
                                                     std::int64_t behaviour_id,
                                                     std::int64_t clip_id,
                                                     std::optional<std::int64_t> recording_id,
                                                     int clip_views) {
    Connection& conn = db_->connection();
    auto insert = conn.prepare(
        "INSERT INTO trials (session_id, behaviour_id, clip_id, recording_id, clip_views, "
        "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    if (!insert) return insert.error();
    insert->bind(1, session_id)
        .bind(2, behaviour_id)
        .bind(3, clip_id)
        .bind(4, recording_id)
        .bind(5, clip_views)
        .bind(6, utcNowIso8601());
    return insertRow(conn, *insert, "cannot add a trial to session " + std::to_string(session_id));
}

Result<std::int64_t> ClinicalRepository::addTrial(std::int64_t session_id,
                                                  std::int64_t behaviour_id, std::int64_t clip_id,
                                                  std::optional<std::int64_t> recording_id,
                                                  int clip_views) {
    auto child = db_->connection().prepare("SELECT child_id FROM sessions WHERE id = ?1");
    if (!child) return child.error();
    child->bind(1, session_id);
    auto child_id = optionalRow(*child, [](const Statement& row) { return row.columnInt64(0); });
    if (!child_id) return child_id.error();
    return insertAudited(
        db_->connection(),
        [&] { return insertTrial(session_id, behaviour_id, clip_id, recording_id, clip_views); },
        [&](std::int64_t id) {
            return audit("add", "trial", id, *child_id,
                         "session " + std::to_string(session_id) + ", behaviour " +
                             std::to_string(behaviour_id) + ", clip " + std::to_string(clip_id));
        });
}

Status ClinicalRepository::insertTrialRows(const PracticeTrial& trial, PracticeTrialIds& ids) {
    const std::string what = "cannot save the practice trial";
    Connection& conn = db_->connection();
    std::optional<std::int64_t> recording_id;
    if (!trial.recording.path.empty()) {
        auto recording = insertRecording(trial.recording);
        if (!recording) return recording.error();
        recording_id = *recording;
    }
    ids.recording_id = recording_id.value_or(0);
    auto added = insertTrial(ids.session_id, trial.behaviour_id, trial.clip_id, recording_id,
                             trial.clip_views);
    if (!added) return added.error();
    ids.trial_id = *added;
    auto extra =
        conn.prepare("UPDATE trials SET program_id = ?2, attempt_offset_ms = ?3 WHERE id = ?1");
    if (!extra) return extra.error();
    extra->bind(1, ids.trial_id).bind(2, trial.program_id).bind(3, trial.attempt_offset_ms);
    if (Status s = extra->run(); !s) return Error{what + ": " + s.error().message};
    if (Status s = updateScore(ids.trial_id, trial.score); !s) return s;
    auto shown = conn.prepare(
        "INSERT INTO trial_segments (trial_id, position, segment_id) VALUES (?1, ?2, ?3)");
    if (!shown) return shown.error();
    for (std::size_t i = 0; i < trial.segment_ids.size(); ++i) {
        shown->bind(1, ids.trial_id).bind(2, i + 1).bind(3, trial.segment_ids[i]);
        if (Status s = shown->run(); !s) return Error{what + ": " + s.error().message};
    }
    return {};
}

Status ClinicalRepository::auditTrialRows(const PracticeTrial& trial, const PracticeTrialIds& ids) {
    std::string trial_detail = "session " + std::to_string(ids.session_id) + ", behaviour " +
                               std::to_string(trial.behaviour_id) + ", clip " +
                               std::to_string(trial.clip_id);
    if (ids.recording_id != 0) {
        trial_detail += ", recording " + std::to_string(ids.recording_id);
        if (Status s =
                audit("add", "recording", ids.recording_id, trial.child_id, trial.recording.path);
            !s) {
            return s;
        }
    }
    if (Status s = audit("add", "trial", ids.trial_id, trial.child_id, trial_detail); !s) return s;
    if (trial.score.outcome != TrialOutcome::kNone) {
        return audit("score", "trial", ids.trial_id, trial.child_id, describeScore(trial.score));
    }
    return {};
}

Result<PracticeTrialIds> ClinicalRepository::recordPracticeTrial(const PracticeTrial& trial) {
    const std::string what = "cannot save the practice trial";
    if (Status s = checkScore(trial.score, what); !s) return s.error();
    Connection& conn = db_->connection();
    auto tx = Transaction::begin(conn);
    if (!tx) return Error{what + ": " + tx.error().message};
    PracticeTrialIds ids;
    auto session = insertSession(trial.child_id, trial.session_started_at, trial.session_ended_at,
                                 trial.therapist_id, trial.setting);
    if (!session) return session.error();
    ids.session_id = *session;
    if (Status s = insertTrialRows(trial, ids); !s) return s.error();
    if (Status s = audit("add", "session", ids.session_id, trial.child_id,
                         sessionSettingName(trial.setting));
        !s) {
        return s.error();
    }
    if (Status s = auditTrialRows(trial, ids); !s) return s.error();
    if (Status s = tx->commit(); !s) return Error{what + ": " + s.error().message};
    return ids;
}

Result<PracticeTrialIds> ClinicalRepository::beginSessionTrial(std::int64_t session_id,
                                                               const PracticeTrial& trial) {
    const std::string what = "cannot add a trial to session " + std::to_string(session_id);
    if (Status s = checkScore(trial.score, what); !s) return s.error();
    PracticeTrial started = trial;
    started.recording.status = RecordingStatus::kRecording;
    started.recording.duration_ms = 0;
    started.recording.video_frames = 0;
    Connection& conn = db_->connection();
    auto tx = Transaction::begin(conn);
    if (!tx) return Error{what + ": " + tx.error().message};
    auto child = conn.prepare("SELECT child_id FROM sessions WHERE id = ?1 AND ended_at IS NULL");
    if (!child) return child.error();
    child->bind(1, session_id);
    auto child_id = optionalRow(*child, [](const Statement& row) { return row.columnInt64(0); });
    if (!child_id) return child_id.error();
    if (!*child_id || **child_id != trial.child_id) {
        return Error{what + ": it is not a running session of child " +
                     std::to_string(trial.child_id)};
    }
    PracticeTrialIds ids;
    ids.session_id = session_id;
    if (Status s = insertTrialRows(started, ids); !s) return s.error();
    if (Status s = auditTrialRows(started, ids); !s) return s.error();
    if (Status s = tx->commit(); !s) return Error{what + ": " + s.error().message};
    return ids;
}

Status ClinicalRepository::endSession(std::int64_t session_id, std::string_view ended_at) {
    const std::string what = "cannot store the end of session " + std::to_string(session_id);
    Connection& conn = db_->connection();
    auto tx = Transaction::begin(conn);
    if (!tx) return Error{what + ": " + tx.error().message};
    auto ended =
        conn.prepare("UPDATE sessions SET ended_at = ?2 WHERE id = ?1 AND ended_at IS NULL");
    if (!ended) return Error{what + ": " + ended.error().message};
    ended->bind(1, session_id).bind(2, ended_at);
    if (Status s = runChangingRows(conn, *ended, what, "it is not running"); !s) return s;
    auto child = conn.prepare("SELECT child_id FROM sessions WHERE id = ?1");
    if (!child) return Error{what + ": " + child.error().message};
    child->bind(1, session_id);
    auto child_id = singleInt64(*child, what);
    if (!child_id) return child_id.error();
    if (Status s = audit("end", "session", session_id, *child_id); !s) return s;
    return tx->commit();
}

Result<PracticeTrialIds> ClinicalRepository::beginPracticeTrial(const PracticeTrial& trial) {
    PracticeTrial started = trial;
    started.session_ended_at.reset();
    started.recording.status = RecordingStatus::kRecording;
    started.recording.duration_ms = 0;
    started.recording.video_frames = 0;
    return recordPracticeTrial(started);
}

Status ClinicalRepository::finishRecording(std::int64_t recording_id, RecordingStatus status,
                                           std::int64_t duration_ms, std::int64_t video_frames,
                                           std::string_view ended_at, bool ends_session) {
    const std::string what = "cannot store the end of recording " + std::to_string(recording_id);
    if (status != RecordingStatus::kComplete && status != RecordingStatus::kInterrupted) {
        return Error{what + ": a finished recording is complete or interrupted"};
    }
    Connection& conn = db_->connection();
    auto tx = Transaction::begin(conn);
    if (!tx) return Error{what + ": " + tx.error().message};
    auto update = conn.prepare(
        "UPDATE recordings SET status = ?2, duration_ms = ?3, video_frames = ?4 "
        "WHERE id = ?1 AND status = 'recording'");
    if (!update) return Error{what + ": " + update.error().message};
    update->bind(1, recording_id)
        .bind(2, recordingStatusName(status))
        .bind(3, duration_ms)
        .bind(4, video_frames);
    if (Status s = runChangingRows(conn, *update, what, "it is not being recorded"); !s) return s;
    bool session_ended = false;
    if (ends_session) {
        auto ended = conn.prepare(
            "UPDATE sessions SET ended_at = ?2 WHERE ended_at IS NULL AND id IN "
            "(SELECT session_id FROM trials WHERE recording_id = ?1)");
        if (!ended) return Error{what + ": " + ended.error().message};
        ended->bind(1, recording_id).bind(2, ended_at);
        if (Status s = ended->run(); !s) return Error{what + ": " + s.error().message};
        session_ended = conn.changes() > 0;
    }
    auto owner = ownerOfRecording(recording_id);
    if (!owner) return Error{what + ": " + owner.error().message};
    if (Status s = audit("finish", "recording", recording_id, owner->child_id,
                         describeFinished(status, duration_ms, video_frames));
        !s) {
        return s;
    }
    if (session_ended && owner->session_id) {
        if (Status s = audit("end", "session", owner->session_id, owner->child_id); !s) return s;
    }
    if (Status s = tx->commit(); !s) return Error{what + ": " + s.error().message};
    return {};
}

Status ClinicalRepository::dropRecording(std::int64_t recording_id, bool stopped_for_consent,
                                         std::string_view why_else) {
    const std::string what = "cannot remove recording " + std::to_string(recording_id);
    Connection& conn = db_->connection();
    auto tx = Transaction::begin(conn);
    if (!tx) return Error{what + ": " + tx.error().message};
    // Read before the change: afterwards no trial names the recording.
    auto owner = ownerOfRecording(recording_id);
    if (!owner) return Error{what + ": " + owner.error().message};
    auto detach = conn.prepare(
        "UPDATE trials SET recording_id = NULL, "
        "stopped_for = CASE WHEN ?2 THEN 'consent' ELSE stopped_for END WHERE recording_id = ?1");
    if (!detach) return Error{what + ": " + detach.error().message};
    detach->bind(1, recording_id).bind(2, stopped_for_consent ? 1 : 0);
    if (Status s = detach->run(); !s) return Error{what + ": " + s.error().message};
    auto remove = conn.prepare("DELETE FROM recordings WHERE id = ?1");
    if (!remove) return Error{what + ": " + remove.error().message};
    remove->bind(1, recording_id);
    if (Status s = runChangingRows(conn, *remove, what, "there is no such recording"); !s) return s;
    const std::string why = stopped_for_consent ? "consent ended"
                            : why_else.empty()  ? "it holds no picture"
                                                : std::string(why_else);
    if (Status s = audit("remove", "recording", recording_id, owner->child_id, why); !s) return s;
    if (owner->trial_id) {
        if (Status s = audit("change", "trial", owner->trial_id, owner->child_id,
                             "recording " + std::to_string(recording_id) + " removed: " + why);
            !s) {
            return s;
        }
    }
    if (Status s = tx->commit(); !s) return Error{what + ": " + s.error().message};
    return {};
}

Result<std::vector<RecordingInProgress>> ClinicalRepository::recordingsInProgress() {
    auto statement = db_->connection().prepare(
        "SELECT recordings.id, recordings.path, recordings.started_at, trials.id, "
        "coalesce(children.code, ''), children.id FROM recordings "
        "LEFT JOIN trials ON trials.recording_id = recordings.id "
        "LEFT JOIN sessions ON sessions.id = trials.session_id "
        "LEFT JOIN children ON children.id = sessions.child_id "
        "WHERE recordings.status = 'recording' ORDER BY recordings.id");
    if (!statement) return statement.error();
    return allRows(*statement, [](const Statement& row) {
        return RecordingInProgress{row.columnInt64(0), row.columnText(1),
                                   row.columnText(2),  row.columnOptionalInt64(3),
                                   row.columnText(4),  row.columnOptionalInt64(5)};
    });
}

Result<std::vector<std::string>> ClinicalRepository::recordingPaths() {
    auto statement = db_->connection().prepare("SELECT path FROM recordings ORDER BY path");
    if (!statement) return statement.error();
    return allRows(*statement, [](const Statement& row) { return row.columnText(0); });
}

Status ClinicalRepository::updateScore(std::int64_t trial_id, const TrialScore& score) {
    const std::string what = "cannot score trial " + std::to_string(trial_id);
    if (Status s = checkScore(score, what); !s) return s;
    Connection& conn = db_->connection();
    auto update = conn.prepare(
        "UPDATE trials SET outcome = ?2, prompt_level = ?3, latency_ms = ?4, reinforced = ?5, "
        "notes = ?6, scorer_id = ?7 WHERE id = ?1");
    if (!update) return update.error();
    update->bind(1, trial_id)
        .bind(2, optionalText(trialOutcomeName(score.outcome)))
        .bind(3, score.prompt_level)
        .bind(4, score.latency_ms)
        .bind(5, optionalBool(score.reinforced))
        .bind(6, score.notes)
        .bind(7, score.scorer_id);
    return runChangingRows(conn, *update, what, "there is no such trial");
}

Status ClinicalRepository::scoreTrial(std::int64_t trial_id, const TrialScore& score) {
    auto tx = Transaction::begin(db_->connection());
    if (!tx) return tx.error();
    if (Status s = updateScore(trial_id, score); !s) return s;
    auto child = db_->connection().prepare(
        "SELECT sessions.child_id FROM trials JOIN sessions ON sessions.id = trials.session_id "
        "WHERE trials.id = ?1");
    if (!child) return child.error();
    child->bind(1, trial_id);
    auto child_id =
        singleInt64(*child, "cannot find the child of trial " + std::to_string(trial_id));
    if (!child_id) return child_id.error();
    if (Status s = audit("score", "trial", trial_id, *child_id, describeScore(score)); !s) return s;
    return tx->commit();
}

}  // namespace mimic::store
