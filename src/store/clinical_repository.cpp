#include "store/clinical_repository.h"

#include "common/clock.h"
#include "store/query.h"

namespace mimic::store {

namespace {

constexpr EnumNames<ConsentScope, 3> kConsentScopeNames{{
    {ConsentScope::kRecord, "record"},
    {ConsentScope::kShareWithParents, "share-with-parents"},
    {ConsentScope::kTrainingUse, "training-use"},
}};

constexpr EnumNames<RecordingStatus, 2> kRecordingStatusNames{{
    {RecordingStatus::kComplete, "complete"},
    {RecordingStatus::kInterrupted, "interrupted"},
}};

// Runs an INSERT and returns the new row's id; `what` prefixes errors.
Result<std::int64_t> insertRow(Connection& conn, Statement& insert, const std::string& what) {
    if (Status s = insert.run(); !s) return Error{what + ": " + s.error().message};
    return conn.lastInsertId();
}

TrialView readTrialView(const Statement& row) {
    TrialView trial;
    trial.id = row.columnInt64(0);
    trial.session_id = row.columnInt64(1);
    trial.child_code = row.columnText(2);
    trial.behaviour_name = row.columnText(3);
    trial.clip_path = row.columnText(4);
    trial.clip_views = static_cast<int>(row.columnInt64(5));
    trial.created_at = row.columnText(6);
    trial.recording_path = row.columnOptionalText(7);
    trial.recording_duration_ms = row.columnOptionalInt64(8);
    trial.recording_video_frames = row.columnOptionalInt64(9);
    trial.recording_status = enumFromName(kRecordingStatusNames, row.columnText(10));
    return trial;
}

}  // namespace

std::string_view consentScopeName(ConsentScope scope) {
    return enumName(kConsentScopeNames, scope);
}

std::string_view recordingStatusName(RecordingStatus status) {
    return enumName(kRecordingStatusNames, status);
}

Result<std::int64_t> ClinicalRepository::addChild(std::string_view code) {
    if (code.empty()) return Error{"a child needs a code"};
    Connection& conn = db_->connection();
    auto insert = conn.prepare("INSERT INTO children (code, created_at) VALUES (?1, ?2)");
    if (!insert) return insert.error();
    insert->bind(1, code).bind(2, utcNowIso8601());
    return insertRow(conn, *insert, "cannot add child '" + std::string(code) + "'");
}

Result<std::optional<Child>> ClinicalRepository::findChild(std::string_view code) {
    auto statement =
        db_->connection().prepare("SELECT id, code, created_at FROM children WHERE code = ?1");
    if (!statement) return statement.error();
    statement->bind(1, code);
    return optionalRow(*statement, [](const Statement& row) {
        return Child{row.columnInt64(0), row.columnText(1), row.columnText(2)};
    });
}

Result<std::int64_t> ClinicalRepository::grantConsent(
    std::int64_t child_id, ConsentScope scope, std::string_view granted_by,
    const std::optional<std::string>& expires_at) {
    const std::string what = "cannot record consent for child " + std::to_string(child_id);
    if (scope == ConsentScope::kNone) return Error{what + ": no scope given"};
    if (granted_by.empty()) return Error{what + ": who granted it is not given"};
    Connection& conn = db_->connection();
    auto insert = conn.prepare(
        "INSERT INTO consents (child_id, scope, granted_by, granted_at, expires_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5)");
    if (!insert) return insert.error();
    insert->bind(1, child_id)
        .bind(2, consentScopeName(scope))
        .bind(3, granted_by)
        .bind(4, utcNowIso8601())
        .bind(5, expires_at);
    return insertRow(conn, *insert, what);
}

Status ClinicalRepository::revokeConsent(std::int64_t consent_id, std::string_view revoked_at) {
    Connection& conn = db_->connection();
    auto update =
        conn.prepare("UPDATE consents SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL");
    if (!update) return update.error();
    update->bind(1, consent_id).bind(2, revoked_at);
    const std::string what = "cannot revoke consent " + std::to_string(consent_id);
    if (Status s = update->run(); !s) return Error{what + ": " + s.error().message};
    if (conn.changes() == 0) return Error{what + ": no such consent, or already revoked"};
    return {};
}

Result<bool> ClinicalRepository::hasCurrentConsent(std::int64_t child_id, ConsentScope scope,
                                                   std::string_view now_iso) {
    // ISO-8601 UTC texts of one format compare correctly as text.
    auto statement = db_->connection().prepare(
        "SELECT EXISTS (SELECT 1 FROM consents WHERE child_id = ?1 AND scope = ?2 "
        "AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?3))");
    if (!statement) return statement.error();
    statement->bind(1, child_id).bind(2, consentScopeName(scope)).bind(3, now_iso);
    auto exists = singleInt64(*statement, "cannot check consent");
    if (!exists) return exists.error();
    return *exists != 0;
}

Result<std::int64_t> ClinicalRepository::addSession(std::int64_t child_id,
                                                    std::string_view started_at,
                                                    const std::optional<std::string>& ended_at) {
    Connection& conn = db_->connection();
    auto insert =
        conn.prepare("INSERT INTO sessions (child_id, started_at, ended_at) VALUES (?1, ?2, ?3)");
    if (!insert) return insert.error();
    insert->bind(1, child_id).bind(2, started_at).bind(3, ended_at);
    return insertRow(conn, *insert, "cannot add a session for child " + std::to_string(child_id));
}

Result<std::int64_t> ClinicalRepository::addRecording(const RecordingRecord& recording) {
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

Result<std::int64_t> ClinicalRepository::addTrial(std::int64_t session_id,
                                                  std::int64_t behaviour_id, std::int64_t clip_id,
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

Result<PracticeTrialIds> ClinicalRepository::recordPracticeTrial(const PracticeTrial& trial) {
    auto tx = Transaction::begin(db_->connection());
    if (!tx) return Error{"cannot save the practice trial: " + tx.error().message};
    PracticeTrialIds ids;
    auto session = addSession(trial.child_id, trial.session_started_at, trial.session_ended_at);
    if (!session) return session.error();
    ids.session_id = *session;
    auto recording = addRecording(trial.recording);
    if (!recording) return recording.error();
    ids.recording_id = *recording;
    auto added = addTrial(ids.session_id, trial.behaviour_id, trial.clip_id, ids.recording_id,
                          trial.clip_views);
    if (!added) return added.error();
    ids.trial_id = *added;
    if (Status s = tx->commit(); !s) {
        return Error{"cannot save the practice trial: " + s.error().message};
    }
    return ids;
}

Result<std::int64_t> ClinicalRepository::countTrials() {
    auto statement = db_->connection().prepare("SELECT count(*) FROM trials");
    if (!statement) return statement.error();
    return singleInt64(*statement, "cannot count trials");
}

Result<std::optional<TrialView>> ClinicalRepository::findTrial(std::int64_t trial_id) {
    auto statement = db_->connection().prepare(
        "SELECT trials.id, trials.session_id, children.code, behaviours.name, clips.path, "
        "trials.clip_views, trials.created_at, recordings.path, recordings.duration_ms, "
        "recordings.video_frames, recordings.status "
        "FROM trials "
        "JOIN sessions ON sessions.id = trials.session_id "
        "JOIN children ON children.id = sessions.child_id "
        "JOIN behaviours ON behaviours.id = trials.behaviour_id "
        "JOIN clips ON clips.id = trials.clip_id "
        "LEFT JOIN recordings ON recordings.id = trials.recording_id "
        "WHERE trials.id = ?1");
    if (!statement) return statement.error();
    statement->bind(1, trial_id);
    return optionalRow(*statement, readTrialView);
}

}  // namespace mimic::store
