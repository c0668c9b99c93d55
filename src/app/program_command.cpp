// mimic program add|set|list: a child's target behaviours with phase, prompt hierarchy,
// mastery criterion and reinforcement schedule (docs/clinical.md, "Program").
#include <nlohmann/json.hpp>

#include <cstdio>
#include <memory>
#include <sstream>

#include "app/cli.h"
#include "app/data_context.h"
#include "app/record_lookup.h"
#include "common/clock.h"
#include "common/names.h"
#include "store/audit_log.h"
#include "store/clinical_repository.h"
#include "store/session_repository.h"

namespace mimic::app {

namespace {

using nlohmann::json;

// Every setting is optional: `add` starts from the defaults, `set` from the program as it is.
struct ProgramOptions {
    std::filesystem::path data_dir;
    std::string child;
    std::string behaviour;
    std::optional<std::string> phase;
    std::optional<std::string> prompts;  // comma-separated, most intrusive first
    std::optional<int> accuracy_pct;
    std::optional<int> sessions;
    std::optional<int> min_trials;
    std::optional<bool> cold_probe;
    std::optional<int> therapists;
    std::optional<std::string> reinforcement;
    std::optional<int> ratio;
    std::optional<std::string> therapist;  // who decided a change of phase
    std::string reason;                    // why, for the phase history
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

Status applyOptions(const ProgramOptions& o, store::ProgramRecord& program) {
    if (o.phase) {
        program.phase = store::parseProgramPhase(*o.phase);
        if (program.phase == store::ProgramPhase::kNone) {
            return Error{"unknown phase '" + *o.phase +
                         "' (use baseline, intervention, maintenance, mastered or "
                         "generalization)"};
        }
    }
    if (o.prompts) program.prompt_hierarchy = splitList(*o.prompts);
    if (o.accuracy_pct) program.mastery.accuracy_pct = *o.accuracy_pct;
    if (o.sessions) program.mastery.consecutive_sessions = *o.sessions;
    if (o.min_trials) program.mastery.min_trials = *o.min_trials;
    if (o.cold_probe) program.mastery.cold_probe_only = *o.cold_probe;
    if (o.therapists) program.mastery.min_therapists = *o.therapists;
    if (o.reinforcement) {
        program.reinforcement = store::parseReinforcementSchedule(*o.reinforcement);
        if (program.reinforcement == store::ReinforcementSchedule::kNone) {
            return Error{"unknown reinforcement schedule '" + *o.reinforcement +
                         "' (use continuous, fixed-ratio or variable-ratio)"};
        }
    }
    if (o.ratio) program.reinforcement_ratio = *o.ratio;
    return {};
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

Status recordPhaseChange(store::Database& db, store::ClinicalRepository& clinical,
                         const ProgramOptions& options, std::int64_t program_id,
                         store::ProgramPhase from, store::ProgramPhase to) {
    store::PhaseChangeRecord change{program_id,      from,         to,
                                    utcNowIso8601(), std::nullopt, options.reason};
    if (options.therapist) {
        auto therapist = clinical.findTherapist(*options.therapist);
        if (!therapist) return therapist.error();
        if (!*therapist) {
            return Error{"no therapist '" + *options.therapist +
                         "' (add them with `mimic therapist add`)"};
        }
        change.therapist_id = (*therapist)->id;
    }
    if (change.reason.empty() && from == store::ProgramPhase::kNone)
        change.reason = "program added";
    auto added = store::SessionRepository(db).addPhaseChange(change);
    if (!added) return added.error();
    return {};
}

// Adds (`create`) or changes the program of the child and behaviour the options name.
Status runSave(const ProgramOptions& options, bool create) {
    auto data = openDataContext(options.data_dir, IfMissing::kRefuse);
    if (!data) return data.error();
    store::ClinicalRepository clinical(data->db);
    auto tx = store::Transaction::begin(data->db.connection());
    if (!tx) return tx.error();
    auto found = lookUpProgram(data->db, options.child, options.behaviour);
    if (!found) return found.error();
    const std::optional<store::Program>& existing = found->program;
    const std::string name = options.child + " / " + options.behaviour;
    if (create && existing) return Error{"program " + name + " exists already (use `set`)"};
    if (!create && !existing) return Error{"no program " + name + " (add it with `add`)"};

    store::ProgramRecord program = create ? store::ProgramRecord{} : existing->record;
    program.child_id = found->child.id;
    program.behaviour_id = found->behaviour.id;
    if (Status s = applyOptions(options, program); !s) return s;
    std::int64_t id = 0;
    if (create) {
        auto added = clinical.addProgram(program);
        if (!added) return added.error();
        id = *added;
    } else {
        id = existing->id;
        if (Status s = clinical.updateProgram(id, program); !s) return s;
    }
    // Every phase a program enters goes into its history, with who decided it and why.
    const store::ProgramPhase before = create ? store::ProgramPhase::kNone : existing->record.phase;
    if (program.phase != before) {
        if (Status s = recordPhaseChange(data->db, clinical, options, id, before, program.phase);
            !s) {
            return s;
        }
    }
    if (Status s = store::AuditLog(data->db).record(auditActor(), create ? "add" : "change",
                                                    "program", id, name, found->child.id);
        !s) {
        return s;
    }
    if (Status s = tx->commit(); !s) return s;
    std::printf("program %lld: %s, %s\n", static_cast<long long>(id), name.c_str(),
                std::string(store::programPhaseName(program.phase)).c_str());
    return {};
}

Status runList(const ProgramOptions& options) {
    auto data = openDataContext(options.data_dir, IfMissing::kRefuse);
    if (!data) return data.error();
    store::ClinicalRepository clinical(data->db);
    std::optional<std::int64_t> child_id;
    if (!options.child.empty()) {
        auto child = requireChild(clinical, options.child);
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

void addSettings(CLI::App* command, ProgramOptions& o) {
    command->add_option("child", o.child, "The child's code")->required();
    command->add_option("behaviour", o.behaviour, "The target behaviour")->required();
    command->add_option("--phase", o.phase,
                        "baseline, intervention, maintenance, mastered or generalization");
    command->add_option("--prompts", o.prompts,
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
    list->add_option("child", options->child, "Only this child's");
    list->add_flag("--json", options->json, "Print as JSON");
    const auto wire = [&](CLI::App* command, auto run) {
        cli.addDataDirOption(command);
        command->callback([&cli, options, run] {
            options->data_dir = cli.dataDir();
            cli.status = run(*options);
        });
    };
    wire(add, [](const ProgramOptions& o) { return runSave(o, true); });
    wire(set, [](const ProgramOptions& o) { return runSave(o, false); });
    wire(list, &runList);
}

}  // namespace mimic::app
