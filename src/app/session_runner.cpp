#include "app/session_runner.h"

#include <algorithm>
#include <memory>
#include <mutex>
#include <stop_token>
#include <thread>

#include "app/background_analysis.h"
#include "app/consent_watch.h"
#include "app/record_lookup.h"
#include "app/recovery.h"
#include "app/session_driver.h"
#include "app/session_mapping.h"
#include "app/trial_analysis.h"
#include "audio/audio_capture.h"
#include "capture/preview.h"
#include "capture/recorder.h"
#include "common/file_lock.h"
#include "common/log.h"
#include "common/names.h"
#include "common/termination.h"
#include "cues/auto_codes.h"
#include "store/audit_log.h"
#include "store/clinical_repository.h"
#include "store/review_repository.h"
#include "store/session_repository.h"

namespace mimic::app {

namespace fs = std::filesystem;

namespace {

using std::chrono::duration_cast;
using std::chrono::milliseconds;

// The longest a poll waits: how soon a lost camera or a withdrawn consent is noticed (the
// watch itself re-checks every 250 ms; a second is the promise).
constexpr auto kPollWait = milliseconds(50);
// A trial's recording stops by itself after this long: a practice left running this long is
// a forgotten session, not a child practising.
constexpr auto kMaxTrialRecording = std::chrono::minutes(30);
// How often the microphone's level on the strip is renewed while a trial records: a meter
// that moves with speech, without redrawing the child's screen more than the camera does.
constexpr auto kLevelRefresh = milliseconds(100);

std::int64_t msBetween(Clock::time_point from, Clock::time_point to) {
    return duration_cast<milliseconds>(to - from).count();
}

// Consent to be recorded ended before or while the practice was recorded: what was recorded
// is deleted (withdrawal is not retroactive: earlier trials keep theirs) and the trial is kept
// without media, marked stopped for consent. Returns the one line that says so.
Error discardForConsent(store::ClinicalRepository& clinical, const fs::path& out, FileLock& lock,
                        std::int64_t recording_id, const std::string& child,
                        store::ConsentState why, bool recorded) {
    // The file goes first: if anything below fails, no recording made without consent stays.
    std::string failed;
    for (const fs::path& file : {out, capture::partialPath(out)}) {
        std::error_code ec;
        if (!fs::remove(file, ec) && ec)
            failed += "; " + file.string() + " could not be deleted: " + ec.message();
    }
    if (Status s = clinical.dropRecording(recording_id, /*stopped_for_consent=*/true); !s)
        failed += "; " + s.error().message;
    lock.release();
    std::string message = "consent for '";
    message += printable(child);
    message += why == store::ConsentState::kExpired ? "' to be recorded expired; "
                                                    : "' to be recorded was withdrawn; ";
    message += recorded ? "the recording in progress was deleted" : "nothing was recorded";
    return Error{message + ", the trial is kept without media" + failed};
}

// One trial's recording while it runs: its file (locked), its rows, its consent watch and
// the worker thread that records.
struct LiveRecording {
    int trial_number = 0;
    fs::path out;
    std::optional<FileLock> lock;
    store::PracticeTrialIds ids;
    std::unique_ptr<ConsentWatch> watch;
    std::stop_source stop;
    std::optional<std::stop_callback<std::function<void()>>> on_consent_end;
    std::mutex mutex;  // guards `result` (the worker sets it)
    std::optional<Result<capture::RecordingReport>> result;
    std::jthread worker;  // last: joined before the fields it uses go

    bool finished() {
        std::lock_guard lock_result(mutex);
        return result.has_value();
    }
};

class Runner {
  public:
    Runner(const SessionRunContext& context, const session::SessionPlan& plan, SessionStage& stage)
        : context_(context),
          plan_(plan),
          stage_(stage),
          session_(plan),
          clinical_(*context.db),
          sessions_(*context.db) {}

    Result<SessionRunReport> run();

  private:
    Status beginSession();
    void apply(const session::Directive& directive);
    void feed(const Result<session::Directive>& directive);
    void afterChange();
    void startRecording();
    void stopRecording();
    void storeEndedTrials();
    Status storeTrial(const session::TrialRecord& trial);
    void stop(Error why);
    void showStrip(const session::Directive& directive);
    void refreshLevel(Clock::time_point now);
    void queueAnalysis(const RunTrial& run);
    void collectAnalyses();
    void finishAnalyses();

    const SessionRunContext& context_;
    const session::SessionPlan& plan_;
    SessionStage& stage_;
    session::Session session_;
    store::ClinicalRepository clinical_;
    store::SessionRepository sessions_;
    capture::PreviewSlot preview_;
    StageStrip strip_;  // as last given to the stage
    Clock::time_point level_read_at_{};
    std::string started_at_;
    SessionRunReport report_;
    std::unique_ptr<LiveRecording> live_;
    std::unique_ptr<BackgroundAnalysis> analysis_;  // with SessionRunContext::analyse
    std::map<int, std::size_t> run_trials_;         // trial number -> index in report_.trials
    std::map<int, std::string> notes_;              // trial number -> the therapist's notes
    std::size_t traced_ = 0;                        // events printed
    std::size_t stored_ = 0;                        // trials stored
    Clock::time_point last_at_{};
};

Status Runner::beginSession() {
    started_at_ = utcNowIso8601();
    auto tx = store::Transaction::begin(context_.db->connection());
    if (!tx) return tx.error();
    auto id = clinical_.addSession(plan_.child_id, started_at_, std::nullopt, plan_.therapist_id,
                                   toStore(plan_.setting));
    if (!id) return id.error();
    if (Status s = sessions_.setReinforcementSeed(*id, plan_.seed); !s) return s;
    if (Status s = tx->commit(); !s) return s;
    report_.session_id = *id;
    return {};
}

void Runner::stop(Error why) {
    if (!report_.stopped) report_.stopped = std::move(why);
    if (session_.state() != session::State::kEnd) {
        const Clock::time_point at = std::max(Clock::now(), last_at_);
        feed(session_.endEarly(at));
    }
}

void Runner::feed(const Result<session::Directive>& directive) {
    if (!directive) {
        log::warning(directive.error().message);
        return;
    }
    apply(*directive);
}

void Runner::showStrip(const session::Directive& directive) {
    StageStrip strip;
    strip.child = context_.child_code;
    strip.trial = directive.trial;
    strip.trials = static_cast<int>(plan_.trials.size());
    if (!session_.trials().empty()) {
        const session::Target& target = plan_.targets[session_.trials().back().target];
        strip.target = target.behaviour_name;
        strip.prompt_levels = target.prompt_hierarchy;
        strip.next_level_down = session_.suggestedPromptLevel();
    }
    strip.state = session_.state();
    strip.paused = session_.paused();
    if (session_.startedAt()) strip.elapsed = Clock::now() - *session_.startedAt();
    strip.recording = directive.recording;
    strip.microphone = context_.microphone != nullptr;
    if (analysis_) strip.analysis = analysis_->status();
    // The level is the microphone's while a trial records; what it heard before is no one's.
    if (context_.microphone != nullptr) {
        const float heard = context_.microphone->takeLevel();
        if (strip.recording) strip.mic_level = strip_.recording ? heard : 0.0f;
        level_read_at_ = Clock::now();
    }
    strip_ = strip;
    stage_.setStrip(strip);
}

// While a trial records, the strip's microphone level follows what the microphone hears.
void Runner::refreshLevel(Clock::time_point now) {
    if (context_.microphone == nullptr || !strip_.recording || now - level_read_at_ < kLevelRefresh)
        return;
    level_read_at_ = now;
    strip_.mic_level = context_.microphone->takeLevel();
    if (session_.startedAt()) strip_.elapsed = now - *session_.startedAt();
    stage_.setStrip(strip_);
}

void Runner::apply(const session::Directive& directive) {
    // The recording ends before anything is stored about its trial, and starts right after
    // the cue is up (its delay after the cue is measured).
    if (!directive.recording && live_) {
        stopRecording();
        // Consent ended, or the recording failed, just as the practice ended: no more trials.
        if (report_.stopped && session_.state() != session::State::kEnd) {
            afterChange();
            return stop(*report_.stopped);
        }
    }
    showStrip(directive);
    switch (directive.action) {
        case session::Action::kPlayModel: {
            const auto file = context_.clip_files.find(directive.model->clip_id);
            Status played = file == context_.clip_files.end()
                                ? Status(Error{"clip " + std::to_string(directive.model->clip_id) +
                                               " has no file"})
                                : stage_.playModel(file->second, directive.model->in_ms,
                                                   directive.model->out_ms);
            afterChange();
            if (!played) stop(played.error());
            return;
        }
        case session::Action::kShowTurnCue:
            stage_.showTurnCue();
            break;
        case session::Action::kStartPractice:
            stage_.showPractice(&preview_, directive.recording);
            break;
        case session::Action::kAwaitScore:
            stage_.showAwaitScore();
            break;
        case session::Action::kShowReward:
            stage_.showReward();
            break;
        case session::Action::kFinish:
            stage_.showEnd();
            break;
        case session::Action::kPause:
            stage_.setPaused(true);
            break;
        case session::Action::kResume:
            stage_.setPaused(false);
            break;
        case session::Action::kNone:
            break;
    }
    if (directive.recording && !live_ && session_.state() != session::State::kEnd) {
        startRecording();
    }
    afterChange();
}

// Prints the trace lines of the states entered and stores the trials that have ended.
void Runner::afterChange() {
    const auto& events = session_.events();
    for (; traced_ < events.size(); ++traced_) {
        if (events[traced_].entered && context_.trace && session_.startedAt())
            context_.trace(session::formatTraceLine(events[traced_], *session_.startedAt()));
    }
    storeEndedTrials();
}

void Runner::startRecording() {
    const session::TrialRecord& trial = session_.trials().back();
    auto live = std::make_unique<LiveRecording>();
    live->trial_number = trial.number;
    // Named by mimic, never by the child's code or the behaviour's name (D1).
    live->out = newRecordingPath(*context_.dir);
    while (fs::exists(live->out) || fs::exists(capture::partialPath(live->out)))
        live->out = newRecordingPath(*context_.dir);

    store::PracticeTrial row;
    row.child_id = plan_.child_id;
    row.behaviour_id = trial.behaviour_id;
    row.clip_id = trial.clip_id;
    row.clip_views = trial.model_views;
    row.session_started_at = started_at_;
    row.recording.path = context_.dir->relative(live->out).string();
    row.recording.started_at = utcNowIso8601();
    row.therapist_id = plan_.therapist_id;
    row.setting = toStore(plan_.setting);
    row.program_id = trial.program_id;
    if (trial.model.segment_id) row.segment_ids.push_back(*trial.model.segment_id);

    // Write-ahead (issue 10): the file exists and is locked by this process before its row is
    // committed, and the row before the camera starts, so recovery and repair always know a
    // live recording (locked) from a leftover (a row whose writer is gone) from a stray file
    // (no row: never adopted).
    auto lock = FileLock::createLocked(capture::partialPath(live->out));
    if (!lock) return stop(lock.error());
    live->lock.emplace(std::move(*lock));
    std::error_code ec;
    auto ids = clinical_.beginSessionTrial(report_.session_id, row);
    if (!ids) {
        fs::remove(capture::partialPath(live->out), ec);
        return stop(ids.error());
    }
    live->ids = *ids;
    RunTrial& run = report_.trials.emplace_back();
    run_trials_[trial.number] = report_.trials.size() - 1;
    run.trial_id = ids->trial_id;
    run.recording = row.recording.path;

    // Consent is a live gate (issue 10): checked again now that the recording starts (it may
    // have been revoked while the model played), and re-checked while it records.
    auto watch = ConsentWatch::start(context_.dir->database(), plan_.child_id, utcNowIso8601);
    if (!watch) {
        // Not recorded without a gate.
        fs::remove(capture::partialPath(live->out), ec);
        (void)clinical_.dropRecording(ids->recording_id, /*stopped_for_consent=*/false);
        run.recording.reset();
        return stop(Error{watch.error().message + "; nothing was recorded"});
    }
    if ((*watch)->state() != store::ConsentState::kCurrent) {
        run.recording.reset();
        return stop(discardForConsent(clinical_, live->out, *live->lock, ids->recording_id,
                                      context_.child_code, (*watch)->state(),
                                      /*recorded=*/false));
    }
    live->watch = std::move(*watch);
    live->on_consent_end.emplace(live->watch->ended(),
                                 [source = live->stop] { (void)source.request_stop(); });

    capture::RecordingSettings settings;
    settings.duration = kMaxTrialRecording;
    settings.tags = recordingTags(row, context_.child_code);
    settings.stop = live->stop.get_token();
    // The recording starts at the cue, not when its file and rows are ready (tens of ms
    // later, more on a loaded machine): the camera, open since the session began, still
    // holds the frames it captured since the cue.
    settings.start = trial.recording_started_at;
    if (stage_.showsPreview()) settings.preview = &preview_;
    live->worker = std::jthread([l = live.get(), settings, this] {
        auto result = capture::record(*context_.camera, context_.microphone, l->out, settings);
        std::lock_guard guard(l->mutex);
        l->result = std::move(result);
    });
    live_ = std::move(live);
}

void Runner::stopRecording() {
    std::unique_ptr<LiveRecording> live = std::move(live_);
    live->stop.request_stop();
    live->worker.join();
    RunTrial& run = report_.trials[run_trials_.at(live->trial_number)];
    Result<capture::RecordingReport> recorded = std::move(*live->result);
    if (const store::ConsentState verdict = live->watch->finish();
        verdict != store::ConsentState::kCurrent) {
        run.recording.reset();
        report_.stopped = discardForConsent(clinical_, live->out, *live->lock,
                                            live->ids.recording_id, context_.child_code, verdict,
                                            /*recorded=*/true);
        return;
    }
    if (!recorded) {
        // What was recorded before the failure is kept and the trial marked interrupted (or
        // left without a recording when nothing was): recovery does it once the lock is gone.
        live->lock->release();
        reportRecovery(recoverInterruptedRecordings(*context_.dir, *context_.db));
        auto found = clinical_.findTrial(run.trial_id);
        if (found && *found) run.recording = (*found)->recording_path;
        if (!report_.stopped) report_.stopped = recorded.error();
        return;
    }
    run.frames = recorded->frames_written;
    run.recording_us = recorded->duration_us;
    const session::TrialRecord& trial =
        session_.trials()[static_cast<std::size_t>(live->trial_number - 1)];
    const Clock::time_point first_frame =
        recorded->started_at + std::chrono::microseconds(recorded->first_frame_us);
    if (trial.recording_started_at) {
        run.cue_to_first_frame_ms = msBetween(*trial.recording_started_at, first_frame);
        log::info("trial " + std::to_string(trial.number) + ": the recording's first frame " +
                  std::to_string(*run.cue_to_first_frame_ms) +
                  " ms after the turn cue (its recorder was ready " +
                  std::to_string(msBetween(*trial.recording_started_at, recorded->ready_at)) +
                  " ms after it)");
    }
    if (Status s = clinical_.finishRecording(
            live->ids.recording_id, store::RecordingStatus::kComplete, recorded->duration_us / 1000,
            recorded->frames_written, utcNowIso8601(),
            /*ends_session=*/false);
        !s) {
        // The file is complete and its row names it: the next start or `mimic recover`
        // attaches it.
        if (!report_.stopped) {
            report_.stopped =
                Error{s.error().message + " (the recording is kept in " + live->out.string() +
                      "; `mimic recover` attaches it to trial " + std::to_string(run.trial_id) +
                      " once the database can be written)"};
        }
    }
    live->lock->release();
}

void Runner::storeEndedTrials() {
    const auto& trials = session_.trials();
    while (stored_ < trials.size() && trials[stored_].end != session::TrialEnd::kRunning) {
        if (Status s = storeTrial(trials[stored_]); !s) {
            // Not stopping here: what is stored stays right, and the session can go on.
            log::error("trial " + std::to_string(trials[stored_].number) +
                       " could not be stored: " + s.error().message);
        }
        ++stored_;
    }
}

Status Runner::storeTrial(const session::TrialRecord& trial) {
    if (!run_trials_.contains(trial.number)) {
        // Ended before its recording began: stored without one.
        store::PracticeTrial row;
        row.child_id = plan_.child_id;
        row.behaviour_id = trial.behaviour_id;
        row.clip_id = trial.clip_id;
        row.clip_views = trial.model_views;
        row.program_id = trial.program_id;
        if (trial.model.segment_id && trial.model_views > 0)
            row.segment_ids.push_back(*trial.model.segment_id);
        auto ids = clinical_.beginSessionTrial(report_.session_id, row);
        if (!ids) return ids.error();
        report_.trials.emplace_back().trial_id = ids->trial_id;
        run_trials_[trial.number] = report_.trials.size() - 1;
    }
    RunTrial& run = report_.trials[run_trials_.at(trial.number)];
    run.number = trial.number;
    run.program_id = trial.program_id;
    run.behaviour_id = trial.behaviour_id;
    run.behaviour = plan_.targets[trial.target].behaviour_name;
    run.clip_id = trial.clip_id;
    run.step = trial.step;
    run.outcome = trial.outcome;
    run.prompt_level = trial.prompt_level;
    if (auto latency = trial.latency()) run.latency_ms = latency->count();
    if (trial.outcome != session::Outcome::kNone) run.reinforced = trial.reinforced;

    store::TrialPractice practice;
    practice.step = trial.step;
    if (auto offset = trial.practiceStartOffset()) practice.practice_start_ms = offset->count();
    if (practice.practice_start_ms && run.cue_to_first_frame_ms) {
        practice.attempt_offset_ms =
            std::max<std::int64_t>(0, *practice.practice_start_ms - *run.cue_to_first_frame_ms);
    }
    if (!trial.events.empty()) {
        const Clock::time_point begun = trial.events.front().at;
        for (const session::Event& event : trial.events) {
            if (!event.entered) continue;
            practice.events.push_back(
                {std::string(session::stateName(event.state)), msBetween(begun, event.at)});
        }
    }
    store::TrialScore score;
    score.outcome = toStore(trial.outcome);
    score.prompt_level = trial.prompt_level;
    score.latency_ms = run.latency_ms;
    score.reinforced = run.reinforced;
    if (const auto note = notes_.find(trial.number); note != notes_.end())
        score.notes = note->second;
    if (trial.outcome != session::Outcome::kNone) score.scorer_id = plan_.therapist_id;

    auto tx = store::Transaction::begin(context_.db->connection());
    if (!tx) return tx.error();
    if (Status s = sessions_.recordTrialPractice(run.trial_id, practice); !s) return s;
    if (Status s =
            store::AuditLog(*context_.db)
                .record(auditActor(), "change", "trial", run.trial_id,
                        "practice: " + std::to_string(practice.events.size()) + " state changes",
                        plan_.child_id);
        !s) {
        return s;
    }
    if (score.outcome != store::TrialOutcome::kNone || !score.notes.empty()) {
        if (Status s = clinical_.scoreTrial(run.trial_id, score); !s) return s;
    }
    if (Status s = tx->commit(); !s) return s;
    queueAnalysis(run);
    return {};
}

// A stored trial with a recording goes to the analysis worker, with where its practice starts.
void Runner::queueAnalysis(const RunTrial& run) {
    if (!analysis_ || !run.recording) return;
    auto trial = store::ReviewRepository(*context_.db).findReviewTrial(run.trial_id);
    if (!trial || !*trial || !(*trial)->recording_path) return;
    AnalysisJob job;
    job.trial = **trial;
    job.number = run.number;
    job.recording = context_.dir->absolute(*(*trial)->recording_path);
    job.from_s = practiceStartSeconds(**trial);
    analysis_->add(std::move(job));
}

// Stores what the worker has finished, and keeps the strip's word on it current. An analysis
// that failed (an unreadable file, no face cascade) is a warning: the trial is kept as it is.
void Runner::collectAnalyses() {
    if (!analysis_) return;
    for (AnalysisDone& done : analysis_->takeDone()) {
        const std::string what = "trial " + std::to_string(done.job.number);
        if (!done.found) {
            log::warning(what + " was not analysed: " + done.found.error().message);
            continue;
        }
        auto stored = storeTrialAnalysis(*context_.db, done.job.trial, *done.found);
        if (!stored) {
            log::warning(what + "'s analysis could not be stored: " + stored.error().message);
            continue;
        }
        const auto it = run_trials_.find(done.job.number);
        if (it != run_trials_.end()) {
            RunTrial& run = report_.trials[it->second];
            run.analysed = true;
            if (done.found->latency) run.auto_latency_ms = cues::toMs(*done.found->latency);
        }
    }
    const std::string status = analysis_->status();
    if (status != strip_.analysis) {
        strip_.analysis = status;
        if (session_.startedAt()) strip_.elapsed = Clock::now() - *session_.startedAt();
        stage_.setStrip(strip_);
    }
}

// At the session's end: the last recordings' analyses, the stage still shown and polled.
// Ended by a signal (a shutdown), the session does not wait: what is not analysed is left
// for `mimic analyse --trial N`.
void Runner::finishAnalyses() {
    if (!analysis_) return;
    while (!analysis_->idle() && !TerminationGuard::caught()) {
        (void)stage_.poll(Clock::now(), kPollWait);
        collectAnalyses();
    }
    collectAnalyses();
    if (!analysis_->idle()) {
        log::warning(
            "the session was ended before every recording was analysed; "
            "`mimic analyse --trial N` analyses one later");
    }
    analysis_.reset();
}

Result<SessionRunReport> Runner::run() {
    if (Status s = beginSession(); !s) return s.error();
    if (context_.analyse) analysis_ = std::make_unique<BackgroundAnalysis>();
    // From here a SIGTERM (a shutdown, a `kill`) ends the session in order, as the PIN does.
    TerminationGuard termination;
    last_at_ = Clock::now();
    feed(session_.start(last_at_));
    while (session_.state() != session::State::kEnd) {
        auto inputs = stage_.poll(Clock::now(), kPollWait);
        if (!inputs) {
            stop(inputs.error());
            break;
        }
        for (const StageInput& input : *inputs) {
            if (session_.state() == session::State::kEnd) break;
            if (input.kind == StageInputKind::kNote) {
                const int number = session_.trials().empty() ? 0 : session_.trials().back().number;
                std::string& note = notes_[number];
                note += (note.empty() ? "" : "\n") + input.note;
                continue;
            }
            // Inputs may not go back in time (session.h); a stage's clock and ours agree to
            // within a poll, so a late stamp is taken as now.
            last_at_ = std::max(last_at_, input.at);
            auto directive = applyStageInput(session_, input, last_at_);
            if (!directive) {
                log::warning(directive.error().message);
                continue;
            }
            if (*directive) apply(**directive);
        }
        // A withdrawn consent or a lost camera ends the recording, and with it the session.
        if (live_ &&
            (live_->finished() || live_->watch->state() != store::ConsentState::kCurrent)) {
            last_at_ = std::max(last_at_, Clock::now());
            feed(session_.endEarly(last_at_));
        }
        if (const auto signal = TerminationGuard::caught();
            signal && session_.state() != session::State::kEnd) {
            last_at_ = std::max(last_at_, Clock::now());
            stop(Error{"the session was ended by " + signalName(*signal) +
                       "; its trials so far are kept"});
        }
        refreshLevel(Clock::now());
        collectAnalyses();
    }
    if (live_) stopRecording();
    storeEndedTrials();
    finishAnalyses();
    if (Status s = clinical_.endSession(report_.session_id, utcNowIso8601()); !s) {
        if (!report_.stopped) report_.stopped = s.error();
    }
    report_.records = session_.trials();
    std::sort(report_.trials.begin(), report_.trials.end(),
              [](const RunTrial& a, const RunTrial& b) { return a.number < b.number; });
    return std::move(report_);
}

}  // namespace

Result<SessionRunReport> runPracticeSession(const SessionRunContext& context,
                                            const session::SessionPlan& plan, SessionStage& stage) {
    Runner runner(context, plan, stage);
    return runner.run();
}

Result<std::vector<TargetMastery>> concludePrograms(
    store::Database& db, const session::SessionPlan& plan,
    const std::vector<session::TrialRecord>& trials) {
    store::ClinicalRepository clinical(db);
    store::SessionRepository sessions(db);
    std::vector<TargetMastery> out;
    auto tx = store::Transaction::begin(db.connection());
    if (!tx) return tx.error();
    for (std::size_t t = 0; t < plan.targets.size(); ++t) {
        const session::Target& target = plan.targets[t];
        if (!target.program_id) continue;
        auto found = clinical.findProgram(plan.child_id, target.behaviour_id);
        if (!found) return found.error();
        if (!*found) continue;
        store::Program program = **found;
        // The history the next plan starts from, as this session's scores left it.
        store::ProgramRecord updated = program.record;
        for (const session::TrialRecord& trial : trials) {
            if (trial.target != t || trial.outcome == session::Outcome::kNone) continue;
            if (trial.step && trial.outcome != session::Outcome::kIndependent)
                updated.last_failed_step = trial.step;
            if (trial.prompt_level) updated.last_prompt_level = trial.prompt_level;
        }
        if (updated.last_failed_step != program.record.last_failed_step ||
            updated.last_prompt_level != program.record.last_prompt_level) {
            if (Status s = clinical.updateProgram(program.id, updated); !s) return s.error();
            std::string detail =
                "history: last failed step " +
                (updated.last_failed_step ? std::to_string(*updated.last_failed_step)
                                          : std::string("none")) +
                ", last prompt level " + updated.last_prompt_level.value_or("none");
            if (Status s = store::AuditLog(db).record(auditActor(), "change", "program", program.id,
                                                      detail, plan.child_id);
                !s) {
                return s.error();
            }
        }
        auto rows = sessions.behaviourSessions(plan.child_id, target.behaviour_id);
        if (!rows) return rows.error();
        out.push_back({target.behaviour_name, program.id,
                       session::evaluateMastery(toSession(program.record.mastery),
                                                toSession(program.record.phase),
                                                toProgramSessionTrials(*rows))});
    }
    if (Status s = tx->commit(); !s) return s.error();
    return out;
}

}  // namespace mimic::app
