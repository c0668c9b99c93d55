// mimic child add|list|show: the children in therapy, by pseudonymous code.
#include <nlohmann/json.hpp>

#include <cstdio>
#include <memory>

#include "app/cli.h"
#include "app/data_context.h"
#include "app/record_lookup.h"
#include "common/clock.h"
#include "common/names.h"
#include "store/clinical_repository.h"

namespace mimic::app {

namespace {

using nlohmann::json;

struct ChildOptions {
    std::filesystem::path data_dir;
    std::string code;
    std::optional<std::string> details;
    bool json = false;
};

json optionalJson(const std::optional<std::string>& value) {
    return value ? json(*value) : json(nullptr);
}

Status runAdd(const ChildOptions& options) {
    auto data = openDataContext(options.data_dir, IfMissing::kCreate);
    if (!data) return data.error();
    // The repository writes the audit entry with the child.
    auto id = store::ClinicalRepository(data->db).addChild(options.code, options.details);
    if (!id) return id.error();
    std::printf("child %lld: %s\n", static_cast<long long>(*id), options.code.c_str());
    return {};
}

Status runList(const ChildOptions& options) {
    auto data = openDataContext(options.data_dir, IfMissing::kRefuse);
    if (!data) return data.error();
    auto children = store::ClinicalRepository(data->db).listChildren();
    if (!children) return children.error();
    json out = json::array();
    for (const auto& c : *children) {
        if (options.json) {
            out.push_back({{"id", c.id},
                           {"code", c.code},
                           {"details", optionalJson(c.details)},
                           {"created_at", c.created_at}});
        } else {
            std::printf("%s  %s\n", printable(c.code).c_str(),
                        printable(c.details.value_or("")).c_str());
        }
    }
    if (options.json) std::printf("%s\n", out.dump(2).c_str());
    return {};
}

// The child's record: details, consents (with whether recording is allowed now), programs
// and trial history.
Status runShow(const ChildOptions& options) {
    auto data = openDataContext(options.data_dir, IfMissing::kRefuse);
    if (!data) return data.error();
    store::ClinicalRepository clinical(data->db);
    auto child = requireChild(clinical, options.code);
    if (!child) return child.error();
    auto consents = clinical.listConsents(child->id);
    if (!consents) return consents.error();
    auto may_record =
        clinical.hasCurrentConsent(child->id, store::ConsentScope::kRecord, utcNowIso8601());
    if (!may_record) return may_record.error();
    auto programs = clinical.listPrograms(child->id);
    if (!programs) return programs.error();
    auto history = clinical.trialHistory(child->id);
    if (!history) return history.error();

    json out = {{"id", child->id},
                {"code", child->code},
                {"details", optionalJson(child->details)},
                {"may_record", *may_record},
                {"consents", json::array()},
                {"programs", json::array()},
                {"trials", json::array()}};
    for (const auto& c : *consents) {
        out["consents"].push_back({{"id", c.id},
                                   {"scope", store::consentScopeName(c.scope)},
                                   {"granted_by", c.granted_by},
                                   {"granted_at", c.granted_at},
                                   {"expires_at", optionalJson(c.expires_at)},
                                   {"revoked_at", optionalJson(c.revoked_at)}});
    }
    for (const auto& p : *programs) {
        out["programs"].push_back({{"id", p.id},
                                   {"behaviour", p.behaviour_name},
                                   {"phase", store::programPhaseName(p.record.phase)}});
    }
    for (const auto& t : *history) {
        out["trials"].push_back({{"id", t.trial_id},
                                 {"session_started_at", t.session_started_at},
                                 {"behaviour", t.behaviour_name},
                                 {"outcome", store::trialOutcomeName(t.outcome)},
                                 {"recording", optionalJson(t.recording_path)}});
    }
    if (options.json) {
        std::printf("%s\n", out.dump(2).c_str());
        return {};
    }
    std::printf("child %s%s: %s be recorded now; %zu consent(s), %zu program(s), %zu trial(s)\n",
                printable(child->code).c_str(),
                child->details ? (" (" + printable(*child->details) + ")").c_str() : "",
                *may_record ? "may" : "may NOT", consents->size(), programs->size(),
                history->size());
    for (const auto& p : *programs) {
        std::printf("  program %s: %s\n", printable(p.behaviour_name).c_str(),
                    std::string(store::programPhaseName(p.record.phase)).c_str());
    }
    return {};
}

}  // namespace

void addChildCommand(Cli& cli) {
    auto options = std::make_shared<ChildOptions>();
    CLI::App* child = cli.app.add_subcommand("child", "Children in therapy");
    child->require_subcommand(1);
    CLI::App* add = child->add_subcommand("add", "Add a child");
    add->add_option("code", options->code, "Pseudonymous code, unique")->required();
    add->add_option("--details", options->details, "Optional identifying details");
    CLI::App* list = child->add_subcommand("list", "List the children");
    list->add_flag("--json", options->json, "Print as JSON");
    CLI::App* show = child->add_subcommand("show", "A child's consents, programs and trials");
    show->add_option("code", options->code, "The child's code")->required();
    show->add_flag("--json", options->json, "Print as JSON");
    for (auto [command, run] :
         {std::pair{add, &runAdd}, std::pair{list, &runList}, std::pair{show, &runShow}}) {
        cli.addDataDirOption(command);
        command->callback([&cli, options, run = run] {
            options->data_dir = cli.dataDir();
            cli.status = run(*options);
        });
    }
}

}  // namespace mimic::app
