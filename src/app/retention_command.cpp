// mimic retention set|show|apply: how long practice recordings are kept (docs/privacy.md,
// "Retention"), and the removal of older ones (also at every start of the window and of a
// session).
#include <nlohmann/json.hpp>

#include <cstdio>
#include <memory>

#include "app/cli.h"
#include "app/record_lookup.h"
#include "app/retention.h"
#include "common/log.h"
#include "common/paths.h"
#include "store/clinical_repository.h"
#include "store/retention.h"

namespace mimic::app {

Result<RetentionApplied> applyRetention(DataContext& data, UtcSeconds now) {
    auto due = store::recordingsDue(data.db, now);
    if (!due) return due.error();
    RetentionApplied applied;
    store::ClinicalRepository clinical(data.db, auditActor());
    auto days = store::retentionDays(data.db);
    const std::string why =
        "retention: kept " + (days && *days ? std::to_string(**days) : std::string("?")) + " days";
    for (const store::DueRecording& recording : *due) {
        if (Status s = overwriteAndRemove(data.dir.absolute(recording.path)); !s) {
            log::warning("retention: " + s.error().message);
            ++applied.failed;
            continue;
        }
        if (Status s = clinical.dropRecording(recording.recording_id, false, why); !s) {
            log::warning("retention: " + s.error().message);
            ++applied.failed;
            continue;
        }
        ++applied.removed;
    }
    return applied;
}

void applyRetentionAtStart(DataContext& data) {
    auto applied = applyRetention(data, utcNow());
    if (!applied) {
        log::warning("retention not applied: " + applied.error().message);
    } else if (applied->removed > 0 || applied->failed > 0) {
        log::info("retention removed " + std::to_string(applied->removed) + " recordings (" +
                  std::to_string(applied->failed) + " could not be removed)");
    }
}

namespace {

struct RetentionOptions {
    std::filesystem::path data_dir;
    std::optional<int> days;
    bool off = false;
    bool json = false;
};

Status runSet(const RetentionOptions& options) {
    if (options.days.has_value() == options.off) return Error{"say --recordings DAYS or --off"};
    auto data = openDataContext(options.data_dir, IfMissing::kRefuse, crypto::Role::kAdmin);
    if (!data) return data.error();
    if (Status s = store::setRetentionDays(data->db, options.days, auditActor()); !s) return s;
    if (options.days) {
        std::printf(
            "recordings are kept %d days; older ones are removed at the next start or "
            "`mimic retention apply`\n",
            *options.days);
    } else {
        std::printf("recordings are kept without end\n");
    }
    return {};
}

Status runShow(const RetentionOptions& options) {
    auto data = openDataContext(options.data_dir, IfMissing::kRefuse);
    if (!data) return data.error();
    auto days = store::retentionDays(data->db);
    if (!days) return days.error();
    auto due = store::recordingsDue(data->db, utcNow());
    if (!due) return due.error();
    if (options.json) {
        const nlohmann::json out = {
            {"recordings_days", *days ? nlohmann::json(**days) : nlohmann::json(nullptr)},
            {"due", due->size()}};
        std::printf("%s\n", out.dump().c_str());
    } else if (*days) {
        std::printf("recordings are kept %d days; %zu are due for removal\n", **days, due->size());
    } else {
        std::printf("recordings are kept without end\n");
    }
    return {};
}

Status runApply(const RetentionOptions& options) {
    auto data = openDataContext(options.data_dir, IfMissing::kRefuse, crypto::Role::kAdmin);
    if (!data) return data.error();
    auto applied = applyRetention(*data, utcNow());
    if (!applied) return applied.error();
    if (options.json) {
        std::printf("%s\n",
                    nlohmann::json{{"removed", applied->removed}, {"failed", applied->failed}}
                        .dump()
                        .c_str());
    } else {
        std::printf("removed %d recordings\n", applied->removed);
    }
    if (applied->failed > 0) {
        return Error{std::to_string(applied->failed) + " recordings could not be removed"};
    }
    return {};
}

}  // namespace

void addRetentionCommand(Cli& cli) {
    auto options = std::make_shared<RetentionOptions>();
    CLI::App* retention =
        cli.group("retention",
                  "How long practice recordings are kept; older ones are removed (trials and "
                  "scores stay), except a child's on legal hold");
    CLI::App* set = retention->add_subcommand("set", "Keep recordings this many days (admins)");
    CLI::Option* days = set->add_option("--recordings", options->days, "Days (1 or more)")
                            ->check(CLI::PositiveNumber);
    set->add_flag("--off", options->off, "Keep recordings without end")->excludes(days);
    CLI::App* show =
        retention->add_subcommand("show", "The days set and how many recordings are due");
    show->add_flag("--json", options->json, "Print as JSON: {\"recordings_days\", \"due\"}");
    CLI::App* apply = retention->add_subcommand(
        "apply",
        "Remove the recordings due now (also done at every start of the window and of "
        "a session; admins)");
    apply->add_flag("--json", options->json, "Print as JSON: {\"removed\", \"failed\"}");
    for (auto [command, run] :
         {std::pair{set, &runSet}, std::pair{show, &runShow}, std::pair{apply, &runApply}}) {
        cli.addDataDirOption(command);
        command->callback([&cli, options, run = run] {
            options->data_dir = cli.dataDir();
            cli.status = run(*options);
        });
    }
}

}  // namespace mimic::app
