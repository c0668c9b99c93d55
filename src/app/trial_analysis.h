// A trial's practice recording analysed (src/analysis) and the result stored on the trial
// (issue 15): the faces and onsets as events of the coder "auto" (cues/auto_codes.h), whose
// codes are added to the behaviour's scheme when it lacks them, and the latency from the
// practice start. Two halves, so the slow one can run on a worker thread while the session
// goes on (app/background_analysis.h) and only the quick one touches the database.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <stop_token>

#include "analysis/recording_analysis.h"
#include "common/result.h"
#include "store/database.h"
#include "store/review_repository.h"

namespace mimic::app {

// Where a trial's onsets and latency count from, in seconds of its recording: the practice
// start (the end of the "your turn" cue) as the review timeline places it, else 0.
double practiceStartSeconds(const store::ReviewTrial& trial);

// The slow half (any thread; no database): decodes and measures the recording.
Result<analysis::RecordingAnalysis> measureRecording(const std::filesystem::path& recording,
                                                     double from_s,
                                                     std::function<void(double done)> progress = {},
                                                     std::stop_token stop = {});

// The quick half (the database's thread): stores `found` on the trial as "auto"'s events,
// replacing its earlier ones, with the latency. Returns how many events were stored.
Result<std::int64_t> storeTrialAnalysis(store::Database& db, const store::ReviewTrial& trial,
                                        const analysis::RecordingAnalysis& found);

}  // namespace mimic::app
