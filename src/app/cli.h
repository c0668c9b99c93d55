// The command line of `mimic`: each subcommand lives in its own *_command.cpp and adds
// itself to the Cli with an add*Command function (called from main.cpp). A subcommand's
// callback does the work and leaves its outcome in Cli::status; main prints a failure as
// one line on stderr and exits 1.
#pragma once

#include <CLI/CLI.hpp>

#include <filesystem>
#include <string>

#include "common/result.h"

namespace mimic::app {

struct Cli {
    // Named, so that help says "mimic" and not the path it was started by (the man page is
    // made from it).
    CLI::App app{"mimic: video-modelling therapy. Without a subcommand, opens the window.",
                 "mimic"};
    Status status;  // the outcome of the command that ran

    // Adds --data-dir to `command` (every command takes it; one value serves them all).
    void addDataDirOption(CLI::App* command);
    // The data directory: --data-dir, else $MIMIC_DATA_DIR, else $XDG_DATA_HOME/mimic.
    std::filesystem::path dataDir() const;
    // A group of subcommands that several *_command.cpp fill (`export`, `import`): made on the
    // first call with `description`, the same one returned after.
    CLI::App* group(const std::string& name, const std::string& description);

  private:
    std::string data_dir_;
};

// One per *_command.cpp.
void addSessionCommand(Cli& cli);
void addDemoCommand(Cli& cli);
void addRecordCommand(Cli& cli);
void addRecoverCommand(Cli& cli);
void addLibraryCommand(Cli& cli);
void addMakeClipCommand(Cli& cli);  // library make-clip; after addLibraryCommand
void addBehaviourCommand(Cli& cli);
void addChildCommand(Cli& cli);
void addEraseCommand(Cli& cli);  // child erase, child hold
void addRetentionCommand(Cli& cli);
void addConsentCommand(Cli& cli);
void addProgramCommand(Cli& cli);
void addProgressCommand(Cli& cli);
void addTherapistCommand(Cli& cli);
void addFramesCommand(Cli& cli);
void addAnalyseCommand(Cli& cli);
void addPlayCommand(Cli& cli);
void addSnapshotCommand(Cli& cli);
void addAuditCommand(Cli& cli);
void addCodeCommand(Cli& cli);
void addAgreementCommand(Cli& cli);
void addReviewCommand(Cli& cli);
void addObserverCommand(Cli& cli);
void addIoaCommand(Cli& cli);
void addUserCommand(Cli& cli);
void addEncryptCommand(Cli& cli);
void addEafCommand(Cli& cli);
void addBorisCommand(Cli& cli);  // export boris, import boris, agreement boris
void addExportCsvCommand(Cli& cli);
void addExportRecordingCommand(Cli& cli);
void addReportCommand(Cli& cli);

// The window, for `mimic` without a subcommand (window_command.cpp): its options on the
// top-level command line, and a callback that opens it when no subcommand ran.
void addWindowCommand(Cli& cli);

}  // namespace mimic::app
