#include "app/library_import.h"

#include "media/clip_info.h"
#include "media/file_hash.h"

namespace mimic::app {

namespace fs = std::filesystem;

namespace {

// Copies through a temporary name so the library never holds half a clip.
Status copyIntoLibrary(const fs::path& source, const fs::path& target) {
    std::error_code ec;
    fs::create_directories(target.parent_path(), ec);
    if (ec) return Error{"cannot create " + target.parent_path().string() + ": " + ec.message()};
    const fs::path temp = target.string() + ".tmp";
    fs::copy_file(source, temp, fs::copy_options::overwrite_existing, ec);
    if (!ec) fs::rename(temp, target, ec);
    if (ec) {
        std::error_code ignored;
        fs::remove(temp, ignored);
        return Error{"cannot copy " + source.string() + " into the library: " + ec.message()};
    }
    return {};
}

}  // namespace

Result<ImportedClip> importClip(const DataDir& dir, store::Database& db, const ClipImport& clip) {
    auto info = media::probeClip(clip.source);
    if (!info) return info.error();
    auto sha = media::sha256File(clip.source);
    if (!sha) return sha.error();

    const fs::path relative =
        fs::path("library") / sha->substr(0, 2) / (*sha + clip.source.extension().string());
    const fs::path target = dir.absolute(relative);
    ImportedClip imported;
    imported.new_file = !fs::exists(target);
    if (imported.new_file) {
        if (Status copied = copyIntoLibrary(clip.source, target); !copied) return copied.error();
    }
    // On any failure below, a file this call added is taken out again.
    const auto undo_copy = [&](Error error) -> Result<ImportedClip> {
        std::error_code ignored;
        if (imported.new_file) fs::remove(target, ignored);
        return error;
    };

    auto transaction = store::Transaction::begin(db.connection());
    if (!transaction) return undo_copy(transaction.error());
    store::LibraryRepository library(db);
    auto behaviour_id =
        library.upsertBehaviour(clip.behaviour, clip.behaviour_domain, clip.behaviour_definition);
    if (!behaviour_id) return undo_copy(behaviour_id.error());
    store::ClipRecord record;
    record.path = relative.string();
    record.title = clip.title.empty() ? clip.source.stem().string() : clip.title;
    record.sha256 = *sha;
    record.duration_ms = info->duration_us / 1000;
    record.width = info->width;
    record.height = info->height;
    record.model_kind = clip.model_kind;
    auto clip_id = library.addClip(record);
    if (!clip_id) return undo_copy(clip_id.error());
    if (Status tagged = library.tagClip(*clip_id, *behaviour_id); !tagged) {
        return undo_copy(tagged.error());
    }
    if (Status committed = transaction->commit(); !committed) return undo_copy(committed.error());
    imported.clip_id = *clip_id;
    return imported;
}

}  // namespace mimic::app
