// Runs a planned practice session (session::Session) on a stage (app/session_stage.h), with
// the camera and microphone, and stores it: one `sessions` row (therapist, setting,
// reinforcement seed) with one trial row per trial.
//
// Per trial, write-ahead as issue 10 set out: when its recording starts (the trial's first
// "your turn" cue, Directive::recording) the recording's `.partial` is created and locked,
// then the recording and trial rows are committed, then the camera records (capture::record on
// a worker thread) until the trial leaves practice; the consent to be recorded is checked
// when each recording starts and re-checked while it runs (app/consent_watch.h). A revoked or
// expired consent deletes the recording in progress, keeps its trial without media and ends
// the session (earlier trials keep theirs). When a trial ends, its step, practice start, state
// changes (trial_events) and score (outcome, prompt level, latency, reinforcement) are stored;
// a trial that ended before its recording began is stored without one.
//
// The camera is opened once for the session by the caller and serves one record() per trial;
// between trials its reader thread keeps reading (the FIFO's writer never blocks) and frames
// older than a recording's start are not recorded (capture/recorder.h). The preview slot is
// fed while a recording runs, so the practice screen shows the mirrored camera. The stage's
// strip is given at every directive, and every 100 ms while a trial records, with the
// microphone's level (audio::AudioCapture::takeLevel) then.
//
// After each trial its recording is analysed in the background (faces, motion and voice
// onsets, latency: app/background_analysis.h) and the result stored on the trial as the coder
// "auto"'s events while the session goes on; the strip shows the progress, and at the end the
// session waits for the last.
//
// Threads: run() on the caller's thread (the UI thread with a window), which also drives the
// stage; the recording's worker, the recorder's own threads, the consent watch and the
// analysis worker run beside it and are joined before run() returns.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/session_stage.h"
#include "common/paths.h"
#include "common/result.h"
#include "session/mastery.h"
#include "session/session.h"
#include "store/database.h"

namespace mimic::audio {
class AudioCapture;
}
namespace mimic::capture {
class CameraSource;
}

namespace mimic::app {

struct SessionRunContext {
    const DataDir* dir = nullptr;                              // not owned
    store::Database* db = nullptr;                             // not owned
    capture::CameraSource* camera = nullptr;                   // not owned, open
    audio::AudioCapture* microphone = nullptr;                 // not owned; null: video only
    std::string child_code;                                    // for the recordings' tags
    std::map<std::int64_t, std::filesystem::path> clip_files;  // clip id -> absolute path
    // Called with each --trace line as its state is entered (null: no trace).
    std::function<void(const std::string&)> trace;
    // Each stored recording is analysed in the background (app/background_analysis.h) and the
    // result stored as the coder "auto"'s events; the session waits for the last at its end.
    bool analyse = true;
};

// One trial as it was run and stored.
struct RunTrial {
    std::int64_t trial_id = 0;  // the store's
    int number = 0;             // in the session, from 1
    std::optional<std::int64_t> program_id;
    std::int64_t behaviour_id = 0;
    std::string behaviour;
    std::int64_t clip_id = 0;
    std::optional<int> step;
    session::Outcome outcome = session::Outcome::kNone;
    std::optional<std::string> prompt_level;
    std::optional<std::int64_t> latency_ms;
    std::optional<bool> reinforced;        // set when scored
    std::optional<std::string> recording;  // relative to the data folder
    std::int64_t frames = 0;
    std::int64_t recording_us = 0;
    std::optional<std::int64_t> cue_to_first_frame_ms;  // the recording's first frame after the cue
    bool analysed = false;  // its recording's analysis was stored (SessionRunContext::analyse)
    std::optional<std::int64_t> auto_latency_ms;  // what that analysis measured
};

struct SessionRunReport {
    std::int64_t session_id = 0;
    std::vector<RunTrial> trials;
    std::vector<session::TrialRecord> records;  // the state machine's view of the same trials
    std::optional<Error> stopped;               // why the session stopped before its plan was done
};

// Runs `plan` to its end on `stage`. An error only when the session could not be started
// (its row could not be stored); a session stopped part way (consent, a lost camera, a model
// that does not play) returns its report with `stopped` set.
Result<SessionRunReport> runPracticeSession(const SessionRunContext& context,
                                            const session::SessionPlan& plan, SessionStage& stage);

// What a target's program says after the session.
struct TargetMastery {
    std::string behaviour;
    std::int64_t program_id = 0;
    session::MasteryResult result;
};

// After a session, per target that has a program: keeps the history the next plan starts
// from (the step last failed, the level of the last prompted trial) when this session changed
// it, and evaluates the mastery criterion over the child's stored sessions of the behaviour
// (as `mimic progress` does). A met criterion proposes the next phase; the therapist confirms
// it with `mimic program set CHILD BEHAVIOUR --phase PHASE`.
Result<std::vector<TargetMastery>> concludePrograms(
    store::Database& db, const session::SessionPlan& plan,
    const std::vector<session::TrialRecord>& trials);

}  // namespace mimic::app
