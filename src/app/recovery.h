// Start-up recovery of interrupted practice recordings (issue 5): every `.partial` under the
// data directory's recordings/ is checked, kept under its final name, and its trial stored
// as interrupted with the duration that survived. The recorder writes what this needs into
// the file itself (Matroska tags, see recordingTags), because a killed session never got to
// store its rows.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "common/paths.h"
#include "common/result.h"
#include "store/clinical_repository.h"

namespace mimic::app {

// The tags a session writes into its recording's header.
std::map<std::string, std::string> recordingTags(const store::PracticeTrial& trial,
                                                 const std::string& child_code);

struct RecoveryLine {
    bool ok = false;
    std::string message;  // one line for a person
};

// Recovers every leftover `.partial`. Never deletes a file; a file that cannot be read stays
// as it is and gets a line saying so. Each recovered file gets a line too.
std::vector<RecoveryLine> recoverInterruptedRecordings(const DataDir& dir, store::Database& db);

// Prints the lines on stderr as warnings ("mimic: recovered ..."), for commands that
// recover at start-up.
void reportRecovery(const std::vector<RecoveryLine>& lines);

}  // namespace mimic::app
