// A trial as the review screen shows it, from the store and the two files: what `mimic
// review`, `mimic code` and `mimic agreement` share, and what the review window will use.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "common/paths.h"
#include "common/result.h"
#include "review/timeline.h"
#include "store/observer_repository.h"
#include "store/review_repository.h"

namespace mimic::app {

// The trial `trial_id` for review; "no trial N" when there is none.
Result<store::ReviewTrial> requireReviewTrial(store::ReviewRepository& reviews,
                                              std::int64_t trial_id);

// The trial's timeline: both files' frame times read through src/media and lined up as the
// store says (review/timeline.h). A trial without a recording is an error naming the trial.
Result<review::ReviewTimeline> loadTrialTimeline(const DataDir& dir,
                                                 const store::ReviewTrial& trial);

// An event to code on a trial, as `mimic code add` and the review window take it.
struct NewTrialEvent {
    std::int64_t trial_id = 0;
    std::string coder;
    std::string code;  // a code of the trial's behaviour's scheme
    std::int64_t start_ms = 0;
    std::optional<std::int64_t> stop_ms;  // a state's stop; none for a point
    std::string modifier;
};

// Whether `coder` may still change their events on the trial: not once they finished coding
// it (review/observers.h). The error names the trial and why.
Status mayCodeTrial(store::Database& db, std::int64_t trial_id, const std::string& coder);

// Adds `event` in one transaction (with its audit entry) after the checks of
// review::checkEvent and mayCodeTrial; returns its id. Errors are one line naming what to change.
Result<std::int64_t> addTrialEvent(store::ReviewRepository& reviews, store::Database& db,
                                   const NewTrialEvent& event);

// Records that `coder` finished coding the trial (as `mimic observer done`), in one
// transaction: refused for a coder who coded nothing on it and is not its second observer (a
// name typed slightly wrong), and for one who had finished already. Returns the trial's
// observers as they are now.
Result<store::TrialObservers> finishTrialCoding(store::Database& db, std::int64_t trial_id,
                                                const std::string& coder);

// Removes the event `event_id` (with its audit entry), unless its coder finished coding its
// trial (mayCodeTrial).
Status removeTrialEvent(store::ReviewRepository& reviews, store::Database& db,
                        std::int64_t event_id);

// The trial's two files' frames lined up as the store says (review::alignTrial); either may
// be empty (a file that is missing or unreadable).
review::ReviewTimeline lineUp(const store::ReviewTrial& trial, review::FrameTimes model,
                              review::FrameTimes practice);

// The trial's model clip and practice recording as files (the recording only when it has
// one).
std::filesystem::path modelFile(const DataDir& dir, const store::ReviewTrial& trial);
std::filesystem::path practiceFile(const DataDir& dir, const store::ReviewTrial& trial);

// Seconds as JSON and messages show them: µs to s, and ms to s.
inline double secondsOfUs(std::int64_t us) {
    return static_cast<double>(us) / 1e6;
}
inline double secondsOfMs(std::int64_t ms) {
    return static_cast<double>(ms) / 1e3;
}

}  // namespace mimic::app
