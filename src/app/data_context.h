// The data directory and its database, opened together for a command.
#pragma once

#include <filesystem>

#include "common/paths.h"
#include "common/result.h"
#include "crypto/key_file.h"
#include "store/database.h"

namespace mimic::app {

struct DataContext {
    DataDir dir;
    store::Database db;
};

enum class IfMissing { kNone = 0, kCreate, kRefuse };

// Opens the data directory at `root` and its database (migrating it if needed). With
// kRefuse, a directory without a database is an error and nothing is created in it. An
// encrypted folder's user signs in first (sign_in.h) and must have at least the role `need`
// (a plain folder has no users: anyone may).
Result<DataContext> openDataContext(const std::filesystem::path& root, IfMissing if_missing,
                                    crypto::Role need = crypto::Role::kTherapist);

}  // namespace mimic::app
