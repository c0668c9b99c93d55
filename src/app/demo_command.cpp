// mimic demo install: the bundled demo library and the demo child, for first runs and CI.
#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "app/cli.h"
#include "app/data_context.h"
#include "app/library_import.h"
#include "app/record_lookup.h"
#include "common/clock.h"
#include "common/paths.h"
#include "store/clinical_repository.h"

namespace mimic::app {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kDemoChild = "demo";
constexpr std::string_view kManifestName = "manifest.json";

struct DemoInstallOptions {
    std::filesystem::path data_dir;
    std::filesystem::path manifest;
};

// The demo manifest when --manifest is not given: the one installed with mimic, else the one
// this build rendered clips for, else the source tree's (media/demo, which tools/setup renders).
Result<fs::path> findDemoManifest() {
    std::vector<fs::path> dirs;
    if (fs::path installed = installedDemoDir(); !installed.empty()) dirs.push_back(installed);
    dirs.emplace_back(MIMIC_BUILD_DEMO_DIR);
    dirs.emplace_back(MIMIC_SOURCE_DEMO_DIR);
    std::string looked;
    for (const fs::path& dir : dirs) {
        std::error_code ec;
        if (fs::is_regular_file(dir / kManifestName, ec)) return dir / kManifestName;
        looked.append(looked.empty() ? "" : ", ").append(dir.string());
    }
    return Error{"no demo library found (looked in " + looked + "): give one with --manifest"};
}

Result<std::vector<ClipImport>> readManifest(const fs::path& manifest) {
    std::ifstream in(manifest);
    if (!in) return Error{"cannot read the demo manifest " + manifest.string()};
    const nlohmann::json json = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
    if (json.is_discarded() || !json.is_object() || !json.contains("clips") ||
        !json["clips"].is_array()) {
        return Error{"the demo manifest " + manifest.string() + " is not valid: no clip list"};
    }
    std::vector<ClipImport> clips;
    for (const auto& entry : json["clips"]) {
        const auto behaviour = entry.value("behaviour", nlohmann::json::object());
        ClipImport clip;
        clip.actor = auditActor();
        clip.source = manifest.parent_path() / entry.value("file", "");
        clip.title = entry.value("title", "");
        clip.model_kind = store::parseModelKind(entry.value("model_kind", ""));
        clip.behaviour = behaviour.value("name", "");
        clip.behaviour_domain = behaviour.value("domain", "");
        clip.behaviour_definition = behaviour.value("definition", "");
        if (clip.source == manifest.parent_path() || clip.behaviour.empty()) {
            return Error{"the demo manifest " + manifest.string() +
                         " has a clip without a file or behaviour"};
        }
        clips.push_back(std::move(clip));
    }
    return clips;
}

// Adds the demo child with a recording consent, both audited, the first time. A demo child
// that exists already is left as it is (D7): its consents are part of its record, and one
// that was revoked stays revoked. Returns whether the demo child may be recorded now.
Result<bool> ensureDemoChild(store::Database& db) {
    store::ClinicalRepository clinical(db);
    auto child = clinical.findChild(kDemoChild);
    if (!child) return child.error();
    if (*child) {
        return clinical.hasCurrentConsent((*child)->id, store::ConsentScope::kRecord,
                                          utcNowIso8601());
    }
    auto tx = store::Transaction::begin(db.connection());
    if (!tx) return tx.error();
    auto added = clinical.addChild(kDemoChild);
    if (!added) return added.error();
    auto granted = clinical.grantConsent(*added, store::ConsentScope::kRecord,
                                         "demo set-up (not a real child)", std::nullopt);
    if (!granted) return granted.error();
    if (Status s = tx->commit(); !s) return s.error();
    return true;
}

// Imports the demo library the manifest describes (clips copied into the library by content
// hash, behaviours and tags) and adds the demo child with a recording consent. Idempotent:
// what exists is left as it is, the demo child's consents too.
Status runDemoInstall(const DemoInstallOptions& options) {
    fs::path manifest = options.manifest;
    if (manifest.empty()) {
        auto found = findDemoManifest();
        if (!found) return found.error();
        manifest = *found;
    }
    auto clips = readManifest(manifest);
    if (!clips) return clips.error();
    for (const ClipImport& clip : *clips) {
        if (!fs::exists(clip.source)) {
            return Error{"demo clip " + clip.source.string() +
                         " is missing: render it with tools/make-demo-library"};
        }
    }
    auto data = openDataContext(options.data_dir, IfMissing::kCreate);
    if (!data) return data.error();

    int added = 0;
    for (const ClipImport& clip : *clips) {
        auto imported = importClip(data->dir, data->db, clip);
        if (!imported) return imported.error();
        if (imported->new_file) ++added;
    }
    auto may_record = ensureDemoChild(data->db);
    if (!may_record) return may_record.error();
    std::printf("demo library ready in %s (from %s): %zu clips (%d new); child '%s' %s\n",
                data->dir.root.c_str(), manifest.c_str(), clips->size(), added,
                std::string(kDemoChild).c_str(),
                *may_record ? "may be recorded"
                            : "has no current recording consent (its consents were left as "
                              "they are)");
    return {};
}

}  // namespace

void addDemoCommand(Cli& cli) {
    CLI::App* demo = cli.app.add_subcommand("demo", "The bundled demo library");
    demo->require_subcommand(1);
    auto options = std::make_shared<DemoInstallOptions>();
    CLI::App* install = demo->add_subcommand(
        "install", "Import the demo library and add the demo child with a recording consent");
    cli.addDataDirOption(install);
    install->add_option("--manifest", options->manifest,
                        "The demo library's manifest.json (default: the installed demo library)");
    install->callback([&cli, options] {
        options->data_dir = cli.dataDir();
        cli.status = runDemoInstall(*options);
    });
}

}  // namespace mimic::app
