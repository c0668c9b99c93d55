#include "session/mastery.h"

#include <algorithm>
#include <set>
#include <utility>

namespace mimic::session {
namespace {

// "80 %" or "66.6 %": rounded down to a tenth, so a session below the bar never reads as
// reaching it.
std::string percentText(int independent, int trials) {
    if (trials <= 0) return "0 %";
    const long long tenths = 1000LL * independent / trials;
    std::string text = std::to_string(tenths / 10);
    // Appended piece by piece: GCC 12 at -O3 reports a false -Wrestrict for "." + a temporary.
    if (tenths % 10 != 0) text.append(1, '.').append(std::to_string(tenths % 10));
    return text.append(" %");
}

std::string trialsText(int n) {
    return std::to_string(n) + (n == 1 ? " trial" : " trials");
}

std::string sessionsText(int n) {
    return std::to_string(n) + (n == 1 ? " session" : " sessions");
}

std::string therapistsText(std::size_t n) {
    return std::to_string(n) + (n == 1 ? " therapist" : " therapists");
}

// Counts each session's trials under the criterion (cold probe, unscored trials).
std::vector<SessionAccuracy> countSessions(const MasteryCriterion& criterion,
                                           const std::vector<ProgramSessionTrials>& sessions) {
    std::vector<SessionAccuracy> counted;
    std::set<std::string> days_probed;
    for (const ProgramSessionTrials& session : sessions) {
        SessionAccuracy a;
        a.session_id = session.session_id;
        for (const Outcome outcome : session.outcomes) {
            if (outcome == Outcome::kNone) continue;
            if (criterion.cold_probe_only && !days_probed.insert(session.day).second) continue;
            ++a.trials;
            if (outcome == Outcome::kIndependent) ++a.independent;
        }
        a.counted = a.trials > 0 && a.trials >= criterion.min_trials;
        a.reached = a.counted && 100LL * a.independent >=
                                     static_cast<long long>(criterion.accuracy_pct) * a.trials;
        counted.push_back(a);
    }
    return counted;
}

}  // namespace

std::optional<Phase> phaseAfterMastery(Phase phase) {
    switch (phase) {
        case Phase::kIntervention:
            return Phase::kMaintenance;
        case Phase::kMaintenance:
            return Phase::kMastered;
        case Phase::kBaseline:
        case Phase::kMastered:
        case Phase::kGeneralization:
        case Phase::kNone:
            break;
    }
    return std::nullopt;
}

MasteryResult evaluateMastery(const MasteryCriterion& criterion, Phase phase,
                              const std::vector<ProgramSessionTrials>& sessions) {
    MasteryResult result;
    result.sessions = countSessions(criterion, sessions);
    const int k = std::max(criterion.consecutive_sessions, 1);
    const std::string minimum = "with at least " + trialsText(std::max(criterion.min_trials, 1));

    // The last K counted sessions, oldest first.
    std::vector<std::pair<const SessionAccuracy*, const ProgramSessionTrials*>> run;
    for (std::size_t i = result.sessions.size(); i-- > 0 && std::ssize(run) < k;)
        if (result.sessions[i].counted) run.emplace_back(&result.sessions[i], &sessions[i]);
    std::reverse(run.begin(), run.end());

    if (std::ssize(run) < k) {
        result.reason = "Not met: " + sessionsText(static_cast<int>(run.size())) + " " + minimum +
                        (criterion.cold_probe_only ? " (cold probes)" : "") + "; " +
                        std::to_string(k) + " needed.";
        return result;
    }
    for (auto it = run.rbegin(); it != run.rend(); ++it) {
        const SessionAccuracy& a = *it->first;
        if (a.reached) continue;
        result.reason = "Not met: session " + std::to_string(a.session_id) + " reached " +
                        percentText(a.independent, a.trials) + " (" +
                        std::to_string(a.independent) + " of " + trialsText(a.trials) +
                        " independent), below " + std::to_string(criterion.accuracy_pct) + " %.";
        return result;
    }
    std::set<std::int64_t> therapists;
    for (const auto& entry : run)
        if (entry.second->therapist_id) therapists.insert(*entry.second->therapist_id);
    if (std::ssize(therapists) < criterion.min_therapists) {
        result.reason = "Not met: the last " + sessionsText(k) + " " + minimum + " were run by " +
                        therapistsText(therapists.size()) + "; " +
                        std::to_string(criterion.min_therapists) + " needed.";
        return result;
    }

    result.met = true;
    std::string accuracies;
    for (const auto& entry : run) {
        if (!accuracies.empty()) accuracies += ", ";
        accuracies += percentText(entry.first->independent, entry.first->trials);
    }
    result.reason = "Met: the last " + sessionsText(k) + " " + minimum +
                    (criterion.cold_probe_only ? " (cold probes)" : "") + " reached " +
                    std::to_string(criterion.accuracy_pct) + " % (" + accuracies + "), run by " +
                    therapistsText(therapists.size()) + ".";
    result.proposed = phaseAfterMastery(phase);
    if (result.proposed) {
        result.reason += " Proposed: move from " + std::string(phaseName(phase)) + " to " +
                         std::string(phaseName(*result.proposed)) + ".";
    } else if (phase == Phase::kBaseline) {
        result.reason += " Moving from baseline to intervention is the therapist's choice.";
    }
    return result;
}

std::optional<PhaseChange> proposedPhaseChange(std::int64_t program_id, Phase phase,
                                               const MasteryResult& result,
                                               std::string changed_at) {
    if (!result.met || !result.proposed) return std::nullopt;
    return PhaseChange{program_id, phase, *result.proposed, std::move(changed_at), result.reason};
}

}  // namespace mimic::session
