#include "app/headless_stage.h"

#include <algorithm>

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

void applyScreenPrefs(const SessionScreenPrefs& prefs, HeadlessStage::Options& options) {
    if (!prefs.cue_voice.empty())
        options.cue = std::max(options.cue, Clock::duration(prefs.cue_voice_length));
    if (!prefs.reward_file.empty())
        options.reward = std::max(options.reward, Clock::duration(prefs.reward_length));
}

HeadlessStage::HeadlessStage(Options options) : options_(std::move(options)) {}

HeadlessStage::~HeadlessStage() {
    stopModel();
}

void HeadlessStage::stopModel() {
    player_ = std::jthread();  // requests stop and joins
    std::lock_guard lock(mutex_);
    model_result_.reset();
}

Status HeadlessStage::playModel(const std::filesystem::path& clip, std::int64_t in_ms,
                                std::int64_t out_ms) {
    stopModel();
    timer_.clear();
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
    timer_.arm(StageInputKind::kCueEnded, options_.cue, Clock::now());
}

void HeadlessStage::showPractice(capture::PreviewSlot*, bool) {
    timer_.arm(StageInputKind::kPracticeEnded, options_.practice, Clock::now());
}

void HeadlessStage::showAwaitScore() {
    timer_.clear();
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
    timer_.arm(StageInputKind::kRewardEnded, options_.reward, Clock::now());
}

void HeadlessStage::showEnd() {
    stopModel();
    timer_.clear();
}

void HeadlessStage::setPaused(bool) {}

void HeadlessStage::setStrip(const StageStrip&) {}

Result<std::vector<StageInput>> HeadlessStage::poll(Clock::time_point now,
                                                    Clock::duration max_wait) {
    std::vector<StageInput> inputs(ready_.begin(), ready_.end());
    ready_.clear();
    if (!inputs.empty()) return inputs;
    const std::optional<Clock::time_point> due = timer_.due();
    const Clock::time_point until = due && *due < now + max_wait ? *due : now + max_wait;
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
    if (auto input = timer_.take(Clock::now())) inputs.push_back(*input);
    return inputs;
}

}  // namespace mimic::app
