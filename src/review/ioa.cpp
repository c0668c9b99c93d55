#include "review/ioa.h"

#include <algorithm>
#include <optional>

#include "review/progress_series.h"

namespace mimic::review {

namespace {

// One session of the program, from its trials.
struct SessionCoverage {
    std::int64_t session_id = 0;
    std::string started_at;
    store::ProgramPhase phase = store::ProgramPhase::kNone;
    bool observed = false;
    bool done = false;
    std::optional<std::int64_t> first_recorded_trial;
};

std::vector<SessionCoverage> sessionsOf(const std::vector<store::ProgramTrial>& trials,
                                        const std::vector<store::PhaseChange>& history) {
    std::vector<SessionCoverage> sessions;
    for (const store::ProgramTrial& trial : trials) {
        if (sessions.empty() || sessions.back().session_id != trial.session_id) {
            sessions.push_back({trial.session_id,
                                trial.session_started_at,
                                phaseAt(history, trial.session_started_at),
                                false,
                                false,
                                {}});
        }
        SessionCoverage& session = sessions.back();
        if (trial.second_observer) {
            session.observed = true;
            session.done = session.done || trial.observer_done;
        }
        if (trial.has_recording && !session.first_recorded_trial) {
            session.first_recorded_trial = trial.trial_id;
        }
    }
    return sessions;
}

}  // namespace

std::vector<std::size_t> spreadEvenly(std::size_t k, std::size_t m) {
    std::vector<std::size_t> positions;
    for (std::size_t i = 0; i < k; ++i)
        positions.push_back((2 * i + 1) * m / (2 * k));
    return positions;
}

std::vector<PhaseIoa> phaseIoa(const std::vector<store::ProgramTrial>& trials,
                               const std::vector<store::PhaseChange>& history, int goal_pct) {
    const std::vector<SessionCoverage> sessions = sessionsOf(trials, history);
    std::vector<store::ProgramPhase> order;
    for (const SessionCoverage& session : sessions) {
        if (std::find(order.begin(), order.end(), session.phase) == order.end())
            order.push_back(session.phase);
    }
    std::vector<PhaseIoa> phases;
    for (store::ProgramPhase phase : order) {
        PhaseIoa ioa;
        ioa.phase = phase;
        std::vector<const SessionCoverage*> candidates;
        for (const SessionCoverage& session : sessions) {
            if (session.phase != phase) continue;
            ++ioa.sessions;
            if (session.observed) {
                ++ioa.observed;
                if (session.done) ++ioa.done;
            } else if (session.first_recorded_trial) {
                candidates.push_back(&session);
            }
        }
        ioa.percent = ioa.sessions == 0 ? 0.0 : 100.0 * ioa.observed / ioa.sessions;
        // In whole numbers, so 1 of 5 sessions meets 20 % exactly.
        const int goal_sessions = (goal_pct * ioa.sessions + 99) / 100;
        ioa.needed = std::max(0, goal_sessions - ioa.observed);
        ioa.met = ioa.needed == 0;
        const std::size_t k = std::min<std::size_t>(ioa.needed, candidates.size());
        for (std::size_t at : spreadEvenly(k, candidates.size())) {
            const SessionCoverage& pick = *candidates[at];
            ioa.picks.push_back({pick.session_id, pick.started_at, *pick.first_recorded_trial});
        }
        phases.push_back(std::move(ioa));
    }
    return phases;
}

}  // namespace mimic::review
