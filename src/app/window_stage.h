// WindowStage: the practice session on the child's full-screen window (ui::ChildScreen), as
// the session runner drives it (app/session_stage.h). A thin adapter: each stage call is the
// screen's call of the same name, each ScreenEvent the StageInput of the same meaning, and the
// runner's StageStrip the screen's StripInfo.
//
// - The screen times the cue (shown at least ChildScreen::kMinCueTime, its words spoken) and
//   the reward itself; this stage times the practice: kPracticeEnded `practice` after it
//   starts, unless a score key (or Space) ends it first; the time is held while paused.
// - Scores, replay, notes, pause and the end come from the therapist's keys on the screen
//   (session::TherapistKeys); Esc and the right PIN (or "stop" without one) is kEnd.
// - The strip's elapsed time runs on between the runner's updates (once a second).
// - A model that cannot be played (kModelEnded with a message) is poll()'s error.
//
// Threads: every call on the thread that opened the screen (the UI/GL thread), which is the
// runner's thread.
#pragma once

#include "app/child_prefs.h"
#include "app/session_stage.h"
#include "app/stage_timer.h"
#include "ui/child_screen.h"

namespace mimic::app {

class WindowStage final : public SessionStage {
  public:
    struct Options {
        Clock::duration practice = std::chrono::seconds(10);  // --practice-seconds
    };

    // `screen` is not owned and outlives the stage.
    WindowStage(ui::ChildScreen& screen, Options options);

    Status playModel(const std::filesystem::path& clip, std::int64_t in_ms,
                     std::int64_t out_ms) override;
    void showTurnCue() override;
    void showPractice(capture::PreviewSlot* preview, bool recording) override;
    void showAwaitScore() override;
    void showReward() override;
    void showEnd() override;
    void setPaused(bool paused) override;
    void setStrip(const StageStrip& strip) override;
    Result<std::vector<StageInput>> poll(Clock::time_point now, Clock::duration max_wait) override;

  private:
    ui::ChildScreen& screen_;
    Options options_;
    StageTimer practice_;
    ui::StripInfo strip_;              // as last given to the screen
    Clock::duration strip_elapsed_{};  // the runner's elapsed time at strip_given_at_
    Clock::time_point strip_given_at_{};
};

// The child's choices (app/child_prefs.h) on the screen that opens with `options`: the cue in
// the recorded voice, and the reward of the child's kind with its file.
void applyScreenPrefs(const SessionScreenPrefs& prefs, ui::ChildScreenOptions& options);

// The mappings WindowStage makes, for tests.
ui::StripInfo toStripInfo(const StageStrip& strip);
// nullopt for an event that is no stage input (kNone).
std::optional<StageInput> toStageInput(const ui::ScreenEvent& event);

}  // namespace mimic::app
