#include "session/plan.h"

#include <algorithm>
#include <set>
#include <utility>

#include "common/names.h"

namespace mimic::session {
namespace {

// A model may be asked to play this many times before the turn cue; more is a mistake.
constexpr int kMaxModelViews = 10;

std::string behaviourText(const BehaviourClips& behaviour) {
    return "behaviour " + quotedPrintable(behaviour.name);
}

const BehaviourClips* findBehaviour(const PlanRequest& request, std::int64_t id) {
    for (const BehaviourClips& b : request.behaviours)
        if (b.behaviour_id == id) return &b;
    return nullptr;
}

const ClipInfo* findClip(const BehaviourClips& behaviour, std::int64_t id) {
    for (const ClipInfo& c : behaviour.clips)
        if (c.id == id) return &c;
    return nullptr;
}

Target targetFor(const BehaviourClips& behaviour, const ProgramInfo* program) {
    Target t;
    t.behaviour_id = behaviour.behaviour_id;
    t.behaviour_name = behaviour.name;
    t.prompt_hierarchy = kDefaultPromptHierarchy;
    if (!program) return t;
    t.program_id = program->id;
    t.phase = program->phase;
    t.prompt_hierarchy = program->prompt_hierarchy;
    t.reinforcement = program->reinforcement;
    t.fading = program->fading;
    t.model_views = program->model_views;
    t.last_failed_step = program->last_failed_step;
    t.last_prompt_level = program->last_prompt_level;
    return t;
}

Status checkTarget(const Target& t) {
    const std::string what = "the program for behaviour " + quotedPrintable(t.behaviour_name);
    if (t.prompt_hierarchy.empty()) return Error{what + " has an empty prompt hierarchy"};
    std::set<std::string> levels;
    for (const std::string& level : t.prompt_hierarchy)
        if (level.empty() || !levels.insert(level).second)
            return Error{what + " has an empty or repeated prompt level"};
    const ScheduleKind kind = t.reinforcement.kind;
    if ((kind == ScheduleKind::kFixedRatio || kind == ScheduleKind::kVariableRatio) &&
        t.reinforcement.ratio < 1)
        return Error{what + " has a reinforcement ratio below 1"};
    if (t.model_views < 1 || t.model_views > kMaxModelViews)
        return Error{what + " shows its model " + std::to_string(t.model_views) + " times; 1 to " +
                     std::to_string(kMaxModelViews) + " are possible"};
    if (t.fading.steps < 0 || t.fading.trim_ms < 0)
        return Error{what + " fades by a negative amount"};
    return okStatus();
}

Result<std::vector<Target>> chooseTargets(const PlanRequest& request) {
    std::vector<Target> targets;
    const auto programFor = [&](std::int64_t behaviour_id) -> const ProgramInfo* {
        for (const ProgramInfo& p : request.programs)
            if (p.behaviour_id == behaviour_id) return &p;
        return nullptr;
    };
    if (!request.named_behaviour_ids.empty()) {
        std::set<std::int64_t> named;
        for (const std::int64_t id : request.named_behaviour_ids) {
            const BehaviourClips* behaviour = findBehaviour(request, id);
            if (!behaviour) return Error{"there is no behaviour " + std::to_string(id)};
            if (!named.insert(id).second)
                return Error{behaviourText(*behaviour) + " is named twice"};
            targets.push_back(targetFor(*behaviour, programFor(id)));
        }
    } else {
        std::vector<const ProgramInfo*> programs;
        for (const ProgramInfo& p : request.programs)
            if (p.phase == Phase::kIntervention || p.phase == Phase::kMaintenance)
                programs.push_back(&p);
        std::sort(programs.begin(), programs.end(),
                  [](const ProgramInfo* a, const ProgramInfo* b) { return a->id < b->id; });
        for (const ProgramInfo* p : programs) {
            const BehaviourClips* behaviour = findBehaviour(request, p->behaviour_id);
            if (!behaviour)
                return Error{"the behaviour of program " + std::to_string(p->id) +
                             " was not given with its clips"};
            targets.push_back(targetFor(*behaviour, p));
        }
        if (targets.empty())
            return Error{
                "the child has no program in intervention or maintenance; name the "
                "behaviours to practise"};
    }
    for (const Target& t : targets)
        if (Status s = checkTarget(t); !s) return s.error();
    return targets;
}

// The steps of a clip in step order, checked.
Result<std::vector<StepSegment>> orderedSteps(const ClipInfo& clip) {
    std::vector<StepSegment> steps = clip.steps;
    std::sort(steps.begin(), steps.end(),
              [](const StepSegment& a, const StepSegment& b) { return a.step < b.step; });
    for (std::size_t i = 0; i < steps.size(); ++i) {
        const std::string what =
            "step " + std::to_string(steps[i].step) + " of clip " + std::to_string(clip.id);
        if (steps[i].step < 1 || (i > 0 && steps[i].step == steps[i - 1].step))
            return Error{what + " is numbered twice or below 1"};
        if (steps[i].out_ms <= steps[i].in_ms) return Error{what + " ends before it starts"};
    }
    return steps;
}

// The model rule of the step at `position` (from 0) of `count` steps under `fading`.
ModelRule stepRule(const Fading& fading, std::size_t position, std::size_t count) {
    const auto k = static_cast<std::size_t>(fading.steps);
    switch (fading.kind) {
        case FadingKind::kStartLater:
            return position < k ? ModelRule::kSkip : ModelRule::kShow;
        case FadingKind::kStopEarlier:
            return position + k >= count ? ModelRule::kSkip : ModelRule::kShow;
        case FadingKind::kReplayFailedStep:
            return ModelRule::kOnlyIfLastFailed;
        case FadingKind::kNone:
            break;
    }
    return ModelRule::kShow;
}

// One run of a target's clip: one trial for the whole clip, or one per step.
Result<std::vector<PlannedTrial>> planRun(std::size_t target_index, const Target& target,
                                          const ClipInfo& clip, bool video_prompting, int run) {
    std::vector<PlannedTrial> trials;
    PlannedTrial base;
    base.target = target_index;
    base.run = run;
    base.clip_id = clip.id;
    base.model.clip_id = clip.id;
    if (!video_prompting) {
        base.model.out_ms = clip.duration_ms;
        if (target.fading.kind == FadingKind::kStartLater) base.model.in_ms = target.fading.trim_ms;
        if (target.fading.kind == FadingKind::kStopEarlier)
            base.model.out_ms -= target.fading.trim_ms;
        if (base.model.out_ms <= base.model.in_ms)
            return Error{"clip " + std::to_string(clip.id) + " (" +
                         std::to_string(clip.duration_ms) + " ms) leaves no model after fading"};
        trials.push_back(base);
        return trials;
    }
    auto steps = orderedSteps(clip);
    if (!steps) return steps.error();
    for (std::size_t i = 0; i < steps->size(); ++i) {
        const StepSegment& s = (*steps)[i];
        PlannedTrial trial = base;
        trial.step = s.step;
        trial.model.in_ms = s.in_ms;
        trial.model.out_ms = s.out_ms;
        trial.model.step = s.step;
        trial.model.segment_id = s.segment_id;
        trial.model_rule = stepRule(target.fading, i, steps->size());
        trials.push_back(trial);
    }
    return trials;
}

}  // namespace

Result<std::int64_t> clipForTrial(const BehaviourClips& behaviour,
                                  std::optional<std::int64_t> chosen_clip_id,
                                  ModelKind chosen_model_kind, bool need_steps, int index) {
    if (chosen_clip_id) {
        const ClipInfo* clip = findClip(behaviour, *chosen_clip_id);
        const std::string what = "the chosen clip " + std::to_string(*chosen_clip_id);
        if (!clip) return Error{what + " is not a clip of " + behaviourText(behaviour)};
        if (clip->archived) return Error{what + " is archived"};
        if (need_steps && clip->steps.empty())
            return Error{what + " has no step segments for video prompting"};
        return clip->id;
    }
    std::vector<std::int64_t> ids;
    for (const ClipInfo& c : behaviour.clips) {
        if (c.archived) continue;
        if (chosen_model_kind != ModelKind::kNone && c.model_kind != chosen_model_kind) continue;
        if (need_steps && c.steps.empty()) continue;
        ids.push_back(c.id);
    }
    if (ids.empty()) {
        std::string which = "clip";
        if (chosen_model_kind != ModelKind::kNone)
            which = std::string(modelKindName(chosen_model_kind)) + " clip";
        if (need_steps) which += " with step segments";
        return Error{behaviourText(behaviour) + " has no " + which + " that is not archived"};
    }
    std::sort(ids.begin(), ids.end());
    return ids[static_cast<std::size_t>(std::max(index, 0)) % ids.size()];
}

Result<SessionPlan> buildPlan(const PlanRequest& request) {
    if (request.trials_per_target < 1 || request.trials_per_target > kMaxTrialsPerTarget)
        return Error{"trials per target must be 1 to " + std::to_string(kMaxTrialsPerTarget) +
                     ", not " + std::to_string(request.trials_per_target)};
    auto targets = chooseTargets(request);
    if (!targets) return targets.error();

    SessionPlan plan;
    plan.child_id = request.child_id;
    plan.therapist_id = request.therapist_id;
    plan.setting = request.setting;
    plan.seed = request.seed;
    // runs[t][r]: the trials of run r of target t.
    std::vector<std::vector<std::vector<PlannedTrial>>> runs(targets->size());
    for (std::size_t t = 0; t < targets->size(); ++t) {
        const Target& target = (*targets)[t];
        const BehaviourClips& behaviour = *findBehaviour(request, target.behaviour_id);
        const ProgramInfo* program = nullptr;
        for (const ProgramInfo& p : request.programs)
            if (target.program_id && p.id == *target.program_id) program = &p;
        const bool prompting = program && program->video_prompting;
        for (int r = 1; r <= request.trials_per_target; ++r) {
            auto clip_id = clipForTrial(behaviour, program ? program->chosen_clip_id : std::nullopt,
                                        program ? program->chosen_model_kind : ModelKind::kNone,
                                        prompting, behaviour.trials_so_far + r - 1);
            if (!clip_id) return clip_id.error();
            auto run = planRun(t, target, *findClip(behaviour, *clip_id), prompting, r);
            if (!run) return run.error();
            runs[t].push_back(std::move(*run));
        }
    }
    const auto append = [&](std::size_t t, int r) {
        const auto& run = runs[t][static_cast<std::size_t>(r)];
        plan.trials.insert(plan.trials.end(), run.begin(), run.end());
    };
    if (request.order == TrialOrder::kInterleaved) {
        for (int r = 0; r < request.trials_per_target; ++r)
            for (std::size_t t = 0; t < runs.size(); ++t)
                append(t, r);
    } else {
        for (std::size_t t = 0; t < runs.size(); ++t)
            for (int r = 0; r < request.trials_per_target; ++r)
                append(t, r);
    }
    plan.targets = std::move(*targets);
    return plan;
}

}  // namespace mimic::session
