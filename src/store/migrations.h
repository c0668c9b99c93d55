// Schema migrations: numbered, append-only SQL steps tracked with PRAGMA user_version
// (docs/architecture.md, "The data folder"). Production uses the steps embedded from
// src/store/migrations/; tests pass their own list to Database::openWithSteps.
//
// Numbers may have gaps: a number can be taken by a step on another branch that is merged
// later. A database upgraded past a number without its step remembers that number (table
// schema_gaps, made by the runner when it first passes one), and a later program that has
// the step applies it then, out of order. Steps that share a gap must therefore not depend on
// each other; a step never depends on a later-numbered one.
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
    std::int64_t version = 0;  // 1 upwards, increasing; the user_version after this step
    std::string name;          // e.g. "0001_initial.sql"; errors name the step by it
    std::string sql;
};

// The steps embedded at build time from src/store/migrations/NNNN_name.sql, in order.
const std::vector<MigrationStep>& embeddedMigrations();

// Checks that `steps` are numbered from 1 upwards in increasing order, each number once (gaps
// allowed). The error names the first bad step.
Status validateSteps(const std::vector<MigrationStep>& steps);

// The version a database reaches with `steps`: the last step's number (0 without steps).
std::int64_t latestVersionOf(const std::vector<MigrationStep>& steps);

// The steps that applySteps would apply to the database now: those above its user_version,
// and those whose number it was upgraded past without them (schema_gaps), in order.
Result<std::vector<MigrationStep>> pendingSteps(Connection& connection,
                                                const std::vector<MigrationStep>& steps);

// Reads the user_version of the file at `path` without writing anything beside or into it
// (no -wal/-shm, no journal): 0 for a missing or empty file, an error for a file that is not
// a SQLite database.
Result<std::int64_t> peekUserVersion(const std::filesystem::path& path);

// Copies the database to "<file>.backup-v<version>-<UTC timestamp>" beside it with SQLite's
// backup API, so the copy is consistent even while others write. Returns the copy's path.
Result<std::filesystem::path> backupBeside(Connection& connection, std::int64_t version);

// Applies each step whose version is above the database's user_version, each in its own
// IMMEDIATE transaction with its user_version bump (and the numbers it skips, in
// schema_gaps), then any step whose number the database was upgraded past without it, each
// in its own transaction, user_version unchanged. A failing step is rolled back, leaving the
// previous version; the error names the step. Safe against another process migrating the
// same file at the same time (a step already applied by it is skipped).
Status applySteps(Connection& connection, const std::vector<MigrationStep>& steps);

}  // namespace mimic::store
