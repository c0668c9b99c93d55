#include "app/headless_stage.h"

#include <cstdlib>

#include "app/clip_playback.h"

namespace mimic::app {

namespace {

StageInput timed(StageInputKind kind, Clock::time_point at) {
    StageInput input;
    input.kind = kind;
    input.at = at;
    return input;
}

}  // namespace

HeadlessStage::HeadlessStage(Options options) : options_(std::move(options)) {}

HeadlessStage::~HeadlessStage() {
    stopModel();
}

void HeadlessStage::stopModel() {
    player_ = std::jthread();  // requests stop and joins
    std::lock_guard lock(mutex_);
    model_result_.reset();
}

void HeadlessStage::arm(StageInputKind kind, Clock::duration after) {
    timer_ = Timer{kind, Clock::now() + after};
}

Status HeadlessStage::playModel(const std::filesystem::path& clip, std::int64_t in_ms,
                                std::int64_t out_ms) {
    stopModel();
    timer_.reset();
    if (options_.show_model) {
        window_model_ = Model{clip, in_ms, out_ms};
        return {};
    }
    player_ = std::jthread([this, clip, in_ms, out_ms](std::stop_token stop) {
        RealTimeSettings settings;
        settings.start_us = in_ms * 1000;
        settings.end_us = out_ms * 1000;
        auto played =
            playInRealTime(clip, settings, [&stop](const media::VideoFrame&, Clock::time_point) {
                return !stop.stop_requested();
            });
        std::lock_guard lock(mutex_);
        if (played) {
            model_result_ = Clock::now();
        } else {
            model_result_ = played.error();
        }
        model_done_.notify_all();
    });
    return {};
}

void HeadlessStage::showTurnCue() {
    stopModel();
    arm(StageInputKind::kCueEnded, options_.cue);
}

void HeadlessStage::showPractice(capture::PreviewSlot*, bool) {
    arm(StageInputKind::kPracticeEnded, options_.practice);
}

void HeadlessStage::showAwaitScore() {
    timer_.reset();
    StageInput input;
    if (next_score_ < options_.scores.size()) {
        input = options_.scores[next_score_++];
    } else {
        input.kind = StageInputKind::kGoOn;
    }
    input.at = Clock::now();
    ready_.push_back(input);
}

void HeadlessStage::showReward() {
    arm(StageInputKind::kRewardEnded, options_.reward);
}

void HeadlessStage::showEnd() {
    stopModel();
    timer_.reset();
}

void HeadlessStage::setPaused(bool) {}

void HeadlessStage::setStrip(const StageStrip&) {}

Result<std::vector<StageInput>> HeadlessStage::poll(Clock::time_point now,
                                                    Clock::duration max_wait) {
    std::vector<StageInput> inputs(ready_.begin(), ready_.end());
    ready_.clear();
    if (window_model_) {
        // The window runs on this (the UI) thread: the model is shown here, to its end.
        const Model model = *window_model_;
        window_model_.reset();
        if (Status s = options_.show_model(model.clip, model.in_ms, model.out_ms); !s)
            return s.error();
        inputs.push_back(timed(StageInputKind::kModelEnded, Clock::now()));
        return inputs;
    }
    if (!inputs.empty()) return inputs;
    const Clock::time_point until =
        timer_ && timer_->at < now + max_wait ? timer_->at : now + max_wait;
    {
        std::unique_lock lock(mutex_);
        if (player_.joinable()) {
            model_done_.wait_until(lock, until, [this] { return model_result_.has_value(); });
        } else {
            lock.unlock();
            std::this_thread::sleep_until(until);
            lock.lock();
        }
        if (model_result_) {
            auto result = std::move(*model_result_);
            model_result_.reset();
            lock.unlock();
            player_ = std::jthread();
            if (!result) return result.error();
            inputs.push_back(timed(StageInputKind::kModelEnded, *result));
            return inputs;
        }
    }
    if (timer_ && Clock::now() >= timer_->at) {
        inputs.push_back(timed(timer_->kind, timer_->at));
        timer_.reset();
    }
    return inputs;
}

}  // namespace mimic::app
