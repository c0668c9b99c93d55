#include "app/trial_review.h"

#include <algorithm>

#include "app/record_lookup.h"
#include "common/names.h"
#include "media/frame_times.h"
#include "review/coding.h"
#include "review/observers.h"
#include "store/observer_repository.h"

namespace mimic::app {

Result<store::ReviewTrial> requireReviewTrial(store::ReviewRepository& reviews,
                                              std::int64_t trial_id) {
    auto found = reviews.findReviewTrial(trial_id);
    if (!found) return found.error();
    if (!*found) return Error{"no trial " + std::to_string(trial_id)};
    return std::move(**found);
}

// Whether `coder` may still change their events on the trial (review/observers.h: not once
// they finished coding it).
Status mayCodeTrial(store::Database& db, std::int64_t trial_id, const std::string& coder) {
    auto observers = store::ObserverRepository(db).trialObservers(trial_id);
    if (!observers) return observers.error();
    if (Status s = review::mayCode(*observers, coder); !s) {
        return Error{"cannot change the events of trial " + std::to_string(trial_id) + ": " +
                     s.error().message};
    }
    return {};
}

Result<store::TrialObservers> finishTrialCoding(store::Database& db, std::int64_t trial_id,
                                                const std::string& coder) {
    auto tx = store::Transaction::begin(db.connection());
    if (!tx) return tx.error();
    store::ReviewRepository reviews(db);
    auto trial = requireReviewTrial(reviews, trial_id);
    if (!trial) return trial.error();
    auto events = reviews.codedEvents(trial_id);
    if (!events) return events.error();
    store::ObserverRepository observers(db, auditActor());
    auto before = observers.trialObservers(trial_id);
    if (!before) return before.error();
    const bool coded = std::any_of(events->begin(), events->end(),
                                   [&](const auto& event) { return event.record.coder == coder; });
    if (!coded && before->second_observer != coder) {
        return Error{"cannot finish the coding of trial " + std::to_string(trial_id) + ": " +
                     quotedPrintable(coder) +
                     " has coded nothing on it and is not its second observer"};
    }
    if (Status s = observers.markFinished(trial_id, coder); !s) return s.error();
    auto now = observers.trialObservers(trial_id);
    if (!now) return now.error();
    if (Status s = tx->commit(); !s) return s.error();
    return now;
}

Result<std::int64_t> addTrialEvent(store::ReviewRepository& reviews, store::Database& db,
                                   const NewTrialEvent& event) {
    auto tx = store::Transaction::begin(db.connection());
    if (!tx) return tx.error();
    auto trial = requireReviewTrial(reviews, event.trial_id);
    if (!trial) return trial.error();
    auto code = reviews.findCode(trial->behaviour_id, event.code);
    if (!code) return code.error();
    if (!*code) {
        return Error{"the scheme of " + quotedPrintable(trial->behaviour_name) + " (trial " +
                     std::to_string(trial->trial_id) + ") has no code " +
                     quotedPrintable(event.code) + " (add it with `mimic code scheme add " +
                     printable(trial->behaviour_name) + " CODE --type point|state`)"};
    }
    if (Status s = review::checkEvent(**code, event.start_ms, event.stop_ms, event.modifier); !s) {
        return s.error();
    }
    if (Status s = mayCodeTrial(db, trial->trial_id, event.coder); !s) return s.error();
    store::CodedEventRecord record;
    record.trial_id = trial->trial_id;
    record.code_id = (*code)->id;
    record.coder = event.coder;
    record.start_ms = event.start_ms;
    record.stop_ms = event.stop_ms;
    record.modifier = event.modifier;
    auto id = reviews.addCodedEvent(record);
    if (!id) return id.error();
    if (Status s = tx->commit(); !s) return s.error();
    return *id;
}

Status removeTrialEvent(store::ReviewRepository& reviews, store::Database& db,
                        std::int64_t event_id) {
    auto tx = store::Transaction::begin(db.connection());
    if (!tx) return tx.error();
    auto found = reviews.findCodedEvent(event_id);
    if (!found) return found.error();
    if (*found) {
        const store::CodedEventRecord& event = (*found)->record;
        if (Status s = mayCodeTrial(db, event.trial_id, event.coder); !s) return s;
    }
    if (Status s = reviews.removeCodedEvent(event_id); !s) return s;
    return tx->commit();
}

std::filesystem::path modelFile(const DataDir& dir, const store::ReviewTrial& trial) {
    return dir.absolute(trial.clip_path);
}

std::filesystem::path practiceFile(const DataDir& dir, const store::ReviewTrial& trial) {
    return trial.recording_path ? dir.absolute(*trial.recording_path) : std::filesystem::path();
}

Result<review::ReviewTimeline> loadTrialTimeline(const DataDir& dir,
                                                 const store::ReviewTrial& trial) {
    if (!trial.recording_path) {
        return Error{"trial " + std::to_string(trial.trial_id) +
                     " has no recording to review (nothing was recorded, or it was deleted)"};
    }
    auto model = media::videoFrameTimes(modelFile(dir, trial));
    if (!model) return model.error();
    auto practice = media::videoFrameTimes(practiceFile(dir, trial));
    if (!practice) return practice.error();
    return lineUp(trial, review::FrameTimes(std::move(*model)),
                  review::FrameTimes(std::move(*practice)));
}

review::ReviewTimeline lineUp(const store::ReviewTrial& trial, review::FrameTimes model,
                              review::FrameTimes practice) {
    review::TrialTiming timing;
    timing.attempt_offset_ms = trial.attempt_offset_ms;
    timing.practice_start_ms = trial.practice_start_ms;
    timing.step_in_ms = trial.step_in_ms;
    timing.offset_us = trial.offset_us;
    const review::Alignment alignment = review::alignTrial(timing, model, practice);
    return review::ReviewTimeline(std::move(model), std::move(practice), alignment);
}

}  // namespace mimic::app
