// mimic: video-modelling therapy. Builds the command line from the subcommands (cli.h),
// parses, and reports the outcome.
#include <sys/stat.h>

#include <cstdio>
#include <string>

#include "app/cli.h"
#include "common/names.h"

#ifndef MIMIC_VERSION
#define MIMIC_VERSION "unknown"
#endif

int main(int argc, char** argv) {
    // Every file and folder mimic makes (the database, its journal, recordings, clips,
    // backups, exports) is for this account only, whatever umask it was started with: a
    // child's recording must not be readable by other local accounts.
    ::umask(077);
    mimic::app::Cli cli;
    cli.app.set_version_flag("--version", std::string("mimic ") + MIMIC_VERSION);
    cli.addDataDirOption(&cli.app);

    mimic::app::addSessionCommand(cli);
    mimic::app::addDemoCommand(cli);
    mimic::app::addRecordCommand(cli);
    mimic::app::addRecoverCommand(cli);
    mimic::app::addLibraryCommand(cli);
    mimic::app::addMakeClipCommand(cli);
    mimic::app::addBehaviourCommand(cli);
    mimic::app::addChildCommand(cli);
    mimic::app::addEraseCommand(cli);
    mimic::app::addRetentionCommand(cli);
    mimic::app::addConsentCommand(cli);
    mimic::app::addProgramCommand(cli);
    mimic::app::addProgressCommand(cli);
    mimic::app::addTherapistCommand(cli);
    mimic::app::addFramesCommand(cli);
    mimic::app::addAnalyseCommand(cli);
    mimic::app::addPlayCommand(cli);
    mimic::app::addSnapshotCommand(cli);
    mimic::app::addAuditCommand(cli);
    mimic::app::addCodeCommand(cli);
    mimic::app::addAgreementCommand(cli);
    mimic::app::addReviewCommand(cli);
    mimic::app::addObserverCommand(cli);
    mimic::app::addIoaCommand(cli);
    mimic::app::addUserCommand(cli);
    mimic::app::addEncryptCommand(cli);
    mimic::app::addEafCommand(cli);
    mimic::app::addBorisCommand(cli);
    mimic::app::addExportCsvCommand(cli);
    mimic::app::addExportRecordingCommand(cli);
    mimic::app::addReportCommand(cli);
    mimic::app::addWindowCommand(cli);

    try {
        cli.app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        // --help and --version arrive here too, with exit code 0.
        if (e.get_exit_code() == 0) return cli.app.exit(e);
        std::fprintf(stderr, "mimic: %s (see mimic --help)\n", e.what());
        return 2;
    }
    if (cli.status.ok()) return 0;
    // One line whatever a name in it holds (control characters are escaped).
    std::fprintf(stderr, "mimic: %s\n", mimic::printable(cli.status.error().message).c_str());
    return 1;
}
