// mimic child add|list|show|prefs: the children in therapy, by pseudonymous code, and what
// each one's screen gives them (app/child_prefs.h).
#include <nlohmann/json.hpp>

#include <cstdio>
#include <memory>

#include "app/child_prefs.h"
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
    // prefs
    std::optional<std::string> reward;
    std::optional<std::filesystem::path> reward_file;
    std::optional<std::filesystem::path> cue_voice;
    bool cue_voice_default = false;
};

json optionalJson(const std::optional<std::string>& value) {
    return value ? json(*value) : json(nullptr);
}

// The child's screen choices: paths relative to the data folder, null where there is none.
json screenJson(const store::ChildScreenPrefs& prefs) {
    return {{"reward", store::rewardKindName(prefs.reward)},
            {"reward_file", optionalJson(prefs.reward_file)},
            {"cue_voice", optionalJson(prefs.cue_voice)}};
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
    auto screen = clinical.screenPrefs(child->id);
    if (!screen) return screen.error();

    json out = {{"id", child->id},
                {"code", child->code},
                {"details", optionalJson(child->details)},
                {"may_record", *may_record},
                {"screen", screenJson(*screen)},
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
    std::printf("  screen: %s\n", describeScreenPrefs(*screen).c_str());
    for (const auto& p : *programs) {
        std::printf("  program %s: %s\n", printable(p.behaviour_name).c_str(),
                    std::string(store::programPhaseName(p.record.phase)).c_str());
    }
    return {};
}

// With a change, stores it (checked, files copied: app/child_prefs.h); either way prints the
// child's choices as they are then.
Status runPrefs(const ChildOptions& options) {
    auto data = openDataContext(options.data_dir, IfMissing::kRefuse);
    if (!data) return data.error();
    ScreenPrefsChange change;
    change.child = options.code;
    change.reward = options.reward;
    change.reward_file = options.reward_file;
    change.cue_voice = options.cue_voice;
    change.cue_voice_default = options.cue_voice_default;
    const bool changing =
        change.reward || change.reward_file || change.cue_voice || change.cue_voice_default;
    store::ClinicalRepository clinical(data->db);
    auto child = requireChild(clinical, options.code);
    if (!child) return child.error();
    auto prefs =
        changing ? changeScreenPrefs(data->dir, data->db, change) : clinical.screenPrefs(child->id);
    if (!prefs) return prefs.error();
    if (options.json) {
        json out = screenJson(*prefs);
        out["child"] = child->code;
        std::printf("%s\n", out.dump(2).c_str());
    } else {
        std::printf("child %s: %s\n", printable(child->code).c_str(),
                    describeScreenPrefs(*prefs).c_str());
    }
    return {};
}

}  // namespace

void addChildCommand(Cli& cli) {
    auto options = std::make_shared<ChildOptions>();
    CLI::App* child = cli.group("child", "Children in therapy");
    CLI::App* add = child->add_subcommand("add", "Add a child");
    add->add_option("code", options->code, "Pseudonymous code, unique")->required();
    add->add_option("--details", options->details, "Optional identifying details");
    CLI::App* list = child->add_subcommand("list", "List the children");
    list->add_flag("--json", options->json, "Print as JSON");
    CLI::App* show = child->add_subcommand("show", "A child's consents, programs and trials");
    show->add_option("code", options->code, "The child's code")->required();
    show->add_flag("--json", options->json, "Print as JSON");
    CLI::App* prefs = child->add_subcommand(
        "prefs",
        "What the child's screen gives them: the reward after a reinforced trial and the voice of "
        "the \"your turn\" cue (without options: show them)");
    prefs->add_option("code", options->code, "The child's code")->required();
    prefs->add_option("--reward", options->reward,
                      "stars, confetti, clip (a favourite clip), sound (a favourite sound) or "
                      "quiet (a still \"well done\")");
    const std::string reward_limit = std::to_string(kMaxRewardLength.count()) + " s";
    prefs->add_option("--reward-file", options->reward_file,
                      "The favourite clip (a video of at most " + reward_limit +
                          ") or sound (a WAV of at most " + reward_limit +
                          "); a copy is kept in the data folder");
    CLI::Option* voice = prefs->add_option("--cue-voice", options->cue_voice,
                                           "A recorded voice saying the cue (a WAV of at most " +
                                               std::to_string(kMaxCueVoiceLength.count()) +
                                               " s); a copy is kept in the data folder");
    prefs
        ->add_flag("--cue-voice-default", options->cue_voice_default,
                   "The cue spoken by the computer (espeak-ng) again")
        ->excludes(voice);
    prefs->add_flag("--json", options->json, "Print as JSON");
    for (auto [command, run] : {std::pair{add, &runAdd}, std::pair{list, &runList},
                                std::pair{show, &runShow}, std::pair{prefs, &runPrefs}}) {
        cli.addDataDirOption(command);
        command->callback([&cli, options, run = run] {
            options->data_dir = cli.dataDir();
            cli.status = run(*options);
        });
    }
}

}  // namespace mimic::app
