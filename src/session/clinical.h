// The therapy's words as plain types for the session module (docs/clinical.md): phases,
// settings, model kinds, outcomes, reinforcement schedules, mastery criteria, fading, and
// the prompt hierarchy helpers the scoring keys use.
//
// These mirror the enums of store/clinical_repository.h and store/library_repository.h by
// name (the session module may not use the store); the app layer maps one to the other. One
// word the store does not have yet: Outcome::kIncorrect.
//
// Threads: any; everything here is a value or a pure function.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mimic::session {

// Where a program is in its course.
enum class Phase { kNone = 0, kBaseline, kIntervention, kMaintenance, kMastered, kGeneralization };
// "baseline", "intervention", "maintenance", "mastered", "generalization"; "" for kNone.
std::string_view phaseName(Phase phase);

// Where the session takes place.
enum class Setting { kNone = 0, kClinic, kHome, kSchool };
std::string_view settingName(Setting setting);  // "clinic", "home", "school"; "" for kNone

// Who performs the behaviour in a clip.
enum class ModelKind { kNone = 0, kPeer, kAdult, kSelf, kPointOfView };
std::string_view modelKindName(ModelKind kind);  // "peer", "adult", "self", "point-of-view"

// How a trial went. kIndependent is the only correct response without help; a prompted
// trial needed help at some level of the program's hierarchy; kIncorrect is an attempt that
// was wrong; kNoResponse means the child did not try. kNone: not scored.
enum class Outcome { kNone = 0, kIndependent, kPrompted, kIncorrect, kNoResponse };
// "independent", "prompted", "incorrect", "no-response"; "" for kNone.
std::string_view outcomeName(Outcome outcome);

// Which correct responses earn reinforcement (reinforcement.h says exactly how).
enum class ScheduleKind { kNone = 0, kContinuous, kFixedRatio, kVariableRatio };
std::string_view scheduleKindName(ScheduleKind kind);  // "continuous", "fixed-ratio", ...

struct ReinforcementSchedule {
    ScheduleKind kind = ScheduleKind::kContinuous;
    int ratio = 1;  // N of fixed or variable ratio, >= 1; ignored for continuous
};

// The rule that says a program's skill is learned; every part is a setting of the program
// (mastery.h applies it).
struct MasteryCriterion {
    int accuracy_pct = 80;         // 0..100: a session's accuracy must reach this
    int consecutive_sessions = 3;  // K: in each of the last K counted sessions
    int min_trials = 1;            // a session with fewer counted trials is not counted
    bool cold_probe_only = false;  // only each day's first trial counts
    int min_therapists = 1;        // the K sessions were run by at least this many people
};

// How the model is faded for a program as the child improves (plan.h applies it):
// - kStartLater: on a clip with step segments, the first `steps` steps are practised without
//   their model; on a whole clip, the model starts `trim_ms` later.
// - kStopEarlier: the last `steps` steps are practised without their model; a whole clip
//   stops `trim_ms` before its end.
// - kReplayFailedStep: on a clip with steps, only the step last failed (scored anything but
//   independent) plays its model; the other steps start at the turn cue. Which step that is
//   comes from the program's history and then from this session's scores. A whole clip has
//   no step to single out and is shown whole.
enum class FadingKind { kNone = 0, kStartLater, kStopEarlier, kReplayFailedStep };
std::string_view fadingKindName(FadingKind kind);  // "start-later", ...; "" for kNone

struct Fading {
    FadingKind kind = FadingKind::kNone;
    int steps = 0;             // kStartLater, kStopEarlier on a clip with steps
    std::int64_t trim_ms = 0;  // kStartLater, kStopEarlier on a whole clip
};

// The default prompt hierarchy, most intrusive first (as store::kDefaultPromptHierarchy).
inline const std::vector<std::string> kDefaultPromptHierarchy{"full physical", "partial physical",
                                                              "model", "verbal", "gestural"};

// Prompt hierarchies are ordered as the store keeps them: position 1 (index 0) is the most
// intrusive. Teaching fades from most to least help, so "the next level down" is the next
// less intrusive level: the one after `last` in the list.
//
// The level the scoring key Enter takes: the level after `last`; `last` itself when it is
// already the least intrusive; the most intrusive level when there is no `last` or it is not
// in the hierarchy (the hierarchy changed). nullopt only for an empty hierarchy.
std::optional<std::string> nextLevelDown(const std::vector<std::string>& hierarchy,
                                         const std::optional<std::string>& last);

// The level the scoring keys 1..n pick: `number` counts from 1, the most intrusive.
// nullopt when there is no such level.
std::optional<std::string> levelByNumber(const std::vector<std::string>& hierarchy, int number);

}  // namespace mimic::session
