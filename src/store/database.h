// The mimic database file: opened, checked, backed up and migrated before anything reads it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <vector>

#include "common/result.h"
#include "store/connection.h"
#include "store/migrations.h"

namespace mimic::store {

// Owns one Connection with WAL, foreign keys and the busy timeout on, at the latest schema,
// with a page cache of up to 64 MB (taken as pages are read).
// Move-only; used by one thread at a time (see connection.h). Repositories borrow it.
class Database {
  public:
    // Opens or creates the database at `path` and brings it to the latest embedded schema.
    // Refuses, leaving the file byte-for-byte unchanged: a file that is not SQLite, and a
    // database newer than this program. Before upgrading a database that already has a
    // schema it copies it beside itself (see backupPath()).
    static Result<Database> open(const std::filesystem::path& path);

    // Opens an existing database read-only, for a thread that only reads beside the owner's
    // connection (connection.h, "Threads"). Never migrates: a database that is not at this
    // program's latest schema is refused.
    static Result<Database> openReadOnly(const std::filesystem::path& path);

    // The same with caller-supplied steps instead of the embedded ones (for tests).
    static Result<Database> openWithSteps(const std::filesystem::path& path,
                                          const std::vector<MigrationStep>& steps);

    // The schema version this program's embedded migrations reach.
    static std::int64_t latestVersion();

    // The database's PRAGMA user_version now.
    Result<std::int64_t> userVersion();

    Connection& connection() { return connection_; }
    const std::filesystem::path& path() const { return connection_.path(); }

    // The backup copy made by this open before upgrading, if one was needed.
    const std::optional<std::filesystem::path>& backupPath() const { return backup_path_; }

  private:
    // One try of openWithSteps (which repeats it while SQLite reports a lock it won't wait for).
    static Result<Database> openOnce(const std::filesystem::path& path,
                                     const std::vector<MigrationStep>& steps);
    explicit Database(Connection connection) : connection_(std::move(connection)) {}

    Connection connection_;
    std::optional<std::filesystem::path> backup_path_;
};

}  // namespace mimic::store
