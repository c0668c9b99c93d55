// Schema migrations: numbered, append-only SQL steps tracked with PRAGMA user_version
// (docs/architecture.md, "The data folder"). Production uses the steps embedded from
// src/store/migrations/; tests pass their own list to Database::openWithSteps.
//
// Rules for a step's SQL: it must not contain BEGIN/COMMIT (the runner wraps each step in its
// own transaction together with the user_version bump), and it runs with foreign keys off
// (so a step can rebuild a table, as SQLite's ALTER TABLE recipe needs); a step that leaves a
// foreign-key violation behind is rolled back.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "common/result.h"
#include "store/connection.h"

namespace mimic::store {

struct MigrationStep {
    std::int64_t version = 0;  // 1, 2, 3... without gaps; the user_version after this step
    std::string name;          // e.g. "0001_initial.sql"; errors name the step by it
    std::string sql;
};

// The steps embedded at build time from src/store/migrations/NNNN_name.sql, in order.
const std::vector<MigrationStep>& embeddedMigrations();

// Checks that `steps` are numbered 1, 2, 3... in order. The error names the first bad step.
Status validateSteps(const std::vector<MigrationStep>& steps);

// Reads the user_version of the file at `path` without writing anything beside or into it
// (no -wal/-shm, no journal): 0 for a missing or empty file, an error for a file that is not
// a SQLite database.
Result<std::int64_t> peekUserVersion(const std::filesystem::path& path);

// Copies the database to "<file>.backup-v<version>-<UTC timestamp>" beside it with SQLite's
// backup API, so the copy is consistent even while others write. Returns the copy's path.
Result<std::filesystem::path> backupBeside(Connection& connection, std::int64_t version);

// Applies each step whose version is above the database's user_version, each in its own
// IMMEDIATE transaction with its user_version bump. A failing step is rolled back, leaving
// the previous version; the error names the step. Safe against another process migrating the
// same file at the same time (a step already applied by it is skipped).
Status applySteps(Connection& connection, const std::vector<MigrationStep>& steps);

}  // namespace mimic::store
