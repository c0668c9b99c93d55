#include "app/library_import.h"

#include <unistd.h>

#include "common/file_lock.h"
#include "common/names.h"
#include "crypto/sealed_file.h"
#include "media/file_hash.h"
#include "media/media_info.h"
#include "media/media_key.h"
#include "media/transcode.h"
#include "store/audit_log.h"

namespace mimic::app {

namespace fs = std::filesystem;

namespace {

// A name beside `target` that no other process uses, for writing before the rename.
fs::path tempBeside(const fs::path& target) {
    return target.string() + ".tmp-" + std::to_string(::getpid());
}

// Renames `from` to `to`, making `to`'s folder first. A refused import removes a hash folder
// it left empty, and a concurrent import may do that between the two steps: so once more.
std::error_code moveInto(const fs::path& from, const fs::path& to) {
    std::error_code ec;
    for (int attempt = 0; attempt < 2; ++attempt) {
        fs::create_directories(to.parent_path(), ec);
        if (!ec) fs::rename(from, to, ec);
        if (ec != std::errc::no_such_file_or_directory) break;
    }
    return ec;
}

// Copies through a temporary name so the library never holds half a clip.
Status copyIntoLibrary(const fs::path& source, const fs::path& target) {
    const fs::path temp = tempBeside(target);
    std::error_code ec;
    fs::create_directories(target.parent_path(), ec);
    if (const std::shared_ptr<const crypto::SecretKey> key = media::mediaKey(); key && !ec) {
        // An encrypted data folder keeps its clips sealed.
        fs::remove(temp, ec);
        if (Status sealed = crypto::sealCopy(source, temp, *key); !sealed) {
            return Error{"cannot copy " + source.string() +
                         " into the library: " + sealed.error().message};
        }
        if (ec = moveInto(temp, target); ec) {
            fs::remove(temp, ec);
            return Error{"cannot copy " + source.string() + " into the library"};
        }
        return {};
    }
    if (!ec) fs::copy_file(source, temp, fs::copy_options::overwrite_existing, ec);
    // copy_file gives the copy the source's permissions: a clip in the data folder is 0600
    // like every file mimic writes.
    if (!ec) fs::permissions(temp, fs::perms::owner_read | fs::perms::owner_write, ec);
    if (!ec) ec = moveInto(temp, target);
    if (ec) {
        std::error_code ignored;
        fs::remove(temp, ignored);
        return Error{"cannot copy " + source.string() + " into the library: " + ec.message()};
    }
    return {};
}

// The file the library will hold: the source itself, or its library-standard copy made in
// library/ under a temporary name.
struct StoredFile {
    fs::path file;
    std::string sha256;
    std::string extension;
    bool temporary = false;  // `file` is ours to move or remove
};

// Removes a temporary StoredFile at scope exit, if it is still there.
class RemoveWhenTemporary {
  public:
    explicit RemoveWhenTemporary(const StoredFile& stored) : stored_(stored) {}
    RemoveWhenTemporary(const RemoveWhenTemporary&) = delete;
    RemoveWhenTemporary& operator=(const RemoveWhenTemporary&) = delete;
    ~RemoveWhenTemporary() {
        std::error_code ignored;
        if (stored_.temporary) fs::remove(stored_.file, ignored);
    }

  private:
    const StoredFile& stored_;
};

Result<StoredFile> prepareStoredFile(const DataDir& dir, const ClipImport& clip,
                                     const std::string& source_sha) {
    if (!clip.normalize) return StoredFile{clip.source, source_sha, clip.source.extension(), false};
    std::error_code ec;
    fs::create_directories(dir.library(), ec);
    const fs::path temp = tempBeside(dir.library() / (source_sha + ".mp4"));
    if (Status s = media::transcodeToLibraryStandard(clip.source, temp); !s) return s.error();
    auto sha = media::sha256File(temp);
    if (!sha) {
        fs::remove(temp, ec);
        return sha.error();
    }
    return StoredFile{temp, *sha, ".mp4", true};
}

Result<std::int64_t> behaviourFor(store::LibraryRepository& library, const ClipImport& clip) {
    if (clip.behaviour_domain.empty() && clip.behaviour_definition.empty()) {
        auto found = library.findBehaviour(clip.behaviour);
        if (!found) return found.error();
        if (*found) return (*found)->id;
    }
    return library.upsertBehaviour(clip.behaviour, clip.behaviour_domain,
                                   clip.behaviour_definition);
}

}  // namespace

Result<ImportedClip> importClip(const DataDir& dir, store::Database& db, const ClipImport& clip) {
    // Held until the row is committed, so `library check --repair` never takes this import's
    // files for orphans.
    auto import_lock = FileLock::acquire(dir.libraryLock(), FileLock::Kind::kShared);
    if (!import_lock) return import_lock.error();
    auto info = media::probeMedia(clip.source);
    if (!info) return info.error();
    auto source_sha = media::sha256File(clip.source);
    if (!source_sha) return source_sha.error();
    store::LibraryRepository library(db);
    ImportedClip imported;

    // The same content is already in the library: only the tag may be new.
    const auto tagExisting = [&](const store::Clip& existing) -> Result<ImportedClip> {
        imported.clip_id = existing.id;
        imported.path = existing.record.path;
        if (clip.behaviour.empty()) return imported;
        auto transaction = store::Transaction::begin(db.connection());
        if (!transaction) return transaction.error();
        auto behaviour_id = behaviourFor(library, clip);
        if (!behaviour_id) return behaviour_id.error();
        if (Status s = library.tagClip(imported.clip_id, *behaviour_id); !s) return s.error();
        if (Status s = transaction->commit(); !s) return s.error();
        return imported;
    };
    auto existing = library.findClipByHash(*source_sha);
    if (!existing) return existing.error();
    if (*existing) return tagExisting(**existing);

    auto stored = prepareStoredFile(dir, clip, *source_sha);
    if (!stored) return stored.error();
    // A re-encoded file still under its temporary name when this returns, whatever the
    // outcome, is removed (once renamed into place it is no longer there).
    const RemoveWhenTemporary remove_temporary(*stored);
    if (stored->temporary) {
        // A different file that re-encodes to a clip already in the library is that clip.
        auto same = library.findClipByHash(stored->sha256);
        if (!same) return same.error();
        if (*same) return tagExisting(**same);
    }
    const fs::path relative =
        fs::path("library") / stored->sha256.substr(0, 2) / (stored->sha256 + stored->extension);
    const fs::path target = dir.absolute(relative);
    const fs::path thumb_relative = fs::path("thumbs") / (stored->sha256 + ".png");
    const fs::path thumb = dir.absolute(thumb_relative);
    imported.path = relative.string();
    imported.new_file = !fs::exists(target);
    bool new_thumb = false;
    // On any failure below, files this call added are taken out again, with a hash folder
    // left empty (removing a folder that is not empty fails, and is meant to).
    const auto undo = [&](Error error) -> Result<ImportedClip> {
        std::error_code ignored;
        if (imported.new_file) {
            fs::remove(target, ignored);
            fs::remove(target.parent_path(), ignored);
        }
        if (new_thumb) fs::remove(thumb, ignored);
        return error;
    };
    if (imported.new_file) {
        if (stored->temporary) {
            if (std::error_code ec = moveInto(stored->file, target))
                return undo(Error{"cannot move into " + target.string() + ": " + ec.message()});
        } else if (Status copied = copyIntoLibrary(clip.source, target); !copied) {
            return undo(copied.error());
        }
    }
    new_thumb = !fs::exists(thumb);
    if (new_thumb) {
        std::error_code ec;
        fs::create_directories(thumb.parent_path(), ec);
        if (ec)
            return undo(
                Error{"cannot create " + thumb.parent_path().string() + ": " + ec.message()});
        // The file probed well, so a thumbnail that cannot be made means pictures that do
        // not decode: refused, named as the person gave it.
        if (Status s = media::writeThumbnail(target, thumb); !s) {
            return undo(Error{"cannot import " + quotedPrintable(clip.source.string()) +
                              ": its pictures cannot be decoded"});
        }
    }
    auto stored_info = clip.normalize ? media::probeMedia(target) : info;
    if (!stored_info) return undo(stored_info.error());

    auto transaction = store::Transaction::begin(db.connection());
    if (!transaction) return undo(transaction.error());
    store::ClipRecord record;
    record.path = imported.path;
    record.title = clip.title.empty() ? clip.source.stem().string() : clip.title;
    record.sha256 = stored->sha256;
    record.source_sha256 = *source_sha;
    record.duration_ms = stored_info->duration_us / 1000;
    record.width = stored_info->video.width;
    record.height = stored_info->video.height;
    record.model_kind = clip.model_kind;
    record.original_name = clip.source.filename().string();
    record.video_codec = stored_info->video.codec;
    record.audio_codec = stored_info->audio ? stored_info->audio->codec : "";
    record.thumbnail_path = thumb_relative.string();
    auto clip_id = library.addClip(record);
    if (!clip_id) return undo(clip_id.error());
    if (!clip.behaviour.empty()) {
        auto behaviour_id = behaviourFor(library, clip);
        if (!behaviour_id) return undo(behaviour_id.error());
        if (Status s = library.tagClip(*clip_id, *behaviour_id); !s) return undo(s.error());
    }
    if (Status s = store::AuditLog(db).record(clip.actor, "import", "clip", *clip_id,
                                              record.original_name + " -> " + record.path);
        !s) {
        return undo(s.error());
    }
    if (Status committed = transaction->commit(); !committed) return undo(committed.error());
    imported.clip_id = *clip_id;
    return imported;
}

}  // namespace mimic::app
