#include "store/library_repository.h"

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
    "clips.height, clips.model_kind, clips.added_at";

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
    return clip;
}

Behaviour readBehaviour(const Statement& row) {
    return {row.columnInt64(0), row.columnText(1), row.columnText(2), row.columnText(3)};
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
    if (name.empty()) return Error{"a behaviour needs a name"};
    auto statement = db_->connection().prepare(
        "INSERT INTO behaviours (name, domain, definition) VALUES (?1, ?2, ?3) "
        "ON CONFLICT (name) DO UPDATE SET domain = excluded.domain, "
        "definition = excluded.definition RETURNING id");
    if (!statement) return statement.error();
    statement->bind(1, name).bind(2, domain).bind(3, definition);
    return singleInt64(*statement, "cannot save behaviour '" + std::string(name) + "'");
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

    Connection& conn = db_->connection();
    auto tx = Transaction::begin(conn);
    if (!tx) return Error{what + ": " + tx.error().message};
    auto insert = conn.prepare(
        "INSERT INTO clips (path, title, sha256, duration_ms, width, height, model_kind, "
        "added_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (sha256) DO NOTHING");
    if (!insert) return insert.error();
    insert->bind(1, clip.path)
        .bind(2, clip.title)
        .bind(3, clip.sha256)
        .bind(4, clip.duration_ms)
        .bind(5, clip.width)
        .bind(6, clip.height)
        .bind(7, modelKindName(clip.model_kind))
        .bind(8, utcNowIso8601());
    if (Status s = insert->run(); !s) return Error{what + ": " + s.error().message};
    std::int64_t id = conn.lastInsertId();
    if (conn.changes() == 0) {  // the same content is already in the library
        auto existing = conn.prepare("SELECT id FROM clips WHERE sha256 = ?1");
        if (!existing) return existing.error();
        existing->bind(1, clip.sha256);
        auto found = singleInt64(*existing, what);
        if (!found) return found.error();
        id = *found;
    }
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

Result<std::vector<Clip>> LibraryRepository::clipsForBehaviour(std::int64_t behaviour_id) {
    auto statement = db_->connection().prepare(
        "SELECT " + std::string(kClipColumns) +
        " FROM clips JOIN clip_behaviours ON clip_behaviours.clip_id = clips.id "
        "WHERE clip_behaviours.behaviour_id = ?1 ORDER BY clips.id");
    if (!statement) return statement.error();
    statement->bind(1, behaviour_id);
    return allRows(*statement, readClip);
}

Result<std::vector<Clip>> LibraryRepository::listClips() {
    auto statement = db_->connection().prepare("SELECT " + std::string(kClipColumns) +
                                               " FROM clips ORDER BY id");
    if (!statement) return statement.error();
    return allRows(*statement, readClip);
}

Result<std::int64_t> LibraryRepository::countClips() {
    auto statement = db_->connection().prepare("SELECT count(*) FROM clips");
    if (!statement) return statement.error();
    return singleInt64(*statement, "cannot count clips");
}

}  // namespace mimic::store
