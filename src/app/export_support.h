// What `mimic export csv` and `mimic report` share: the date range a person typed, the file
// they asked for (never replaced without --force, never inside the data folder), and writing
// it with its audit entry so that neither lands without the other.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "common/result.h"
#include "store/database.h"
#include "store/identifiable_export.h"

namespace mimic::app {

// Days as the clinic's calendar has them ("YYYY-MM-DD"); empty: no bound.
struct DayRange {
    std::string from;
    std::string to;
    bool holds(const std::string& day) const {
        return (from.empty() || day >= from) && (to.empty() || day <= to);
    }
};

// What both commands take: the child, the date range, the file and --force (its extension
// named in `out_help`).
struct ExportTarget {
    std::string child;
    std::string from;
    std::string to;
    std::filesystem::path out;
    bool force = false;
};
void addExportTargetOptions(CLI::App* command, ExportTarget& target, const std::string& out_help);

// --from and --to as typed: each a real date YYYY-MM-DD, from not after to.
Result<DayRange> parseDayRange(const std::string& from, const std::string& to);

// The file a command is about to write: its folder must exist, it must not be inside the data
// folder, and it must not exist unless `force`.
Status checkOutFile(const std::filesystem::path& out, const std::filesystem::path& data_dir,
                    bool force);

// Writes `bytes` to `out` (through a temporary file and a rename) and records, in one
// transaction, the audit entry `action` on the child (record kind "child"): when the entry
// cannot be stored the file is removed, when the file cannot be written no entry stays.
Status writeAudited(store::Database& db, const std::filesystem::path& out, const std::string& bytes,
                    const std::string& action, std::int64_t child_id, const std::string& detail);

// Whether pictures or sound of the child may leave the data folder for `purpose`, as the
// signed-in user (a plain folder has none: a therapist), by store::identifiableExportRefusal;
// the error is its one line.
Status allowIdentifiableExport(store::Database& db, std::int64_t child_id,
                               const std::string& child_code, store::ExportPurpose purpose);

// --purpose parents|training, for commands that export pictures or sound of a child.
void addPurposeOption(CLI::App* command, std::string& purpose);
Result<store::ExportPurpose> parsePurpose(const std::string& purpose);

}  // namespace mimic::app
