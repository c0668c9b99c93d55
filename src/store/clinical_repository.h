// Children, their consents, and practice: sessions, recordings and trials.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"
#include "store/database.h"

namespace mimic::store {

struct Child {
    std::int64_t id = 0;
    std::string code;  // pseudonymous, unique
    std::string created_at;
};

// What a consent allows (CLINICAL.md "Privacy").
enum class ConsentScope { kNone = 0, kRecord, kShareWithParents, kTrainingUse };

// "record", "share-with-parents", "training-use" (the stored text); "" for kNone.
std::string_view consentScopeName(ConsentScope scope);

enum class RecordingStatus { kNone = 0, kComplete, kInterrupted };

// "complete", "interrupted" (the stored text); "" for kNone.
std::string_view recordingStatusName(RecordingStatus status);

struct RecordingRecord {
    std::string path;        // relative to the data directory
    std::string started_at;  // ISO-8601 UTC
    std::int64_t duration_ms = 0;
    std::int64_t video_frames = 0;
    RecordingStatus status = RecordingStatus::kNone;
};

// One practice attempt after watching a clip, with the recording that was made of it.
struct PracticeTrial {
    std::int64_t child_id = 0;
    std::int64_t behaviour_id = 0;
    std::int64_t clip_id = 0;
    int clip_views = 0;  // how often the clip was shown before practice
    std::string session_started_at;
    std::optional<std::string> session_ended_at;
    RecordingRecord recording;
};

struct PracticeTrialIds {
    std::int64_t session_id = 0;
    std::int64_t recording_id = 0;
    std::int64_t trial_id = 0;
};

// A trial with the names and files it refers to, for review screens and reports.
struct TrialView {
    std::int64_t id = 0;
    std::int64_t session_id = 0;
    std::string child_code;
    std::string behaviour_name;
    std::string clip_path;
    int clip_views = 0;
    std::string created_at;
    // Empty when the trial has no recording.
    std::optional<std::string> recording_path;
    std::optional<std::int64_t> recording_duration_ms;
    std::optional<std::int64_t> recording_video_frames;
    RecordingStatus recording_status = RecordingStatus::kNone;
};

// Borrows the Database (which must outlive it); same thread rules as the Database.
// The add* calls may be grouped by the caller in a Transaction on db.connection().
class ClinicalRepository {
  public:
    explicit ClinicalRepository(Database& db) : db_(&db) {}

    // Adds a child with a code not yet in use.
    Result<std::int64_t> addChild(std::string_view code);
    Result<std::optional<Child>> findChild(std::string_view code);

    // Records consent granted now by `granted_by` (e.g. "parent: A. Smith"), valid until
    // `expires_at` (ISO-8601 UTC) or without end. Returns the consent's id.
    Result<std::int64_t> grantConsent(std::int64_t child_id, ConsentScope scope,
                                      std::string_view granted_by,
                                      const std::optional<std::string>& expires_at);
    // Marks the consent revoked at `revoked_at` (ISO-8601 UTC).
    Status revokeConsent(std::int64_t consent_id, std::string_view revoked_at);
    // True when a consent of that scope is on file, not revoked, and not expired at `now_iso`.
    Result<bool> hasCurrentConsent(std::int64_t child_id, ConsentScope scope,
                                   std::string_view now_iso);

    Result<std::int64_t> addSession(std::int64_t child_id, std::string_view started_at,
                                    const std::optional<std::string>& ended_at);
    Result<std::int64_t> addRecording(const RecordingRecord& recording);
    // `recording_id` may be empty for a trial without a recording.
    Result<std::int64_t> addTrial(std::int64_t session_id, std::int64_t behaviour_id,
                                  std::int64_t clip_id, std::optional<std::int64_t> recording_id,
                                  int clip_views);

    // Adds the session, recording and trial rows of a finished practice in one transaction:
    // on any error none of them is left behind.
    Result<PracticeTrialIds> recordPracticeTrial(const PracticeTrial& trial);

    Result<std::int64_t> countTrials();
    Result<std::optional<TrialView>> findTrial(std::int64_t trial_id);

  private:
    Database* db_;  // not owned
};

}  // namespace mimic::store
