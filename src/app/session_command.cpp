// mimic session: watch the modelling clip, practise in front of the camera, store the trial.
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <memory>

#include "app/cli.h"
#include "app/clip_playback.h"
#include "app/consent_watch.h"
#include "app/data_context.h"
#include "app/microphone.h"
#include "app/recovery.h"
#include "app/window.h"
#include "capture/recorder.h"
#include "common/clock.h"
#include "common/file_lock.h"
#include "common/names.h"
#include "common/paths.h"
#include "store/clinical_repository.h"
#include "store/library_repository.h"

namespace mimic::app {

namespace fs = std::filesystem;

namespace {

struct SessionOptions {
    std::filesystem::path data_dir;
    std::string child;
    std::string behaviour;
    std::string camera = "0";
    std::string mic = "default";
    int practice_seconds = 10;
    bool headless = false;
};

// Everything the session needs, found before anything is played or recorded, so that bad
// input is refused without leaving a row or a file.
struct SessionPlan {
    std::int64_t child_id = 0;
    store::Behaviour behaviour;
    store::Clip clip;
};

Result<SessionPlan> planSession(const SessionOptions& options, store::Database& db,
                                const DataDir& dir) {
    SessionPlan plan;
    store::ClinicalRepository clinical(db);
    auto child = clinical.findChild(options.child);
    if (!child) return child.error();
    if (!*child)
        return Error{"no child with code '" + printable(options.child) + "' in " +
                     dir.root.string()};
    plan.child_id = (*child)->id;
    auto consent =
        clinical.hasCurrentConsent(plan.child_id, store::ConsentScope::kRecord, utcNowIso8601());
    if (!consent) return consent.error();
    if (!*consent) {
        return Error{"child '" + printable(options.child) +
                     "' has no current consent to be recorded; nothing was recorded"};
    }

    store::LibraryRepository library(db);
    auto behaviour = library.findBehaviour(options.behaviour);
    if (!behaviour) return behaviour.error();
    if (!*behaviour) {
        std::string known;
        if (auto all = library.listBehaviours()) {
            for (const auto& b : *all)
                known += (known.empty() ? "" : ", ") + b.name;
        }
        return Error{"no behaviour '" + printable(options.behaviour) + "' in the library" +
                     (known.empty() ? std::string() : " (known: " + known + ")")};
    }
    plan.behaviour = **behaviour;
    auto clips = library.clipsForBehaviour(plan.behaviour.id);
    if (!clips) return clips.error();
    if (clips->empty()) return Error{"behaviour '" + options.behaviour + "' has no clip to show"};
    plan.clip = clips->front();
    if (!fs::exists(dir.absolute(plan.clip.record.path))) {
        return Error{"the clip file " + dir.absolute(plan.clip.record.path).string() +
                     " is missing from the library"};
    }
    return plan;
}

// Consent to be recorded ended before or while the practice was recorded: what was recorded
// is deleted (withdrawal is not retroactive: earlier trials keep theirs) and the trial is kept
// without media, marked stopped for consent. Returns the one line that says so.
Status discardForConsent(store::ClinicalRepository& clinical, const fs::path& out, FileLock& lock,
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

// The child watches the behaviour's first clip, practises in front of the camera, and the
// trial is stored. Prints a one-line summary on success.
Status runSession(const SessionOptions& options) {
    // Nothing is created for a data directory that does not hold a library yet.
    auto data = openDataContext(options.data_dir, IfMissing::kRefuse);
    if (!data) return data.error();
    const DataDir& dir = data->dir;
    store::Database& db = data->db;
    // A practice interrupted by a crash or power cut is kept before anything new is recorded.
    reportRecovery(recoverInterruptedRecordings(dir, db));
    auto plan = planSession(options, db, dir);
    if (!plan) return plan.error();

    if (!options.headless && !displayAvailable()) {
        return Error{"no display to show the clip on; add --headless to play it without a window"};
    }
    auto camera = capture::CameraSource::open(capture::parseCameraSpec(options.camera));
    if (!camera) return camera.error();
    auto mic = openMicrophone(options.mic);
    if (!mic) return mic.error();

    const std::string session_started_at = utcNowIso8601();
    const fs::path clip_path = dir.absolute(plan->clip.record.path);
    if (options.headless) {
        ::setenv("SDL_AUDIODRIVER", "dummy", /*overwrite=*/0);
        auto played = playClip(clip_path);
        if (!played) return played.error();
    } else {
        if (Status shown = showClipInWindow(clip_path, plan->clip.record.title); !shown) {
            return shown;
        }
    }

    // Named by mimic, never by the child's code or the behaviour's name (D1).
    fs::path out = newRecordingPath(dir);
    while (fs::exists(out) || fs::exists(capture::partialPath(out)))
        out = newRecordingPath(dir);
    store::PracticeTrial trial;
    trial.child_id = plan->child_id;
    trial.behaviour_id = plan->behaviour.id;
    trial.clip_id = plan->clip.id;
    trial.clip_views = 1;
    trial.session_started_at = session_started_at;
    trial.recording.path = dir.relative(out).string();
    trial.recording.started_at = utcNowIso8601();

    // Write-ahead (issue 10): the file exists and is locked by this process before its row is
    // committed, and the row before the camera starts, so recovery and repair always know a
    // live recording (locked) from a leftover (a row whose writer is gone) from a stray file
    // (no row: never adopted).
    auto writer_lock = FileLock::createLocked(capture::partialPath(out));
    if (!writer_lock) return writer_lock.error();
    store::ClinicalRepository clinical(db);
    std::error_code ec;
    auto ids = clinical.beginPracticeTrial(trial);
    if (!ids) {
        fs::remove(capture::partialPath(out), ec);
        return ids.error();
    }
    // Consent is a live gate (issue 10): checked again now that the recording starts (it may
    // have been revoked while the clip played), and re-checked while it records.
    auto watch = ConsentWatch::start(dir.database(), plan->child_id, utcNowIso8601);
    if (!watch) {
        // Not recorded without a gate. Were the row to stay, recovery drops it (no file).
        fs::remove(capture::partialPath(out), ec);
        (void)clinical.dropRecording(ids->recording_id, /*stopped_for_consent=*/false);
        return Error{watch.error().message + "; nothing was recorded"};
    }
    if ((*watch)->state() != store::ConsentState::kCurrent) {
        return discardForConsent(clinical, out, *writer_lock, ids->recording_id, options.child,
                                 (*watch)->state(), /*recorded=*/false);
    }
    capture::RecordingSettings settings;
    settings.duration = std::chrono::seconds(options.practice_seconds);
    settings.tags = recordingTags(trial, options.child);
    settings.stop = (*watch)->ended();
    auto recording = capture::record(**camera, mic->get(), out, settings);
    if (const store::ConsentState verdict = (*watch)->finish();
        verdict != store::ConsentState::kCurrent) {
        return discardForConsent(clinical, out, *writer_lock, ids->recording_id, options.child,
                                 verdict, /*recorded=*/true);
    }
    if (!recording) {
        // What was recorded before the failure is kept and the trial marked interrupted (or
        // left without a recording when nothing was): recovery does it once the lock is gone.
        writer_lock->release();
        reportRecovery(recoverInterruptedRecordings(dir, db));
        return recording.error();
    }

    const std::string ended_at = utcNowIso8601();
    if (Status s = clinical.finishRecording(ids->recording_id, store::RecordingStatus::kComplete,
                                            recording->duration_us / 1000,
                                            recording->frames_written, ended_at);
        !s) {
        // The file is complete and its row names it: the next start or `mimic recover`
        // attaches it.
        return Error{s.error().message + " (the recording is kept in " + out.string() +
                     "; `mimic recover` attaches it to trial " + std::to_string(ids->trial_id) +
                     " once the database can be written)"};
    }
    std::printf("trial %lld: recording %s, %lld frames written (%.1f s of practice)\n",
                static_cast<long long>(ids->trial_id), trial.recording.path.c_str(),
                static_cast<long long>(recording->frames_written),
                static_cast<double>(recording->duration_us) / 1e6);
    return {};
}

}  // namespace

void addSessionCommand(Cli& cli) {
    auto options = std::make_shared<SessionOptions>();
    CLI::App* command = cli.app.add_subcommand(
        "session", "Play a behaviour's modelling clip, then record the child practising");
    cli.addDataDirOption(command);
    command->add_option("--child", options->child, "Child's pseudonymous code")->required();
    command->add_option("--behaviour", options->behaviour, "Target behaviour, e.g. greeting")
        ->required();
    command
        ->add_option("--camera", options->camera,
                     "Camera: a device index, a video file or FIFO path, or 'synthetic'")
        ->capture_default_str();
    command
        ->add_option("--practice-seconds", options->practice_seconds,
                     "How long to record the practice")
        ->check(CLI::Range(1, 3600))
        ->capture_default_str();
    command
        ->add_option("--mic", options->mic,
                     "Microphone: 'default', a device name, or 'none' (a missing default "
                     "microphone gives a warning and a video-only recording)")
        ->capture_default_str();
    command->add_flag("--headless", options->headless,
                      "No window: play the clip in real time without showing it");
    command->callback([&cli, options] {
        options->data_dir = cli.dataDir();
        cli.status = runSession(*options);
    });
}

}  // namespace mimic::app
