// mimic audit list|verify: who did what to which record, and whether the log is still as it
// was written (docs/clinical.md, "Audit").
#include <nlohmann/json.hpp>

#include <cstdio>
#include <memory>

#include "app/cli.h"
#include "app/data_context.h"
#include "app/record_lookup.h"
#include "common/names.h"
#include "store/audit_log.h"

namespace mimic::app {

namespace {

using nlohmann::json;

struct AuditOptions {
    std::filesystem::path data_dir;
    std::optional<std::string> child;
    bool json = false;
};

// The child an entry concerns, for a person: its code, or its id when the child is gone.
json childJson(const store::AuditEntry& entry) {
    if (entry.child_code) return *entry.child_code;
    if (entry.child_id) return "child " + std::to_string(*entry.child_id);
    return nullptr;
}

std::string textLine(const store::AuditEntry& entry) {
    std::string line = std::to_string(entry.id) + "  " + entry.at + "  " + printable(entry.actor) +
                       "  " + printable(entry.action) + " " + printable(entry.record_kind);
    if (entry.record_id) line += " " + std::to_string(*entry.record_id);
    const json child = childJson(entry);
    if (child.is_string()) line += "  child " + printable(child.get<std::string>());
    if (!entry.detail.empty()) line += "  " + printable(entry.detail);
    return line;
}

Status runList(const AuditOptions& options) {
    auto data = openDataContext(options.data_dir, IfMissing::kRefuse, crypto::Role::kAdmin);
    if (!data) return data.error();
    std::optional<std::int64_t> child_id;
    if (options.child) {
        store::ClinicalRepository clinical(data->db);
        auto child = requireChild(clinical, *options.child);
        if (!child) return child.error();
        child_id = child->id;
    }
    auto entries = store::AuditLog(data->db).entriesAboutChild(child_id);
    if (!entries) return entries.error();
    if (!options.json) {
        for (const auto& entry : *entries)
            std::printf("%s\n", textLine(entry).c_str());
        return {};
    }
    json out = json::array();
    for (const auto& entry : *entries) {
        out.push_back({{"id", entry.id},
                       {"at", entry.at},
                       {"actor", entry.actor},
                       {"action", entry.action},
                       {"record_kind", entry.record_kind},
                       {"record_id", entry.record_id ? json(*entry.record_id) : json(nullptr)},
                       {"child", childJson(entry)},
                       {"detail", entry.detail}});
    }
    // Bytes that are not UTF-8 (an old row) become U+FFFD rather than failing the listing.
    std::printf("%s\n", out.dump(2, ' ', false, json::error_handler_t::replace).c_str());
    return {};
}

Status runVerify(const AuditOptions& options) {
    auto data = openDataContext(options.data_dir, IfMissing::kRefuse, crypto::Role::kAdmin);
    if (!data) return data.error();
    auto check = store::AuditLog(data->db).verify();
    if (!check) return check.error();
    if (!check->intact) return Error{check->problem};
    std::printf("audit log intact: %lld entries\n", static_cast<long long>(check->entries));
    return {};
}

}  // namespace

void addAuditCommand(Cli& cli) {
    auto options = std::make_shared<AuditOptions>();
    CLI::App* audit =
        cli.app.add_subcommand("audit", "The audit log: who did what to which record, and when");
    audit->require_subcommand(1);
    CLI::App* list = audit->add_subcommand("list", "List the audit log, oldest first");
    list->add_option("--child", options->child, "Only the entries that concern this child");
    list->add_flag("--json", options->json, "Print a JSON array");
    list->callback([&cli, options] {
        options->data_dir = cli.dataDir();
        cli.status = runList(*options);
    });
    CLI::App* verify = audit->add_subcommand(
        "verify", "Check that no audit entry was changed or removed; name the first that was");
    verify->callback([&cli, options] {
        options->data_dir = cli.dataDir();
        cli.status = runVerify(*options);
    });
    for (CLI::App* command : {list, verify})
        cli.addDataDirOption(command);
}

}  // namespace mimic::app
