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

CLI::App* Cli::group(const std::string& name, const std::string& description) {
    const auto named = app.get_subcommands([&](CLI::App* sub) { return sub->get_name() == name; });
    if (!named.empty()) return named.front();
    CLI::App* made = app.add_subcommand(name, description);
    made->require_subcommand(1);
    return made;
}

}  // namespace mimic::app
