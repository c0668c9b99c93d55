// The library window's changes to clips and segments (library_repository.h, "Curation").
#include "store/library_repository.h"
#include "store/query.h"

namespace mimic::store {

Status LibraryRepository::updateClipDetails(std::int64_t clip_id, std::string_view title,
                                            ModelKind model_kind, std::string_view notes) {
    const std::string what = "cannot change clip " + std::to_string(clip_id);
    if (title.empty()) return Error{what + ": a clip needs a title"};
    Connection& conn = db_->connection();
    auto statement =
        conn.prepare("UPDATE clips SET title = ?2, model_kind = ?3, notes = ?4 WHERE id = ?1");
    if (!statement) return statement.error();
    statement->bind(1, clip_id).bind(2, title).bind(3, modelKindName(model_kind)).bind(4, notes);
    return runChangingRows(conn, *statement, what, "there is no such clip");
}

Status LibraryRepository::unarchiveClip(std::int64_t clip_id) {
    Connection& conn = db_->connection();
    auto statement = conn.prepare("UPDATE clips SET archived_at = NULL WHERE id = ?1");
    if (!statement) return statement.error();
    statement->bind(1, clip_id);
    return runChangingRows(conn, *statement, "cannot bring back clip " + std::to_string(clip_id),
                           "there is no such clip");
}

Result<std::optional<Segment>> LibraryRepository::findSegment(std::int64_t segment_id) {
    auto statement = db_->connection().prepare("SELECT clip_id FROM segments WHERE id = ?1");
    if (!statement) return statement.error();
    statement->bind(1, segment_id);
    auto clip_id = optionalRow(*statement, [](const Statement& row) { return row.columnInt64(0); });
    if (!clip_id) return clip_id.error();
    if (!*clip_id) return std::optional<Segment>();
    // Read as the clip's segments are, so the two never differ.
    auto segments = segmentsForClip(**clip_id);
    if (!segments) return segments.error();
    for (Segment& segment : *segments) {
        if (segment.id == segment_id) return std::optional<Segment>(std::move(segment));
    }
    return std::optional<Segment>();
}

Status LibraryRepository::updateSegment(std::int64_t segment_id, const SegmentRecord& segment) {
    const std::string what = "cannot change segment " + std::to_string(segment_id);
    if (segment.in_ms < 0 || segment.out_ms <= segment.in_ms) {
        return Error{what + ": the out time must come after the in time"};
    }
    if (segment.step && *segment.step < 1) return Error{what + ": steps are numbered from 1"};
    auto stored = findSegment(segment_id);
    if (!stored) return stored.error();
    if (!*stored) return Error{what + ": there is no such segment"};
    auto clip = findClip((*stored)->record.clip_id);
    if (!clip) return clip.error();
    if (*clip && (*clip)->record.duration_ms > 0 && segment.out_ms > (*clip)->record.duration_ms) {
        return Error{what + ": the out time is past the clip's end"};
    }
    Connection& conn = db_->connection();
    auto statement = conn.prepare(
        "UPDATE segments SET in_ms = ?2, out_ms = ?3, step = ?4, label = ?5 WHERE id = ?1");
    if (!statement) return statement.error();
    statement->bind(1, segment_id)
        .bind(2, segment.in_ms)
        .bind(3, segment.out_ms)
        .bind(4, segment.step)
        .bind(5, segment.label);
    return runChangingRows(conn, *statement, what, "there is no such segment");
}

Status LibraryRepository::deleteSegment(std::int64_t segment_id) {
    Connection& conn = db_->connection();
    const std::string what = "cannot delete segment " + std::to_string(segment_id);
    // A trial that showed the segment names it in its record (trial_segments).
    auto shown = conn.prepare("SELECT count(*) FROM trial_segments WHERE segment_id = ?1");
    if (!shown) return shown.error();
    shown->bind(1, segment_id);
    auto trials = singleInt64(*shown, what);
    if (!trials) return trials.error();
    if (*trials > 0) {
        return Error{what + ": " + std::to_string(*trials) +
                     " trial(s) showed it and their record refers to it"};
    }
    auto statement = conn.prepare("DELETE FROM segments WHERE id = ?1");
    if (!statement) return statement.error();
    statement->bind(1, segment_id);
    return runChangingRows(conn, *statement, what, "there is no such segment");
}

}  // namespace mimic::store
