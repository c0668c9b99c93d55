#include "exchange/boris_trials.h"

#include <algorithm>
#include <map>
#include <set>

#include "review/coding.h"

namespace mimic::exchange {

std::string borisObservationId(std::int64_t trial_id, std::string_view coder) {
    std::string id = "trial-" + std::to_string(trial_id);
    if (!coder.empty()) id.append("-").append(coder);
    return id;
}

namespace {

// BORIS pairs a state's rows in time order, so one coder's states of one code must not
// overlap (touching is fine: the stop row comes first).
Status checkStatesApart(const BorisTrial& t) {
    std::map<std::pair<std::string, std::string>,
             std::vector<std::pair<std::int64_t, std::int64_t>>>
        states;
    for (const store::CodedEvent& e : t.events) {
        if (e.record.stop_ms)
            states[{e.record.coder, e.code}].push_back({e.record.start_ms, *e.record.stop_ms});
    }
    for (auto& [key, spans] : states) {
        std::sort(spans.begin(), spans.end());
        for (std::size_t i = 1; i < spans.size(); ++i) {
            if (spans[i].first < spans[i - 1].second) {
                return Error{"trial " + std::to_string(t.trial.trial_id) + ": " + key.first +
                             "'s states of \"" + key.second +
                             "\" overlap, which a BORIS observation cannot hold"};
            }
        }
    }
    return {};
}

}  // namespace

Result<BorisProject> borisProjectOf(const std::vector<BorisTrial>& trials, std::string name) {
    BorisProject project;
    project.name = std::move(name);
    for (const BorisTrial& t : trials) {
        if (std::find(project.subjects.begin(), project.subjects.end(), t.child) ==
            project.subjects.end())
            project.subjects.push_back(t.child);
        for (const store::Code& code : t.scheme) {
            const bool state = code.record.kind == store::CodeKind::kState;
            if (const BorisBehaviour* known = findBorisBehaviour(project, code.record.name)) {
                if (known->state != state) {
                    return Error{"code \"" + code.record.name +
                                 "\" is a point in one behaviour and a state in another: export "
                                 "their trials to separate files"};
                }
                continue;
            }
            project.behaviours.push_back({code.record.name, state, code.record.key.value_or(""), "",
                                          t.trial.behaviour_name, code.record.modifiers});
        }
        BorisMedia model{t.trial.clip_path, 0.0, 0.0, true, true, 0.0};
        std::vector<BorisMedia> players{model};
        if (t.trial.recording_path) {
            players.push_back({*t.trial.recording_path, 0.0, 0.0, true, true,
                               static_cast<double>(t.trial.offset_us) / 1e6});
        }
        if (Status s = checkStatesApart(t); !s) return s.error();
        std::map<std::string, BorisObservation> by_coder;
        for (const store::CodedEvent& e : t.events) {
            BorisObservation& o = by_coder[e.record.coder];
            o.events.push_back({e.record.start_ms, t.child, e.code, e.record.modifier, ""});
            if (e.record.stop_ms) {
                o.events.push_back({*e.record.stop_ms, t.child, e.code, e.record.modifier, ""});
            }
        }
        if (by_coder.empty()) by_coder[""];
        for (auto& [coder, o] : by_coder) {
            o.id = borisObservationId(t.trial.trial_id, coder);
            o.date = t.date;
            o.description = "mimic trial " + std::to_string(t.trial.trial_id) + " of " + t.child +
                            ", " + t.trial.behaviour_name +
                            (coder.empty() ? "" : ", coded by " + coder);
            o.players = players;
            std::stable_sort(
                o.events.begin(), o.events.end(),
                [](const BorisEvent& a, const BorisEvent& b) { return a.time_ms < b.time_ms; });
            project.observations.push_back(std::move(o));
        }
    }
    return project;
}

Result<std::vector<ImportedCode>> borisCodesOf(const BorisProject& project, std::string_view id,
                                               const std::vector<store::Code>& scheme) {
    auto observation = borisObservation(project, id);
    if (!observation) return observation.error();
    std::set<std::string> subjects;
    std::vector<ImportedCode> codes;
    for (const review::ObservedEvent& e : observation->events) {
        subjects.insert(e.subject);
        const auto code = std::find_if(scheme.begin(), scheme.end(), [&](const store::Code& c) {
            return c.record.name == e.code;
        });
        if (code == scheme.end()) {
            return Error{"observation \"" + std::string(id) + "\" has events of \"" + e.code +
                         "\", which the trial's scheme does not have (add it with `mimic code "
                         "scheme add`)"};
        }
        std::optional<std::int64_t> stop;
        if (e.state) stop = e.stop_ms;
        if (Status s = review::checkEvent(*code, e.start_ms, stop, e.modifiers); !s) {
            return Error{"observation \"" + std::string(id) + "\", \"" + e.code + "\" at " +
                         std::to_string(e.start_ms) + " ms: " + s.error().message};
        }
        codes.push_back({e.code, e.start_ms, stop, e.modifiers});
    }
    if (subjects.size() > 1) {
        return Error{"observation \"" + std::string(id) +
                     "\" has events of several subjects; a trial has one child"};
    }
    return codes;
}

}  // namespace mimic::exchange
