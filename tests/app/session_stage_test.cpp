// The stages' device-free parts: StageTimer (the practice's end, held while paused) and how
// WindowStage maps the child's screen's events and the runner's strip. Times are given, not
// read from the clock.
#include <gtest/gtest.h>

#include "app/stage_timer.h"
#include "app/window_stage.h"

namespace mimic::app {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

const Clock::time_point kT0 = Clock::time_point{} + seconds(1000);

TEST(SessionStageTimer, DueAtItsTimeStampedWithIt) {
    StageTimer timer;
    EXPECT_FALSE(timer.due());
    EXPECT_FALSE(timer.take(kT0 + seconds(60)));
    timer.arm(StageInputKind::kPracticeEnded, seconds(30), kT0);
    ASSERT_TRUE(timer.due());
    EXPECT_EQ(*timer.due(), kT0 + seconds(30));
    EXPECT_FALSE(timer.take(kT0 + seconds(29)));
    // Taken late (a busy poll), it is still stamped with the moment it fell due.
    auto input = timer.take(kT0 + seconds(31));
    ASSERT_TRUE(input);
    EXPECT_EQ(input->kind, StageInputKind::kPracticeEnded);
    EXPECT_EQ(input->at, kT0 + seconds(30));
    EXPECT_FALSE(timer.take(kT0 + seconds(40))) << "given once";
}

TEST(SessionStageTimer, ClearedTimerNeverFires) {
    StageTimer timer;
    timer.arm(StageInputKind::kPracticeEnded, seconds(1), kT0);
    timer.clear();  // a score key ended the practice first
    EXPECT_FALSE(timer.due());
    EXPECT_FALSE(timer.take(kT0 + seconds(5)));
}

TEST(SessionStageTimer, PauseHoldsTheTimeLeft) {
    StageTimer timer;
    timer.arm(StageInputKind::kPracticeEnded, seconds(10), kT0);
    timer.setPaused(true, kT0 + seconds(4));  // 6 s left
    EXPECT_FALSE(timer.due());
    EXPECT_FALSE(timer.take(kT0 + seconds(60)));
    timer.setPaused(true, kT0 + seconds(61));  // paused again: no change
    timer.setPaused(false, kT0 + seconds(100));
    ASSERT_TRUE(timer.due());
    EXPECT_EQ(*timer.due(), kT0 + seconds(106));
    EXPECT_FALSE(timer.take(kT0 + seconds(105)));
    EXPECT_TRUE(timer.take(kT0 + seconds(106)));
    // Nothing armed: pausing does nothing.
    timer.setPaused(true, kT0 + seconds(200));
    timer.setPaused(false, kT0 + seconds(201));
    EXPECT_FALSE(timer.due());
}

TEST(SessionStageTimer, ArmingAgainReplacesAHeldTimer) {
    StageTimer timer;
    timer.arm(StageInputKind::kCueEnded, seconds(2), kT0);
    timer.setPaused(true, kT0);
    timer.arm(StageInputKind::kRewardEnded, seconds(1), kT0 + seconds(5));
    auto input = timer.take(kT0 + seconds(6));
    ASSERT_TRUE(input);
    EXPECT_EQ(input->kind, StageInputKind::kRewardEnded);
}

TEST(SessionWindowStage, ScreenEventsMapOneForOne) {
    const std::vector<std::pair<ui::ScreenEventKind, StageInputKind>> kinds{
        {ui::ScreenEventKind::kModelEnded, StageInputKind::kModelEnded},
        {ui::ScreenEventKind::kCueEnded, StageInputKind::kCueEnded},
        {ui::ScreenEventKind::kRewardEnded, StageInputKind::kRewardEnded},
        {ui::ScreenEventKind::kGoOn, StageInputKind::kGoOn},
        {ui::ScreenEventKind::kReplay, StageInputKind::kReplay},
        {ui::ScreenEventKind::kScore, StageInputKind::kScore},
        {ui::ScreenEventKind::kNote, StageInputKind::kNote},
        {ui::ScreenEventKind::kPause, StageInputKind::kPause},
        {ui::ScreenEventKind::kEnd, StageInputKind::kEnd}};
    for (const auto& [screen, stage] : kinds) {
        ui::ScreenEvent event;
        event.kind = screen;
        event.at = kT0;
        auto input = toStageInput(event);
        ASSERT_TRUE(input) << ui::screenEventName(screen);
        EXPECT_EQ(input->kind, stage) << ui::screenEventName(screen);
        EXPECT_EQ(input->at, kT0);
    }
    EXPECT_FALSE(toStageInput(ui::ScreenEvent{}));
}

TEST(SessionWindowStage, ScoreAndNoteKeepTheirDetail) {
    ui::ScreenEvent level;
    level.kind = ui::ScreenEventKind::kScore;
    level.at = kT0 + milliseconds(1234);
    level.outcome = session::Outcome::kPrompted;
    level.level_number = 2;
    auto input = toStageInput(level);
    ASSERT_TRUE(input);
    EXPECT_EQ(input->outcome, session::Outcome::kPrompted);
    EXPECT_EQ(input->level_number, 2);
    EXPECT_FALSE(input->next_level_down);
    EXPECT_EQ(input->at, kT0 + milliseconds(1234));

    ui::ScreenEvent down;
    down.kind = ui::ScreenEventKind::kScore;
    down.outcome = session::Outcome::kPrompted;
    down.next_level_down = true;
    input = toStageInput(down);
    ASSERT_TRUE(input);
    EXPECT_TRUE(input->next_level_down);
    EXPECT_FALSE(input->level_number);

    ui::ScreenEvent note;
    note.kind = ui::ScreenEventKind::kNote;
    note.note = "looked at the door first";
    input = toStageInput(note);
    ASSERT_TRUE(input);
    EXPECT_EQ(input->note, "looked at the door first");
}

TEST(SessionWindowStage, StripMapsToTheScreensStrip) {
    StageStrip strip;
    strip.trial = 2;
    strip.trials = 6;
    strip.target = "greeting";
    strip.elapsed = milliseconds(75'900);
    strip.recording = true;
    strip.prompt_levels = {"full physical", "gestural", "verbal"};
    strip.next_level_down = "gestural";
    const ui::StripInfo info = toStripInfo(strip);
    EXPECT_EQ(info.trial, 2);
    EXPECT_EQ(info.trials, 6);
    EXPECT_EQ(info.target, "greeting");
    EXPECT_EQ(info.elapsed, seconds(75)) << "whole seconds, never ahead";
    EXPECT_FALSE(info.mic_level) << "no microphone level: none shown";
    EXPECT_TRUE(info.recording);
    EXPECT_EQ(info.prompt_levels, strip.prompt_levels);
    EXPECT_EQ(info.next_level_down, "gestural");

    strip.mic_level = 0.25F;
    EXPECT_EQ(toStripInfo(strip).mic_level, 0.25F);
}

}  // namespace
}  // namespace mimic::app
