// Building a session's plan: targets, clip rotation, video prompting steps, fading.
#include "session/plan.h"

#include <gtest/gtest.h>

#include "session_test_util.h"

namespace mimic::session {
namespace {

using namespace test;

std::vector<std::int64_t> clipsOf(const SessionPlan& plan) {
    std::vector<std::int64_t> ids;
    for (const PlannedTrial& t : plan.trials)
        ids.push_back(t.clip_id);
    return ids;
}

TEST(BuildPlan, WithoutNamedBehavioursTheProgramsInInterventionOrMaintenanceAreTheTargets) {
    PlanRequest r = oneProgram();
    r.programs = {program(5, 14, Phase::kMaintenance), program(2, 11, Phase::kBaseline),
                  program(4, 13, Phase::kIntervention), program(3, 12, Phase::kMastered),
                  program(6, 15, Phase::kGeneralization)};
    for (std::int64_t b = 11; b <= 15; ++b)
        r.behaviours.push_back(behaviour(b, {clip(b)}));
    auto plan = buildPlan(r);
    ASSERT_TRUE(plan.ok()) << plan.error().message;
    ASSERT_EQ(plan->targets.size(), 2u);
    EXPECT_EQ(plan->targets[0].program_id, 4);  // program id order
    EXPECT_EQ(plan->targets[0].behaviour_id, 13);
    EXPECT_EQ(plan->targets[0].phase, Phase::kIntervention);
    EXPECT_EQ(plan->targets[1].program_id, 5);
    EXPECT_EQ(plan->child_id, 7);
    EXPECT_EQ(plan->therapist_id, 3);
    EXPECT_EQ(plan->setting, Setting::kClinic);
    EXPECT_EQ(clipsOf(*plan), (std::vector<std::int64_t>{13, 14}));
}

TEST(BuildPlan, NamedBehavioursAreTheTargetsInTheOrderNamedWithTheirProgramsIfAny) {
    PlanRequest r = oneProgram();
    r.programs[0].phase = Phase::kBaseline;  // named: any phase
    r.programs[0].prompt_hierarchy = {"point", "look"};
    r.programs[0].reinforcement = {ScheduleKind::kFixedRatio, 2};
    r.behaviours.push_back(behaviour(20, {clip(9)}));
    r.named_behaviour_ids = {20, 10};
    auto plan = buildPlan(r);
    ASSERT_TRUE(plan.ok()) << plan.error().message;
    ASSERT_EQ(plan->targets.size(), 2u);
    const Target& no_program = plan->targets[0];
    EXPECT_EQ(no_program.behaviour_id, 20);
    EXPECT_EQ(no_program.behaviour_name, "behaviour-20");
    EXPECT_EQ(no_program.program_id, std::nullopt);
    EXPECT_EQ(no_program.prompt_hierarchy, kDefaultPromptHierarchy);
    EXPECT_EQ(no_program.reinforcement.kind, ScheduleKind::kContinuous);
    const Target& with_program = plan->targets[1];
    EXPECT_EQ(with_program.program_id, 1);
    EXPECT_EQ(with_program.phase, Phase::kBaseline);
    EXPECT_EQ(with_program.prompt_hierarchy, (std::vector<std::string>{"point", "look"}));
    EXPECT_EQ(with_program.reinforcement.ratio, 2);
    EXPECT_EQ(clipsOf(*plan), (std::vector<std::int64_t>{9, 1}));
}

TEST(BuildPlan, RefusesWhatCannotRun) {
    struct Case {
        const char* name;
        void (*change)(PlanRequest&);
        const char* says;
    };
    const Case cases[] = {
        {"no program in intervention or maintenance",
         [](PlanRequest& r) { r.programs[0].phase = Phase::kBaseline; }, "no program"},
        {"unknown behaviour", [](PlanRequest& r) { r.named_behaviour_ids = {99}; },
         "no behaviour 99"},
        {"named twice",
         [](PlanRequest& r) {
             r.named_behaviour_ids = {10, 10};
         },
         "twice"},
        {"no trials", [](PlanRequest& r) { r.trials_per_target = 0; }, "1 to 100"},
        {"too many trials", [](PlanRequest& r) { r.trials_per_target = 101; }, "1 to 100"},
        {"program's behaviour missing", [](PlanRequest& r) { r.behaviours.clear(); },
         "was not given"},
        {"empty hierarchy", [](PlanRequest& r) { r.programs[0].prompt_hierarchy.clear(); },
         "empty prompt hierarchy"},
        {"repeated level",
         [](PlanRequest& r) {
             r.programs[0].prompt_hierarchy = {"model", "model"};
         },
         "repeated"},
        {"ratio 0",
         [](PlanRequest& r) {
             r.programs[0].reinforcement = {ScheduleKind::kVariableRatio, 0};
         },
         "ratio"},
        {"model views 0", [](PlanRequest& r) { r.programs[0].model_views = 0; }, "1 to 10"},
        {"negative fading",
         [](PlanRequest& r) {
             r.programs[0].fading = {FadingKind::kStartLater, -1, 0};
         },
         "negative"},
        {"every clip archived",
         [](PlanRequest& r) { r.behaviours[0].clips = {clip(1, ModelKind::kPeer, true)}; },
         "no clip that is not archived"},
        {"chosen clip archived",
         [](PlanRequest& r) {
             r.behaviours[0].clips[1].archived = true;
             r.programs[0].chosen_clip_id = 2;
         },
         "chosen clip 2 is archived"},
        {"chosen clip of another behaviour",
         [](PlanRequest& r) { r.programs[0].chosen_clip_id = 5; }, "not a clip of"},
        {"no clip of the chosen kind",
         [](PlanRequest& r) { r.programs[0].chosen_model_kind = ModelKind::kSelf; },
         "no self clip"},
        {"video prompting without steps",
         [](PlanRequest& r) { r.programs[0].video_prompting = true; }, "with step segments"},
        {"fading trims the whole clip",
         [](PlanRequest& r) {
             r.programs[0].fading = {FadingKind::kStopEarlier, 0, 10000};
         },
         "leaves no model"},
        {"step numbered twice",
         [](PlanRequest& r) {
             r.programs[0].video_prompting = true;
             r.behaviours[0].clips = {steppedClip(1, 2)};
             r.behaviours[0].clips[0].steps[1].step = 1;
         },
         "numbered twice"},
        {"step ends before it starts",
         [](PlanRequest& r) {
             r.programs[0].video_prompting = true;
             r.behaviours[0].clips = {steppedClip(1, 2)};
             r.behaviours[0].clips[0].steps[1].out_ms = 0;
         },
         "ends before it starts"},
    };
    for (const Case& c : cases) {
        PlanRequest r = oneProgram();
        c.change(r);
        auto plan = buildPlan(r);
        ASSERT_FALSE(plan.ok()) << c.name;
        EXPECT_NE(plan.error().message.find(c.says), std::string::npos)
            << c.name << ": " << plan.error().message;
    }
}

TEST(ClipForTrial, RotatesThroughClipsNotArchivedHonouringTheProgramsChoice) {
    const BehaviourClips b =
        behaviour(10, {clip(4, ModelKind::kAdult), clip(2, ModelKind::kPeer),
                       clip(3, ModelKind::kPeer, /*archived=*/true), clip(1, ModelKind::kPeer),
                       steppedClip(6, 2), clip(5, ModelKind::kAdult, /*archived=*/true)});
    struct Case {
        const char* name;
        std::optional<std::int64_t> chosen;
        ModelKind kind;
        bool steps;
        std::vector<std::int64_t> clips;  // for index 0, 1, 2...
    };
    const Case cases[] = {
        {"id order, archived skipped", std::nullopt, ModelKind::kNone, false, {1, 2, 4, 6, 1, 2}},
        {"chosen clip every time", 4, ModelKind::kNone, false, {4, 4, 4}},
        {"chosen clip wins over the kind", 2, ModelKind::kAdult, false, {2, 2}},
        {"model kind", std::nullopt, ModelKind::kAdult, false, {4, 4, 4}},
        {"peer kind", std::nullopt, ModelKind::kPeer, false, {1, 2, 6, 1}},
        {"only clips with steps", std::nullopt, ModelKind::kNone, true, {6, 6}},
    };
    for (const Case& c : cases)
        for (std::size_t i = 0; i < c.clips.size(); ++i) {
            auto id = clipForTrial(b, c.chosen, c.kind, c.steps, static_cast<int>(i));
            ASSERT_TRUE(id.ok()) << c.name << ": " << id.error().message;
            EXPECT_EQ(*id, c.clips[i]) << c.name << ", index " << i;
        }
}

TEST(BuildPlan, RotationGoesOnFromTheChildsEarlierTrials) {
    PlanRequest r = oneProgram(/*trials=*/3);
    r.behaviours[0] = behaviour(10, {clip(3, ModelKind::kPeer, true), clip(2), clip(1)},
                                /*trials_so_far=*/1);
    auto plan = buildPlan(r);
    ASSERT_TRUE(plan.ok()) << plan.error().message;
    EXPECT_EQ(clipsOf(*plan), (std::vector<std::int64_t>{2, 1, 2}));
    ASSERT_EQ(plan->trials.size(), 3u);
    for (int i = 0; i < 3; ++i) {
        const PlannedTrial& t = plan->trials[static_cast<std::size_t>(i)];
        EXPECT_EQ(t.run, i + 1);
        EXPECT_EQ(t.step, std::nullopt);
        EXPECT_EQ(t.model.in_ms, 0);
        EXPECT_EQ(t.model.out_ms, 10000);
        EXPECT_EQ(t.model_rule, ModelRule::kShow);
    }
}

TEST(BuildPlan, VideoPromptingMakesOneTrialPerStepInStepOrder) {
    PlanRequest r = oneProgram(/*trials=*/2);
    r.programs[0].video_prompting = true;
    ClipInfo c = steppedClip(1, 3);
    std::swap(c.steps[0], c.steps[2]);  // given out of order
    r.behaviours[0].clips = {c, clip(2)};
    auto plan = buildPlan(r);
    ASSERT_TRUE(plan.ok()) << plan.error().message;
    ASSERT_EQ(plan->trials.size(), 6u);
    for (std::size_t i = 0; i < 6; ++i) {
        const PlannedTrial& t = plan->trials[i];
        const int k = static_cast<int>(i % 3) + 1;
        EXPECT_EQ(t.clip_id, 1);
        EXPECT_EQ(t.run, static_cast<int>(i / 3) + 1);
        EXPECT_EQ(t.step, k);
        EXPECT_EQ(t.model.step, k);
        EXPECT_EQ(t.model.segment_id, 100 + k);
        EXPECT_EQ(t.model.in_ms, 2000 * (k - 1));
        EXPECT_EQ(t.model.out_ms, 2000 * k);
    }
}

TEST(BuildPlan, FadingDecidesWhichModelPlaysAndWhichPart) {
    using R = ModelRule;
    struct Case {
        const char* name;
        Fading fading;
        bool prompting;
        std::vector<ModelRule> rules;
        std::int64_t in_ms;  // whole clip: the model's part
        std::int64_t out_ms;
    };
    const Case cases[] = {
        {"none, steps", {}, true, {R::kShow, R::kShow, R::kShow}, 0, 0},
        {"start later by 1 step",
         {FadingKind::kStartLater, 1, 0},
         true,
         {R::kSkip, R::kShow, R::kShow},
         0,
         0},
        {"start later by 2 steps",
         {FadingKind::kStartLater, 2, 0},
         true,
         {R::kSkip, R::kSkip, R::kShow},
         0,
         0},
        {"stop earlier by 1 step",
         {FadingKind::kStopEarlier, 1, 0},
         true,
         {R::kShow, R::kShow, R::kSkip},
         0,
         0},
        {"faded out entirely",
         {FadingKind::kStopEarlier, 5, 0},
         true,
         {R::kSkip, R::kSkip, R::kSkip},
         0,
         0},
        {"replay the step last failed",
         {FadingKind::kReplayFailedStep, 0, 0},
         true,
         {R::kOnlyIfLastFailed, R::kOnlyIfLastFailed, R::kOnlyIfLastFailed},
         0,
         0},
        {"whole clip starts later",
         {FadingKind::kStartLater, 0, 2500},
         false,
         {R::kShow},
         2500,
         10000},
        {"whole clip stops earlier",
         {FadingKind::kStopEarlier, 0, 4000},
         false,
         {R::kShow},
         0,
         6000},
        {"whole clip, replay failed: shown whole",
         {FadingKind::kReplayFailedStep, 0, 0},
         false,
         {R::kShow},
         0,
         10000},
    };
    for (const Case& c : cases) {
        PlanRequest r = oneProgram();
        r.programs[0].fading = c.fading;
        r.programs[0].video_prompting = c.prompting;
        r.behaviours[0].clips = {c.prompting ? steppedClip(1, 3) : clip(1)};
        auto plan = buildPlan(r);
        ASSERT_TRUE(plan.ok()) << c.name << ": " << plan.error().message;
        ASSERT_EQ(plan->trials.size(), c.rules.size()) << c.name;
        for (std::size_t i = 0; i < c.rules.size(); ++i)
            EXPECT_EQ(plan->trials[i].model_rule, c.rules[i]) << c.name << ", trial " << i;
        if (!c.prompting) {
            EXPECT_EQ(plan->trials[0].model.in_ms, c.in_ms) << c.name;
            EXPECT_EQ(plan->trials[0].model.out_ms, c.out_ms) << c.name;
        }
    }
}

TEST(BuildPlan, BlockedOrInterleavedTrials) {
    PlanRequest r = oneProgram(/*trials=*/2);
    r.programs.push_back(program(2, 20));
    r.behaviours.push_back(behaviour(20, {clip(9)}));
    const auto targetsOf = [](const SessionPlan& plan) {
        std::vector<std::size_t> targets;
        for (const PlannedTrial& t : plan.trials)
            targets.push_back(t.target);
        return targets;
    };
    auto blocked = buildPlan(r);
    ASSERT_TRUE(blocked.ok()) << blocked.error().message;
    EXPECT_EQ(targetsOf(*blocked), (std::vector<std::size_t>{0, 0, 1, 1}));
    EXPECT_EQ(clipsOf(*blocked), (std::vector<std::int64_t>{1, 2, 9, 9}));
    r.order = TrialOrder::kInterleaved;
    auto interleaved = buildPlan(r);
    ASSERT_TRUE(interleaved.ok()) << interleaved.error().message;
    EXPECT_EQ(targetsOf(*interleaved), (std::vector<std::size_t>{0, 1, 0, 1}));
    EXPECT_EQ(clipsOf(*interleaved), (std::vector<std::int64_t>{1, 9, 2, 9}));
}

}  // namespace
}  // namespace mimic::session
