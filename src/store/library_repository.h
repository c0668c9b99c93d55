// The behaviour library: target behaviours, clips, and which clip models which behaviour.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "store/database.h"

namespace mimic::store {

struct Behaviour {
    std::int64_t id = 0;
    std::string name;        // unique, e.g. "greeting"
    std::string domain;      // e.g. "communication"
    std::string definition;  // the operational definition
};

// Who performs the behaviour in a clip (CLINICAL.md "Kinds of video modelling").
enum class ModelKind { kNone = 0, kPeer, kAdult, kSelf, kPointOfView };

// "peer", "adult", "self", "point-of-view" (the stored text); "" for kNone.
std::string_view modelKindName(ModelKind kind);
// The inverse of modelKindName; kNone for any other text.
ModelKind parseModelKind(std::string_view name);

// What is known about a clip file when it is imported.
struct ClipRecord {
    std::string path;  // relative to the data directory
    std::string title;
    std::string sha256;  // hex digest of the file's bytes; identifies the clip
    std::int64_t duration_ms = 0;
    int width = 0;
    int height = 0;
    ModelKind model_kind = ModelKind::kNone;
};

struct Clip {
    std::int64_t id = 0;
    ClipRecord record;
    std::string added_at;  // ISO-8601 UTC
};

// Borrows the Database (which must outlive it); same thread rules as the Database.
class LibraryRepository {
  public:
    explicit LibraryRepository(Database& db) : db_(&db) {}

    // Adds the behaviour, or updates the domain and definition of the one with that name.
    // Returns its id either way.
    Result<std::int64_t> upsertBehaviour(std::string_view name, std::string_view domain,
                                         std::string_view definition);
    Result<std::optional<Behaviour>> findBehaviour(std::string_view name);
    // Ordered by name.
    Result<std::vector<Behaviour>> listBehaviours();

    // Adds the clip and returns its id. A clip whose sha256 is already in the library is not
    // added again: the existing clip's id is returned. A different file at a path already in
    // the library is an error.
    Result<std::int64_t> addClip(const ClipRecord& clip);
    // Marks the clip as modelling the behaviour; tagging twice is the same as once.
    Status tagClip(std::int64_t clip_id, std::int64_t behaviour_id);
    // Ordered by id.
    Result<std::vector<Clip>> clipsForBehaviour(std::int64_t behaviour_id);
    Result<std::vector<Clip>> listClips();
    Result<std::int64_t> countClips();

  private:
    Database* db_;  // not owned
};

}  // namespace mimic::store
