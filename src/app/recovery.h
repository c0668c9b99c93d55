// Recovery of practice recordings (issue 5, made write-ahead by issue 10). A session commits
// its recording's row (status 'recording', a file name mimic chose) before the camera starts
// and holds its file locked while it writes (common/file_lock.h). Recovery finishes every row
// still 'recording' whose file nobody holds: a `.partial` is kept under its final name and
// its trial marked interrupted; a complete file whose end was never stored (a full disk, a
// locked database, a crash between the rename and the commit) is attached as complete; a
// row whose file never got a picture loses its recording. Files under recordings/ that no
// row of this data folder names are never adopted (a copied or forged file cannot become a
// child's trial); they are reported and can be set aside into quarantine/.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "common/paths.h"
#include "common/result.h"
#include "store/clinical_repository.h"

namespace mimic::app {

// The tags a session writes into its recording's header (for a person reading the file; the
// database row, not the tags, says whose recording it is).
std::map<std::string, std::string> recordingTags(const store::PracticeTrial& trial,
                                                 const std::string& child_code);

struct RecoveryLine {
    bool ok = false;
    std::string message;  // one line for a person
};

// Finishes every recording left 'recording' by a writer that is gone and reports stray files.
// Never touches a file another process holds locked, and never deletes a file that holds a
// picture. Each recovered, attached or stray file gets a line; each row finished gets a
// "recover" audit entry in the same transaction as its change.
std::vector<RecoveryLine> recoverInterruptedRecordings(const DataDir& dir, store::Database& db);

// Moves `file` (a file under recordings/ that no recording row names) into quarantine/,
// under a name that is free there. Returns where it went.
Result<std::filesystem::path> setAsideRecording(const DataDir& dir, store::Database& db,
                                                const std::filesystem::path& file);

// Prints the lines on stderr as warnings ("mimic: recovered ..."), for commands that
// recover at start-up.
void reportRecovery(const std::vector<RecoveryLine>& lines);

}  // namespace mimic::app
