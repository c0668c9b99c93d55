// mimic therapist add|list: the people who run sessions and score trials.
#include <nlohmann/json.hpp>

#include <cstdio>
#include <memory>

#include "app/cli.h"
#include "app/clinical_actions.h"
#include "app/data_context.h"
#include "common/names.h"
#include "store/clinical_repository.h"

namespace mimic::app {

namespace {

struct TherapistOptions {
    std::filesystem::path data_dir;
    std::string name;
    bool json = false;
};

Status runAdd(const TherapistOptions& options) {
    auto data = openDataContext(options.data_dir, IfMissing::kCreate);
    if (!data) return data.error();
    auto id = addTherapist(data->db, options.name);
    if (!id) return id.error();
    std::printf("therapist %lld: %s\n", static_cast<long long>(*id), options.name.c_str());
    return {};
}

Status runList(const TherapistOptions& options) {
    auto data = openDataContext(options.data_dir, IfMissing::kRefuse);
    if (!data) return data.error();
    auto therapists = store::ClinicalRepository(data->db).listTherapists();
    if (!therapists) return therapists.error();
    nlohmann::json out = nlohmann::json::array();
    for (const auto& t : *therapists) {
        if (options.json) {
            out.push_back({{"id", t.id}, {"name", t.name}, {"created_at", t.created_at}});
        } else {
            std::printf("%lld  %s\n", static_cast<long long>(t.id), printable(t.name).c_str());
        }
    }
    if (options.json) std::printf("%s\n", out.dump(2).c_str());
    return {};
}

}  // namespace

void addTherapistCommand(Cli& cli) {
    auto options = std::make_shared<TherapistOptions>();
    CLI::App* therapist = cli.app.add_subcommand("therapist", "Therapists");
    therapist->require_subcommand(1);
    CLI::App* add = therapist->add_subcommand("add", "Add a therapist");
    add->add_option("name", options->name, "Unique name")->required();
    CLI::App* list = therapist->add_subcommand("list", "List the therapists");
    list->add_flag("--json", options->json, "Print as JSON");
    for (auto [command, run] : {std::pair{add, &runAdd}, std::pair{list, &runList}}) {
        cli.addDataDirOption(command);
        command->callback([&cli, options, run = run] {
            options->data_dir = cli.dataDir();
            cli.status = run(*options);
        });
    }
}

}  // namespace mimic::app
