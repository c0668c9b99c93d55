// mimic behaviour add|list|edit: the target behaviours of the library.
#include <nlohmann/json.hpp>

#include <cstdio>
#include <memory>

#include "app/cli.h"
#include "app/data_context.h"
#include "app/record_lookup.h"
#include "common/names.h"
#include "store/audit_log.h"
#include "store/library_repository.h"

namespace mimic::app {

namespace {

struct BehaviourOptions {
    std::filesystem::path data_dir;
    std::string name;
    std::optional<std::string> new_name;
    std::optional<std::string> domain;
    std::optional<std::string> definition;
    bool json = false;
};

Status runAdd(const BehaviourOptions& options) {
    auto data = openDataContext(options.data_dir, IfMissing::kCreate);
    if (!data) return data.error();
    store::LibraryRepository library(data->db);
    auto tx = store::Transaction::begin(data->db.connection());
    if (!tx) return tx.error();
    auto existing = library.findBehaviour(options.name);
    if (!existing) return existing.error();
    if (*existing) {
        return Error{"behaviour '" + options.name + "' exists already (change it with `mimic " +
                     "behaviour edit`)"};
    }
    auto id = library.upsertBehaviour(options.name, options.domain.value_or(""),
                                      options.definition.value_or(""));
    if (!id) return id.error();
    if (Status s =
            store::AuditLog(data->db).record(auditActor(), "add", "behaviour", *id, options.name);
        !s) {
        return s;
    }
    if (Status s = tx->commit(); !s) return s;
    std::printf("behaviour %lld: %s\n", static_cast<long long>(*id), options.name.c_str());
    return {};
}

Status runList(const BehaviourOptions& options) {
    auto data = openDataContext(options.data_dir, IfMissing::kRefuse);
    if (!data) return data.error();
    auto behaviours = store::LibraryRepository(data->db).listBehaviours();
    if (!behaviours) return behaviours.error();
    if (options.json) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& b : *behaviours) {
            out.push_back({{"id", b.id},
                           {"name", b.name},
                           {"domain", b.domain},
                           {"definition", b.definition}});
        }
        std::printf("%s\n", out.dump(2).c_str());
        return {};
    }
    for (const auto& b : *behaviours) {
        std::printf("%s  (%s)  %s\n", printable(b.name).c_str(), printable(b.domain).c_str(),
                    printable(b.definition).c_str());
    }
    return {};
}

Status runEdit(const BehaviourOptions& options) {
    if (!options.new_name && !options.domain && !options.definition) {
        return Error{"nothing to change: give --name, --domain or --definition"};
    }
    auto data = openDataContext(options.data_dir, IfMissing::kRefuse);
    if (!data) return data.error();
    store::LibraryRepository library(data->db);
    auto tx = store::Transaction::begin(data->db.connection());
    if (!tx) return tx.error();
    auto behaviour = requireBehaviour(library, options.name);
    if (!behaviour) return behaviour.error();
    if (Status s = library.editBehaviour(options.name, options.new_name, options.domain,
                                         options.definition);
        !s) {
        return s;
    }
    if (Status s = store::AuditLog(data->db).record(auditActor(), "edit", "behaviour",
                                                    behaviour->id, options.name);
        !s) {
        return s;
    }
    if (Status s = tx->commit(); !s) return s;
    std::printf("behaviour %s changed\n", options.new_name.value_or(options.name).c_str());
    return {};
}

}  // namespace

void addBehaviourCommand(Cli& cli) {
    auto options = std::make_shared<BehaviourOptions>();
    CLI::App* behaviour = cli.app.add_subcommand("behaviour", "Target behaviours");
    behaviour->require_subcommand(1);
    const auto sub = [&](const std::string& name, const std::string& help, auto run) {
        CLI::App* command = behaviour->add_subcommand(name, help);
        cli.addDataDirOption(command);
        command->callback([&cli, options, run] {
            options->data_dir = cli.dataDir();
            cli.status = run(*options);
        });
        return command;
    };
    CLI::App* add = sub("add", "Add a behaviour", runAdd);
    add->add_option("name", options->name, "Unique name, e.g. greeting")->required();
    add->add_option("--domain", options->domain, "e.g. communication, social play");
    add->add_option("--definition", options->definition, "The operational definition");
    CLI::App* list = sub("list", "List the behaviours", runList);
    list->add_flag("--json", options->json, "Print as JSON");
    CLI::App* edit = sub("edit", "Change a behaviour", runEdit);
    edit->add_option("name", options->name, "The behaviour's name now")->required();
    edit->add_option("--name", options->new_name, "A new name");
    edit->add_option("--domain", options->domain, "A new domain");
    edit->add_option("--definition", options->definition, "A new operational definition");
}

}  // namespace mimic::app
