// mimic progress --child C --behaviour B [--json]: the child's sessions of one behaviour with
// their scored trials and accuracy, the program's phase history, and whether its mastery
// criterion is met (docs/clinical.md, "Accuracy", "Mastery criterion", "Phase").
#include <nlohmann/json.hpp>

#include <cstdio>
#include <memory>

#include "app/cli.h"
#include "app/data_context.h"
#include "app/record_lookup.h"
#include "app/session_mapping.h"
#include "common/names.h"
#include "review/progress_series.h"
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

// One point of the series (review/progress_series.h: scored trials, accuracy, the phase
// then) and its day in the clinic's calendar.
struct SessionLine {
    const review::SessionPoint* point = nullptr;
    std::string date;
};

json nameOrNull(std::string_view name) {
    return name.empty() ? json(nullptr) : json(std::string(name));
}

json progressJson(const ProgressOptions& options, const std::optional<store::Program>& program,
                  const std::vector<SessionLine>& lines,
                  const std::vector<store::PhaseChange>& history,
                  const std::optional<session::MasteryResult>& mastery) {
    json sessions = json::array();
    for (const SessionLine& line : lines) {
        const review::SessionPoint& point = *line.point;
        sessions.push_back(
            {{"session", point.session_id},
             {"date", line.date},
             {"phase", nameOrNull(store::programPhaseName(point.phase))},
             {"trials", point.trials},
             {"independent", point.independent},
             {"prompted", point.prompted},
             {"incorrect", point.incorrect},
             {"no_response", point.no_response},
             {"accuracy", point.accuracy_pct ? json(*point.accuracy_pct) : json(nullptr)}});
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
        const review::SessionPoint& point = *line.point;
        const std::string phase(store::programPhaseName(point.phase));
        char accuracy_text[16] = "-";
        if (point.accuracy_pct)
            std::snprintf(accuracy_text, sizeof accuracy_text, "%.1f%%", *point.accuracy_pct);
        std::printf("%8lld  %-10s  %-14s  %6d  %5d  %6d  %6d  %6d  %8s\n",
                    static_cast<long long>(point.session_id), line.date.c_str(),
                    phase.empty() ? "-" : phase.c_str(), point.trials, point.independent,
                    point.prompted, point.incorrect, point.no_response, accuracy_text);
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
    auto data = openDataContext(options.data_dir, IfMissing::kRefuse, crypto::Role::kObserver);
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

    std::optional<store::MasteryCriterion> criterion;
    if (program) criterion = program->record.mastery;
    const review::ProgressSeries series = review::progressSeries(*rows, history, criterion);
    std::vector<SessionLine> lines;
    for (const review::SessionPoint& point : series.points)
        lines.push_back({&point, localDay(point.started_at)});
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
