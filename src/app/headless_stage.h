// A stage without the child's window (app/session_stage.h): what `mimic session --headless`
// runs.
//
// - The model plays in real time on the player engine with its sound to SDL's current audio
//   driver (the caller picks "dummy" without a sound card), on a thread of its own;
//   kModelEnded follows when it has played.
// - The turn cue lasts `cue`, the practice `practice`, the reward `reward`: each is followed
//   by kCueEnded, kPracticeEnded, kRewardEnded at the moment its time is up. The child's
//   choices (applyScreenPrefs) make the cue last as long as their recorded voice and the
//   reward as long as their favourite clip or sound, as on the child's screen.
// - Waiting for a score: the next of `scores` is given at once (the --score list, in order);
//   when the list has run out, kGoOn (the trial stays unscored: a headless run has nobody to
//   score it, and an invented score would be false data).
// - Nothing is shown: the preview, the strip and pause are ignored.
//
// Threads: one caller (the runner); the model's playback thread reports through a locked
// slot that poll() reads.
#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <stop_token>
#include <thread>

#include "app/child_prefs.h"
#include "app/session_stage.h"
#include "app/stage_timer.h"

namespace mimic::app {

class HeadlessStage final : public SessionStage {
  public:
    struct Options {
        // Long enough for "your turn" to be said and seen; short, so the attempt comes soon.
        Clock::duration cue = std::chrono::milliseconds(1500);
        Clock::duration practice = std::chrono::seconds(10);
        Clock::duration reward = std::chrono::seconds(1);
        std::vector<StageInput> scores;  // kScore inputs, one per trial in order
    };

    explicit HeadlessStage(Options options);
    ~HeadlessStage() override;  // stops a model that is playing

    Status playModel(const std::filesystem::path& clip, std::int64_t in_ms,
                     std::int64_t out_ms) override;
    void showTurnCue() override;
    void showPractice(capture::PreviewSlot* preview, bool recording) override;
    void showAwaitScore() override;
    void showReward() override;
    void showEnd() override;
    void setPaused(bool paused) override;
    void setStrip(const StageStrip& strip) override;
    bool showsPreview() const override { return false; }
    Result<std::vector<StageInput>> poll(Clock::time_point now, Clock::duration max_wait) override;

  private:
    void stopModel();

    Options options_;
    std::size_t next_score_ = 0;
    StageTimer timer_;
    std::deque<StageInput> ready_;  // to be returned by the next poll

    std::mutex mutex_;  // guards the two fields below (the playback thread sets them)
    std::condition_variable_any model_done_;
    std::optional<Result<Clock::time_point>> model_result_;  // the end of the model, or why not
    std::jthread player_;  // last: stopped and joined before the fields it uses go
};

// The child's choices (app/child_prefs.h) on a headless stage: the cue lasts at least as long
// as the recorded voice, and a favourite clip's or sound's reward at least as long as it plays
// (the child's screen waits for both to end).
void applyScreenPrefs(const SessionScreenPrefs& prefs, HeadlessStage::Options& options);

}  // namespace mimic::app
