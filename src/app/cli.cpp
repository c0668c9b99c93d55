#include "app/cli.h"

#include "app/sign_in.h"
#include "common/paths.h"

namespace mimic::app {

void Cli::addDataDirOption(CLI::App* command) {
    command->add_option("--data-dir", data_dir_,
                        "Data directory (default: $MIMIC_DATA_DIR, else $XDG_DATA_HOME/mimic)");
    // An encrypted data folder's sign-in (sign_in.h).
    command->add_option("--user", signInOptions().user,
                        "Who signs in to an encrypted data folder (default: $MIMIC_USER)");
    command->add_flag("--passphrase-stdin", signInOptions().passphrase_stdin,
                      "Read the passphrase from the first line of stdin (a new one from the next)");
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
