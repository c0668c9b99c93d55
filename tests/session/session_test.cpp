// The trial state machine: every input in every state, the times it keeps, replay, skip,
// pause, end early, scoring, reinforcement, video prompting and fading.
#include "session/session.h"

#include <gtest/gtest.h>

#include <map>

#include "session_test_util.h"

namespace mimic::session {
namespace {

using namespace test;
using std::chrono::milliseconds;

Clock::time_point at(int ms) {
    return Clock::time_point{} + milliseconds(ms);
}

SessionPlan makePlan(const PlanRequest& request) {
    auto plan = buildPlan(request);
    EXPECT_TRUE(plan.ok()) << plan.error().message;
    return plan.ok() ? *plan : SessionPlan{};
}

// Two whole-clip trials of one program, continuous reinforcement.
Session twoTrials() {
    return Session(makePlan(oneProgram(/*trials=*/2)));
}

Result<Directive> apply(Session& s, Input input, Clock::time_point t) {
    switch (input) {
        case Input::kStart:
            return s.start(t);
        case Input::kModelEnded:
            return s.modelEnded(t);
        case Input::kTurnCueEnded:
            return s.turnCueEnded(t);
        case Input::kPracticeEnded:
            return s.practiceEnded(t);
        case Input::kScore:
            return s.score(Outcome::kIndependent, std::nullopt, t);
        case Input::kRewardEnded:
            return s.rewardEnded(t);
        case Input::kReplayModel:
            return s.replayModel(t);
        case Input::kSkip:
            return s.skip(t);
        case Input::kPause:
            return s.pause(t);
        case Input::kResume:
            return s.resume(t);
        case Input::kEndEarly:
            return s.endEarly(t);
        case Input::kNone:
            break;
    }
    return Error{"no input"};
}

// The inputs that bring a fresh twoTrials() session to each state, one second apart.
std::vector<Input> pathTo(const std::string& where) {
    const std::map<std::string, std::vector<Input>> paths = {
        {"none", {}},
        {"model", {Input::kStart}},
        {"turn", {Input::kStart, Input::kModelEnded}},
        {"practice", {Input::kStart, Input::kModelEnded, Input::kTurnCueEnded}},
        {"score", {Input::kStart, Input::kModelEnded, Input::kTurnCueEnded, Input::kPracticeEnded}},
        {"reward",
         {Input::kStart, Input::kModelEnded, Input::kTurnCueEnded, Input::kPracticeEnded,
          Input::kScore}},
        {"end", {Input::kStart, Input::kEndEarly}},
        {"paused practice",
         {Input::kStart, Input::kModelEnded, Input::kTurnCueEnded, Input::kPause}},
    };
    return paths.at(where);
}

constexpr Input kAllInputs[] = {Input::kStart,         Input::kModelEnded, Input::kTurnCueEnded,
                                Input::kPracticeEnded, Input::kScore,      Input::kRewardEnded,
                                Input::kReplayModel,   Input::kSkip,       Input::kPause,
                                Input::kResume,        Input::kEndEarly};

TEST(SessionStateMachine, EveryInputInEveryState) {
    struct Legal {
        State state;  // after the input
        int trial;
        bool paused;
    };
    using S = State;
    using I = Input;
    const std::map<std::string, std::map<Input, Legal>> table = {
        {"none", {{I::kStart, {S::kModel, 1, false}}, {I::kEndEarly, {S::kEnd, 0, false}}}},
        {"model",
         {{I::kModelEnded, {S::kTurn, 1, false}},
          {I::kReplayModel, {S::kModel, 1, false}},
          {I::kSkip, {S::kModel, 2, false}},
          {I::kPause, {S::kModel, 1, true}},
          {I::kEndEarly, {S::kEnd, 1, false}}}},
        {"turn",
         {{I::kTurnCueEnded, {S::kPractice, 1, false}},
          {I::kReplayModel, {S::kModel, 1, false}},
          {I::kSkip, {S::kModel, 2, false}},
          {I::kPause, {S::kTurn, 1, true}},
          {I::kEndEarly, {S::kEnd, 1, false}}}},
        {"practice",
         {{I::kPracticeEnded, {S::kScore, 1, false}},
          {I::kScore, {S::kReward, 1, false}},
          {I::kReplayModel, {S::kModel, 1, false}},
          {I::kSkip, {S::kModel, 2, false}},
          {I::kPause, {S::kPractice, 1, true}},
          {I::kEndEarly, {S::kEnd, 1, false}}}},
        {"score",
         {{I::kScore, {S::kReward, 1, false}},
          {I::kSkip, {S::kModel, 2, false}},
          {I::kPause, {S::kScore, 1, true}},
          {I::kEndEarly, {S::kEnd, 1, false}}}},
        {"reward",
         {{I::kRewardEnded, {S::kModel, 2, false}},
          {I::kSkip, {S::kModel, 2, false}},
          {I::kPause, {S::kReward, 1, true}},
          {I::kEndEarly, {S::kEnd, 1, false}}}},
        {"end", {}},
        {"paused practice",
         {{I::kResume, {S::kPractice, 1, false}}, {I::kEndEarly, {S::kEnd, 1, false}}}},
    };
    for (const auto& [where, legal] : table) {
        for (const Input input : kAllInputs) {
            Session s = twoTrials();
            int ms = 0;
            for (const Input step : pathTo(where))
                ASSERT_TRUE(apply(s, step, at(ms += 1000)).ok()) << where;
            const State before = s.state();
            const bool paused_before = s.paused();
            const std::size_t events = s.events().size();
            const std::size_t trials = s.trials().size();
            const Action action = s.current().action;

            auto d = apply(s, input, at(ms + 1000));
            const std::string what = where + " + " + std::string(inputName(input));
            const auto it = legal.find(input);
            if (it == legal.end()) {
                ASSERT_FALSE(d.ok()) << what;
                EXPECT_FALSE(d.error().message.empty()) << what;
                EXPECT_EQ(s.state(), before) << what;  // and nothing changed
                EXPECT_EQ(s.paused(), paused_before) << what;
                EXPECT_EQ(s.events().size(), events) << what;
                EXPECT_EQ(s.trials().size(), trials) << what;
                EXPECT_EQ(s.current().action, action) << what;
                continue;
            }
            ASSERT_TRUE(d.ok()) << what << ": " << d.error().message;
            EXPECT_EQ(s.state(), it->second.state) << what;
            EXPECT_EQ(d->state, it->second.state) << what;
            EXPECT_EQ(d->trial, it->second.trial) << what;
            EXPECT_EQ(s.paused(), it->second.paused) << what;
            EXPECT_GT(s.events().size(), events) << what;
        }
    }
}

TEST(SessionStateMachine, InputsMayNotGoBackInTime) {
    Session s = twoTrials();
    ASSERT_TRUE(s.start(at(5000)).ok());
    auto d = s.modelEnded(at(4999));
    ASSERT_FALSE(d.ok());
    EXPECT_NE(d.error().message.find("1 ms before"), std::string::npos) << d.error().message;
    EXPECT_EQ(s.state(), State::kModel);
    EXPECT_TRUE(s.modelEnded(at(5000)).ok());  // the same instant is fine
}

TEST(SessionStateMachine, DirectivesSayWhatToDoAndWhenToRecord) {
    Session s = twoTrials();
    struct Step {
        Input input;
        Action action;
        State state;
        int trial;
        bool recording;
    };
    const Step steps[] = {
        {Input::kStart, Action::kPlayModel, State::kModel, 1, false},
        {Input::kModelEnded, Action::kShowTurnCue, State::kTurn, 1, true},
        {Input::kTurnCueEnded, Action::kStartPractice, State::kPractice, 1, true},
        {Input::kPause, Action::kPause, State::kPractice, 1, true},  // the file runs on
        {Input::kResume, Action::kResume, State::kPractice, 1, true},
        {Input::kPracticeEnded, Action::kAwaitScore, State::kScore, 1, false},
        {Input::kScore, Action::kShowReward, State::kReward, 1, false},
        {Input::kRewardEnded, Action::kPlayModel, State::kModel, 2, false},
        {Input::kModelEnded, Action::kShowTurnCue, State::kTurn, 2, true},
        {Input::kReplayModel, Action::kPlayModel, State::kModel, 2, true},  // still recording
        {Input::kModelEnded, Action::kShowTurnCue, State::kTurn, 2, true},
        {Input::kTurnCueEnded, Action::kStartPractice, State::kPractice, 2, true},
        {Input::kScore, Action::kShowReward, State::kReward, 2, false},
        {Input::kRewardEnded, Action::kFinish, State::kEnd, 2, false},
    };
    int ms = 0;
    for (const Step& step : steps) {
        auto d = apply(s, step.input, at(ms += 1000));
        const std::string what = std::string(inputName(step.input)) + " at " + std::to_string(ms);
        ASSERT_TRUE(d.ok()) << what << ": " << d.error().message;
        EXPECT_EQ(d->action, step.action) << what;
        EXPECT_EQ(d->state, step.state) << what;
        EXPECT_EQ(d->trial, step.trial) << what;
        EXPECT_EQ(d->recording, step.recording) << what;
        EXPECT_EQ(d->model.has_value(), step.action == Action::kPlayModel) << what;
    }
}

TEST(SessionTimes, PracticeStartOffsetLatencyAndTrace) {
    Session s(makePlan(oneProgram()));
    ASSERT_TRUE(s.start(at(100000)).ok());
    ASSERT_TRUE(s.modelEnded(at(110000)).ok());    // cue: the recording starts
    ASSERT_TRUE(s.turnCueEnded(at(111500)).ok());  // the attempt starts 1.5 s in
    ASSERT_TRUE(s.score(Outcome::kIndependent, std::nullopt, at(114200)).ok());  // key in practice
    ASSERT_TRUE(s.rewardEnded(at(116000)).ok());
    ASSERT_EQ(s.trials().size(), 1u);
    const TrialRecord& t = s.trials()[0];
    EXPECT_EQ(t.practiceStartOffset(), milliseconds(1500));
    EXPECT_EQ(t.latency(), milliseconds(4200));
    EXPECT_EQ(t.practice_ended_at, at(114200));
    EXPECT_EQ(t.outcome, Outcome::kIndependent);
    EXPECT_TRUE(t.reinforced);
    EXPECT_EQ(t.end, TrialEnd::kScored);
    EXPECT_EQ(t.model_views, 1);
    EXPECT_EQ(t.program_id, 1);
    EXPECT_EQ(t.clip_id, 1);

    std::vector<std::string> trace;
    for (const Event& e : s.events())
        trace.push_back(formatTraceLine(e, *s.startedAt()));
    EXPECT_EQ(trace, (std::vector<std::string>{"0.000 model trial=1", "10.000 turn trial=1",
                                               "11.500 practice trial=1", "14.200 score trial=1",
                                               "14.200 reward trial=1", "16.000 end trial=1"}));
    EXPECT_EQ(t.events.size(), 5u);  // the end belongs to the session
}

TEST(SessionTimes, StateNamesAreTheTraceWords) {
    EXPECT_EQ(stateName(State::kModel), "model");
    EXPECT_EQ(stateName(State::kTurn), "turn");
    EXPECT_EQ(stateName(State::kPractice), "practice");
    EXPECT_EQ(stateName(State::kScore), "score");
    EXPECT_EQ(stateName(State::kReward), "reward");
    EXPECT_EQ(stateName(State::kEnd), "end");
    EXPECT_EQ(stateName(State::kNone), "");
    EXPECT_EQ(formatTraceLine({at(62345), State::kScore, 12, Input::kScore, true}, at(0)),
              "62.345 score trial=12");
}

TEST(SessionTimes, ReplayKeepsTheRecordingAndMeasuresLatencyFromTheNewCue) {
    Session s(makePlan(oneProgram()));
    ASSERT_TRUE(s.start(at(0)).ok());
    ASSERT_TRUE(s.modelEnded(at(5000)).ok());  // first cue: the recording starts
    ASSERT_TRUE(s.turnCueEnded(at(6000)).ok());
    auto replay = s.replayModel(at(7000));
    ASSERT_TRUE(replay.ok());
    EXPECT_EQ(replay->view, 2);
    EXPECT_TRUE(replay->recording);
    ASSERT_TRUE(s.modelEnded(at(12000)).ok());  // a new cue
    ASSERT_TRUE(s.turnCueEnded(at(13000)).ok());
    ASSERT_TRUE(s.practiceEnded(at(15000)).ok());
    ASSERT_TRUE(s.score(Outcome::kNoResponse, std::nullopt, at(16000)).ok());
    const TrialRecord& t = s.trials()[0];
    EXPECT_EQ(t.model_views, 2);
    EXPECT_EQ(t.recording_started_at, at(5000));
    EXPECT_EQ(t.practiceStartOffset(), milliseconds(8000));
    EXPECT_EQ(t.latency(), milliseconds(4000));
    EXPECT_FALSE(t.reinforced);
    EXPECT_EQ(s.state(), State::kEnd);  // not reinforced: straight on (here, to the end)
}

TEST(SessionTimes, TimePausedSinceTheCueIsNotLatency) {
    struct Case {
        const char* name;
        std::vector<std::pair<Input, int>> inputs;
        int latency_ms;
    };
    const Case cases[] = {
        {"no pause",
         {{Input::kStart, 0},
          {Input::kModelEnded, 1000},
          {Input::kTurnCueEnded, 2000},
          {Input::kScore, 5000}},
         4000},
        {"paused while the model played",
         {{Input::kStart, 0},
          {Input::kPause, 500},
          {Input::kResume, 9500},
          {Input::kModelEnded, 10000},
          {Input::kTurnCueEnded, 11000},
          {Input::kScore, 14000}},
         4000},
        {"paused during practice",
         {{Input::kStart, 0},
          {Input::kModelEnded, 1000},
          {Input::kTurnCueEnded, 2000},
          {Input::kPause, 3000},
          {Input::kResume, 6000},
          {Input::kScore, 8000}},
         4000},
        {"paused during the cue and awaiting the score",
         {{Input::kStart, 0},
          {Input::kModelEnded, 1000},
          {Input::kPause, 1200},
          {Input::kResume, 2200},
          {Input::kTurnCueEnded, 2500},
          {Input::kPracticeEnded, 4000},
          {Input::kPause, 4500},
          {Input::kResume, 5500},
          {Input::kScore, 7000}},
         4000},
    };
    for (const Case& c : cases) {
        Session s(makePlan(oneProgram()));
        for (const auto& [input, ms] : c.inputs)
            ASSERT_TRUE(apply(s, input, at(ms)).ok()) << c.name << ", " << inputName(input);
        EXPECT_EQ(s.trials()[0].latency(), milliseconds(c.latency_ms)) << c.name;
    }
}

TEST(SessionFlow, SkipLeavesTheTrialUnscoredAndGoesOn) {
    Session s = twoTrials();
    ASSERT_TRUE(s.start(at(0)).ok());
    ASSERT_TRUE(s.modelEnded(at(1000)).ok());
    ASSERT_TRUE(s.turnCueEnded(at(2000)).ok());
    auto d = s.skip(at(3000));
    ASSERT_TRUE(d.ok());
    EXPECT_EQ(d->action, Action::kPlayModel);
    EXPECT_EQ(d->trial, 2);
    EXPECT_FALSE(d->recording);
    const TrialRecord& skipped = s.trials()[0];
    EXPECT_EQ(skipped.end, TrialEnd::kSkipped);
    EXPECT_EQ(skipped.outcome, Outcome::kNone);
    EXPECT_EQ(skipped.practice_ended_at, at(3000));  // its recording stopped
    EXPECT_EQ(skipped.latency(), std::nullopt);
    auto last = s.skip(at(4000));  // skipping the last trial ends the session
    ASSERT_TRUE(last.ok());
    EXPECT_EQ(last->action, Action::kFinish);
    EXPECT_EQ(s.trials()[1].end, TrialEnd::kSkipped);
    EXPECT_EQ(s.trials()[1].practice_ended_at, std::nullopt);  // it never recorded
}

TEST(SessionFlow, SkipDuringTheRewardKeepsTheScore) {
    Session s = twoTrials();
    for (const auto& [input, ms] : std::vector<std::pair<Input, int>>{{Input::kStart, 0},
                                                                      {Input::kModelEnded, 1000},
                                                                      {Input::kTurnCueEnded, 2000},
                                                                      {Input::kScore, 3000},
                                                                      {Input::kSkip, 3500}})
        ASSERT_TRUE(apply(s, input, at(ms)).ok()) << inputName(input);
    EXPECT_EQ(s.trials()[0].end, TrialEnd::kScored);
    EXPECT_TRUE(s.trials()[0].reinforced);
    EXPECT_EQ(s.state(), State::kModel);
}

TEST(SessionFlow, EndEarlyLeavesTheRunningTrialUnscoredAndRefusesEverythingAfter) {
    Session s = twoTrials();
    ASSERT_TRUE(s.start(at(0)).ok());
    ASSERT_TRUE(s.modelEnded(at(1000)).ok());
    ASSERT_TRUE(s.turnCueEnded(at(2000)).ok());
    ASSERT_TRUE(s.pause(at(2500)).ok());
    auto d = s.endEarly(at(3000));
    ASSERT_TRUE(d.ok());
    EXPECT_EQ(d->action, Action::kFinish);
    EXPECT_FALSE(d->recording);
    EXPECT_FALSE(s.paused());
    ASSERT_EQ(s.trials().size(), 1u);  // the second trial never began
    EXPECT_EQ(s.trials()[0].end, TrialEnd::kEndedEarly);
    EXPECT_EQ(s.trials()[0].practice_ended_at, at(3000));
    EXPECT_EQ(formatTraceLine(s.events().back(), *s.startedAt()), "3.000 end trial=1");
    for (const Input input : kAllInputs) {
        auto again = apply(s, input, at(4000));
        ASSERT_FALSE(again.ok()) << inputName(input);
        EXPECT_NE(again.error().message.find("ended"), std::string::npos);
    }
}

TEST(SessionScoring, OutcomesAndPromptLevelsAreChecked) {
    struct Case {
        const char* name;
        Outcome outcome;
        std::optional<std::string> level;
        bool ok;
    };
    const Case cases[] = {
        {"independent", Outcome::kIndependent, std::nullopt, true},
        {"incorrect", Outcome::kIncorrect, std::nullopt, true},
        {"no response", Outcome::kNoResponse, std::nullopt, true},
        {"prompted at a level", Outcome::kPrompted, "verbal", true},
        {"prompted without a level", Outcome::kPrompted, std::nullopt, false},
        {"prompted at an unknown level", Outcome::kPrompted, "shout", false},
        {"a level without prompting", Outcome::kIndependent, "verbal", false},
        {"no outcome", Outcome::kNone, std::nullopt, false},
    };
    for (const Case& c : cases) {
        Session s = twoTrials();
        ASSERT_TRUE(s.start(at(0)).ok());
        ASSERT_TRUE(s.modelEnded(at(1000)).ok());
        ASSERT_TRUE(s.turnCueEnded(at(2000)).ok());
        auto d = s.score(c.outcome, c.level, at(3000));
        ASSERT_EQ(d.ok(), c.ok) << c.name;
        if (!c.ok) {
            EXPECT_EQ(s.state(), State::kPractice) << c.name;
            EXPECT_EQ(s.trials()[0].end, TrialEnd::kRunning) << c.name;
            continue;
        }
        EXPECT_EQ(s.trials()[0].outcome, c.outcome) << c.name;
        EXPECT_EQ(s.trials()[0].prompt_level, c.level) << c.name;
    }
}

TEST(SessionScoring, EnterTakesTheNextLevelDownFromLastTime) {
    PlanRequest r = oneProgram(/*trials=*/3);
    r.programs[0].last_prompt_level = "model";  // from an earlier session
    Session s(makePlan(r));
    EXPECT_EQ(s.suggestedPromptLevel(), std::nullopt);  // no trial yet
    ASSERT_TRUE(s.start(at(0)).ok());
    EXPECT_EQ(s.suggestedPromptLevel(), "verbal");
    EXPECT_EQ(s.promptLevelByNumber(2), "partial physical");
    ASSERT_TRUE(s.skip(at(1000)).ok());
    ASSERT_TRUE(s.modelEnded(at(2000)).ok());
    ASSERT_TRUE(s.turnCueEnded(at(3000)).ok());
    ASSERT_TRUE(s.score(Outcome::kPrompted, *s.suggestedPromptLevel(), at(4000)).ok());
    EXPECT_EQ(s.trials()[1].prompt_level, "verbal");
    EXPECT_FALSE(s.trials()[1].reinforced);  // prompted: never reinforced by the schedule
    EXPECT_EQ(s.state(), State::kModel);
    EXPECT_EQ(s.suggestedPromptLevel(), "gestural");
}

TEST(SessionScoring, TheSchedulePicksWhichTrialsAreRewarded) {
    struct Case {
        const char* name;
        ReinforcementSchedule schedule;
        std::vector<Outcome> outcomes;
        std::string reinforced;
    };
    const auto I = Outcome::kIndependent;
    const auto X = Outcome::kIncorrect;
    const Case cases[] = {
        {"CRF", {ScheduleKind::kContinuous, 1}, {I, X, I, I}, "1011"},
        {"FR 2", {ScheduleKind::kFixedRatio, 2}, {I, I, X, I, I}, "01001"},
        {"VR 3, seed 42 (reinforcement_test)",
         {ScheduleKind::kVariableRatio, 3},
         {I, I, I, I, I, I},
         "001001"},
    };
    for (const Case& c : cases) {
        PlanRequest r = oneProgram(static_cast<int>(c.outcomes.size()));
        r.programs[0].reinforcement = c.schedule;
        r.seed = 42;
        Session s(makePlan(r));
        int ms = 0;
        ASSERT_TRUE(s.start(at(ms)).ok());
        std::string reinforced;
        for (const Outcome o : c.outcomes) {
            ASSERT_TRUE(s.modelEnded(at(ms += 1000)).ok()) << c.name;
            ASSERT_TRUE(s.turnCueEnded(at(ms += 1000)).ok()) << c.name;
            auto d = s.score(o, std::nullopt, at(ms += 1000));
            ASSERT_TRUE(d.ok()) << c.name << ": " << d.error().message;
            reinforced += d->action == Action::kShowReward ? '1' : '0';
            if (d->action == Action::kShowReward) {
                ASSERT_TRUE(s.rewardEnded(at(ms += 1000)).ok());
            }
        }
        EXPECT_EQ(reinforced, c.reinforced) << c.name;
        EXPECT_EQ(s.state(), State::kEnd) << c.name;
    }
}

TEST(SessionModel, PlaysTheModelAsOftenAsTheProgramSays) {
    PlanRequest r = oneProgram();
    r.programs[0].model_views = 2;
    Session s(makePlan(r));
    auto first = s.start(at(0));
    ASSERT_TRUE(first.ok());
    EXPECT_EQ(first->view, 1);
    auto second = s.modelEnded(at(10000));
    ASSERT_TRUE(second.ok());
    EXPECT_EQ(second->action, Action::kPlayModel);
    EXPECT_EQ(second->view, 2);
    auto cue = s.modelEnded(at(20000));
    ASSERT_TRUE(cue.ok());
    EXPECT_EQ(cue->action, Action::kShowTurnCue);
    EXPECT_EQ(s.trials()[0].model_views, 2);
}

// Runs a video-prompting session, scoring each step with `outcomes`, and returns for each
// trial "k+" (step k, model shown) or "k-" (step k from the cue).
std::vector<std::string> stepsShown(const PlanRequest& r, const std::vector<Outcome>& outcomes) {
    Session s(makePlan(r));
    int ms = 0;
    auto d = s.start(at(ms));
    std::vector<std::string> shown;
    for (const Outcome o : outcomes) {
        EXPECT_TRUE(d.ok()) << d.error().message;
        if (!d.ok()) break;
        const TrialRecord& t = s.trials().back();
        shown.push_back(std::to_string(t.step.value_or(0)) +
                        (d->action == Action::kPlayModel ? "+" : "-"));
        if (d->action == Action::kPlayModel) {
            EXPECT_EQ(d->model->step, t.step);
            EXPECT_EQ(d->model->segment_id, 100 * t.clip_id + *t.step);
            EXPECT_TRUE(s.modelEnded(at(ms += 1000)).ok());
        }
        EXPECT_TRUE(s.turnCueEnded(at(ms += 1000)).ok());
        d = s.score(o,
                    o == Outcome::kPrompted ? std::optional<std::string>("verbal") : std::nullopt,
                    at(ms += 1000));
        if (d.ok() && d->action == Action::kShowReward) d = s.rewardEnded(at(ms += 1000));
    }
    EXPECT_TRUE(d.ok() && d->action == Action::kFinish);
    return shown;
}

TEST(SessionModel, VideoPromptingRunsStepByStepWithFading) {
    const auto I = Outcome::kIndependent;
    const auto X = Outcome::kIncorrect;
    const auto P = Outcome::kPrompted;
    struct Case {
        const char* name;
        Fading fading;
        std::optional<int> last_failed_step;
        std::vector<Outcome> outcomes;  // two runs of three steps
        std::vector<std::string> shown;
    };
    const Case cases[] = {
        {"no fading", {}, std::nullopt, {I, I, I, I, I, I}, {"1+", "2+", "3+", "1+", "2+", "3+"}},
        {"start later",
         {FadingKind::kStartLater, 1, 0},
         std::nullopt,
         {I, I, I, I, I, I},
         {"1-", "2+", "3+", "1-", "2+", "3+"}},
        {"stop earlier",
         {FadingKind::kStopEarlier, 2, 0},
         std::nullopt,
         {I, I, I, I, I, I},
         {"1+", "2-", "3-", "1+", "2-", "3-"}},
        {"replay failed, nothing failed yet",
         {FadingKind::kReplayFailedStep, 0, 0},
         std::nullopt,
         {I, I, I, I, I, I},
         {"1-", "2-", "3-", "1-", "2-", "3-"}},
        {"replay failed: from history, then this session",
         {FadingKind::kReplayFailedStep, 0, 0},
         2,
         {I, I, X, I, I, I},
         {"1-", "2+", "3-", "1-", "2-", "3+"}},
        {"replay failed: prompted is a failure",
         {FadingKind::kReplayFailedStep, 0, 0},
         std::nullopt,
         {P, I, I, I, I, I},
         {"1-", "2-", "3-", "1+", "2-", "3-"}},
    };
    for (const Case& c : cases) {
        PlanRequest r = oneProgram(/*trials=*/2);
        r.programs[0].video_prompting = true;
        r.programs[0].fading = c.fading;
        r.programs[0].last_failed_step = c.last_failed_step;
        r.behaviours[0].clips = {steppedClip(1, 3)};
        EXPECT_EQ(stepsShown(r, c.outcomes), c.shown) << c.name;
    }
}

TEST(SessionModel, AFadedOutModelStartsAtTheCueAndCanStillBeReplayed) {
    PlanRequest r = oneProgram();
    r.programs[0].video_prompting = true;
    r.programs[0].fading = {FadingKind::kStartLater, 1, 0};
    r.behaviours[0].clips = {steppedClip(1, 2)};
    Session s(makePlan(r));
    auto d = s.start(at(0));
    ASSERT_TRUE(d.ok());
    EXPECT_EQ(d->action, Action::kShowTurnCue);
    EXPECT_TRUE(d->recording);
    EXPECT_EQ(s.trials()[0].model_views, 0);
    auto replay = s.replayModel(at(1000));
    ASSERT_TRUE(replay.ok());
    EXPECT_EQ(replay->model->step, 1);
    EXPECT_EQ(replay->view, 1);
    EXPECT_EQ(formatTraceLine(s.events()[0], at(0)), "0.000 turn trial=1");
}

}  // namespace
}  // namespace mimic::session
