#include "app/data_context.h"

#include "app/sign_in.h"

namespace mimic::app {

namespace fs = std::filesystem;

Result<DataContext> openDataContext(const fs::path& root, IfMissing if_missing, crypto::Role need) {
    const DataDir wanted{fs::absolute(root).lexically_normal()};
    if (if_missing == IfMissing::kRefuse && !fs::exists(wanted.database())) {
        if (fs::exists(wanted.root) && !fs::is_directory(wanted.root)) {
            return Error{"cannot use data directory " + wanted.root.string() + ": not a directory"};
        }
        return Error{"no mimic library in " + wanted.root.string() +
                     " (set it up first, e.g. with `mimic demo install`)"};
    }
    // An encrypted folder: its user signs in (the keys are set) before anything is opened.
    auto user = signInTo(wanted.root);
    if (!user) return user.error();
    if (Status allowed = requireRole(need, "run this command"); !allowed) return allowed.error();
    auto dir = prepareDataDir(wanted.root);
    if (!dir) return dir.error();
    auto db = store::Database::open(dir->database());
    if (!db) return db.error();
    return DataContext{std::move(*dir), std::move(*db)};
}

}  // namespace mimic::app
