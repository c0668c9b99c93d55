#include "app/session_mapping.h"

#include <cstdio>
#include <ctime>

namespace mimic::app {

namespace {

// The two modules mirror each enum by name and order (session/clinical.h); these checks make
// a change on one side without the other a build error, so the casts below stay right.
template <auto A, auto B>
constexpr bool same = static_cast<int>(A) == static_cast<int>(B);

static_assert(same<store::ProgramPhase::kNone, session::Phase::kNone> &&
              same<store::ProgramPhase::kBaseline, session::Phase::kBaseline> &&
              same<store::ProgramPhase::kIntervention, session::Phase::kIntervention> &&
              same<store::ProgramPhase::kMaintenance, session::Phase::kMaintenance> &&
              same<store::ProgramPhase::kMastered, session::Phase::kMastered> &&
              same<store::ProgramPhase::kGeneralization, session::Phase::kGeneralization>);
static_assert(same<store::TrialOutcome::kNone, session::Outcome::kNone> &&
              same<store::TrialOutcome::kIndependent, session::Outcome::kIndependent> &&
              same<store::TrialOutcome::kPrompted, session::Outcome::kPrompted> &&
              same<store::TrialOutcome::kIncorrect, session::Outcome::kIncorrect> &&
              same<store::TrialOutcome::kNoResponse, session::Outcome::kNoResponse>);
static_assert(same<store::SessionSetting::kNone, session::Setting::kNone> &&
              same<store::SessionSetting::kClinic, session::Setting::kClinic> &&
              same<store::SessionSetting::kHome, session::Setting::kHome> &&
              same<store::SessionSetting::kSchool, session::Setting::kSchool>);
static_assert(same<store::ModelKind::kNone, session::ModelKind::kNone> &&
              same<store::ModelKind::kPeer, session::ModelKind::kPeer> &&
              same<store::ModelKind::kAdult, session::ModelKind::kAdult> &&
              same<store::ModelKind::kSelf, session::ModelKind::kSelf> &&
              same<store::ModelKind::kPointOfView, session::ModelKind::kPointOfView>);
static_assert(
    same<store::ReinforcementSchedule::kNone, session::ScheduleKind::kNone> &&
    same<store::ReinforcementSchedule::kContinuous, session::ScheduleKind::kContinuous> &&
    same<store::ReinforcementSchedule::kFixedRatio, session::ScheduleKind::kFixedRatio> &&
    same<store::ReinforcementSchedule::kVariableRatio, session::ScheduleKind::kVariableRatio>);
static_assert(same<store::FadingKind::kNone, session::FadingKind::kNone> &&
              same<store::FadingKind::kStartLater, session::FadingKind::kStartLater> &&
              same<store::FadingKind::kStopEarlier, session::FadingKind::kStopEarlier> &&
              same<store::FadingKind::kReplayFailedStep, session::FadingKind::kReplayFailedStep>);

}  // namespace

session::Phase toSession(store::ProgramPhase phase) {
    return static_cast<session::Phase>(phase);
}
store::ProgramPhase toStore(session::Phase phase) {
    return static_cast<store::ProgramPhase>(phase);
}
session::Outcome toSession(store::TrialOutcome outcome) {
    return static_cast<session::Outcome>(outcome);
}
store::TrialOutcome toStore(session::Outcome outcome) {
    return static_cast<store::TrialOutcome>(outcome);
}
session::Setting toSession(store::SessionSetting setting) {
    return static_cast<session::Setting>(setting);
}
store::SessionSetting toStore(session::Setting setting) {
    return static_cast<store::SessionSetting>(setting);
}
session::ModelKind toSession(store::ModelKind kind) {
    return static_cast<session::ModelKind>(kind);
}

session::MasteryCriterion toSession(const store::MasteryCriterion& criterion) {
    return {criterion.accuracy_pct, criterion.consecutive_sessions, criterion.min_trials,
            criterion.cold_probe_only, criterion.min_therapists};
}

session::ProgramInfo toProgramInfo(const store::Program& program) {
    const store::ProgramRecord& r = program.record;
    session::ProgramInfo info;
    info.id = program.id;
    info.behaviour_id = r.behaviour_id;
    info.phase = toSession(r.phase);
    info.prompt_hierarchy = r.prompt_hierarchy;
    info.mastery = toSession(r.mastery);
    info.reinforcement = {static_cast<session::ScheduleKind>(r.reinforcement),
                          r.reinforcement_ratio};
    info.chosen_clip_id = r.chosen_clip_id;
    info.chosen_model_kind = toSession(r.chosen_model_kind);
    info.video_prompting = r.video_prompting;
    info.fading = {static_cast<session::FadingKind>(r.fading), r.fading_steps, r.fading_trim_ms};
    info.model_views = r.model_views;
    info.last_failed_step = r.last_failed_step;
    info.last_prompt_level = r.last_prompt_level;
    return info;
}

std::string localDay(const std::string& iso) {
    std::tm utc{};
    if (std::sscanf(iso.c_str(), "%d-%d-%dT%d:%d:%d", &utc.tm_year, &utc.tm_mon, &utc.tm_mday,
                    &utc.tm_hour, &utc.tm_min, &utc.tm_sec) != 6) {
        return iso.substr(0, 10);
    }
    utc.tm_year -= 1900;
    utc.tm_mon -= 1;
    const std::time_t t = timegm(&utc);
    std::tm local{};
    char day[16] = {};
    if (localtime_r(&t, &local) == nullptr || std::strftime(day, sizeof day, "%F", &local) == 0) {
        return iso.substr(0, 10);
    }
    return day;
}

std::vector<session::ProgramSessionTrials> toProgramSessionTrials(
    const std::vector<store::BehaviourSession>& sessions) {
    std::vector<session::ProgramSessionTrials> out;
    for (const store::BehaviourSession& row : sessions) {
        session::ProgramSessionTrials& t = out.emplace_back();
        t.session_id = row.session_id;
        t.day = localDay(row.started_at);
        t.therapist_id = row.therapist_id;
        for (store::TrialOutcome outcome : row.outcomes)
            t.outcomes.push_back(toSession(outcome));
    }
    return out;
}

}  // namespace mimic::app
