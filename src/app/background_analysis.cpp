#include "app/background_analysis.h"

#include <sys/resource.h>
#include <unistd.h>

#include <cmath>
#include <utility>

#include "app/trial_analysis.h"

namespace mimic::app {

BackgroundAnalysis::BackgroundAnalysis()
    : worker_([this](std::stop_token stop) { work(std::move(stop)); }) {}

BackgroundAnalysis::~BackgroundAnalysis() {
    worker_.request_stop();
    changed_.notify_all();
}

void BackgroundAnalysis::add(AnalysisJob job) {
    {
        std::lock_guard lock(mutex_);
        waiting_.push_back(std::move(job));
    }
    changed_.notify_all();
}

std::vector<AnalysisDone> BackgroundAnalysis::takeDone() {
    std::lock_guard lock(mutex_);
    return std::exchange(done_, {});
}

std::string BackgroundAnalysis::status() const {
    std::lock_guard lock(mutex_);
    if (!running_) return "";
    std::string text = "analysing trial " + std::to_string(*running_) + " (" +
                       std::to_string(static_cast<int>(std::floor(running_done_ * 100.0))) + "%)";
    if (!waiting_.empty()) text += ", " + std::to_string(waiting_.size()) + " waiting";
    return text;
}

bool BackgroundAnalysis::idle() const {
    std::lock_guard lock(mutex_);
    return waiting_.empty() && !running_;
}

void BackgroundAnalysis::work(std::stop_token stop) {
    // This thread only (Linux schedules threads as processes): the session's threads first.
    ::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), 10);
    for (;;) {
        AnalysisJob job;
        {
            std::unique_lock lock(mutex_);
            if (!changed_.wait(lock, stop, [this] { return !waiting_.empty(); })) return;
            job = std::move(waiting_.front());
            waiting_.pop_front();
            running_ = job.number;
            running_done_ = 0.0;
        }
        auto found = measureRecording(
            job.recording, job.from_s,
            [this](double done) {
                std::lock_guard lock(mutex_);
                running_done_ = done;
            },
            stop);
        {
            std::lock_guard lock(mutex_);
            done_.push_back({std::move(job), std::move(found)});
            running_.reset();
        }
        changed_.notify_all();
        if (stop.stop_requested()) return;
    }
}

}  // namespace mimic::app
