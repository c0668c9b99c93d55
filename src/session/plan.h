// A session's plan: who, where, which targets, and every trial in the order it will run,
// with the clip (or step of a clip) its model shows. Built once before anything plays, from
// plain descriptions of the child's programs and the behaviours' clips that the app reads
// from the store.
//
// The rules buildPlan applies:
// - Targets: the behaviours named, in the order named (each with the child's program for it
//   when there is one, else program defaults: continuous reinforcement, the default prompt
//   hierarchy, no fading); with none named, the child's programs in intervention or
//   maintenance, in program id order.
// - Clips: a behaviour's clips that are not archived, in id order. A program's chosen clip
//   is used for every trial; else a chosen model kind keeps only clips of that kind; the
//   trials rotate through what is left, continuing from the child's earlier trials of the
//   behaviour (BehaviourClips::trials_so_far), so successive sessions see successive clips.
//   Refused when nothing is left.
// - Video prompting (a program setting): rotation keeps only clips with step segments, and
//   each run of a clip becomes one scored trial per step, in step order, each trial with
//   `step` = k and its model the step's segment (play step k, the child tries step k, score,
//   then step k+1). trials_per_target counts runs of the clip, so 3 runs of a 4-step clip
//   are 12 trials. Without video prompting a trial shows the whole clip.
// - Fading (clinical.h, Fading) decides per trial whether its model plays and which part.
// - Order: kBlocked runs all of a target's trials before the next target's; kInterleaved
//   takes one run of each target in turn.
//
// Threads: any; pure functions and values.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "session/clinical.h"

namespace mimic::session {

// One step segment of a clip (segments.step set).
struct StepSegment {
    std::int64_t segment_id = 0;
    int step = 0;  // from 1
    std::int64_t in_ms = 0;
    std::int64_t out_ms = 0;
    std::string label;
};

struct ClipInfo {
    std::int64_t id = 0;
    ModelKind model_kind = ModelKind::kNone;
    std::int64_t duration_ms = 0;
    bool archived = false;
    std::vector<StepSegment> steps;  // any order; the plan sorts them by step
};

// A behaviour that may be a target, with the clips tagged with it.
struct BehaviourClips {
    std::int64_t behaviour_id = 0;
    std::string name;
    std::vector<ClipInfo> clips;
    int trials_so_far = 0;  // the child's earlier trials of it: clip rotation goes on from there
};

// The child's program for one behaviour: its stored settings, the settings of the session
// issue that the store does not hold yet, and what its history says.
struct ProgramInfo {
    std::int64_t id = 0;
    std::int64_t behaviour_id = 0;
    Phase phase = Phase::kBaseline;
    std::vector<std::string> prompt_hierarchy = kDefaultPromptHierarchy;  // most intrusive first
    MasteryCriterion mastery;
    ReinforcementSchedule reinforcement;
    std::optional<std::int64_t> chosen_clip_id;
    ModelKind chosen_model_kind = ModelKind::kNone;  // kNone: any
    bool video_prompting = false;
    Fading fading;
    int model_views = 1;  // times the model plays before the turn cue
    // History: the step last failed (kReplayFailedStep) and the prompt level of the last
    // prompted trial (the Enter key's "next level down from last time").
    std::optional<int> last_failed_step;
    std::optional<std::string> last_prompt_level;
};

enum class TrialOrder { kBlocked = 0, kInterleaved };

struct PlanRequest {
    std::int64_t child_id = 0;
    std::optional<std::int64_t> therapist_id;
    Setting setting = Setting::kNone;
    std::vector<ProgramInfo> programs;              // all the child's programs
    std::vector<BehaviourClips> behaviours;         // every behaviour a target may be
    std::vector<std::int64_t> named_behaviour_ids;  // empty: programs in intervention/maintenance
    int trials_per_target = 1;                      // 1..kMaxTrialsPerTarget
    TrialOrder order = TrialOrder::kBlocked;
    std::uint32_t seed = 0;  // variable-ratio draws (reinforcement.h); keep it to replay a session
};

inline constexpr int kMaxTrialsPerTarget = 100;  // more is a typing mistake, not a session

// One target of the session, with everything the running session needs from its program.
struct Target {
    std::optional<std::int64_t> program_id;  // empty: a behaviour without a program
    std::int64_t behaviour_id = 0;
    std::string behaviour_name;
    Phase phase = Phase::kNone;
    std::vector<std::string> prompt_hierarchy;  // most intrusive first, never empty
    ReinforcementSchedule reinforcement;
    Fading fading;
    int model_views = 1;
    std::optional<int> last_failed_step;
    std::optional<std::string> last_prompt_level;
};

// What a model shows: a whole clip or a stretch of it.
struct ModelPart {
    std::int64_t clip_id = 0;
    std::int64_t in_ms = 0;
    std::int64_t out_ms = 0;  // > in_ms
    std::optional<int> step;  // video prompting: the step shown
    std::optional<std::int64_t> segment_id;
};

// Whether a trial's model plays before its turn cue (decided by fading).
enum class ModelRule {
    kShow = 0,
    kSkip,              // faded out: the trial starts at the turn cue
    kOnlyIfLastFailed,  // kReplayFailedStep: plays when this step is the one last failed
};

struct PlannedTrial {
    std::size_t target = 0;  // index into SessionPlan::targets
    int run = 1;             // which run of the target's clip (1..trials_per_target)
    std::int64_t clip_id = 0;
    std::optional<int> step;  // video prompting: the step practised
    ModelPart model;          // what the model shows (replay shows it too, whatever the rule)
    ModelRule model_rule = ModelRule::kShow;
};

struct SessionPlan {
    std::int64_t child_id = 0;
    std::optional<std::int64_t> therapist_id;
    Setting setting = Setting::kNone;
    std::vector<Target> targets;
    std::vector<PlannedTrial> trials;  // in running order, never empty
    std::uint32_t seed = 0;
};

// Builds the plan, or says in one line why it cannot (no targets, a named behaviour that is
// unknown or named twice, no usable clip, a chosen clip that is archived or not the
// behaviour's, an empty prompt hierarchy, a fading trim as long as the clip...).
Result<SessionPlan> buildPlan(const PlanRequest& request);

// The clip of the `index`-th trial (from 0, counting the child's earlier trials) of a
// behaviour, under a program's choice of clip or model kind; `need_steps` keeps only clips
// with step segments. Refused when no clip qualifies.
Result<std::int64_t> clipForTrial(const BehaviourClips& behaviour,
                                  std::optional<std::int64_t> chosen_clip_id,
                                  ModelKind chosen_model_kind, bool need_steps, int index);

}  // namespace mimic::session
