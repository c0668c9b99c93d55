#include "store/library_repository.h"

#include "common/names.h"

#include <algorithm>
#include <array>
#include <unordered_map>
#include <unordered_set>

#include "common/clock.h"
#include "store/query.h"

namespace mimic::store {

namespace {

constexpr EnumNames<ModelKind, 4> kModelKindNames{{
    {ModelKind::kPeer, "peer"},
    {ModelKind::kAdult, "adult"},
    {ModelKind::kSelf, "self"},
    {ModelKind::kPointOfView, "point-of-view"},
}};

constexpr std::string_view kClipColumns =
    "clips.id, clips.path, clips.title, clips.sha256, clips.duration_ms, clips.width, "
    "clips.height, clips.model_kind, clips.added_at, clips.original_name, clips.video_codec, "
    "clips.audio_codec, clips.notes, clips.thumbnail_path, clips.source_sha256, "
    "clips.archived_at, clips.child_id";
constexpr int kClipColumnCount = 17;

// How many matches searchClips takes from each tier before ordering them.
constexpr int kSearchCandidatesPerSource = 200;

// searchClips' tiers, best first. Each selects (clip_id, closeness) -- lower is closer --
// from ?1 (the FTS5 query), ?3 (the text as typed, trimmed), at most ?4 candidates.
constexpr std::array<std::string_view, 6> kSearchTiers{
    // Tagged with a behaviour whose name is the text itself ("greeting").
    "SELECT clip_id, 0 AS closeness FROM clip_behaviours WHERE behaviour_id IN "
    "(SELECT id FROM behaviours WHERE name = ?3 COLLATE NOCASE) "
    "ORDER BY +clip_id DESC LIMIT ?4",  // "+": read the behaviour's tags, not every tag in order
    // The words are in the title; a shorter title is closer to them.
    "SELECT clip_id, length(clips.title) AS closeness FROM (SELECT rowid AS clip_id "
    "FROM clips_fts WHERE clips_fts MATCH '{title} : (' || ?1 || ')' "
    "ORDER BY rowid DESC LIMIT ?4) JOIN clips ON clips.id = clip_id",
    // In the original file name.
    "SELECT rowid AS clip_id, 0 AS closeness FROM clips_fts "
    "WHERE clips_fts MATCH '{original_name} : (' || ?1 || ')' ORDER BY rowid DESC LIMIT ?4",
    // Tagged with a behaviour whose name has the words (the first behaviours' clips: a word
    // in every behaviour's name would otherwise sort every tag).
    "SELECT clip_id, 0 AS closeness FROM clip_behaviours WHERE behaviour_id IN "
    "(SELECT rowid FROM behaviours_fts WHERE behaviours_fts MATCH '{name} : (' || ?1 || ')') "
    "LIMIT ?4",
    // Tagged with a behaviour whose domain or definition has them.
    "SELECT clip_id, 0 AS closeness FROM clip_behaviours WHERE behaviour_id IN "
    "(SELECT rowid FROM behaviours_fts WHERE behaviours_fts MATCH ?1) LIMIT ?4",
    // Anywhere else on the clip: its notes, or the words spread over several fields.
    "SELECT rowid AS clip_id, 0 AS closeness FROM clips_fts WHERE clips_fts MATCH ?1 "
    "ORDER BY rowid DESC LIMIT ?4",
};

std::string_view trimmed(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\n");
    if (first == std::string_view::npos) return {};
    return text.substr(first, text.find_last_not_of(" \t\n") - first + 1);
}

Clip readClip(const Statement& row) {
    Clip clip;
    clip.id = row.columnInt64(0);
    clip.record.path = row.columnText(1);
    clip.record.title = row.columnText(2);
    clip.record.sha256 = row.columnText(3);
    clip.record.duration_ms = row.columnInt64(4);
    clip.record.width = static_cast<int>(row.columnInt64(5));
    clip.record.height = static_cast<int>(row.columnInt64(6));
    clip.record.model_kind = parseModelKind(row.columnText(7));
    clip.added_at = row.columnText(8);
    clip.record.original_name = row.columnText(9);
    clip.record.video_codec = row.columnText(10);
    clip.record.audio_codec = row.columnText(11);
    clip.record.notes = row.columnText(12);
    clip.record.thumbnail_path = row.columnOptionalText(13);
    clip.record.source_sha256 = row.columnText(14);
    clip.archived_at = row.columnOptionalText(15);
    clip.record.child_id = row.columnOptionalInt64(16);
    return clip;
}

Behaviour readBehaviour(const Statement& row) {
    return {row.columnInt64(0), row.columnText(1), row.columnText(2), row.columnText(3)};
}

std::string clipSelect(std::string_view rest) {
    return "SELECT " + std::string(kClipColumns) + " FROM clips " + std::string(rest);
}

}  // namespace

std::string_view modelKindName(ModelKind kind) {
    return enumName(kModelKindNames, kind);
}

ModelKind parseModelKind(std::string_view name) {
    return enumFromName(kModelKindNames, name);
}

Result<std::int64_t> LibraryRepository::upsertBehaviour(std::string_view name,
                                                        std::string_view domain,
                                                        std::string_view definition) {
    if (Status s = checkName("a behaviour name", name); !s) return s.error();
    auto statement = db_->connection().prepare(
        "INSERT INTO behaviours (name, domain, definition) VALUES (?1, ?2, ?3) "
        "ON CONFLICT (name) DO UPDATE SET domain = excluded.domain, "
        "definition = excluded.definition RETURNING id");
    if (!statement) return statement.error();
    statement->bind(1, name).bind(2, domain).bind(3, definition);
    return singleInt64(*statement, "cannot save behaviour '" + printable(name) + "'");
}

Result<std::optional<Behaviour>> LibraryRepository::findBehaviour(std::string_view name) {
    auto statement = db_->connection().prepare(
        "SELECT id, name, domain, definition FROM behaviours WHERE name = ?1");
    if (!statement) return statement.error();
    statement->bind(1, name);
    return optionalRow(*statement, readBehaviour);
}

Result<std::vector<Behaviour>> LibraryRepository::listBehaviours() {
    auto statement = db_->connection().prepare(
        "SELECT id, name, domain, definition FROM behaviours ORDER BY name");
    if (!statement) return statement.error();
    return allRows(*statement, readBehaviour);
}

Result<std::int64_t> LibraryRepository::addClip(const ClipRecord& clip) {
    const std::string what = "cannot add clip " + clip.path;
    if (clip.path.empty()) return Error{"cannot add a clip without a path"};
    if (clip.sha256.empty()) return Error{what + ": it has no sha256"};
    if (clip.model_kind == ModelKind::kNone) return Error{what + ": it has no model kind"};
    const std::string& source_sha = clip.source_sha256.empty() ? clip.sha256 : clip.source_sha256;

    Connection& conn = db_->connection();
    auto tx = Transaction::begin(conn);
    if (!tx) return Error{what + ": " + tx.error().message};
    // The same content (as stored, or as it was before re-encoding) is already in the library.
    auto existing = conn.prepare(
        "SELECT id FROM clips WHERE sha256 IN (?1, ?2) OR source_sha256 IN (?1, ?2) LIMIT 1");
    if (!existing) return existing.error();
    existing->bind(1, clip.sha256).bind(2, source_sha);
    auto found = optionalRow(*existing, [](const Statement& row) { return row.columnInt64(0); });
    if (!found) return Error{what + ": " + found.error().message};
    if (*found) return **found;  // the transaction only read: rolling it back is the same

    auto insert = conn.prepare(
        "INSERT INTO clips (path, title, sha256, duration_ms, width, height, model_kind, "
        "added_at, original_name, video_codec, audio_codec, notes, thumbnail_path, "
        "source_sha256" +
        // child_id only for a child's clip: the rest insert alike into a schema before 13 (the
        // migration tests fill older files through this repository).
        std::string(clip.child_id ? ", child_id" : "") +
        ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14" +
        std::string(clip.child_id ? ", ?15" : "") + ")");
    if (!insert) return insert.error();
    insert->bind(1, clip.path)
        .bind(2, clip.title)
        .bind(3, clip.sha256)
        .bind(4, clip.duration_ms)
        .bind(5, clip.width)
        .bind(6, clip.height)
        .bind(7, modelKindName(clip.model_kind))
        .bind(8, utcNowIso8601())
        .bind(9, clip.original_name)
        .bind(10, clip.video_codec)
        .bind(11, clip.audio_codec)
        .bind(12, clip.notes)
        .bind(13, clip.thumbnail_path)
        .bind(14, source_sha);
    if (clip.child_id) insert->bind(15, *clip.child_id);
    if (Status s = insert->run(); !s) return Error{what + ": " + s.error().message};
    const std::int64_t id = conn.lastInsertId();
    if (Status s = tx->commit(); !s) return Error{what + ": " + s.error().message};
    return id;
}

Status LibraryRepository::tagClip(std::int64_t clip_id, std::int64_t behaviour_id) {
    auto statement = db_->connection().prepare(
        "INSERT INTO clip_behaviours (clip_id, behaviour_id) VALUES (?1, ?2) "
        "ON CONFLICT DO NOTHING");
    if (!statement) return statement.error();
    statement->bind(1, clip_id).bind(2, behaviour_id);
    if (Status s = statement->run(); !s) {
        return Error{"cannot tag clip " + std::to_string(clip_id) + " with behaviour " +
                     std::to_string(behaviour_id) + ": " + s.error().message};
    }
    return {};
}

Result<std::vector<Clip>> LibraryRepository::clipsForBehaviour(
    std::int64_t behaviour_id, std::optional<std::int64_t> for_child) {
    auto statement = db_->connection().prepare(
        clipSelect("JOIN clip_behaviours ON clip_behaviours.clip_id = clips.id "
                   "WHERE clip_behaviours.behaviour_id = ?1 AND (?2 IS NULL OR "
                   "clips.child_id IS NULL OR clips.child_id = ?2) ORDER BY clips.id"));
    if (!statement) return statement.error();
    statement->bind(1, behaviour_id).bind(2, for_child);
    return allRows(*statement, readClip);
}

Status LibraryRepository::addClipCuts(std::int64_t clip_id, std::span<const ClipCut> cuts) {
    auto insert = db_->connection().prepare(
        "INSERT INTO clip_cuts (clip_id, position, trial_id, start_ms, end_ms) "
        "VALUES (?1, ?2, ?3, ?4, ?5)");
    if (!insert) return insert.error();
    int position = 0;
    for (const ClipCut& cut : cuts) {
        insert->reset();
        insert->bind(1, clip_id)
            .bind(2, ++position)
            .bind(3, cut.trial_id)
            .bind(4, cut.start_ms)
            .bind(5, cut.end_ms);
        if (Status s = insert->run(); !s) {
            return Error{"cannot store where clip " + std::to_string(clip_id) +
                         " was cut from: " + s.error().message};
        }
    }
    return {};
}

Result<std::vector<ClipCut>> LibraryRepository::clipCuts(std::int64_t clip_id) {
    auto statement = db_->connection().prepare(
        "SELECT trial_id, start_ms, end_ms FROM clip_cuts WHERE clip_id = ?1 ORDER BY position");
    if (!statement) return statement.error();
    statement->bind(1, clip_id);
    return allRows(*statement, [](const Statement& row) {
        return ClipCut{row.columnInt64(0), row.columnInt64(1), row.columnInt64(2)};
    });
}

Result<std::vector<Clip>> LibraryRepository::listClips() {
    auto statement = db_->connection().prepare(clipSelect("ORDER BY id"));
    if (!statement) return statement.error();
    return allRows(*statement, readClip);
}

Result<std::int64_t> LibraryRepository::countClips() {
    auto statement = db_->connection().prepare("SELECT count(*) FROM clips");
    if (!statement) return statement.error();
    return singleInt64(*statement, "cannot count clips");
}

Status LibraryRepository::editBehaviour(std::string_view name,
                                        const std::optional<std::string>& new_name,
                                        const std::optional<std::string>& domain,
                                        const std::optional<std::string>& definition) {
    const std::string what = "cannot edit behaviour '" + printable(name) + "'";
    if (new_name) {
        if (Status s = checkName("a behaviour name", *new_name); !s) {
            return Error{what + ": " + s.error().message};
        }
    }
    Connection& conn = db_->connection();
    auto update = conn.prepare(
        "UPDATE behaviours SET name = coalesce(?2, name), domain = coalesce(?3, domain), "
        "definition = coalesce(?4, definition) WHERE name = ?1");
    if (!update) return update.error();
    update->bind(1, name).bind(2, new_name).bind(3, domain).bind(4, definition);
    if (Status s = runChangingRows(conn, *update, what, "there is no such behaviour"); !s) return s;
    return {};
}

Result<std::optional<Clip>> LibraryRepository::findClip(std::int64_t clip_id) {
    auto statement = db_->connection().prepare(clipSelect("WHERE id = ?1"));
    if (!statement) return statement.error();
    statement->bind(1, clip_id);
    return optionalRow(*statement, readClip);
}

Result<std::optional<Clip>> LibraryRepository::findClipByHash(std::string_view sha256) {
    auto statement = db_->connection().prepare(
        clipSelect("WHERE sha256 = ?1 OR source_sha256 = ?1 ORDER BY id LIMIT 1"));
    if (!statement) return statement.error();
    statement->bind(1, sha256);
    return optionalRow(*statement, readClip);
}

Result<Clip> LibraryRepository::resolveClip(std::string_view ref) {
    const std::string name(ref);
    const bool all_digits =
        !ref.empty() && ref.find_first_not_of("0123456789") == std::string_view::npos;
    if (all_digits && ref.size() < 6) {
        auto clip = findClip(std::stoll(name));
        if (!clip) return clip.error();
        if (!*clip) return Error{"no clip " + name + " in the library"};
        return std::move(**clip);
    }
    std::vector<Clip> matches;
    const bool hex = ref.size() >= 6 && ref.find_first_not_of("0123456789abcdef") == ref.npos;
    if (hex) {
        // A prefix range keeps the sha256 UNIQUE index usable.
        auto statement = db_->connection().prepare(
            clipSelect("WHERE (sha256 >= ?1 AND sha256 < ?1 || 'g') OR "
                       "(source_sha256 >= ?1 AND source_sha256 < ?1 || 'g') ORDER BY id LIMIT 2"));
        if (!statement) return statement.error();
        statement->bind(1, ref);
        auto rows = allRows(*statement, readClip);
        if (!rows) return rows.error();
        matches = std::move(*rows);
    }
    if (matches.empty()) {
        auto statement = db_->connection().prepare(clipSelect("WHERE path = ?1"));
        if (!statement) return statement.error();
        statement->bind(1, ref);
        auto rows = allRows(*statement, readClip);
        if (!rows) return rows.error();
        matches = std::move(*rows);
    }
    if (matches.empty()) {
        return Error{"no clip '" + name + "' in the library (give its id, hash prefix or path)"};
    }
    if (matches.size() > 1) {
        return Error{"'" + name + "' matches several clips; give more of the hash"};
    }
    return std::move(matches.front());
}

Status LibraryRepository::untagClip(std::int64_t clip_id, std::int64_t behaviour_id) {
    Connection& conn = db_->connection();
    auto statement =
        conn.prepare("DELETE FROM clip_behaviours WHERE clip_id = ?1 AND behaviour_id = ?2");
    if (!statement) return statement.error();
    statement->bind(1, clip_id).bind(2, behaviour_id);
    const std::string what = "cannot untag clip " + std::to_string(clip_id);
    if (Status s = runChangingRows(conn, *statement, what, "it is not tagged with that behaviour");
        !s)
        return s;
    return {};
}

Result<std::vector<LibraryEntry>> LibraryRepository::listLibrary(
    std::optional<std::int64_t> behaviour_id, bool include_archived) {
    // One query for the clips, each with the ids of its tags read from the tag table's own
    // key (no join or sort per clip: measured ~0.7 ms of 3.6 for 600 clips); the names come
    // from one read of the behaviours afterwards (a tag's behaviour cannot be deleted, so
    // every id is there) and are sorted here.
    std::string where = include_archived ? "WHERE 1" : "WHERE clips.archived_at IS NULL";
    if (behaviour_id) {
        where += " AND clips.id IN (SELECT clip_id FROM clip_behaviours WHERE behaviour_id = ?1)";
    }
    Connection& conn = db_->connection();
    auto statement = conn.prepare("SELECT " + std::string(kClipColumns) +
                                  ", (SELECT group_concat(behaviour_id) FROM clip_behaviours "
                                  "WHERE clip_behaviours.clip_id = clips.id) FROM clips " +
                                  where + " ORDER BY clips.id");
    if (!statement) return statement.error();
    if (behaviour_id) statement->bind(1, *behaviour_id);
    std::vector<std::string> tag_ids;
    auto entries = allRows(*statement, [&](const Statement& row) {
        tag_ids.push_back(row.columnText(kClipColumnCount));
        return LibraryEntry{readClip(row), {}};
    });
    if (!entries) return entries.error();
    auto names = conn.prepare("SELECT id, name FROM behaviours");
    if (!names) return names.error();
    std::unordered_map<std::int64_t, std::string> name_of;
    for (;;) {
        auto row = names->step();
        if (!row) return row.error();
        if (!*row) break;
        name_of.emplace(names->columnInt64(0), names->columnText(1));
    }
    for (std::size_t i = 0; i < entries->size(); ++i) {
        auto& behaviours = (*entries)[i].behaviours;
        const std::string& ids = tag_ids[i];
        for (std::size_t start = 0; start < ids.size();) {
            std::size_t end = ids.find(',', start);
            if (end == std::string::npos) end = ids.size();
            const auto found = name_of.find(std::stoll(ids.substr(start, end - start)));
            if (found != name_of.end()) behaviours.push_back(found->second);
            start = end + 1;
        }
        std::sort(behaviours.begin(), behaviours.end());
    }
    return entries;
}

Result<std::vector<Clip>> LibraryRepository::searchClips(std::string_view text, int limit) {
    const std::string query = ftsQuery(text);
    if (query.empty()) return Error{"nothing to search for"};
    std::vector<Clip> found;
    if (limit <= 0) return found;
    // Ranked by where the words are, the way a therapist reads a result list, one tier after
    // the other until `limit` clips are found (kSearchTiers). Within a tier, newest first.
    // Not bm25: bm25 first reads every match of every word to weigh it, ~1 us a row, so a
    // word in 25,000 clips cost 20-90 ms however few rows were returned. Each tier instead
    // reads a bounded set of candidates -- FTS5 reads matches newest first and stops after
    // `candidates` (cheap with the prefix index of migration 0003) -- and a common word stops
    // after the first tier or two, so it costs about what a rare word does.
    const int candidates = std::max(limit, kSearchCandidatesPerSource);
    std::unordered_set<std::int64_t> seen;
    for (const std::string_view tier : kSearchTiers) {
        auto statement = db_->connection().prepare(
            "SELECT " + std::string(kClipColumns) + " FROM (" + std::string(tier) +
            ") AS candidate JOIN clips ON clips.id = candidate.clip_id "
            "WHERE clips.archived_at IS NULL ORDER BY candidate.closeness, clips.id DESC "
            "LIMIT ?2");
        if (!statement) return statement.error();
        // Clips already found in a better tier come back again here: ask for enough more.
        const auto wanted =
            static_cast<std::int64_t>(limit) + static_cast<std::int64_t>(seen.size());
        statement->bind(1, query).bind(2, wanted).bind(3, trimmed(text)).bind(4, candidates);
        for (;;) {
            auto row = statement->step();
            if (!row) return row.error();
            if (!*row) break;
            if (!seen.insert(statement->columnInt64(0)).second) continue;
            found.push_back(readClip(*statement));
            if (found.size() == static_cast<std::size_t>(limit)) return found;
        }
    }
    return found;
}

Result<std::vector<Behaviour>> LibraryRepository::searchBehaviours(std::string_view text,
                                                                   int limit) {
    const std::string query = ftsQuery(text);
    if (query.empty()) return Error{"nothing to search for"};
    auto statement = db_->connection().prepare(
        "SELECT behaviours.id, behaviours.name, behaviours.domain, behaviours.definition "
        "FROM behaviours_fts JOIN behaviours ON behaviours.id = behaviours_fts.rowid "
        "WHERE behaviours_fts MATCH ?1 ORDER BY bm25(behaviours_fts) LIMIT ?2");
    if (!statement) return statement.error();
    statement->bind(1, query).bind(2, limit);
    return allRows(*statement, readBehaviour);
}

Result<std::int64_t> LibraryRepository::addSegment(const SegmentRecord& segment) {
    const std::string what = "cannot add a segment to clip " + std::to_string(segment.clip_id);
    if (segment.in_ms < 0 || segment.out_ms <= segment.in_ms) {
        return Error{what + ": the out time must come after the in time"};
    }
    if (segment.step && *segment.step < 1) return Error{what + ": steps are numbered from 1"};
    auto clip = findClip(segment.clip_id);
    if (!clip) return clip.error();
    if (!*clip) return Error{what + ": there is no such clip"};
    if ((*clip)->record.duration_ms > 0 && segment.out_ms > (*clip)->record.duration_ms) {
        return Error{what + ": the out time " + std::to_string(segment.out_ms) +
                     " ms is past the clip's end (" + std::to_string((*clip)->record.duration_ms) +
                     " ms)"};
    }
    Connection& conn = db_->connection();
    auto insert = conn.prepare(
        "INSERT INTO segments (clip_id, behaviour_id, in_ms, out_ms, step, label) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    if (!insert) return insert.error();
    insert->bind(1, segment.clip_id)
        .bind(2, segment.behaviour_id)
        .bind(3, segment.in_ms)
        .bind(4, segment.out_ms)
        .bind(5, segment.step)
        .bind(6, segment.label);
    if (Status s = insert->run(); !s) return Error{what + ": " + s.error().message};
    return conn.lastInsertId();
}

Result<std::vector<Segment>> LibraryRepository::segmentsForClip(std::int64_t clip_id) {
    auto statement = db_->connection().prepare(
        "SELECT segments.id, segments.clip_id, segments.behaviour_id, segments.in_ms, "
        "segments.out_ms, segments.step, segments.label, behaviours.name FROM segments "
        "JOIN behaviours ON behaviours.id = segments.behaviour_id WHERE segments.clip_id = ?1 "
        "ORDER BY segments.step IS NULL, segments.step, segments.in_ms, segments.id");
    if (!statement) return statement.error();
    statement->bind(1, clip_id);
    return allRows(*statement, [](const Statement& row) {
        Segment segment;
        segment.id = row.columnInt64(0);
        segment.record.clip_id = row.columnInt64(1);
        segment.record.behaviour_id = row.columnInt64(2);
        segment.record.in_ms = row.columnInt64(3);
        segment.record.out_ms = row.columnInt64(4);
        if (auto step = row.columnOptionalInt64(5)) segment.record.step = static_cast<int>(*step);
        segment.record.label = row.columnText(6);
        segment.behaviour_name = row.columnText(7);
        return segment;
    });
}

Result<std::int64_t> LibraryRepository::countTrialsUsingClip(std::int64_t clip_id) {
    auto statement = db_->connection().prepare(
        "SELECT (SELECT count(*) FROM trials WHERE clip_id = ?1) + "
        "(SELECT count(*) FROM trial_segments JOIN segments ON segments.id = "
        "trial_segments.segment_id WHERE segments.clip_id = ?1)");
    if (!statement) return statement.error();
    statement->bind(1, clip_id);
    return singleInt64(*statement, "cannot count the trials of clip " + std::to_string(clip_id));
}

Status LibraryRepository::removeClip(std::int64_t clip_id) {
    const std::string what = "cannot remove clip " + std::to_string(clip_id);
    Connection& conn = db_->connection();
    auto tx = Transaction::begin(conn);
    if (!tx) return Error{what + ": " + tx.error().message};
    auto used = countTrialsUsingClip(clip_id);
    if (!used) return used.error();
    if (*used > 0) {
        return Error{what + ": " + std::to_string(*used) +
                     " trial(s) refer to it (archive it instead with --archive)"};
    }
    auto statement = conn.prepare("DELETE FROM clips WHERE id = ?1");
    if (!statement) return statement.error();
    statement->bind(1, clip_id);
    if (Status s = runChangingRows(conn, *statement, what, "there is no such clip"); !s) return s;
    if (Status s = tx->commit(); !s) return Error{what + ": " + s.error().message};
    return {};
}

Status LibraryRepository::archiveClip(std::int64_t clip_id, std::string_view archived_at) {
    Connection& conn = db_->connection();
    auto statement =
        conn.prepare("UPDATE clips SET archived_at = coalesce(archived_at, ?2) WHERE id = ?1");
    if (!statement) return statement.error();
    statement->bind(1, clip_id).bind(2, archived_at);
    const std::string what = "cannot archive clip " + std::to_string(clip_id);
    if (Status s = runChangingRows(conn, *statement, what, "there is no such clip"); !s) return s;
    return {};
}

Result<LibraryFiles> LibraryRepository::libraryFiles() {
    auto statement = db_->connection().prepare("SELECT path, thumbnail_path FROM clips");
    if (!statement) return statement.error();
    LibraryFiles files;
    for (;;) {
        auto row = statement->step();
        if (!row) return row.error();
        if (!*row) break;
        files.clip_paths.push_back(statement->columnText(0));
        if (auto thumb = statement->columnOptionalText(1)) {
            files.thumbnail_paths.push_back(std::move(*thumb));
        }
    }
    return files;
}

}  // namespace mimic::store
