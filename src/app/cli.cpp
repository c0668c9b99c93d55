#include "app/cli.h"

#include "common/paths.h"

namespace mimic::app {

void Cli::addDataDirOption(CLI::App* command) {
    command->add_option("--data-dir", data_dir_,
                        "Data directory (default: $MIMIC_DATA_DIR, else $XDG_DATA_HOME/mimic)");
}

std::filesystem::path Cli::dataDir() const {
    return resolveDataDir(data_dir_);
}

}  // namespace mimic::app
