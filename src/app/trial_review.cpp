#include "app/trial_review.h"

#include "media/frame_times.h"

namespace mimic::app {

Result<store::ReviewTrial> requireReviewTrial(store::ReviewRepository& reviews,
                                              std::int64_t trial_id) {
    auto found = reviews.findReviewTrial(trial_id);
    if (!found) return found.error();
    if (!*found) return Error{"no trial " + std::to_string(trial_id)};
    return std::move(**found);
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
    review::FrameTimes model_frames(std::move(*model));
    review::FrameTimes practice_frames(std::move(*practice));
    review::TrialTiming timing;
    timing.attempt_offset_ms = trial.attempt_offset_ms;
    timing.practice_start_ms = trial.practice_start_ms;
    timing.step_in_ms = trial.step_in_ms;
    timing.offset_us = trial.offset_us;
    const review::Alignment alignment = review::alignTrial(timing, model_frames, practice_frames);
    return review::ReviewTimeline(std::move(model_frames), std::move(practice_frames), alignment);
}

}  // namespace mimic::app
