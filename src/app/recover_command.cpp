// mimic recover: keeps every interrupted recording (`.partial`) in the data directory and
// marks its trial interrupted. The same recovery runs when a session starts.
#include <cstdio>
#include <memory>

#include "app/cli.h"
#include "app/data_context.h"
#include "app/recovery.h"

namespace mimic::app {

namespace {

Status runRecover(const std::filesystem::path& data_dir) {
    auto data = openDataContext(data_dir, IfMissing::kRefuse);
    if (!data) return data.error();
    const auto lines = recoverInterruptedRecordings(data->dir, data->db);
    int failed = 0;
    for (const auto& line : lines) {
        std::printf("%s\n", line.message.c_str());
        if (!line.ok) ++failed;
    }
    if (lines.empty())
        std::printf("no interrupted recordings in %s\n", data->dir.recordings().string().c_str());
    if (failed > 0) {
        return Error{std::to_string(failed) +
                     " interrupted recording(s) could not be recovered "
                     "(kept as they are; see above)"};
    }
    return {};
}

}  // namespace

void addRecoverCommand(Cli& cli) {
    CLI::App* command = cli.app.add_subcommand(
        "recover", "Keep interrupted recordings (.partial) and mark their trials interrupted");
    cli.addDataDirOption(command);
    command->callback([&cli] { cli.status = runRecover(cli.dataDir()); });
}

}  // namespace mimic::app
