// Plans for the session tests: behaviours with clips, programs, and a request around them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "session/plan.h"

namespace mimic::session::test {

inline ClipInfo clip(std::int64_t id, ModelKind kind = ModelKind::kPeer, bool archived = false,
                     std::int64_t duration_ms = 10000) {
    ClipInfo c;
    c.id = id;
    c.model_kind = kind;
    c.archived = archived;
    c.duration_ms = duration_ms;
    return c;
}

// A clip whose `steps` steps are 2 s each, segment ids 100 * clip id + step.
inline ClipInfo steppedClip(std::int64_t id, int steps) {
    ClipInfo c = clip(id);
    for (int k = 1; k <= steps; ++k)
        c.steps.push_back({100 * id + k, k, 2000 * (k - 1), 2000 * k, "step " + std::to_string(k)});
    return c;
}

inline BehaviourClips behaviour(std::int64_t id, std::vector<ClipInfo> clips,
                                int trials_so_far = 0) {
    return BehaviourClips{id, "behaviour-" + std::to_string(id), std::move(clips), trials_so_far};
}

inline ProgramInfo program(std::int64_t id, std::int64_t behaviour_id,
                           Phase phase = Phase::kIntervention) {
    ProgramInfo p;
    p.id = id;
    p.behaviour_id = behaviour_id;
    p.phase = phase;
    return p;
}

// One child's request: one program (id 1) for behaviour 10, whose clips are 1 and 2.
inline PlanRequest oneProgram(int trials = 1) {
    PlanRequest r;
    r.child_id = 7;
    r.therapist_id = 3;
    r.setting = Setting::kClinic;
    r.programs = {program(1, 10)};
    r.behaviours = {behaviour(10, {clip(1), clip(2)})};
    r.trials_per_target = trials;
    return r;
}

}  // namespace mimic::session::test
