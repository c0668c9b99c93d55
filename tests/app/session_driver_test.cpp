// The device-free part of the session runner: the --score words, their fit to a plan, and
// what each stage input means in each state. No devices, no clock: times are made up.
#include "app/session_driver.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

namespace mimic::app {
namespace {

using session::Outcome;
using session::State;
using namespace std::chrono_literals;

// Two trials of one behaviour with the default prompt hierarchy (5 levels), whole-clip model.
session::SessionPlan twoTrialPlan() {
    session::PlanRequest request;
    request.child_id = 1;
    session::BehaviourClips greeting;
    greeting.behaviour_id = 7;
    greeting.name = "greeting";
    session::ClipInfo clip;
    clip.id = 3;
    clip.duration_ms = 4000;
    greeting.clips.push_back(clip);
    request.behaviours.push_back(greeting);
    session::ProgramInfo program;
    program.id = 11;
    program.behaviour_id = 7;
    program.phase = session::Phase::kIntervention;
    request.programs.push_back(program);
    request.trials_per_target = 2;
    auto plan = session::buildPlan(request);
    EXPECT_TRUE(plan.ok()) << (plan.ok() ? "" : plan.error().message);
    return *plan;
}

TEST(ParseScore, WordsAndLevels) {
    struct Row {
        const char* text;
        bool ok;
        Outcome outcome;
        std::optional<std::string> level;
    };
    const Row rows[] = {
        {"independent", true, Outcome::kIndependent, std::nullopt},
        {"incorrect", true, Outcome::kIncorrect, std::nullopt},
        {"no-response", true, Outcome::kNoResponse, std::nullopt},
        {"prompted:verbal", true, Outcome::kPrompted, "verbal"},
        {"prompted:2", true, Outcome::kPrompted, "2"},
        {"prompted", false, Outcome::kNone, std::nullopt},   // a prompt needs its level
        {"prompted:", false, Outcome::kNone, std::nullopt},  // an empty level
        {"independent:verbal", false, Outcome::kNone, std::nullopt},
        {"great", false, Outcome::kNone, std::nullopt},
        {"", false, Outcome::kNone, std::nullopt},
    };
    for (const Row& row : rows) {
        SCOPED_TRACE(row.text);
        auto parsed = parseScore(row.text);
        ASSERT_EQ(parsed.ok(), row.ok);
        if (!row.ok) {
            EXPECT_EQ(parsed.error().message.find('\n'), std::string::npos);  // one line
            continue;
        }
        EXPECT_EQ(parsed->outcome, row.outcome);
        EXPECT_EQ(parsed->level, row.level);
    }
}

TEST(ScoresForPlan, LevelsBecomeNumbersAndTooManyOrUnknownAreRefused) {
    const session::SessionPlan plan = twoTrialPlan();
    auto scores = scoresForPlan({{Outcome::kPrompted, "verbal"}, {Outcome::kPrompted, "1"}}, plan);
    ASSERT_TRUE(scores.ok()) << scores.error().message;
    ASSERT_EQ(scores->size(), 2u);
    EXPECT_EQ((*scores)[0].kind, StageInputKind::kScore);
    EXPECT_EQ((*scores)[0].level_number, 4);  // "verbal" is the 4th level, most intrusive first
    EXPECT_EQ((*scores)[1].level_number, 1);

    EXPECT_TRUE(scoresForPlan({{Outcome::kIndependent, std::nullopt}}, plan).ok());  // fewer
    EXPECT_FALSE(scoresForPlan({{Outcome::kIndependent, std::nullopt},
                                {Outcome::kIncorrect, std::nullopt},
                                {Outcome::kNoResponse, std::nullopt}},
                               plan)
                     .ok());  // more scores than trials
    EXPECT_FALSE(scoresForPlan({{Outcome::kPrompted, "shouting"}}, plan).ok());
    EXPECT_FALSE(scoresForPlan({{Outcome::kPrompted, "6"}}, plan).ok());  // 5 levels
    EXPECT_FALSE(scoresForPlan({{Outcome::kPrompted, "0"}}, plan).ok());
}

// Go on means the next thing in every state; a key that means nothing now changes nothing.
TEST(ApplyStageInput, GoOnInEveryStateAndIgnoredInputs) {
    session::Session session(twoTrialPlan());
    Clock::time_point t{};
    ASSERT_TRUE(session.start(t).ok());
    ASSERT_EQ(session.state(), State::kModel);
    const auto apply = [&](StageInputKind kind) {
        t += 100ms;
        StageInput input;
        input.kind = kind;
        input.at = t;
        return applyStageInput(session, input, t);
    };

    // A reward that ended while no reward shows is stale: nothing happens.
    auto stale = apply(StageInputKind::kRewardEnded);
    ASSERT_TRUE(stale.ok());
    EXPECT_FALSE(stale->has_value());
    EXPECT_EQ(session.state(), State::kModel);
    // A note is not a session input.
    auto note = apply(StageInputKind::kNote);
    ASSERT_TRUE(note.ok());
    EXPECT_FALSE(note->has_value());

    ASSERT_TRUE(apply(StageInputKind::kGoOn).ok());  // model -> turn
    EXPECT_EQ(session.state(), State::kTurn);
    ASSERT_TRUE(apply(StageInputKind::kGoOn).ok());  // turn -> practice
    EXPECT_EQ(session.state(), State::kPractice);
    ASSERT_TRUE(apply(StageInputKind::kGoOn).ok());  // practice -> score
    EXPECT_EQ(session.state(), State::kScore);
    ASSERT_TRUE(apply(StageInputKind::kGoOn).ok());  // score -> skipped, trial 2's model
    EXPECT_EQ(session.state(), State::kModel);
    EXPECT_EQ(session.trials().front().end, session::TrialEnd::kSkipped);
    EXPECT_EQ(session.trials().front().outcome, Outcome::kNone);

    // Pause toggles; the state stays.
    ASSERT_TRUE(apply(StageInputKind::kPause).ok());
    EXPECT_TRUE(session.paused());
    ASSERT_TRUE(apply(StageInputKind::kPause).ok());
    EXPECT_FALSE(session.paused());
    EXPECT_EQ(session.state(), State::kModel);

    // Replay from practice plays the model again.
    ASSERT_TRUE(apply(StageInputKind::kModelEnded).ok());
    ASSERT_TRUE(apply(StageInputKind::kCueEnded).ok());
    ASSERT_TRUE(apply(StageInputKind::kReplay).ok());
    EXPECT_EQ(session.state(), State::kModel);
}

TEST(ApplyStageInput, ScoresDuringPracticeWithLevelNumberOrNextLevelDown) {
    session::Session session(twoTrialPlan());
    Clock::time_point t{};
    ASSERT_TRUE(session.start(t).ok());
    const auto apply = [&](StageInput input) {
        t += 100ms;
        input.at = t;
        return applyStageInput(session, input, t);
    };
    const auto kind = [](StageInputKind k) {
        StageInput input;
        input.kind = k;
        return input;
    };
    ASSERT_TRUE(apply(kind(StageInputKind::kModelEnded)).ok());
    ASSERT_TRUE(apply(kind(StageInputKind::kCueEnded)).ok());
    ASSERT_EQ(session.state(), State::kPractice);

    // Prompted at level 2 during practice ends the practice and scores it.
    StageInput prompted = kind(StageInputKind::kScore);
    prompted.outcome = Outcome::kPrompted;
    prompted.level_number = 2;
    auto scored = apply(prompted);
    ASSERT_TRUE(scored.ok()) << scored.error().message;
    EXPECT_EQ(session.trials()[0].outcome, Outcome::kPrompted);
    EXPECT_EQ(session.trials()[0].prompt_level, "partial physical");

    // Trial 2: Enter takes the next level down from last time.
    if (session.state() == State::kReward) {
        ASSERT_TRUE(apply(kind(StageInputKind::kRewardEnded)).ok());
    }
    ASSERT_EQ(session.state(), State::kModel);
    ASSERT_TRUE(apply(kind(StageInputKind::kModelEnded)).ok());
    ASSERT_TRUE(apply(kind(StageInputKind::kCueEnded)).ok());
    ASSERT_TRUE(apply(kind(StageInputKind::kPracticeEnded)).ok());
    ASSERT_EQ(session.state(), State::kScore);
    StageInput next_down = kind(StageInputKind::kScore);
    next_down.outcome = Outcome::kPrompted;
    next_down.next_level_down = true;
    ASSERT_TRUE(apply(next_down).ok());
    EXPECT_EQ(session.trials()[1].prompt_level, "model");
    EXPECT_EQ(session.state(), State::kEnd);

    // A level number the hierarchy does not have is a key that does nothing: the therapist
    // presses again.
    session::Session other(twoTrialPlan());
    t += 1s;
    ASSERT_TRUE(other.start(t).ok());
    t += 100ms;
    ASSERT_TRUE(other.modelEnded(t).ok());
    t += 100ms;
    ASSERT_TRUE(other.turnCueEnded(t).ok());
    StageInput bad = kind(StageInputKind::kScore);
    bad.outcome = Outcome::kPrompted;
    bad.level_number = 9;
    t += 100ms;
    bad.at = t;
    auto ignored = applyStageInput(other, bad, t);
    ASSERT_TRUE(ignored.ok());
    EXPECT_FALSE(ignored->has_value());
    EXPECT_TRUE(other.trials().front().outcome == Outcome::kNone);
    EXPECT_EQ(other.state(), State::kPractice);
}

}  // namespace
}  // namespace mimic::app
