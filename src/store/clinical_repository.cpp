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

bool consentInForce(const Consent& consent, std::string_view now_iso) {
    // ISO-8601 UTC texts of one shape compare correctly as text.
    return !consent.revoked_at && (!consent.expires_at || *consent.expires_at > now_iso);
}

ConsentState consentStateAt(const std::vector<Consent>& consents, ConsentScope scope,
                            std::string_view now_iso) {
    const Consent* newest = nullptr;
    for (const Consent& consent : consents) {
        if (consent.scope != scope) continue;
        if (consentInForce(consent, now_iso)) return ConsentState::kCurrent;
        if (newest == nullptr) newest = &consent;
    }
    if (newest == nullptr) return ConsentState::kMissing;
    return newest->revoked_at ? ConsentState::kRevoked : ConsentState::kExpired;
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
    return insertAudited(
        conn,
        [&] { return insertRow(conn, *insert, "cannot add child '" + std::string(code) + "'"); },
        [&](std::int64_t id) { return audit("add", "child", id, id, code); });
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
    std::string detail = std::string(consentScopeName(scope)) + " by " + std::string(granted_by);
    if (expires_at) detail += " until " + *expires_at;
    return insertAudited(
        conn, [&] { return insertRow(conn, *insert, what); },
        [&](std::int64_t id) { return audit("grant", "consent", id, child_id, detail); });
}

Status ClinicalRepository::revokeConsent(std::int64_t consent_id, std::string_view revoked_at) {
    return revokeConsent(consent_id, revoked_at, std::string_view());
}

Result<bool> ClinicalRepository::hasCurrentConsent(std::int64_t child_id, ConsentScope scope,
                                                   std::string_view now_iso) {
    auto state = consentState(child_id, scope, now_iso);
    if (!state) return state.error();
    return *state == ConsentState::kCurrent;
}

Result<ConsentState> ClinicalRepository::consentState(std::int64_t child_id, ConsentScope scope,
                                                      std::string_view now_iso) {
    auto consents = listConsents(child_id);
    if (!consents) return Error{"cannot check consent: " + consents.error().message};
    return consentStateAt(*consents, scope, now_iso);
}

Result<std::int64_t> ClinicalRepository::addSession(std::int64_t child_id,
                                                    std::string_view started_at,
                                                    const std::optional<std::string>& ended_at) {
    return addSession(child_id, started_at, ended_at, std::nullopt, SessionSetting::kNone);
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
    const std::string what = "cannot revoke consent " + std::to_string(consent_id);
    Connection& conn = db_->connection();
    auto tx = Transaction::begin(conn);
    if (!tx) return Error{what + ": " + tx.error().message};
    auto update = conn.prepare(
        "UPDATE consents SET revoked_at = ?2, revoked_by = ?3 WHERE id = ?1 AND revoked_at IS "
        "NULL");
    if (!update) return update.error();
    update->bind(1, consent_id)
        .bind(2, revoked_at)
        .bind(3, revoked_by.empty() ? std::nullopt : std::optional(std::string(revoked_by)));
    if (Status s = runChangingRows(conn, *update, what, "no such consent, or already revoked"); !s)
        return s;
    auto consent = findConsent(consent_id);
    if (!consent || !*consent) return Error{what + ": it cannot be read back"};
    std::string detail(consentScopeName((*consent)->scope));
    if (!revoked_by.empty()) detail += " by " + std::string(revoked_by);
    if (Status s = audit("revoke", "consent", consent_id, (*consent)->child_id, detail); !s) {
        return s;
    }
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

Status ClinicalRepository::setTherapistPinHash(std::int64_t therapist_id,
                                               std::string_view pin_hash) {
    Connection& conn = db_->connection();
    auto update = conn.prepare("UPDATE therapists SET pin_hash = ?2 WHERE id = ?1");
    if (!update) return update.error();
    update->bind(1, therapist_id).bind(2, pin_hash);
    return runChangingRows(conn, *update, "cannot set the PIN",
                           "no therapist with id " + std::to_string(therapist_id));
}

Result<std::optional<std::string>> ClinicalRepository::therapistPinHash(std::int64_t therapist_id) {
    auto statement = db_->connection().prepare("SELECT pin_hash FROM therapists WHERE id = ?1");
    if (!statement) return statement.error();
    statement->bind(1, therapist_id);
    auto row = statement->step();
    if (!row) return row.error();
    if (!*row) return Error{"no therapist with id " + std::to_string(therapist_id)};
    std::optional<std::string> hash = statement->columnOptionalText(0);
    statement->reset();
    return hash;
}

Result<std::vector<TrialHistoryEntry>> ClinicalRepository::trialHistory(std::int64_t child_id) {
    auto statement = db_->connection().prepare(
        "SELECT trials.id, sessions.id, sessions.started_at, sessions.setting, therapists.name, "
        "behaviours.name, trials.program_id, clips.path, trials.clip_views, trials.outcome, "
        "trials.prompt_level, trials.latency_ms, trials.reinforced, trials.notes, "
        "recordings.path, trials.scorer_id "
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
        entry.scorer_id = row.columnOptionalInt64(15);
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
