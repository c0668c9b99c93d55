#include "app/window_stage.h"

#include <algorithm>

namespace mimic::app {

namespace {

using std::chrono::duration_cast;
using std::chrono::milliseconds;
using std::chrono::seconds;

StageInputKind toStageKind(ui::ScreenEventKind kind) {
    switch (kind) {
        case ui::ScreenEventKind::kModelEnded:
            return StageInputKind::kModelEnded;
        case ui::ScreenEventKind::kCueEnded:
            return StageInputKind::kCueEnded;
        case ui::ScreenEventKind::kRewardEnded:
            return StageInputKind::kRewardEnded;
        case ui::ScreenEventKind::kGoOn:
            return StageInputKind::kGoOn;
        case ui::ScreenEventKind::kReplay:
            return StageInputKind::kReplay;
        case ui::ScreenEventKind::kScore:
            return StageInputKind::kScore;
        case ui::ScreenEventKind::kNote:
            return StageInputKind::kNote;
        case ui::ScreenEventKind::kPause:
            return StageInputKind::kPause;
        case ui::ScreenEventKind::kEnd:
            return StageInputKind::kEnd;
        case ui::ScreenEventKind::kNone:
            break;
    }
    return StageInputKind::kNone;
}

ui::RewardStyle toRewardStyle(store::RewardKind kind) {
    switch (kind) {
        case store::RewardKind::kConfetti:
            return ui::RewardStyle::kConfetti;
        case store::RewardKind::kClip:
            return ui::RewardStyle::kFavouriteClip;
        case store::RewardKind::kSound:
            return ui::RewardStyle::kFavouriteSound;
        case store::RewardKind::kQuiet:
            return ui::RewardStyle::kQuiet;
        case store::RewardKind::kStars:
        case store::RewardKind::kNone:
            break;
    }
    return ui::RewardStyle::kStars;
}

}  // namespace

void applyScreenPrefs(const SessionScreenPrefs& prefs, ui::ChildScreenOptions& options) {
    options.cue_voice = prefs.cue_voice;
    options.reward = toRewardStyle(prefs.reward);
    options.reward_file = prefs.reward_file;
}

ui::StripInfo toStripInfo(const StageStrip& strip) {
    ui::StripInfo info;
    info.child = strip.child;
    info.trial = strip.trial;
    info.trials = strip.trials;
    info.target = strip.target;
    info.state = strip.state;
    info.paused = strip.paused;
    info.elapsed = duration_cast<seconds>(strip.elapsed);
    info.microphone = strip.microphone;
    info.mic_level = strip.mic_level;
    info.recording = strip.recording;
    info.prompt_levels = strip.prompt_levels;
    info.next_level_down = strip.next_level_down;
    info.analysis = strip.analysis;
    return info;
}

std::optional<StageInput> toStageInput(const ui::ScreenEvent& event) {
    StageInput input;
    input.kind = toStageKind(event.kind);
    if (input.kind == StageInputKind::kNone) return std::nullopt;
    input.at = event.at;
    input.outcome = event.outcome;
    input.level_number = event.level_number;
    input.next_level_down = event.next_level_down;
    input.note = event.note;
    return input;
}

WindowStage::WindowStage(ui::ChildScreen& screen, Options options)
    : screen_(screen), options_(options) {}

Status WindowStage::playModel(const std::filesystem::path& clip, std::int64_t in_ms,
                              std::int64_t out_ms) {
    practice_.clear();
    return screen_.playModel(clip, in_ms, out_ms);
}

void WindowStage::showTurnCue() {
    practice_.clear();
    screen_.showTurnCue();
}

void WindowStage::showPractice(capture::PreviewSlot* preview, bool recording) {
    practice_.arm(StageInputKind::kPracticeEnded, options_.practice, Clock::now());
    screen_.showPractice(preview, recording);
}

void WindowStage::showAwaitScore() {
    practice_.clear();
    screen_.showAwaitScore();
}

void WindowStage::showReward() {
    practice_.clear();
    screen_.showReward();
}

void WindowStage::showEnd() {
    practice_.clear();
    screen_.showEnd();
}

void WindowStage::setPaused(bool paused) {
    practice_.setPaused(paused, Clock::now());
    screen_.setPaused(paused);
}

void WindowStage::setStrip(const StageStrip& strip) {
    strip_ = toStripInfo(strip);
    strip_elapsed_ = strip.elapsed;
    strip_given_at_ = Clock::now();
    screen_.setStrip(strip_);
}

Result<std::vector<StageInput>> WindowStage::poll(Clock::time_point now, Clock::duration max_wait) {
    Clock::duration wait = max_wait;
    if (const auto due = practice_.due()) wait = std::clamp(*due - now, Clock::duration{}, wait);
    auto events = screen_.poll(std::chrono::ceil<milliseconds>(wait));
    if (!events) return events.error();
    std::vector<StageInput> inputs;
    for (const ui::ScreenEvent& event : *events) {
        if (event.kind == ui::ScreenEventKind::kModelEnded && !event.message.empty())
            return Error{event.message};
        if (auto input = toStageInput(event)) inputs.push_back(std::move(*input));
    }
    const Clock::time_point after = Clock::now();
    if (auto input = practice_.take(after)) inputs.push_back(*input);
    // The therapist's clock on the strip runs on between the runner's updates.
    const seconds elapsed = duration_cast<seconds>(strip_elapsed_ + (after - strip_given_at_));
    if (strip_given_at_ != Clock::time_point{} && elapsed != strip_.elapsed) {
        strip_.elapsed = elapsed;
        screen_.setStrip(strip_);
    }
    return inputs;
}

}  // namespace mimic::app
