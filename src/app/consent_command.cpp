// mimic consent grant|revoke|list: what each child's carers allow (docs/clinical.md, "Consent").
// Every change is audit-logged (by the repository, with the change).
#include <nlohmann/json.hpp>

#include <cstdio>
#include <memory>

#include "app/cli.h"
#include "app/clinical_actions.h"
#include "app/data_context.h"
#include "app/record_lookup.h"
#include "common/clock.h"
#include "common/names.h"
#include "store/clinical_repository.h"

namespace mimic::app {

namespace {

using nlohmann::json;

struct ConsentOptions {
    std::filesystem::path data_dir;
    std::string child;
    std::string scope;
    std::string by;
    std::optional<std::string> expires;
    std::int64_t consent_id = 0;
    bool json = false;
};

Status runGrant(const ConsentOptions& options) {
    auto data = openDataContext(options.data_dir, IfMissing::kRefuse);
    if (!data) return data.error();
    auto granted =
        grantConsent(data->db, options.child, options.scope, options.by, options.expires);
    if (!granted) return granted.error();
    std::printf("consent %lld: %s, %s%s\n", static_cast<long long>(granted->id),
                options.child.c_str(), options.scope.c_str(),
                granted->expires_at ? (" until " + *granted->expires_at).c_str() : "");
    return {};
}

Status runRevoke(const ConsentOptions& options) {
    auto data = openDataContext(options.data_dir, IfMissing::kRefuse);
    if (!data) return data.error();
    if (Status s = revokeConsent(data->db, options.consent_id, options.by); !s) return s;
    std::printf("consent %lld revoked\n", static_cast<long long>(options.consent_id));
    return {};
}

Status runList(const ConsentOptions& options) {
    auto data = openDataContext(options.data_dir, IfMissing::kRefuse);
    if (!data) return data.error();
    store::ClinicalRepository clinical(data->db);
    auto child = requireChild(clinical, options.child);
    if (!child) return child.error();
    auto consents = clinical.listConsents(child->id);
    if (!consents) return consents.error();
    const std::string now = utcNowIso8601();
    json out = json::array();
    for (const auto& c : *consents) {
        const bool current = store::consentInForce(c, now);
        if (options.json) {
            out.push_back({{"id", c.id},
                           {"scope", store::consentScopeName(c.scope)},
                           {"granted_by", c.granted_by},
                           {"granted_at", c.granted_at},
                           {"expires_at", c.expires_at ? json(*c.expires_at) : json(nullptr)},
                           {"revoked_at", c.revoked_at ? json(*c.revoked_at) : json(nullptr)},
                           {"current", current}});
        } else {
            std::printf("%lld  %s  by %s  %s\n", static_cast<long long>(c.id),
                        std::string(store::consentScopeName(c.scope)).c_str(),
                        printable(c.granted_by).c_str(),
                        current ? "current" : (c.revoked_at ? "revoked" : "expired"));
        }
    }
    if (options.json) std::printf("%s\n", out.dump(2).c_str());
    return {};
}

}  // namespace

void addConsentCommand(Cli& cli) {
    auto options = std::make_shared<ConsentOptions>();
    CLI::App* consent = cli.app.add_subcommand("consent", "Consents on file for each child");
    consent->require_subcommand(1);
    CLI::App* grant = consent->add_subcommand("grant", "Record a consent");
    grant->add_option("child", options->child, "The child's code")->required();
    grant->add_option("--scope", options->scope, "record, share-with-parents or training-use")
        ->required();
    grant->add_option("--by", options->by, "Who granted it, e.g. 'parent: A. Smith'")->required();
    grant->add_option("--expires", options->expires,
                      "Expiry, a future date: 2027-06-30 (its start, UTC) or 2027-06-30T12:00:00Z");
    CLI::App* revoke = consent->add_subcommand("revoke", "Revoke a consent");
    revoke->add_option("consent", options->consent_id, "The consent's id")->required();
    revoke->add_option("--by", options->by, "Who revoked it");
    CLI::App* list = consent->add_subcommand("list", "A child's consents");
    list->add_option("child", options->child, "The child's code")->required();
    list->add_flag("--json", options->json, "Print as JSON");
    for (auto [command, run] :
         {std::pair{grant, &runGrant}, std::pair{revoke, &runRevoke}, std::pair{list, &runList}}) {
        cli.addDataDirOption(command);
        command->callback([&cli, options, run = run] {
            options->data_dir = cli.dataDir();
            cli.status = run(*options);
        });
    }
}

}  // namespace mimic::app
