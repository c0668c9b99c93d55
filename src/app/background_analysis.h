// The analysis of each practice recording while the session goes on (issue 15): the session
// runner hands over a trial as soon as its recording is stored; one worker thread, at a low
// scheduling priority (nice 10, so the session's own threads come first on a busy machine),
// measures the recordings one after another (app/trial_analysis.h, the slow half); the runner
// takes the results on its own thread and stores them (the quick half, the session's database
// connection). status() says what the worker is doing, for the therapist's strip.
//
// Threads: add(), takeDone(), status() and idle() from one thread (the runner's); the
// destructor stops the recording being measured (within a decoded picture or so), drops what
// has not started and joins the worker.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "analysis/recording_analysis.h"
#include "common/result.h"
#include "store/review_repository.h"

namespace mimic::app {

struct AnalysisJob {
    store::ReviewTrial trial;
    int number = 0;  // the trial's number in the session, for people
    std::filesystem::path recording;
    double from_s = 0.0;
};

struct AnalysisDone {
    AnalysisJob job;
    Result<analysis::RecordingAnalysis> found = Error{"not analysed"};
};

class BackgroundAnalysis {
  public:
    BackgroundAnalysis();
    ~BackgroundAnalysis();
    BackgroundAnalysis(const BackgroundAnalysis&) = delete;
    BackgroundAnalysis& operator=(const BackgroundAnalysis&) = delete;

    void add(AnalysisJob job);
    // The results finished since the last call, in the order they were added.
    std::vector<AnalysisDone> takeDone();
    // "analysing trial 2 (40%)", "analysing trial 2 (40%), 1 waiting", or "" when idle.
    std::string status() const;
    // True when every job added has finished (their results may wait in takeDone()).
    bool idle() const;

  private:
    void work(std::stop_token stop);

    mutable std::mutex mutex_;
    std::condition_variable_any changed_;
    std::deque<AnalysisJob> waiting_;
    std::optional<int> running_;  // the number of the trial being measured
    double running_done_ = 0.0;
    std::vector<AnalysisDone> done_;
    std::jthread worker_;  // last: joined before the fields it uses go
};

}  // namespace mimic::app
