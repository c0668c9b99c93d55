// mimic progress --child C --behaviour B [--json]: the child's sessions of one behaviour with
// their scored trials and accuracy, the program's phase history, and whether its mastery
// criterion is met (docs/clinical.md, "Accuracy", "Mastery criterion", "Phase").
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <memory>

#include "app/cli.h"
#include "app/data_context.h"
#include "app/record_lookup.h"
#include "app/session_mapping.h"
#include "common/names.h"
#include "session/mastery.h"
#include "store/clinical_repository.h"
#include "store/session_repository.h"

namespace mimic::app {

namespace {

using nlohmann::json;

struct ProgressOptions {
    std::filesystem::path data_dir;
    std::string child;
    std::string behaviour;
    bool json = false;
};

// One session's scored trials of the behaviour (unscored ones are in no column: they count
// neither way, as in src/session's accuracy).
struct SessionLine {
    const store::BehaviourSession* session = nullptr;
    std::string date;
    store::ProgramPhase phase = store::ProgramPhase::kNone;  // kNone: not known
    int trials = 0;
    int independent = 0;
    int prompted = 0;
    int incorrect = 0;
    int no_response = 0;
};

// The phase the program was in when a session started: the last change at or before it. A
// session before the history begins has no known phase.
store::ProgramPhase phaseAt(const std::vector<store::PhaseChange>& history,
                            const std::string& started_at) {
    store::ProgramPhase phase = store::ProgramPhase::kNone;
    for (const auto& change : history) {
        if (change.record.changed_at > started_at) break;
        phase = change.record.to;
    }
    return phase;
}

SessionLine countSession(const store::BehaviourSession& session,
                         const std::vector<store::PhaseChange>& history) {
    SessionLine line;
    line.session = &session;
    line.date = localDay(session.started_at);
    line.phase = phaseAt(history, session.started_at);
    for (store::TrialOutcome outcome : session.outcomes) {
        switch (outcome) {
            case store::TrialOutcome::kIndependent:
                ++line.independent;
                break;
            case store::TrialOutcome::kPrompted:
                ++line.prompted;
                break;
            case store::TrialOutcome::kIncorrect:
                ++line.incorrect;
                break;
            case store::TrialOutcome::kNoResponse:
                ++line.no_response;
                break;
            case store::TrialOutcome::kNone:
                continue;
        }
        ++line.trials;
    }
    return line;
}

// Percent independent to one decimal; nullopt without scored trials.
std::optional<double> accuracy(const SessionLine& line) {
    if (line.trials == 0) return std::nullopt;
    return std::round(1000.0 * line.independent / line.trials) / 10.0;
}

json nameOrNull(std::string_view name) {
    return name.empty() ? json(nullptr) : json(std::string(name));
}

json progressJson(const ProgressOptions& options, const std::optional<store::Program>& program,
                  const std::vector<SessionLine>& lines,
                  const std::vector<store::PhaseChange>& history,
                  const std::optional<session::MasteryResult>& mastery) {
    json sessions = json::array();
    for (const SessionLine& line : lines) {
        const auto pct = accuracy(line);
        sessions.push_back({{"session", line.session->session_id},
                            {"date", line.date},
                            {"phase", nameOrNull(store::programPhaseName(line.phase))},
                            {"trials", line.trials},
                            {"independent", line.independent},
                            {"prompted", line.prompted},
                            {"incorrect", line.incorrect},
                            {"no_response", line.no_response},
                            {"accuracy", pct ? json(*pct) : json(nullptr)}});
    }
    json changes = json::array();
    for (const auto& change : history) {
        changes.push_back({{"from", nameOrNull(store::programPhaseName(change.record.from))},
                           {"to", store::programPhaseName(change.record.to)},
                           {"changed_at", change.record.changed_at},
                           {"therapist", change.therapist ? json(*change.therapist) : json()},
                           {"reason", change.record.reason}});
    }
    json out = {{"child", options.child},
                {"behaviour", options.behaviour},
                {"program", program ? json(program->id) : json()},
                {"phase", program ? json(store::programPhaseName(program->record.phase)) : json()},
                {"sessions", std::move(sessions)},
                {"phase_history", std::move(changes)}};
    if (mastery) {
        out["mastery"] = {
            {"met", mastery->met},
            {"proposed_phase",
             mastery->proposed ? json(session::phaseName(*mastery->proposed)) : json()},
            {"reason", mastery->reason}};
    } else {
        out["mastery"] = nullptr;
    }
    return out;
}

// "met: ..." or "not yet: ...", with the criterion's reason after its own "Met:"/"Not met:".
std::string masteryLine(const session::MasteryResult& mastery) {
    std::string reason = mastery.reason;
    for (std::string_view prefix : {"Met: ", "Not met: "}) {
        if (reason.starts_with(prefix)) reason.erase(0, prefix.size());
    }
    return (mastery.met ? "met: " : "not yet: ") + reason;
}

void printText(const ProgressOptions& options, const std::optional<store::Program>& program,
               const std::vector<SessionLine>& lines,
               const std::vector<store::PhaseChange>& history,
               const std::optional<session::MasteryResult>& mastery) {
    std::string heading =
        "progress of " + printable(options.child) + " / " + printable(options.behaviour);
    if (program) {
        heading += " (program " + std::to_string(program->id) + ", " +
                   std::string(store::programPhaseName(program->record.phase)) + ")";
    }
    std::printf("%s\n", heading.c_str());
    if (lines.empty()) {
        std::printf("no sessions yet\n");
    } else {
        std::printf("%8s  %-10s  %-14s  %6s  %5s  %6s  %6s  %6s  %8s\n", "session", "date", "phase",
                    "trials", "indep", "prompt", "incorr", "no-rsp", "accuracy");
    }
    for (const SessionLine& line : lines) {
        const auto pct = accuracy(line);
        const std::string phase(store::programPhaseName(line.phase));
        char accuracy_text[16] = "-";
        if (pct) std::snprintf(accuracy_text, sizeof accuracy_text, "%.1f%%", *pct);
        std::printf("%8lld  %-10s  %-14s  %6d  %5d  %6d  %6d  %6d  %8s\n",
                    static_cast<long long>(line.session->session_id), line.date.c_str(),
                    phase.empty() ? "-" : phase.c_str(), line.trials, line.independent,
                    line.prompted, line.incorrect, line.no_response, accuracy_text);
    }
    if (!history.empty()) std::printf("phase history:\n");
    for (const auto& change : history) {
        const std::string_view from = store::programPhaseName(change.record.from);
        std::string text = "  " + change.record.changed_at + "  " +
                           (from.empty() ? std::string("begins in") : std::string(from) + " ->") +
                           " " + std::string(store::programPhaseName(change.record.to));
        if (change.therapist) text += "  by " + printable(*change.therapist);
        if (!change.record.reason.empty()) text += "  (" + printable(change.record.reason) + ")";
        std::printf("%s\n", text.c_str());
    }
    if (mastery) {
        std::printf("%s\n", masteryLine(*mastery).c_str());
    } else {
        std::printf("not yet: no program for this behaviour (add one with `mimic program add`)\n");
    }
}

Status runProgress(const ProgressOptions& options) {
    auto data = openDataContext(options.data_dir, IfMissing::kRefuse);
    if (!data) return data.error();
    store::SessionRepository sessions(data->db);
    // One read transaction: the sessions, the history and the program agree with each other.
    auto tx = store::Transaction::begin(data->db.connection());
    if (!tx) return tx.error();
    auto found = lookUpProgram(data->db, options.child, options.behaviour);
    if (!found) return found.error();
    const std::optional<store::Program>& program = found->program;
    auto rows = sessions.behaviourSessions(found->child.id, found->behaviour.id);
    if (!rows) return rows.error();
    std::vector<store::PhaseChange> history;
    if (program) {
        auto phases = sessions.phaseHistory(program->id);
        if (!phases) return phases.error();
        history = std::move(*phases);
    }
    if (Status s = tx->commit(); !s) return s;

    std::vector<SessionLine> lines;
    for (const auto& row : *rows)
        lines.push_back(countSession(row, history));
    std::optional<session::MasteryResult> mastery;
    if (program) {
        mastery = session::evaluateMastery(toSession(program->record.mastery),
                                           toSession(program->record.phase),
                                           toProgramSessionTrials(*rows));
    }
    if (options.json) {
        std::printf("%s\n",
                    progressJson(options, program, lines, history, mastery).dump(2).c_str());
    } else {
        printText(options, program, lines, history, mastery);
    }
    return {};
}

}  // namespace

void addProgressCommand(Cli& cli) {
    auto options = std::make_shared<ProgressOptions>();
    CLI::App* progress = cli.app.add_subcommand(
        "progress", "A child's sessions of one behaviour: accuracy, phase history, mastery");
    progress->add_option("--child", options->child, "The child's code")->required();
    progress->add_option("--behaviour", options->behaviour, "The target behaviour")->required();
    progress->add_flag("--json", options->json, "Print as JSON");
    cli.addDataDirOption(progress);
    progress->callback([&cli, options] {
        options->data_dir = cli.dataDir();
        cli.status = runProgress(*options);
    });
}

}  // namespace mimic::app
