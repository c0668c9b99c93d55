#include "review/progress_series.h"

#include <cmath>

namespace mimic::review {

namespace {

SessionPoint pointOf(const store::BehaviourSession& session,
                     const std::vector<store::PhaseChange>& history) {
    SessionPoint point;
    point.session_id = session.session_id;
    point.started_at = session.started_at;
    point.phase = phaseAt(history, session.started_at);
    for (store::TrialOutcome outcome : session.outcomes) {
        switch (outcome) {
            case store::TrialOutcome::kIndependent:
                ++point.independent;
                break;
            case store::TrialOutcome::kPrompted:
                ++point.prompted;
                break;
            case store::TrialOutcome::kIncorrect:
                ++point.incorrect;
                break;
            case store::TrialOutcome::kNoResponse:
                ++point.no_response;
                break;
            case store::TrialOutcome::kNone:
                continue;
        }
        ++point.trials;
    }
    if (point.trials > 0) {
        point.accuracy_pct = std::round(1000.0 * point.independent / point.trials) / 10.0;
    }
    return point;
}

}  // namespace

store::ProgramPhase phaseAt(const std::vector<store::PhaseChange>& history, const std::string& at) {
    store::ProgramPhase phase = store::ProgramPhase::kNone;
    for (const auto& change : history) {
        if (change.record.changed_at > at) break;
        phase = change.record.to;
    }
    return phase;
}

ProgressSeries progressSeries(const std::vector<store::BehaviourSession>& sessions,
                              const std::vector<store::PhaseChange>& history,
                              const std::optional<store::MasteryCriterion>& mastery) {
    ProgressSeries series;
    for (const auto& session : sessions)
        series.points.push_back(pointOf(session, history));
    for (const auto& change : history) {
        if (change.record.from == store::ProgramPhase::kNone) continue;  // where it began
        // A change at a session's start applies to that session (phaseAt): the line goes
        // before it.
        std::size_t before = 0;
        while (before < series.points.size() &&
               series.points[before].started_at < change.record.changed_at) {
            ++before;
        }
        series.phase_lines.push_back(
            {before, change.record.changed_at, change.record.from, change.record.to});
    }
    if (mastery) series.goal_pct = mastery->accuracy_pct;
    return series;
}

}  // namespace mimic::review
