#include "app/review_window_run.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <system_error>

#include "app/record_lookup.h"
#include "app/recording_view.h"
#include "app/self_clip.h"
#include "app/trial_review.h"
#include "app/window_lock.h"
#include "common/names.h"
#include "media/frame_times.h"
#include "store/clinical_repository.h"
#include "store/observer_repository.h"
#include "store/review_repository.h"

namespace mimic::app {
namespace {

// The trial as the window opens it: a missing or unreadable recording is a line on its pane,
// not an error (the model still plays).
Result<ui::ReviewTrialOpen> openTrial(DataContext& data, std::int64_t trial_id) {
    store::ReviewRepository reviews(data.db, auditActor());
    auto trial = requireReviewTrial(reviews, trial_id);
    if (!trial) return trial.error();
    ui::ReviewTrialOpen open;
    open.model = modelFile(data.dir, *trial);
    review::FrameTimes model_frames;
    if (auto times = media::videoFrameTimes(open.model)) {
        model_frames = review::FrameTimes(std::move(*times));
    }
    review::FrameTimes practice_frames;
    if (!trial->recording_path) {
        open.problem = "Trial " + std::to_string(trial_id) +
                       " has no recording (nothing was recorded, or it was deleted).";
    } else {
        const std::filesystem::path file = practiceFile(data.dir, *trial);
        std::error_code error;
        if (!std::filesystem::exists(file, error)) {
            open.problem = "The recording " + printable(file.filename().string()) +
                           " is missing from the data folder (`mimic library check` says more).";
        } else if (auto times = media::videoFrameTimes(file); !times) {
            open.problem = "The recording cannot be played: " + times.error().message;
        } else if (times->empty()) {
            open.problem =
                "The recording " + printable(file.filename().string()) + " has no pictures.";
        } else {
            // Watching a child's recording is a read of the clinical record.
            if (Status s = auditRecordingView(data.dir.root, file, "review"); !s) return s.error();
            practice_frames = review::FrameTimes(std::move(*times));
            open.practice = file;
        }
    }
    open.timeline = lineUp(*trial, std::move(model_frames), std::move(practice_frames));
    auto scheme = reviews.codes(trial->behaviour_id);
    if (!scheme) return scheme.error();
    open.scheme = std::move(*scheme);
    return open;
}

Result<std::vector<ui::ReviewTrialEntry>> childTrials(DataContext& data, std::int64_t child_id) {
    store::ClinicalRepository clinical(data.db);
    store::ReviewRepository reviews(data.db);
    auto history = clinical.trialHistory(child_id);
    if (!history) return history.error();
    auto programs = clinical.listPrograms(child_id);
    if (!programs) return programs.error();
    std::map<std::string, std::vector<std::string>> hierarchies;
    for (const store::Program& program : *programs)
        hierarchies[program.behaviour_name] = program.record.prompt_hierarchy;
    std::vector<ui::ReviewTrialEntry> trials;
    for (const store::TrialHistoryEntry& h : *history) {
        ui::ReviewTrialEntry entry;
        entry.trial_id = h.trial_id;
        entry.session_id = h.session_id;
        entry.date = h.session_started_at;
        entry.target = h.behaviour_name;
        entry.outcome = std::string(store::trialOutcomeName(h.outcome));
        entry.prompt_level = h.prompt_level.value_or("");
        entry.notes = h.notes;
        entry.prompt_levels = hierarchies[h.behaviour_name];
        entry.has_recording = h.recording_path.has_value();
        auto events = reviews.codedEvents(h.trial_id);
        if (!events) return events.error();
        std::set<std::string> coders;
        for (const store::CodedEvent& event : *events)
            coders.insert(event.record.coder);
        entry.coders.assign(coders.begin(), coders.end());
        auto observers = store::ObserverRepository(data.db).trialObservers(h.trial_id);
        if (!observers) return observers.error();
        entry.observers = std::move(*observers);
        trials.push_back(std::move(entry));
    }
    return trials;
}

// The coder of the newest event on the child's trials: the name the window remembers.
std::string lastCoder(DataContext& data, const std::vector<ui::ReviewTrialEntry>& trials) {
    store::ReviewRepository reviews(data.db);
    std::int64_t newest = 0;
    std::string coder;
    for (const ui::ReviewTrialEntry& trial : trials) {
        auto events = reviews.codedEvents(trial.trial_id);
        if (!events) continue;
        for (const store::CodedEvent& event : *events) {
            if (event.id > newest) {
                newest = event.id;
                coder = event.record.coder;
            }
        }
    }
    return coder;
}

// As scoring stores a score: the window changes the outcome, prompt level and notes; the
// latency, the reinforcement and the scorer stay.
Status saveScore(DataContext& data, std::int64_t child_id, std::int64_t trial_id,
                 const ui::ScoreEdit& edit) {
    store::ClinicalRepository clinical(data.db, auditActor());
    auto history = clinical.trialHistory(child_id);
    if (!history) return history.error();
    const auto it =
        std::find_if(history->begin(), history->end(),
                     [&](const store::TrialHistoryEntry& h) { return h.trial_id == trial_id; });
    if (it == history->end()) return Error{"no trial " + std::to_string(trial_id)};
    store::TrialScore score;
    score.outcome = store::parseTrialOutcome(edit.outcome);
    if (score.outcome == store::TrialOutcome::kPrompted && !edit.prompt_level.empty()) {
        score.prompt_level = edit.prompt_level;
    }
    score.latency_ms = it->latency_ms;
    score.reinforced = it->reinforced;
    score.notes = edit.notes;
    score.scorer_id = it->scorer_id;
    return clinical.scoreTrial(trial_id, score);
}

}  // namespace

Result<ui::ReviewWindowReport> runReviewWindowOver(DataContext& data, const std::string& child,
                                                   ui::ReviewWindowOptions options) {
    auto found = store::ClinicalRepository(data.db).findChild(child);
    if (!found) return found.error();
    if (!*found) return Error{"no child with code " + quotedPrintable(child)};
    const std::int64_t child_id = (*found)->id;
    options.child = child;
    // Signed in to an encrypted folder: the one lock of the therapist's windows.
    options.lock = windowLock();
    const LockAuditTo audit_lock(data.db);
    if (options.coder.empty()) {
        auto trials = childTrials(data, child_id);
        if (!trials) return trials.error();
        options.coder = lastCoder(data, *trials);
    }
    ui::ReviewCallbacks callbacks;
    callbacks.trials = [&data, child_id] { return childTrials(data, child_id); };
    callbacks.open = [&data](std::int64_t trial_id) { return openTrial(data, trial_id); };
    callbacks.events = [&data](std::int64_t trial_id) {
        return store::ReviewRepository(data.db).codedEvents(trial_id);
    };
    callbacks.add_event = [&data](std::int64_t trial_id, const review::EventDraft& e) {
        store::ReviewRepository reviews(data.db, auditActor());
        return addTrialEvent(reviews, data.db,
                             {trial_id, e.coder, e.code, e.start_ms, e.stop_ms, e.modifier});
    };
    callbacks.remove_event = [&data](std::int64_t event_id) {
        store::ReviewRepository reviews(data.db, auditActor());
        return removeTrialEvent(reviews, data.db, event_id);
    };
    callbacks.save_score = [&data, child_id](std::int64_t trial_id, const ui::ScoreEdit& edit) {
        return saveScore(data, child_id, trial_id, edit);
    };
    callbacks.save_offset = [&data](std::int64_t trial_id, std::int64_t offset_us) {
        return store::ReviewRepository(data.db, auditActor()).setReviewOffset(trial_id, offset_us);
    };
    callbacks.observers = [&data](std::int64_t trial_id) {
        return store::ObserverRepository(data.db).trialObservers(trial_id);
    };
    callbacks.finish_coding = [&data](std::int64_t trial_id, const std::string& coder) -> Status {
        auto finished = finishTrialCoding(data.db, trial_id, coder);
        if (!finished) return finished.error();
        return {};
    };
    callbacks.make_clip = [&data](std::int64_t trial_id,
                                  const std::vector<review::LoopRange>& keeps,
                                  const std::string& title) -> Result<std::string> {
        // A clip of the child's record is a therapist's to make, as on the command line.
        if (Status allowed = requireRole(crypto::Role::kTherapist, "make a clip"); !allowed)
            return allowed.error();
        auto trial = store::ClinicalRepository(data.db).findTrial(trial_id);
        if (!trial) return trial.error();
        if (!*trial) return Error{"there is no trial " + std::to_string(trial_id)};
        SelfClipRequest request;
        request.trials = {trial_id};
        for (const review::LoopRange& kept : keeps)
            request.keeps.push_back({0, kept.in_us, kept.out_us});
        request.behaviour = (*trial)->behaviour_name;
        request.title = title;
        auto made = makeSelfClip(data, request);
        if (!made) return made.error();
        char line[256];
        std::snprintf(line, sizeof line,
                      "Made clip %lld (%.2f s, self-modelling): it shows in %s's sessions only.",
                      static_cast<long long>(made->clip_id), made->duration_s,
                      printable(made->child_code).c_str());
        return std::string(line);
    };
    return ui::runReviewWindow(callbacks, options);
}

}  // namespace mimic::app
