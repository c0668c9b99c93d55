// Bringing clip files into the data directory's library: probed, copied (or re-encoded to
// the library standard) by content hash, given a thumbnail, and recorded with their
// behaviour tag and an audit entry in one transaction.
//
// Crash safety: files are written under temporary names and renamed into place before the
// row is committed, so a row always has its file; a crash can only leave a file without a
// row, which `mimic library check --repair` removes. An import holds DataDir::libraryLock()
// shared until its row is committed; the check holds it exclusive, so it never sees an
// import's files before their row.
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
    std::string behaviour;  // name; added when missing; empty for no tag
    std::string behaviour_domain;
    std::string behaviour_definition;
    bool normalize = false;  // re-encode to the library standard (media/transcode.h)
    std::string actor;       // for the audit log: auditActor() (record_lookup.h)
};

struct ImportedClip {
    std::int64_t clip_id = 0;
    bool new_file = false;  // false when the same content was already in the library
    std::string path;       // relative to the data directory
};

// thumbs/, beside library/ in the data directory.
inline std::filesystem::path thumbsDir(const DataDir& dir) {
    return dir.root / "thumbs";
}

// Imports one clip. The file is stored as library/<first 2 hex>/<sha256>.<ext>; the same
// content imported twice is one clip (also when it was normalized). An unreadable file is
// refused with one line naming it, and then leaves no row and no file. A behaviour that
// exists keeps its domain and definition unless the import gives new ones.
Result<ImportedClip> importClip(const DataDir& dir, store::Database& db, const ClipImport& clip);

}  // namespace mimic::app
