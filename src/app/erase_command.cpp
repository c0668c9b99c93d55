// mimic child erase|hold: a child erased on request, and the legal hold that stops it
// (docs/privacy.md, "Erasure"). Admins only on an encrypted folder.
#include <cstdio>
#include <memory>

#include "app/cli.h"
#include "app/data_context.h"
#include "app/record_lookup.h"
#include "common/names.h"
#include "common/paths.h"
#include "store/erasure.h"

namespace mimic::app {

namespace {

namespace fs = std::filesystem;

struct EraseOptions {
    fs::path data_dir;
    std::string code;
    bool yes = false;
    bool on = false;
    bool off = false;
};

// The copies the store made of the database before schema upgrades: they hold the child too.
std::vector<fs::path> databaseBackups(const DataDir& dir) {
    std::vector<fs::path> found;
    std::error_code ec;
    for (auto it = fs::directory_iterator(dir.root, ec); !ec && it != fs::directory_iterator();
         it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.rfind("mimic.db.backup-", 0) == 0) found.push_back(it->path());
    }
    return found;
}

Status runErase(const EraseOptions& options) {
    auto data = openDataContext(options.data_dir, IfMissing::kRefuse, crypto::Role::kAdmin);
    if (!data) return data.error();
    auto plan = store::planErasure(data->db, options.code);
    if (!plan) return plan.error();
    const std::string child = printable(options.code);
    if (plan->legal_hold) {
        return Error{"child " + child +
                     " is on legal hold: nothing erased (lift it with `mimic child hold " + child +
                     " --off`)"};
    }
    const std::vector<fs::path> backups = databaseBackups(data->dir);
    std::printf(
        "erasing child %s removes %d sessions, %d trials, %d recordings, %d coded events, %d "
        "programs, %d consents, %zu files and %zu database backups from before upgrades; %d "
        "audit entries keep their place without their detail\n",
        child.c_str(), plan->sessions, plan->trials, plan->recordings, plan->coded_events,
        plan->programs, plan->consents, plan->files.size(), backups.size(), plan->audit_entries);
    if (!options.yes) return Error{"nothing erased: run again with --yes to erase child " + child};
    // The files first: if the database step fails, erasing again finds them gone and goes on.
    for (const std::string& file : plan->files) {
        if (Status s = overwriteAndRemove(data->dir.absolute(file)); !s) return s;
    }
    for (const fs::path& backup : backups) {
        for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
            if (Status s = overwriteAndRemove(backup.string() + suffix); !s) return s;
        }
    }
    if (Status s = store::eraseChild(data->db, *plan, auditActor()); !s) return s;
    std::printf("erased child %s\n", child.c_str());
    return {};
}

Status runHold(const EraseOptions& options) {
    if (options.on == options.off) return Error{"say --on or --off"};
    auto data = openDataContext(options.data_dir, IfMissing::kRefuse, crypto::Role::kAdmin);
    if (!data) return data.error();
    if (Status s = store::setLegalHold(data->db, options.code, options.on, auditActor()); !s)
        return s;
    std::printf("child %s: legal hold %s\n", printable(options.code).c_str(),
                options.on ? "on" : "lifted");
    return {};
}

}  // namespace

void addEraseCommand(Cli& cli) {
    auto options = std::make_shared<EraseOptions>();
    CLI::App* child = cli.group("child", "Children in therapy");
    CLI::App* erase = child->add_subcommand(
        "erase",
        "Erase a child on request: recordings, trials, sessions, programs, consents, codes and "
        "search entries; files overwritten, then removed; the audit log keeps its entries "
        "without what identifies the child. Without --yes, only says what it would remove");
    erase->add_option("code", options->code, "The child's code")->required();
    erase->add_flag("--yes", options->yes, "Erase (there is no undo)");
    CLI::App* hold = child->add_subcommand(
        "hold",
        "A legal hold: while it is on, the child cannot be erased and retention keeps "
        "the child's recordings");
    hold->add_option("code", options->code, "The child's code")->required();
    hold->add_flag("--on", options->on, "Put the hold on");
    hold->add_flag("--off", options->off, "Lift the hold");
    for (auto [command, run] : {std::pair{erase, &runErase}, std::pair{hold, &runHold}}) {
        cli.addDataDirOption(command);
        command->callback([&cli, options, run = run] {
            options->data_dir = cli.dataDir();
            cli.status = run(*options);
        });
    }
}

}  // namespace mimic::app
