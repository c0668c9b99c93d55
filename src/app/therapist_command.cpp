// mimic therapist add|list|pin: the people who run sessions and score trials, and the PIN
// each sets for leaving the child's screen (read from stdin, stored hashed).
#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>
#include <memory>
#include <string>

#include "app/cli.h"
#include "app/clinical_actions.h"
#include "app/data_context.h"
#include "app/record_lookup.h"
#include "common/names.h"
#include "store/audit_log.h"
#include "store/clinical_repository.h"
#include "store/therapist_pin.h"

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

// The PIN is the first line of stdin (a terminal echoes it; scripts pipe it in).
Result<std::string> readPin() {
    std::string line;
    if (!std::getline(std::cin, line)) return Error{"no PIN on stdin (give 4 to 8 digits)"};
    while (!line.empty() && (line.back() == '\r' || line.back() == '\n'))
        line.pop_back();
    if (Status s = store::checkPinShape(line); !s) return s.error();
    return line;
}

Status runPin(const TherapistOptions& options) {
    auto pin = readPin();
    if (!pin) return pin.error();
    auto hash = store::hashPin(*pin);
    if (!hash) return hash.error();
    auto data = openDataContext(options.data_dir, IfMissing::kRefuse);
    if (!data) return data.error();
    auto tx = store::Transaction::begin(data->db.connection());
    if (!tx) return tx.error();
    store::ClinicalRepository repository(data->db);
    auto therapist = repository.findTherapist(options.name);
    if (!therapist) return therapist.error();
    if (!*therapist) return Error{"no therapist named '" + printable(options.name) + "'"};
    const std::int64_t id = (*therapist)->id;
    if (Status s = repository.setTherapistPinHash(id, *hash); !s) return s;
    if (Status s = store::AuditLog(data->db).record(auditActor(), "set-pin", "therapist", id,
                                                    options.name);
        !s) {
        return s;
    }
    if (Status s = tx->commit(); !s) return s;
    std::printf("therapist %lld: PIN set\n", static_cast<long long>(id));
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
    CLI::App* pin = therapist->add_subcommand(
        "pin",
        "Set the therapist's PIN for leaving the child's screen (4-8 digits, read "
        "from stdin; stored hashed)");
    pin->add_option("--name", options->name, "The therapist")->required();
    for (auto [command, run] :
         {std::pair{add, &runAdd}, std::pair{list, &runList}, std::pair{pin, &runPin}}) {
        cli.addDataDirOption(command);
        command->callback([&cli, options, run = run] {
            options->data_dir = cli.dataDir();
            cli.status = run(*options);
        });
    }
}

}  // namespace mimic::app
