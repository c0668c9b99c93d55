// The clinical record as the library window shows it, the forms that change it, and their
// validation: plain C++ with no SDL, GL or ImGui, so tests check every rule directly.
//
// A form holds what the person typed, as typed (numbers too), so a refused form keeps every
// value; validate* turns it into checked values or one line saying what to fix. The window
// hands checked values to callbacks that src/app fills with the same store calls the command
// line makes: the ui module never sees the store.
//
// Threads: any; the functions are pure (validateConsentForm takes the time as an argument).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "common/utc_time.h"

namespace mimic::ui {

// The words the forms offer, in the order shown; each is the text the store keeps.
inline const std::vector<std::string> kConsentScopes{"record", "share-with-parents",
                                                     "training-use"};
inline const std::vector<std::string> kPhases{"baseline", "intervention", "maintenance", "mastered",
                                              "generalization"};
inline const std::vector<std::string> kSchedules{"continuous", "fixed-ratio", "variable-ratio"};
// "" first: any kind / no fading.
inline const std::vector<std::string> kModelKinds{"", "peer", "adult", "self", "point-of-view"};
inline const std::vector<std::string> kFadings{"", "start-later", "stop-earlier",
                                               "replay-failed-step"};
inline const std::vector<std::string> kSettings{"clinic", "home", "school"};
// What the child's screen shows after a reinforced trial: stars, confetti, a favourite clip, a
// favourite sound, or a quiet, still "well done".
inline const std::vector<std::string> kRewardKinds{"stars", "confetti", "clip", "sound", "quiet"};
// Default, most to least intrusive (docs/clinical.md, "Prompt hierarchy").
inline const std::vector<std::string> kDefaultPrompts{"full physical", "partial physical", "model",
                                                      "verbal", "gestural"};

// ---- What the window shows (filled by the app from the store) ----

struct ConsentEntry {
    std::int64_t id = 0;
    std::string scope;  // one of kConsentScopes
    std::string granted_by;
    std::string granted_at;  // ISO-8601 UTC
    std::optional<std::string> expires_at;
    std::optional<std::string> revoked_at;
    bool current = false;  // in force now
};

// Every setting of a program, checked (validateProgramForm) or as stored.
struct ProgramSettings {
    std::string phase = "baseline";
    std::vector<std::string> prompt_hierarchy = kDefaultPrompts;  // most intrusive first
    int accuracy_pct = 80;
    int consecutive_sessions = 3;
    int min_trials = 1;  // per session
    bool cold_probe_only = false;
    int min_therapists = 1;
    std::string reinforcement = "continuous";
    int ratio = 1;  // N of a fixed or variable ratio; 1 for continuous
    // Session settings (schema 6).
    std::int64_t chosen_clip_id = 0;  // 0: none (clips rotate)
    std::string model_kind;           // "": any
    bool video_prompting = false;
    std::string fading;  // "": none
    int fading_steps = 0;
    std::int64_t fading_trim_ms = 0;
    int model_views = 1;
};

struct ProgramEntry {
    std::string behaviour;
    ProgramSettings settings;
};

// What the child's screen gives them, as stored (schema 8).
struct ScreenPrefsEntry {
    std::string reward = "stars";            // one of kRewardKinds
    std::optional<std::string> reward_file;  // the copy in the data folder (relative)
    std::optional<std::string> cue_voice;    // the copy; nullopt: the cue is spoken by espeak-ng
};

struct ChildEntry {
    std::string code;                    // the pseudonym; details are never shown
    std::vector<ConsentEntry> consents;  // newest first
    std::vector<ProgramEntry> programs;  // by behaviour name
    bool may_record = false;             // a current recording consent
    ScreenPrefsEntry screen;
};

struct ClinicalRecords {
    std::vector<ChildEntry> children;  // by code
    std::vector<std::string> therapists;
};

// A behaviour's clips as the program form offers them.
struct ClipChoice {
    std::int64_t id = 0;
    std::string title;
};
struct BehaviourChoice {
    std::string name;
    std::vector<ClipChoice> clips;
};

// ---- Forms, as typed ----

struct ChildForm {
    std::string code;
};

struct TherapistForm {
    std::string name;
};

struct ConsentForm {
    int scope = 0;  // index in kConsentScopes
    std::string granted_by;
    std::string expires;  // empty: without end
};

struct RevokeForm {
    std::int64_t consent_id = 0;
    std::string revoked_by;  // empty: the account running mimic
};

struct ProgramForm {
    bool adding = true;
    std::string behaviour;  // adding: picked; changing: fixed
    int phase = 0;          // index in kPhases
    std::vector<std::string> prompts = kDefaultPrompts;
    std::string accuracy_pct = "80";
    std::string consecutive_sessions = "3";
    std::string min_trials = "1";
    bool cold_probe_only = false;
    std::string min_therapists = "1";
    int schedule = 0;  // index in kSchedules
    std::string ratio = "1";
    std::int64_t chosen_clip_id = 0;
    int model_kind = 0;  // index in kModelKinds
    bool video_prompting = false;
    int fading = 0;  // index in kFadings
    std::string fading_steps = "0";
    std::string fading_trim_seconds = "0";
    std::string model_views = "1";
    std::string phase_reason;  // kept in the phase history when the phase changes
    int phase_therapist = -1;  // index in ClinicalRecords::therapists; -1: none
    int initial_phase = -1;    // changing: the phase as stored
};

// The child's screen: the reward after a reinforced trial and the cue's voice. The file
// fields name new files to copy in; left empty, the stored copy stays.
struct ScreenPrefsForm {
    int reward = 0;               // index in kRewardKinds
    std::string reward_file;      // a favourite clip (video) or sound (WAV), with clip or sound
    bool recorded_voice = false;  // the cue in a recorded voice, else spoken by the computer
    std::string cue_voice;        // the recorded voice (WAV), with recorded_voice
};

struct SessionForm {
    std::string child;
    std::vector<std::string> behaviours;  // offered targets, in the library's order
    std::vector<bool> chosen;             // parallel to behaviours
    int therapist = -1;                   // index in ClinicalRecords::therapists; -1: none
    int setting = 0;                      // index in kSettings
    std::string trials_per_target = "3";
};

// ---- Checked values ----

struct NewConsent {
    std::string scope;
    std::string granted_by;
    std::optional<std::string> expires;  // as typed; a future date (checked again on save)
};

struct CheckedProgram {
    bool adding = true;
    std::string behaviour;
    ProgramSettings settings;
    std::string reason;     // for the phase history
    std::string therapist;  // who decided a change of phase; "" none
};

// The child's screen as `mimic child prefs` takes it: the files are paths as typed, for the
// app to check and copy.
struct CheckedScreenPrefs {
    std::string reward;                      // one of kRewardKinds
    std::optional<std::string> reward_file;  // a new file (clip or sound only)
    std::optional<std::string> cue_voice;    // a new recorded voice
    bool cue_voice_default = false;          // the cue spoken by the computer
};

// What the window hands the app when the therapist starts a session.
struct SessionRequest {
    std::string child;
    std::vector<std::string> behaviours;  // the targets, at least one
    std::string therapist;                // "" none
    std::string setting;                  // one of kSettings
    int trials_per_target = 3;
};

// The most trials per target a form accepts: a session is five to ten trials in all.
inline constexpr int kMaxTrialsPerTarget = 20;

Result<std::string> validateChildForm(const ChildForm& form);
Result<std::string> validateTherapistForm(const TherapistForm& form);
Result<NewConsent> validateConsentForm(const ConsentForm& form, UtcSeconds now);
Result<CheckedProgram> validateProgramForm(const ProgramForm& form,
                                           const std::vector<std::string>& therapists);
Result<SessionRequest> validateSessionForm(const SessionForm& form,
                                           const std::vector<std::string>& therapists);
// `stored` is what the child has now: a recorded voice chosen without a new file keeps it.
Result<CheckedScreenPrefs> validateScreenPrefsForm(const ScreenPrefsForm& form,
                                                   const ScreenPrefsEntry& stored);

// The forms filled from what is stored (changing a program) or with the defaults.
ProgramForm programFormFor(const ProgramEntry& program);
// The child's programs in intervention or maintenance are chosen; the rest offered.
SessionForm sessionFormFor(const ChildEntry& child, const std::vector<std::string>& behaviours);
ScreenPrefsForm screenPrefsFormFor(const ScreenPrefsEntry& stored);

// Lines for people: "80 % in 3 sessions, min 1 trial", "fixed ratio 3", "2027-06-30".
std::string masterySummary(const ProgramSettings& settings);
std::string scheduleSummary(const ProgramSettings& settings);
// "a favourite sound; the cue in a recorded voice"
std::string screenPrefsSummary(const ScreenPrefsEntry& prefs);
std::string consentState(const ConsentEntry& consent);  // "current", "revoked", "expired"
std::string dayOf(const std::string& iso);              // the date part of ISO-8601 text

}  // namespace mimic::ui
