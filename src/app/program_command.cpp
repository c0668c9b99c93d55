// mimic program add|set|list: a child's target behaviours with phase, prompt hierarchy,
// mastery criterion and reinforcement schedule (docs/clinical.md, "Program").
#include <nlohmann/json.hpp>

#include <cstdio>
#include <memory>
#include <sstream>

#include "app/cli.h"
#include "app/clinical_actions.h"
#include "app/data_context.h"
#include "app/record_lookup.h"
#include "common/names.h"
#include "store/clinical_repository.h"

namespace mimic::app {

namespace {

using nlohmann::json;

// The command line's settings: a ProgramChange (clinical_actions.h) with the prompt
// hierarchy as one comma-separated text.
struct ProgramOptions {
    std::filesystem::path data_dir;
    ProgramChange change;
    std::optional<std::string> prompts;  // comma-separated, most intrusive first
    bool json = false;
};

std::vector<std::string> splitList(const std::string& text) {
    std::vector<std::string> items;
    std::stringstream in(text);
    for (std::string item; std::getline(in, item, ',');) {
        const auto first = item.find_first_not_of(' ');
        const auto last = item.find_last_not_of(' ');
        items.push_back(first == std::string::npos ? "" : item.substr(first, last - first + 1));
    }
    return items;
}

json programJson(const store::Program& p) {
    const store::MasteryCriterion& m = p.record.mastery;
    return {{"id", p.id},
            {"child", p.child_code},
            {"behaviour", p.behaviour_name},
            {"phase", store::programPhaseName(p.record.phase)},
            {"prompt_hierarchy", p.record.prompt_hierarchy},
            {"mastery",
             {{"accuracy_pct", m.accuracy_pct},
              {"consecutive_sessions", m.consecutive_sessions},
              {"min_trials", m.min_trials},
              {"cold_probe_only", m.cold_probe_only},
              {"min_therapists", m.min_therapists}}},
            {"reinforcement",
             {{"schedule", store::reinforcementScheduleName(p.record.reinforcement)},
              {"ratio", p.record.reinforcement_ratio}}},
            {"created_at", p.created_at}};
}

// Adds or changes the program of the child and behaviour the options name.
Status runSave(const ProgramOptions& options, ProgramSave mode) {
    auto data = openDataContext(options.data_dir, IfMissing::kRefuse);
    if (!data) return data.error();
    ProgramChange change = options.change;
    if (options.prompts) change.prompt_hierarchy = splitList(*options.prompts);
    auto saved = saveProgram(data->db, change, mode);
    if (!saved) return saved.error();
    std::printf("program %lld: %s, %s\n", static_cast<long long>(saved->id), saved->name.c_str(),
                std::string(store::programPhaseName(saved->phase)).c_str());
    return {};
}

Status runList(const ProgramOptions& options) {
    auto data = openDataContext(options.data_dir, IfMissing::kRefuse);
    if (!data) return data.error();
    store::ClinicalRepository clinical(data->db);
    std::optional<std::int64_t> child_id;
    if (!options.change.child.empty()) {
        auto child = requireChild(clinical, options.change.child);
        if (!child) return child.error();
        child_id = child->id;
    }
    auto programs = clinical.listPrograms(child_id);
    if (!programs) return programs.error();
    json out = json::array();
    for (const auto& p : *programs) {
        if (options.json) {
            out.push_back(programJson(p));
            continue;
        }
        std::string prompts;
        for (const auto& level : p.record.prompt_hierarchy)
            prompts += (prompts.empty() ? "" : " > ") + level;
        std::printf("%lld  %s / %s  %s  mastery %d%% x%d sessions  %s  [%s]\n",
                    static_cast<long long>(p.id), printable(p.child_code).c_str(),
                    printable(p.behaviour_name).c_str(),
                    std::string(store::programPhaseName(p.record.phase)).c_str(),
                    p.record.mastery.accuracy_pct, p.record.mastery.consecutive_sessions,
                    std::string(store::reinforcementScheduleName(p.record.reinforcement)).c_str(),
                    prompts.c_str());
    }
    if (options.json) std::printf("%s\n", out.dump(2).c_str());
    return {};
}

void addSettings(CLI::App* command, ProgramOptions& options) {
    ProgramChange& o = options.change;
    command->add_option("child", o.child, "The child's code")->required();
    command->add_option("behaviour", o.behaviour, "The target behaviour")->required();
    command->add_option("--phase", o.phase,
                        "baseline, intervention, maintenance, mastered or generalization");
    command->add_option("--prompts", options.prompts,
                        "Prompt hierarchy, most intrusive first, comma-separated");
    command->add_option("--accuracy", o.accuracy_pct, "Mastery: accuracy %")
        ->check(CLI::Range(1, 100));
    command->add_option("--sessions", o.sessions, "Mastery: consecutive sessions")
        ->check(CLI::PositiveNumber);
    command->add_option("--min-trials", o.min_trials, "Mastery: minimum trials per session")
        ->check(CLI::PositiveNumber);
    command->add_option("--cold-probe", o.cold_probe,
                        "Mastery: cold-probe trials only (true/false)");
    command->add_option("--therapists", o.therapists, "Mastery: minimum different therapists")
        ->check(CLI::PositiveNumber);
    command->add_option("--reinforcement", o.reinforcement,
                        "continuous, fixed-ratio or variable-ratio");
    command->add_option("--ratio", o.ratio, "N of a fixed or variable ratio")
        ->check(CLI::PositiveNumber);
    command->add_option("--therapist", o.therapist,
                        "Who decided a change of phase (kept in the phase history)");
    command->add_option("--reason", o.reason, "Why the phase changes (kept in the phase history)");
}

}  // namespace

void addProgramCommand(Cli& cli) {
    auto options = std::make_shared<ProgramOptions>();
    CLI::App* program = cli.app.add_subcommand("program", "Each child's target programs");
    program->require_subcommand(1);
    CLI::App* add = program->add_subcommand("add",
                                            "Add a program (defaults: baseline, "
                                            "80% x3 sessions, continuous reinforcement)");
    addSettings(add, *options);
    CLI::App* set = program->add_subcommand("set", "Change a program's settings");
    addSettings(set, *options);
    CLI::App* list = program->add_subcommand("list", "List programs");
    list->add_option("child", options->change.child, "Only this child's");
    list->add_flag("--json", options->json, "Print as JSON");
    const auto wire = [&](CLI::App* command, auto run) {
        cli.addDataDirOption(command);
        command->callback([&cli, options, run] {
            options->data_dir = cli.dataDir();
            cli.status = run(*options);
        });
    };
    wire(add, [](const ProgramOptions& o) { return runSave(o, ProgramSave::kAdd); });
    wire(set, [](const ProgramOptions& o) { return runSave(o, ProgramSave::kChange); });
    wire(list, &runList);
}

}  // namespace mimic::app
