// The stages' device-free parts: StageTimer (the practice's end, held while paused), how
// WindowStage maps the child's screen's events and the runner's strip, and how both stages
// take the child's stored screen choices (a real data folder, real WAV and clip files). Times
// are given, not read from the clock.
#include <gtest/gtest.h>

#include <filesystem>

#include "app/child_prefs.h"
#include "app/data_context.h"
#include "app/headless_stage.h"
#include "app/stage_timer.h"
#include "app/window_stage.h"
#include "temp_dir.h"
#include "test_clips.h"

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

// A child's stored choices as a session reads them (the files' lengths measured) and gives them
// to either stage: the child's screen opens with the recorded voice and the favourite sound;
// the headless stage's cue lasts as long as the voice and its reward as long as the sound.
TEST(SessionScreenPrefs, TheChildsStoredChoicesReachBothStages) {
    mimic::testing::TempDir scratch("stage-prefs");
    auto data = openDataContext(scratch.path() / "data", IfMissing::kCreate);
    ASSERT_TRUE(data.ok()) << data.error().message;
    auto child = store::ClinicalRepository(data->db).addChild("c-017");
    ASSERT_TRUE(child.ok());
    const auto voice = scratch.path() / "voice.wav";
    const auto chime = scratch.path() / "chime.wav";
    ASSERT_TRUE(mimic::testing::ffmpegMake(voice, "-f lavfi -i sine=f=300:d=3.5 -ar 22050"));
    ASSERT_TRUE(mimic::testing::ffmpegMake(chime, "-f lavfi -i sine=f=880:d=2.5"));
    ScreenPrefsChange change;
    change.child = "c-017";
    change.reward = "sound";
    change.reward_file = chime;
    change.cue_voice = voice;
    auto stored = changeScreenPrefs(data->dir, data->db, change);
    ASSERT_TRUE(stored.ok()) << stored.error().message;

    auto prefs = sessionScreenPrefs(data->db, data->dir, *child);
    ASSERT_TRUE(prefs.ok()) << prefs.error().message;
    EXPECT_EQ(prefs->reward, store::RewardKind::kSound);
    EXPECT_EQ(prefs->cue_voice, data->dir.absolute(*stored->cue_voice));
    EXPECT_EQ(prefs->reward_file, data->dir.absolute(*stored->reward_file));
    EXPECT_NEAR(static_cast<double>(prefs->cue_voice_length.count()), 3500.0, 30.0);
    EXPECT_NEAR(static_cast<double>(prefs->reward_length.count()), 2500.0, 30.0);

    ui::ChildScreenOptions screen;
    applyScreenPrefs(*prefs, screen);
    EXPECT_EQ(screen.cue_voice, prefs->cue_voice);
    EXPECT_EQ(screen.reward, ui::RewardStyle::kFavouriteSound);
    EXPECT_EQ(screen.reward_file, prefs->reward_file);

    HeadlessStage::Options headless;
    const HeadlessStage::Options defaults{};
    applyScreenPrefs(*prefs, headless);
    EXPECT_EQ(headless.cue, prefs->cue_voice_length);
    EXPECT_EQ(headless.reward, prefs->reward_length);
    EXPECT_EQ(headless.practice, defaults.practice);

    // A voice file gone from the data folder: the spoken cue, and one warning.
    std::filesystem::remove(prefs->cue_voice);
    auto without_voice = sessionScreenPrefs(data->db, data->dir, *child);
    ASSERT_TRUE(without_voice.ok());
    EXPECT_TRUE(without_voice->cue_voice.empty());
    EXPECT_EQ(without_voice->reward, store::RewardKind::kSound);
    HeadlessStage::Options spoken;
    applyScreenPrefs(*without_voice, spoken);
    EXPECT_EQ(spoken.cue, defaults.cue);
}

TEST(SessionScreenPrefs, EachRewardKindIsTheScreensOwn) {
    const std::vector<std::pair<store::RewardKind, ui::RewardStyle>> kinds{
        {store::RewardKind::kStars, ui::RewardStyle::kStars},
        {store::RewardKind::kConfetti, ui::RewardStyle::kConfetti},
        {store::RewardKind::kClip, ui::RewardStyle::kFavouriteClip},
        {store::RewardKind::kSound, ui::RewardStyle::kFavouriteSound},
        {store::RewardKind::kQuiet, ui::RewardStyle::kQuiet}};
    for (const auto& [stored, shown] : kinds) {
        SessionScreenPrefs prefs;
        prefs.reward = stored;
        ui::ChildScreenOptions screen;
        applyScreenPrefs(prefs, screen);
        EXPECT_EQ(screen.reward, shown) << store::rewardKindName(stored);
        EXPECT_TRUE(screen.cue_voice.empty()) << "espeak-ng speaks the cue";
        // Without a file of its own the headless stage keeps its times.
        HeadlessStage::Options headless;
        applyScreenPrefs(prefs, headless);
        EXPECT_EQ(headless.cue, HeadlessStage::Options{}.cue);
        EXPECT_EQ(headless.reward, HeadlessStage::Options{}.reward);
    }
    // A short favourite never shortens the reward below the stage's own.
    SessionScreenPrefs short_clip;
    short_clip.reward = store::RewardKind::kClip;
    short_clip.reward_file = "/data/child-media/reward-0123456789abcdef.mp4";
    short_clip.reward_length = milliseconds(300);
    HeadlessStage::Options headless;
    applyScreenPrefs(short_clip, headless);
    EXPECT_EQ(headless.reward, HeadlessStage::Options{}.reward);
}

}  // namespace
}  // namespace mimic::app
