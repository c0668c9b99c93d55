// mimic ioa --child C [--json]: per program and phase, the share of the child's sessions with
// a blind second observer against the goal, and which trials to give one next (review/ioa.h;
// docs/review.md, "IOA"). The Children tab shows the same (app/review_views.h).
#include <nlohmann/json.hpp>

#include <cstdio>
#include <memory>

#include "app/cli.h"
#include "app/data_context.h"
#include "app/record_lookup.h"
#include "app/review_views.h"
#include "app/session_mapping.h"
#include "common/names.h"
#include "ui/ioa_view.h"

namespace mimic::app {

namespace {

using nlohmann::json;

struct IoaOptions {
    std::filesystem::path data_dir;
    std::string child;
    bool json = false;
};

json phaseJson(const review::PhaseIoa& phase) {
    json picks = json::array();
    for (const review::IoaPick& pick : phase.picks) {
        picks.push_back({{"trial", pick.trial_id},
                         {"session", pick.session_id},
                         {"date", localDay(pick.session_started_at)}});
    }
    const std::string_view name = store::programPhaseName(phase.phase);
    return {{"phase", name.empty() ? json(nullptr) : json(std::string(name))},
            {"sessions", phase.sessions},
            {"observed", phase.observed},
            {"done", phase.done},
            {"percent", phase.percent},
            {"met", phase.met},
            {"needed", phase.needed},
            {"picks", std::move(picks)}};
}

Status runIoa(const IoaOptions& options) {
    auto data = openDataContext(options.data_dir, IfMissing::kRefuse, crypto::Role::kObserver);
    if (!data) return data.error();
    store::ClinicalRepository clinical(data->db);
    auto child = requireChild(clinical, options.child);
    if (!child) return child.error();
    auto programs = loadChildIoa(data->db, child->id);
    if (!programs) return programs.error();
    if (options.json) {
        json out_programs = json::array();
        for (const review::ProgramIoa& program : *programs) {
            json phases = json::array();
            for (const review::PhaseIoa& phase : program.phases)
                phases.push_back(phaseJson(phase));
            out_programs.push_back({{"behaviour", program.behaviour}, {"phases", phases}});
        }
        const json out = {{"child", options.child},
                          {"goal_pct", review::kIoaGoalPct},
                          {"programs", out_programs}};
        std::printf("%s\n", out.dump(2).c_str());
        return {};
    }
    std::printf(
        "second observers of %s (goal: %d %% of sessions per phase; picks spread evenly "
        "over the phase)\n",
        printable(options.child).c_str(), review::kIoaGoalPct);
    if (programs->empty()) std::printf("no programs yet\n");
    for (const review::ProgramIoa& program : *programs) {
        std::printf("%s\n", printable(program.behaviour).c_str());
        if (program.phases.empty()) std::printf("  no sessions yet\n");
        for (const review::PhaseIoa& phase : program.phases) {
            std::printf("  %s\n", ui::ioaPhaseLine(phase, review::kIoaGoalPct).c_str());
            for (const review::IoaPick& pick : phase.picks)
                std::printf("    %s\n", ui::ioaPickLine(pick).c_str());
        }
    }
    return {};
}

}  // namespace

void addIoaCommand(Cli& cli) {
    auto options = std::make_shared<IoaOptions>();
    CLI::App* ioa = cli.app.add_subcommand(
        "ioa", "Second observers per program and phase: the share of sessions, what to pick next");
    ioa->add_option("--child", options->child, "The child's code")->required();
    ioa->add_flag("--json", options->json, "Print as JSON");
    cli.addDataDirOption(ioa);
    ioa->callback([&cli, options] {
        options->data_dir = cli.dataDir();
        cli.status = runIoa(*options);
    });
}

}  // namespace mimic::app
