// Children, their consents, and practice: sessions, recordings and trials.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/os_account.h"
#include "common/result.h"
#include "store/database.h"
#include "store/library_repository.h"

namespace mimic::store {

struct Child {
    std::int64_t id = 0;
    std::string code;  // pseudonymous, unique
    std::string created_at;
    std::optional<std::string> details;  // optional identifying details (schema 2)
};

// What a consent allows (docs/clinical.md, "Consent").
enum class ConsentScope { kNone = 0, kRecord, kShareWithParents, kTrainingUse };

// "record", "share-with-parents", "training-use" (the stored text); "" for kNone.
std::string_view consentScopeName(ConsentScope scope);
// The inverse of consentScopeName; kNone for any other text.
ConsentScope parseConsentScope(std::string_view name);

struct Consent {
    std::int64_t id = 0;
    std::int64_t child_id = 0;
    ConsentScope scope = ConsentScope::kNone;
    std::string granted_by;
    std::string granted_at;
    std::optional<std::string> expires_at;
    std::optional<std::string> revoked_at;
    std::optional<std::string> revoked_by;
};

// What a child's consents of one scope say at a moment.
enum class ConsentState { kNone = 0, kCurrent, kRevoked, kExpired, kMissing };

// Whether `consent` is in force at `now_iso` (ISO-8601 UTC text of common/utc_time.h's one
// shape, which compares as text): not revoked, and without expiry or expiring after now.
bool consentInForce(const Consent& consent, std::string_view now_iso);

// Pure: kCurrent when a consent of `scope` among `consents` (newest first, as listConsents
// gives them) is in force at `now_iso`; otherwise why not, as the newest of that scope says:
// kRevoked, kExpired, or kMissing when there is none.
ConsentState consentStateAt(const std::vector<Consent>& consents, ConsentScope scope,
                            std::string_view now_iso);

// What the child's screen shows after a reinforced trial (schema 8; ui::ChildScreen shows
// each): stars or confetti, the child's favourite short clip or sound, or a quiet, still
// "well done".
enum class RewardKind { kNone = 0, kStars, kConfetti, kClip, kSound, kQuiet };
// "stars", "confetti", "clip", "sound", "quiet" (the stored text); "" for kNone.
std::string_view rewardKindName(RewardKind kind);
RewardKind parseRewardKind(std::string_view name);
// True for the kinds that play a file of the child's (kClip, kSound).
bool rewardHasFile(RewardKind kind);

// A child's choices for their screen (schema 8). Paths are relative to the data folder and
// name copies mimic made there (app/child_prefs.h); a child without stored choices has the
// defaults below.
struct ChildScreenPrefs {
    RewardKind reward = RewardKind::kStars;
    std::optional<std::string> reward_file;  // with kClip and kSound only, and then always
    std::optional<std::string> cue_voice;    // a WAV saying the cue; nullopt: espeak-ng speaks
};

struct Therapist {
    std::int64_t id = 0;
    std::string name;  // unique
    std::string created_at;
};

// Where a program is in its course (docs/clinical.md, "Phase").
enum class ProgramPhase {
    kNone = 0,
    kBaseline,
    kIntervention,
    kMaintenance,
    kMastered,
    kGeneralization
};
std::string_view programPhaseName(ProgramPhase phase);  // "baseline", ...
ProgramPhase parseProgramPhase(std::string_view name);

// continuous: every correct response; fixed-ratio: every Nth; variable-ratio: about every Nth.
enum class ReinforcementSchedule { kNone = 0, kContinuous, kFixedRatio, kVariableRatio };
std::string_view reinforcementScheduleName(ReinforcementSchedule schedule);
ReinforcementSchedule parseReinforcementSchedule(std::string_view name);

// Every part is a setting (docs/clinical.md, "Mastery criterion").
struct MasteryCriterion {
    int accuracy_pct = 80;
    int consecutive_sessions = 3;
    int min_trials = 1;  // per session
    bool cold_probe_only = false;
    int min_therapists = 1;
};

// Most to least intrusive (docs/clinical.md, "Prompt hierarchy").
inline const std::vector<std::string> kDefaultPromptHierarchy{"full physical", "partial physical",
                                                              "model", "verbal", "gestural"};

// How a program fades the model as the child improves (src/session/clinical.h, Fading, says
// what each kind does).
enum class FadingKind { kNone = 0, kStartLater, kStopEarlier, kReplayFailedStep };
// "start-later", "stop-earlier", "replay-failed-step" (the stored text); "" for kNone.
std::string_view fadingKindName(FadingKind kind);
FadingKind parseFadingKind(std::string_view name);

struct ProgramRecord {
    std::int64_t child_id = 0;
    std::int64_t behaviour_id = 0;
    ProgramPhase phase = ProgramPhase::kBaseline;
    std::vector<std::string> prompt_hierarchy = kDefaultPromptHierarchy;  // most intrusive first
    MasteryCriterion mastery;
    ReinforcementSchedule reinforcement = ReinforcementSchedule::kContinuous;
    int reinforcement_ratio = 1;  // N of fixed/variable ratio; 1 for continuous
    // Session settings (schema 6; src/session/plan.h says how the plan uses them).
    std::optional<std::int64_t> chosen_clip_id;      // every trial shows this clip
    ModelKind chosen_model_kind = ModelKind::kNone;  // else only clips of this kind; kNone: any
    bool video_prompting = false;                    // one scored trial per step segment
    FadingKind fading = FadingKind::kNone;
    int fading_steps = 0;             // kStartLater, kStopEarlier on a clip with steps
    std::int64_t fading_trim_ms = 0;  // kStartLater, kStopEarlier on a whole clip
    int model_views = 1;              // times the model plays before the turn cue, >= 1
    // History the next session starts from (schema 6): the step last failed and the prompt
    // level of the last prompted trial.
    std::optional<int> last_failed_step;
    std::optional<std::string> last_prompt_level;
};

struct Program {
    std::int64_t id = 0;
    ProgramRecord record;
    std::string child_code;
    std::string behaviour_name;
    std::string created_at;
};

enum class SessionSetting { kNone = 0, kClinic, kHome, kSchool };
std::string_view sessionSettingName(SessionSetting setting);  // "clinic", "home", "school"
SessionSetting parseSessionSetting(std::string_view name);

// How a trial went. "Independent", "incorrect" (a wrong attempt; schema 6) and "no response"
// are outcomes, not prompt levels.
enum class TrialOutcome { kNone = 0, kIndependent, kPrompted, kIncorrect, kNoResponse };
// "independent", "prompted", "incorrect", "no-response"; "" for kNone.
std::string_view trialOutcomeName(TrialOutcome outcome);
TrialOutcome parseTrialOutcome(std::string_view name);

// How a trial was scored (all optional; a trial may be scored later).
struct TrialScore {
    TrialOutcome outcome = TrialOutcome::kNone;
    std::optional<std::string> prompt_level;  // with kPrompted: a level of the hierarchy
    std::optional<std::int64_t> latency_ms;
    std::optional<bool> reinforced;
    std::string notes;
    std::optional<std::int64_t> scorer_id;  // a therapist
};

// A point (no end) or a state (start to end) on a recording, coded by a scorer.
struct AnnotationRecord {
    std::int64_t recording_id = 0;
    std::int64_t start_ms = 0;
    std::optional<std::int64_t> end_ms;
    std::string behaviour_code;
    std::optional<std::int64_t> scorer_id;
    std::string note;
};

struct Annotation {
    std::int64_t id = 0;
    AnnotationRecord record;
    std::string created_at;
};

// One row of a child's trial history.
struct TrialHistoryEntry {
    std::int64_t trial_id = 0;
    std::int64_t session_id = 0;
    std::string session_started_at;
    SessionSetting setting = SessionSetting::kNone;
    std::optional<std::string> therapist;
    std::string behaviour_name;
    std::optional<std::int64_t> program_id;
    std::string clip_path;
    int clip_views = 0;
    TrialOutcome outcome = TrialOutcome::kNone;
    std::optional<std::string> prompt_level;
    std::optional<std::int64_t> latency_ms;
    std::optional<bool> reinforced;
    std::string notes;
    std::optional<std::string> recording_path;
    std::optional<std::int64_t> scorer_id;  // who scored it (a therapist), to keep on re-scoring
};

// kRecording: written ahead (the row exists while its file is being written, see
// beginPracticeTrial); kComplete: stopped cleanly; kInterrupted: recovered after its writer
// died or failed.
enum class RecordingStatus { kNone = 0, kComplete, kInterrupted, kRecording };

// "complete", "interrupted", "recording" (the stored text); "" for kNone.
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
    // Added with schema 2; all optional.
    std::optional<std::int64_t> therapist_id;
    SessionSetting setting = SessionSetting::kNone;
    std::optional<std::int64_t> program_id;
    std::optional<std::int64_t> attempt_offset_ms;  // where the attempt starts in the recording
    std::vector<std::int64_t> segment_ids;          // the segments shown, in order
    TrialScore score;
};

struct PracticeTrialIds {
    std::int64_t session_id = 0;
    std::int64_t recording_id = 0;
    std::int64_t trial_id = 0;
};

// A recording whose row is still 'recording': being written now, or left by a writer that
// died or could not store its end (recovery decides which by the file's lock).
struct RecordingInProgress {
    std::int64_t recording_id = 0;
    std::string path;  // relative to the data directory; written as <path>.partial
    std::string started_at;
    std::optional<std::int64_t> trial_id;
    std::string child_code;
    std::optional<std::int64_t> child_id;
};

// A recording row and the trial, session and child it belongs to (each missing when the
// recording has no trial).
struct RecordingOwner {
    std::int64_t recording_id = 0;
    std::optional<std::int64_t> trial_id;
    std::optional<std::int64_t> session_id;
    std::optional<std::int64_t> child_id;
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
    bool stopped_for_consent = false;  // recording deleted because consent ended (schema 4)
};

// Borrows the Database (which must outlive it); same thread rules as the Database.
// The add* calls may be grouped by the caller in a Transaction on db.connection().
//
// Audited (docs/clinical.md, "Audit"): every create and change of a child, consent, session,
// recording or trial made here writes its audit_log entry, naming `actor` and the child it
// concerns, in the same transaction as the change, so neither lands without the other. The
// actor is the operating-system account until mimic has accounts of its own.
class ClinicalRepository {
  public:
    explicit ClinicalRepository(Database& db, std::string actor = auditActorName())
        : db_(&db), actor_(std::move(actor)) {}

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
    // consentStateAt over the child's consents (only reads: works on a read-only Database).
    Result<ConsentState> consentState(std::int64_t child_id, ConsentScope scope,
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

    // Write-ahead (issue 10): adds the session (not yet ended), the recording with status
    // kRecording at `trial.recording.path` (a name mimic chose; the caller holds its file
    // locked), and the trial, in one transaction, before anything is recorded.
    Result<PracticeTrialIds> beginPracticeTrial(const PracticeTrial& trial);
    // Write-ahead for one trial of a session of several (app/session_runner.h): adds the
    // recording with status kRecording (the caller holds its file locked) and the trial to
    // session `session_id`, which must be trial.child_id's, in one transaction with their audit
    // entries. An empty trial.recording.path adds the trial without a recording (a trial that
    // ended before its practice was recorded). The session is not ended (endSession does it).
    Result<PracticeTrialIds> beginSessionTrial(std::int64_t session_id, const PracticeTrial& trial);
    // Completes a recording that is still kRecording: its status (kComplete or kInterrupted),
    // what the file holds, and, with `ends_session`, its session's end (a session of one trial,
    // and recovery). An error when it is not in progress.
    Status finishRecording(std::int64_t recording_id, RecordingStatus status,
                           std::int64_t duration_ms, std::int64_t video_frames,
                           std::string_view ended_at, bool ends_session = true);
    // Stores the end of a session that has not ended yet (audited "end session").
    Status endSession(std::int64_t session_id, std::string_view ended_at);
    // The recording has no media (nothing was written, or it was deleted because consent
    // ended): its row goes and its trial stays without a recording, marked stopped for
    // consent when `stopped_for_consent`.
    // `why` names another reason in the audit entry (e.g. retention).
    Status dropRecording(std::int64_t recording_id, bool stopped_for_consent,
                         std::string_view why = {});
    // Every recording still kRecording, oldest first.
    Result<std::vector<RecordingInProgress>> recordingsInProgress();
    // The paths of every recording row (relative), for telling owned files from strays.
    Result<std::vector<std::string>> recordingPaths();
    // The recording row stored with `path` (relative to the data directory), if any.
    Result<std::optional<RecordingOwner>> findRecording(std::string_view path);

    Result<std::int64_t> countTrials();
    Result<std::optional<TrialView>> findTrial(std::int64_t trial_id);

    // ---- Added with schema 2 ----

    Result<std::int64_t> addChild(std::string_view code, const std::optional<std::string>& details);
    Result<std::optional<Child>> findChild(std::int64_t child_id);
    // Ordered by code.
    Result<std::vector<Child>> listChildren();

    // Every consent of the child, newest first.
    Result<std::vector<Consent>> listConsents(std::int64_t child_id);
    Result<std::optional<Consent>> findConsent(std::int64_t consent_id);
    // revokeConsent, noting who revoked it.
    Status revokeConsent(std::int64_t consent_id, std::string_view revoked_at,
                         std::string_view revoked_by);

    Result<std::int64_t> addTherapist(std::string_view name);
    Result<std::optional<Therapist>> findTherapist(std::string_view name);
    Result<std::vector<Therapist>> listTherapists();  // by name
    // The therapist's PIN hash (therapist_pin.h makes it; the PIN itself is never stored).
    // Fails when there is no such therapist.
    Status setTherapistPinHash(std::int64_t therapist_id, std::string_view pin_hash);
    // nullopt when the therapist has no PIN set.
    Result<std::optional<std::string>> therapistPinHash(std::int64_t therapist_id);

    // ---- Added with schema 8 ----

    // The child's screen choices; the defaults when none are stored. Fails for an unknown
    // child.
    Result<ChildScreenPrefs> screenPrefs(std::int64_t child_id);
    // Replaces the child's screen choices (a file with kClip and kSound, none otherwise), with
    // an audit entry ("change", "child"), in one transaction.
    Status setScreenPrefs(std::int64_t child_id, const ChildScreenPrefs& prefs);
    // Every file the children's screen choices name (relative), for telling owned files from
    // strays.
    Result<std::vector<std::string>> screenPrefsFiles();

    // One program per child and behaviour. The prompt hierarchy must not be empty.
    Result<std::int64_t> addProgram(const ProgramRecord& program);
    // Replaces every setting of the program (its child and behaviour stay).
    Status updateProgram(std::int64_t program_id, const ProgramRecord& program);
    Result<std::optional<Program>> findProgram(std::int64_t child_id, std::int64_t behaviour_id);
    // The child's programs (every child's when empty), by child code then behaviour name.
    Result<std::vector<Program>> listPrograms(std::optional<std::int64_t> child_id);

    Result<std::int64_t> addSession(std::int64_t child_id, std::string_view started_at,
                                    const std::optional<std::string>& ended_at,
                                    std::optional<std::int64_t> therapist_id,
                                    SessionSetting setting);
    // Scores (or re-scores) a trial.
    Status scoreTrial(std::int64_t trial_id, const TrialScore& score);

    // The child's every trial, oldest session first.
    Result<std::vector<TrialHistoryEntry>> trialHistory(std::int64_t child_id);
    // Trials whose notes match `text` (every word as a prefix), best first.
    Result<std::vector<std::int64_t>> searchTrialNotes(std::string_view text, int limit = 100);

    Result<std::int64_t> addAnnotation(const AnnotationRecord& annotation);
    Result<std::vector<Annotation>> annotationsForRecording(std::int64_t recording_id);

  private:
    // The audit entry of a change made here; call inside the change's transaction.
    Status audit(std::string_view action, std::string_view record_kind,
                 std::optional<std::int64_t> record_id, std::optional<std::int64_t> child_id,
                 std::string_view detail = {});
    Result<RecordingOwner> ownerOfRecording(std::int64_t recording_id);
    // The rows alone, without their audit entries (the public calls add those).
    Result<std::int64_t> insertSession(std::int64_t child_id, std::string_view started_at,
                                       const std::optional<std::string>& ended_at,
                                       std::optional<std::int64_t> therapist_id,
                                       SessionSetting setting);
    Result<std::int64_t> insertRecording(const RecordingRecord& recording);
    Result<std::int64_t> insertTrial(std::int64_t session_id, std::int64_t behaviour_id,
                                     std::int64_t clip_id, std::optional<std::int64_t> recording_id,
                                     int clip_views);
    Status updateScore(std::int64_t trial_id, const TrialScore& score);
    // The recording (when trial.recording.path is set) and trial rows of `trial` in session
    // ids.session_id, scored and with its segments; ids gets their ids. No audit entries.
    Status insertTrialRows(const PracticeTrial& trial, PracticeTrialIds& ids);
    // The audit entries of what insertTrialRows added.
    Status auditTrialRows(const PracticeTrial& trial, const PracticeTrialIds& ids);

    Database* db_;  // not owned
    std::string actor_;
};

}  // namespace mimic::store
