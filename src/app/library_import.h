// Bringing clip files into the data directory's library: copied by content hash, probed,
// and recorded with their behaviour tags in one transaction.
#pragma once

#include <filesystem>
#include <string>

#include "common/paths.h"
#include "common/result.h"
#include "store/database.h"
#include "store/library_repository.h"

namespace mimic::app {

struct ClipImport {
    std::filesystem::path source;
    std::string title;
    store::ModelKind model_kind = store::ModelKind::kNone;
    std::string behaviour;  // name; added when missing
    std::string behaviour_domain;
    std::string behaviour_definition;
};

struct ImportedClip {
    std::int64_t clip_id = 0;
    bool new_file = false;  // false when the same content was already in the library
};

// Imports one clip. The file is stored as library/<first 2 hex>/<sha256>.<ext>; the same
// content imported twice is one clip. An unreadable file is refused with one line naming
// it, and then leaves no row and no file.
Result<ImportedClip> importClip(const DataDir& dir, store::Database& db, const ClipImport& clip);

}  // namespace mimic::app
