// The behaviour library: target behaviours, clips, and which clip models which behaviour.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
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

// Who performs the behaviour in a clip (docs/clinical.md, "Kinds of video modelling").
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
    // Added in schema 2; all optional.
    std::string original_name;  // the file name it was imported from, e.g. "hello v2.mov"
    std::string video_codec;    // e.g. "h264"
    std::string audio_codec;    // e.g. "aac"; empty without sound
    std::string notes;
    std::optional<std::string> thumbnail_path;  // relative to the data directory
    // The hash of the file as imported when the library holds a re-encoded copy
    // (--normalize); empty means the same as sha256.
    std::string source_sha256;
    // Added in schema 13: the child a self-modelling clip belongs to (cut from that child's
    // practice): shown in that child's sessions only, erased with the child.
    std::optional<std::int64_t> child_id;
};

// A range of a trial's recording a clip was cut from (schema 13), in ms of the recording.
struct ClipCut {
    std::int64_t trial_id = 0;
    std::int64_t start_ms = 0;
    std::int64_t end_ms = 0;
};

struct Clip {
    std::int64_t id = 0;
    ClipRecord record;
    std::string added_at;                    // ISO-8601 UTC
    std::optional<std::string> archived_at;  // set when archived instead of removed
};

// A clip with the names of the behaviours it is tagged with (ordered by name).
struct LibraryEntry {
    Clip clip;
    std::vector<std::string> behaviours;
};

// A tagged in/out range inside a clip; a step number makes it a video-prompting step.
struct SegmentRecord {
    std::int64_t clip_id = 0;
    std::int64_t behaviour_id = 0;
    std::int64_t in_ms = 0;
    std::int64_t out_ms = 0;
    std::optional<int> step;
    std::string label;
};

struct Segment {
    std::int64_t id = 0;
    SegmentRecord record;
    std::string behaviour_name;
};

// Which files the library's rows name (for `library check`).
struct LibraryFiles {
    std::vector<std::string> clip_paths;       // relative to the data directory
    std::vector<std::string> thumbnail_paths;  // relative to the data directory
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
    // Ordered by id. With `for_child`: without other children's self-modelling clips (what
    // that child's session may show).
    Result<std::vector<Clip>> clipsForBehaviour(std::int64_t behaviour_id,
                                                std::optional<std::int64_t> for_child = {});
    Result<std::vector<Clip>> listClips();
    Result<std::int64_t> countClips();

    // ---- Added with schema 2 ----

    // Changes the given fields of the behaviour called `name`; an error when there is none.
    Status editBehaviour(std::string_view name, const std::optional<std::string>& new_name,
                         const std::optional<std::string>& domain,
                         const std::optional<std::string>& definition);

    Result<std::optional<Clip>> findClip(std::int64_t clip_id);
    // The clip with that id, or whose sha256 (or source_sha256) starts with `ref` (at least 6
    // hex digits), or whose path is `ref`. An error names `ref` when none or several match.
    Result<Clip> resolveClip(std::string_view ref);
    // The clip already holding content with this hash (as stored or as imported).
    Result<std::optional<Clip>> findClipByHash(std::string_view sha256);

    // Removes the tag; an error when the clip was not tagged with the behaviour.
    Status untagClip(std::int64_t clip_id, std::int64_t behaviour_id);

    // Clips with their tags, ordered by id; only those tagged with `behaviour_id` when given.
    // Archived clips are left out unless `include_archived`.
    Result<std::vector<LibraryEntry>> listLibrary(std::optional<std::int64_t> behaviour_id,
                                                  bool include_archived = false);
    // Clips whose title, original name or notes match `text`, or that are tagged with a
    // behaviour whose name, domain or definition matches it (full-text, every word as a
    // prefix). Archived clips are left out. Best matches first, at most `limit`: clips of a
    // behaviour named exactly `text` (any case), then title matches (shorter titles first),
    // file-name matches, clips of behaviours whose name matches, then whose domain or
    // definition matches, then matches in notes; newest first within each. Each tier reads a
    // bounded set of candidates (its newest matches) and later tiers are not read once
    // `limit` clips are found, so a word in every clip costs about what a rare one does.
    Result<std::vector<Clip>> searchClips(std::string_view text, int limit = 100);
    // Behaviours whose name, domain or definition match `text`.
    Result<std::vector<Behaviour>> searchBehaviours(std::string_view text, int limit = 100);

    Result<std::int64_t> addSegment(const SegmentRecord& segment);
    // Steps first in step order, then the rest by in time.
    Result<std::vector<Segment>> segmentsForClip(std::int64_t clip_id);

    // How many trials showed the clip (directly or through one of its segments).
    Result<std::int64_t> countTrialsUsingClip(std::int64_t clip_id);
    // Deletes the clip's row with its tags and segments (not its file: the caller removes it
    // after this succeeds). Refused while trials refer to it.
    Status removeClip(std::int64_t clip_id);
    // Marks the clip archived: kept for the trials that refer to it, out of listings.
    Status archiveClip(std::int64_t clip_id, std::string_view archived_at);

    // Every file path the rows name, archived clips included.
    Result<LibraryFiles> libraryFiles();

    // ---- Added with schema 13 ----

    // Where a self-modelling clip was cut from, in the clip's order.
    Status addClipCuts(std::int64_t clip_id, std::span<const ClipCut> cuts);
    Result<std::vector<ClipCut>> clipCuts(std::int64_t clip_id);

    // ---- Curation (issue 16) ----
    // The library window's changes (src/store/library_curation.cpp); each is one statement,
    // audited by the caller in the same transaction.

    // Sets the clip's title, model kind and notes; an error when there is no such clip.
    Status updateClipDetails(std::int64_t clip_id, std::string_view title, ModelKind model_kind,
                             std::string_view notes);
    // Brings an archived clip back into listings (undoes archiveClip).
    Status unarchiveClip(std::int64_t clip_id);
    Result<std::optional<Segment>> findSegment(std::int64_t segment_id);
    // Changes the segment's in, out, step and label (its clip and behaviour stay); the same
    // checks as addSegment.
    Status updateSegment(std::int64_t segment_id, const SegmentRecord& segment);
    Status deleteSegment(std::int64_t segment_id);

  private:
    Database* db_;  // not owned
};

}  // namespace mimic::store
