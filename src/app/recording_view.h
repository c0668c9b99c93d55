// Watching a child's recording is a read of the clinical record, and is audited
// (docs/clinical.md, "Audit"): every command that opens a file to show it asks here first.
#pragma once

#include <filesystem>
#include <string_view>

#include "common/result.h"

namespace mimic::app {

// When `file` is a recording of the data folder at `data_dir` (a file under its recordings/
// that a recording row names, finished or still `.partial`), writes a "view" entry for it
// naming the operating-system account, the child and `how` ("play", "snapshot"). Any other
// file (a library clip, a file elsewhere, a data folder without a database) is not noted and
// nothing is created. An error when the viewing cannot be noted: the caller then shows nothing.
Status auditRecordingView(const std::filesystem::path& data_dir, const std::filesystem::path& file,
                          std::string_view how);

}  // namespace mimic::app
