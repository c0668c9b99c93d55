// mimic recover: finishes every recording a crash, a kill, a full disk or a locked database
// left unfinished (see recovery.h), and reports files that belong to no recording;
// `--set-aside FILE` moves such a file into quarantine/. The same recovery runs when a
// session starts.
#include <cstdio>
#include <memory>

#include "app/cli.h"
#include "app/data_context.h"
#include "app/record_lookup.h"
#include "app/recovery.h"
#include "common/names.h"
#include "store/audit_log.h"

namespace mimic::app {

namespace {

struct RecoverOptions {
    std::filesystem::path data_dir;
    std::filesystem::path set_aside;
};

Status runRecover(const RecoverOptions& options) {
    auto data = openDataContext(options.data_dir, IfMissing::kRefuse);
    if (!data) return data.error();
    if (!options.set_aside.empty()) {
        // The entry is written first and committed once the file has moved: a refused move
        // leaves no entry, and a move is never unaudited.
        auto tx = store::Transaction::begin(data->db.connection());
        if (!tx) return tx.error();
        if (Status s =
                store::AuditLog(data->db).record(auditActor(), "set aside", "file", std::nullopt,
                                                 options.set_aside.string() + " into quarantine/");
            !s) {
            return s;
        }
        auto moved = setAsideRecording(data->dir, data->db, options.set_aside);
        if (!moved) return moved.error();
        if (Status s = tx->commit(); !s) return s;
        std::printf("set aside %s in %s\n", printable(options.set_aside.string()).c_str(),
                    printable(moved->string()).c_str());
        return {};
    }
    const auto lines = recoverInterruptedRecordings(data->dir, data->db);
    int failed = 0;
    for (const auto& line : lines) {
        std::printf("%s\n", printable(line.message).c_str());
        if (!line.ok) ++failed;
    }
    if (lines.empty())
        std::printf("no interrupted recordings in %s\n", data->dir.recordings().string().c_str());
    if (failed > 0) {
        return Error{std::to_string(failed) +
                     " file(s) could not be recovered or belong to no recording "
                     "(kept as they are; see above)"};
    }
    return {};
}

}  // namespace

void addRecoverCommand(Cli& cli) {
    auto options = std::make_shared<RecoverOptions>();
    CLI::App* command = cli.app.add_subcommand(
        "recover", "Finish recordings a crash, a full disk or a locked database left unfinished");
    cli.addDataDirOption(command);
    command->add_option("--set-aside", options->set_aside,
                        "Move FILE (under recordings/, belonging to no recording) into "
                        "quarantine/");
    command->callback([&cli, options] {
        options->data_dir = cli.dataDir();
        cli.status = runRecover(*options);
    });
}

}  // namespace mimic::app
