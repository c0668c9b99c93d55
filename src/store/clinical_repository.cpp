#include "store/clinical_repository.h"

#include "common/clock.h"
#include "common/names.h"
#include "store/query.h"

namespace mimic::store {

namespace {

constexpr EnumNames<ConsentScope, 3> kConsentScopeNames{{
    {ConsentScope::kRecord, "record"},
    {ConsentScope::kShareWithParents, "share-with-parents"},
    {ConsentScope::kTrainingUse, "training-use"},
}};

constexpr EnumNames<RecordingStatus, 3> kRecordingStatusNames{{
    {RecordingStatus::kComplete, "complete"},
    {RecordingStatus::kInterrupted, "interrupted"},
    {RecordingStatus::kRecording, "recording"},
}};

constexpr EnumNames<SessionSetting, 3> kSessionSettingNames{{
    {SessionSetting::kClinic, "clinic"},
    {SessionSetting::kHome, "home"},
    {SessionSetting::kSchool, "school"},
}};

constexpr EnumNames<TrialOutcome, 4> kTrialOutcomeNames{{
    {TrialOutcome::kIndependent, "independent"},
    {TrialOutcome::kPrompted, "prompted"},
    {TrialOutcome::kIncorrect, "incorrect"},
    {TrialOutcome::kNoResponse, "no-response"},
}};

// NULL for an enum's kNone, else its stored text.
template <typename Enum, std::size_t N>
std::optional<std::string> optionalName(const EnumNames<Enum, N>& names, Enum value) {
    const std::string_view name = enumName(names, value);
    if (name.empty()) return std::nullopt;
    return std::string(name);
}

std::optional<std::int64_t> optionalBool(const std::optional<bool>& value) {
    if (!value) return std::nullopt;
    return *value ? 1 : 0;
}

constexpr std::string_view kConsentColumns =
    "id, child_id, scope, granted_by, granted_at, expires_at, revoked_at, revoked_by";

Consent readConsent(const Statement& row) {
    Consent consent;
    consent.id = row.columnInt64(0);
    consent.child_id = row.columnInt64(1);
    consent.scope = enumFromName(kConsentScopeNames, row.columnText(2));
    consent.granted_by = row.columnText(3);
    consent.granted_at = row.columnText(4);
    consent.expires_at = row.columnOptionalText(5);
    consent.revoked_at = row.columnOptionalText(6);
    consent.revoked_by = row.columnOptionalText(7);
    return consent;
}

Child readChild(const Statement& row) {
    return Child{row.columnInt64(0), row.columnText(1), row.columnText(2),
                 row.columnOptionalText(3)};
}

Therapist readTherapist(const Statement& row) {
    return Therapist{row.columnInt64(0), row.columnText(1), row.columnText(2)};
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
    trial.stopped_for_consent = row.columnText(11) == "consent";
    return trial;
}

}  // namespace

std::string_view consentScopeName(ConsentScope scope) {
    return enumName(kConsentScopeNames, scope);
}

ConsentScope parseConsentScope(std::string_view name) {
    return enumFromName(kConsentScopeNames, name);
}
std::string_view sessionSettingName(SessionSetting setting) {
    return enumName(kSessionSettingNames, setting);
}
SessionSetting parseSessionSetting(std::string_view name) {
    return enumFromName(kSessionSettingNames, name);
}
std::string_view trialOutcomeName(TrialOutcome outcome) {
    return enumName(kTrialOutcomeNames, outcome);
}
TrialOutcome parseTrialOutcome(std::string_view name) {
    return enumFromName(kTrialOutcomeNames, name);
}

std::string_view recordingStatusName(RecordingStatus status) {
    return enumName(kRecordingStatusNames, status);
}

Result<std::int64_t> ClinicalRepository::addChild(std::string_view code) {
    return addChild(code, std::nullopt);
}

Result<std::int64_t> ClinicalRepository::addChild(std::string_view code,
                                                  const std::optional<std::string>& details) {
    if (Status s = checkChildCode(code); !s) return s.error();
    if (details) {
        if (Status s = checkName("a child's details", *details); !s) return s.error();
    }
    auto existing = findChild(code);
    if (!existing) return existing.error();
    if (*existing) return Error{"a child with code '" + std::string(code) + "' already exists"};
    Connection& conn = db_->connection();
    auto insert =
        conn.prepare("INSERT INTO children (code, created_at, details) VALUES (?1, ?2, ?3)");
    if (!insert) return insert.error();
    insert->bind(1, code).bind(2, utcNowIso8601()).bind(3, details);
    return insertRow(conn, *insert, "cannot add child '" + std::string(code) + "'");
}

Result<std::optional<Child>> ClinicalRepository::findChild(std::string_view code) {
    auto statement = db_->connection().prepare(
        "SELECT id, code, created_at, details FROM children WHERE code = ?1");
    if (!statement) return statement.error();
    statement->bind(1, code);
    return optionalRow(*statement, readChild);
}

Result<std::int64_t> ClinicalRepository::grantConsent(
    std::int64_t child_id, ConsentScope scope, std::string_view granted_by,
    const std::optional<std::string>& expires_at) {
    const std::string what = "cannot record consent for child " + std::to_string(child_id);
    if (scope == ConsentScope::kNone) return Error{what + ": no scope given"};
    if (Status s = checkName("who granted it", granted_by); !s) {
        return Error{what + ": " + s.error().message};
    }
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
    if (Status s = runChangingRows(conn, *update, what, "no such consent, or already revoked"); !s)
        return s;
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
    return addSession(child_id, started_at, ended_at, std::nullopt, SessionSetting::kNone);
}

Result<std::int64_t> ClinicalRepository::addSession(std::int64_t child_id,
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
        .bind(5, optionalName(kSessionSettingNames, setting));
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
    const std::string what = "cannot save the practice trial";
    if (Status s = checkScore(trial.score, what); !s) return s.error();
    Connection& conn = db_->connection();
    auto tx = Transaction::begin(conn);
    if (!tx) return Error{what + ": " + tx.error().message};
    PracticeTrialIds ids;
    auto session = addSession(trial.child_id, trial.session_started_at, trial.session_ended_at,
                              trial.therapist_id, trial.setting);
    if (!session) return session.error();
    ids.session_id = *session;
    auto recording = addRecording(trial.recording);
    if (!recording) return recording.error();
    ids.recording_id = *recording;
    auto added = addTrial(ids.session_id, trial.behaviour_id, trial.clip_id, ids.recording_id,
                          trial.clip_views);
    if (!added) return added.error();
    ids.trial_id = *added;
    auto extra =
        conn.prepare("UPDATE trials SET program_id = ?2, attempt_offset_ms = ?3 WHERE id = ?1");
    if (!extra) return extra.error();
    extra->bind(1, ids.trial_id).bind(2, trial.program_id).bind(3, trial.attempt_offset_ms);
    if (Status s = extra->run(); !s) return Error{what + ": " + s.error().message};
    if (Status s = scoreTrial(ids.trial_id, trial.score); !s) return s.error();
    auto shown = conn.prepare(
        "INSERT INTO trial_segments (trial_id, position, segment_id) VALUES (?1, ?2, ?3)");
    if (!shown) return shown.error();
    for (std::size_t i = 0; i < trial.segment_ids.size(); ++i) {
        shown->bind(1, ids.trial_id).bind(2, i + 1).bind(3, trial.segment_ids[i]);
        if (Status s = shown->run(); !s) return Error{what + ": " + s.error().message};
    }
    if (Status s = tx->commit(); !s) return Error{what + ": " + s.error().message};
    return ids;
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
                                           std::string_view ended_at) {
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
    auto ended = conn.prepare(
        "UPDATE sessions SET ended_at = ?2 WHERE ended_at IS NULL AND id IN "
        "(SELECT session_id FROM trials WHERE recording_id = ?1)");
    if (!ended) return Error{what + ": " + ended.error().message};
    ended->bind(1, recording_id).bind(2, ended_at);
    if (Status s = ended->run(); !s) return Error{what + ": " + s.error().message};
    if (Status s = tx->commit(); !s) return Error{what + ": " + s.error().message};
    return {};
}

Status ClinicalRepository::dropRecording(std::int64_t recording_id, bool stopped_for_consent) {
    const std::string what = "cannot remove recording " + std::to_string(recording_id);
    Connection& conn = db_->connection();
    auto tx = Transaction::begin(conn);
    if (!tx) return Error{what + ": " + tx.error().message};
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
    if (Status s = tx->commit(); !s) return Error{what + ": " + s.error().message};
    return {};
}

Result<std::vector<RecordingInProgress>> ClinicalRepository::recordingsInProgress() {
    auto statement = db_->connection().prepare(
        "SELECT recordings.id, recordings.path, recordings.started_at, trials.id, "
        "coalesce(children.code, '') FROM recordings "
        "LEFT JOIN trials ON trials.recording_id = recordings.id "
        "LEFT JOIN sessions ON sessions.id = trials.session_id "
        "LEFT JOIN children ON children.id = sessions.child_id "
        "WHERE recordings.status = 'recording' ORDER BY recordings.id");
    if (!statement) return statement.error();
    return allRows(*statement, [](const Statement& row) {
        return RecordingInProgress{row.columnInt64(0), row.columnText(1), row.columnText(2),
                                   row.columnOptionalInt64(3), row.columnText(4)};
    });
}

Result<std::vector<std::string>> ClinicalRepository::recordingPaths() {
    auto statement = db_->connection().prepare("SELECT path FROM recordings ORDER BY path");
    if (!statement) return statement.error();
    return allRows(*statement, [](const Statement& row) { return row.columnText(0); });
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
        "recordings.video_frames, recordings.status, trials.stopped_for "
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

Result<std::optional<Child>> ClinicalRepository::findChild(std::int64_t child_id) {
    auto statement = db_->connection().prepare(
        "SELECT id, code, created_at, details FROM children WHERE id = ?1");
    if (!statement) return statement.error();
    statement->bind(1, child_id);
    return optionalRow(*statement, readChild);
}

Result<std::vector<Child>> ClinicalRepository::listChildren() {
    auto statement = db_->connection().prepare(
        "SELECT id, code, created_at, details FROM children ORDER BY code");
    if (!statement) return statement.error();
    return allRows(*statement, readChild);
}

Result<std::vector<Consent>> ClinicalRepository::listConsents(std::int64_t child_id) {
    auto statement = db_->connection().prepare("SELECT " + std::string(kConsentColumns) +
                                               " FROM consents WHERE child_id = ?1 "
                                               "ORDER BY granted_at DESC, id DESC");
    if (!statement) return statement.error();
    statement->bind(1, child_id);
    return allRows(*statement, readConsent);
}

Result<std::optional<Consent>> ClinicalRepository::findConsent(std::int64_t consent_id) {
    auto statement = db_->connection().prepare("SELECT " + std::string(kConsentColumns) +
                                               " FROM consents WHERE id = ?1");
    if (!statement) return statement.error();
    statement->bind(1, consent_id);
    return optionalRow(*statement, readConsent);
}

Status ClinicalRepository::revokeConsent(std::int64_t consent_id, std::string_view revoked_at,
                                         std::string_view revoked_by) {
    auto tx = Transaction::begin(db_->connection());
    if (!tx) return tx.error();
    if (Status s = revokeConsent(consent_id, revoked_at); !s) return s;
    auto update = db_->connection().prepare("UPDATE consents SET revoked_by = ?2 WHERE id = ?1");
    if (!update) return update.error();
    update->bind(1, consent_id).bind(2, revoked_by);
    if (Status s = update->run(); !s) return s;
    return tx->commit();
}

Result<std::int64_t> ClinicalRepository::addTherapist(std::string_view name) {
    if (Status s = checkName("a therapist's name", name); !s) return s.error();
    auto existing = findTherapist(name);
    if (!existing) return existing.error();
    if (*existing) return Error{"a therapist named '" + std::string(name) + "' already exists"};
    Connection& conn = db_->connection();
    auto insert = conn.prepare("INSERT INTO therapists (name, created_at) VALUES (?1, ?2)");
    if (!insert) return insert.error();
    insert->bind(1, name).bind(2, utcNowIso8601());
    return insertRow(conn, *insert, "cannot add therapist '" + std::string(name) + "'");
}

Result<std::optional<Therapist>> ClinicalRepository::findTherapist(std::string_view name) {
    auto statement =
        db_->connection().prepare("SELECT id, name, created_at FROM therapists WHERE name = ?1");
    if (!statement) return statement.error();
    statement->bind(1, name);
    return optionalRow(*statement, readTherapist);
}

Result<std::vector<Therapist>> ClinicalRepository::listTherapists() {
    auto statement =
        db_->connection().prepare("SELECT id, name, created_at FROM therapists ORDER BY name");
    if (!statement) return statement.error();
    return allRows(*statement, readTherapist);
}

Status ClinicalRepository::scoreTrial(std::int64_t trial_id, const TrialScore& score) {
    const std::string what = "cannot score trial " + std::to_string(trial_id);
    if (Status s = checkScore(score, what); !s) return s;
    Connection& conn = db_->connection();
    auto update = conn.prepare(
        "UPDATE trials SET outcome = ?2, prompt_level = ?3, latency_ms = ?4, reinforced = ?5, "
        "notes = ?6, scorer_id = ?7 WHERE id = ?1");
    if (!update) return update.error();
    update->bind(1, trial_id)
        .bind(2, optionalName(kTrialOutcomeNames, score.outcome))
        .bind(3, score.prompt_level)
        .bind(4, score.latency_ms)
        .bind(5, optionalBool(score.reinforced))
        .bind(6, score.notes)
        .bind(7, score.scorer_id);
    if (Status s = runChangingRows(conn, *update, what, "there is no such trial"); !s) return s;
    return {};
}

Result<std::vector<TrialHistoryEntry>> ClinicalRepository::trialHistory(std::int64_t child_id) {
    auto statement = db_->connection().prepare(
        "SELECT trials.id, sessions.id, sessions.started_at, sessions.setting, therapists.name, "
        "behaviours.name, trials.program_id, clips.path, trials.clip_views, trials.outcome, "
        "trials.prompt_level, trials.latency_ms, trials.reinforced, trials.notes, "
        "recordings.path "
        "FROM sessions JOIN trials ON trials.session_id = sessions.id "
        "JOIN behaviours ON behaviours.id = trials.behaviour_id "
        "JOIN clips ON clips.id = trials.clip_id "
        "LEFT JOIN therapists ON therapists.id = sessions.therapist_id "
        "LEFT JOIN recordings ON recordings.id = trials.recording_id "
        "WHERE sessions.child_id = ?1 ORDER BY sessions.started_at, sessions.id, trials.id");
    if (!statement) return statement.error();
    statement->bind(1, child_id);
    return allRows(*statement, [](const Statement& row) {
        TrialHistoryEntry entry;
        entry.trial_id = row.columnInt64(0);
        entry.session_id = row.columnInt64(1);
        entry.session_started_at = row.columnText(2);
        entry.setting = enumFromName(kSessionSettingNames, row.columnText(3));
        entry.therapist = row.columnOptionalText(4);
        entry.behaviour_name = row.columnText(5);
        entry.program_id = row.columnOptionalInt64(6);
        entry.clip_path = row.columnText(7);
        entry.clip_views = static_cast<int>(row.columnInt64(8));
        entry.outcome = enumFromName(kTrialOutcomeNames, row.columnText(9));
        entry.prompt_level = row.columnOptionalText(10);
        entry.latency_ms = row.columnOptionalInt64(11);
        if (auto reinforced = row.columnOptionalInt64(12)) entry.reinforced = *reinforced != 0;
        entry.notes = row.columnText(13);
        entry.recording_path = row.columnOptionalText(14);
        return entry;
    });
}

Result<std::vector<std::int64_t>> ClinicalRepository::searchTrialNotes(std::string_view text,
                                                                       int limit) {
    const std::string query = ftsQuery(text);
    if (query.empty()) return Error{"nothing to search for"};
    auto statement = db_->connection().prepare(
        "SELECT rowid FROM trial_notes_fts WHERE trial_notes_fts MATCH ?1 "
        "ORDER BY bm25(trial_notes_fts) LIMIT ?2");
    if (!statement) return statement.error();
    statement->bind(1, query).bind(2, limit);
    return allRows(*statement, [](const Statement& row) { return row.columnInt64(0); });
}

Result<std::int64_t> ClinicalRepository::addAnnotation(const AnnotationRecord& annotation) {
    const std::string what = "cannot annotate recording " + std::to_string(annotation.recording_id);
    if (annotation.behaviour_code.empty()) return Error{what + ": no behaviour code given"};
    if (annotation.start_ms < 0 ||
        (annotation.end_ms && *annotation.end_ms < annotation.start_ms)) {
        return Error{what + ": the end must not come before the start"};
    }
    Connection& conn = db_->connection();
    auto insert = conn.prepare(
        "INSERT INTO annotations (recording_id, start_ms, end_ms, behaviour_code, scorer_id, "
        "note, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    if (!insert) return insert.error();
    insert->bind(1, annotation.recording_id)
        .bind(2, annotation.start_ms)
        .bind(3, annotation.end_ms)
        .bind(4, annotation.behaviour_code)
        .bind(5, annotation.scorer_id)
        .bind(6, annotation.note)
        .bind(7, utcNowIso8601());
    return insertRow(conn, *insert, what);
}

Result<std::vector<Annotation>> ClinicalRepository::annotationsForRecording(
    std::int64_t recording_id) {
    auto statement = db_->connection().prepare(
        "SELECT id, recording_id, start_ms, end_ms, behaviour_code, scorer_id, note, created_at "
        "FROM annotations WHERE recording_id = ?1 ORDER BY start_ms, id");
    if (!statement) return statement.error();
    statement->bind(1, recording_id);
    return allRows(*statement, [](const Statement& row) {
        Annotation annotation;
        annotation.id = row.columnInt64(0);
        annotation.record.recording_id = row.columnInt64(1);
        annotation.record.start_ms = row.columnInt64(2);
        annotation.record.end_ms = row.columnOptionalInt64(3);
        annotation.record.behaviour_code = row.columnText(4);
        annotation.record.scorer_id = row.columnOptionalInt64(5);
        annotation.record.note = row.columnText(6);
        annotation.created_at = row.columnText(7);
        return annotation;
    });
}

}  // namespace mimic::store
