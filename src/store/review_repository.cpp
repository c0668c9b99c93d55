#include "store/review_repository.h"

#include "common/clock.h"
#include "common/names.h"
#include "store/audit_log.h"
#include "store/query.h"

namespace mimic::store {

namespace {

constexpr EnumNames<CodeKind, 2> kCodeKindNames{{
    {CodeKind::kPoint, "point"},
    {CodeKind::kState, "state"},
}};

// The columns readCodedEvent reads, in its order.
constexpr const char* kCodedEventColumns =
    "coded_events.id, trial_id, code_id, coder, start_ms, stop_ms, modifier, "
    "coded_events.created_at, codes.name, codes.kind FROM coded_events "
    "JOIN codes ON codes.id = coded_events.code_id ";

CodedEvent readCodedEvent(const Statement& row) {
    CodedEvent event;
    event.id = row.columnInt64(0);
    event.record.trial_id = row.columnInt64(1);
    event.record.code_id = row.columnInt64(2);
    event.record.coder = row.columnText(3);
    event.record.start_ms = row.columnInt64(4);
    event.record.stop_ms = row.columnOptionalInt64(5);
    event.record.modifier = row.columnText(6);
    event.created_at = row.columnText(7);
    event.code = row.columnText(8);
    event.kind = parseCodeKind(row.columnText(9));
    return event;
}

// "1.250 s": event times in audit details and messages.
std::string seconds(std::int64_t ms) {
    std::string text = std::to_string(ms / 1000) + ".";
    const std::string frac = std::to_string(ms % 1000);
    return text + std::string(3 - frac.size(), '0') + frac + " s";
}

// Inserts one event row (the caller checks, audits and commits).
Result<std::int64_t> insertCodedEvent(Connection& conn, const CodedEventRecord& event,
                                      const std::string& created_at, const std::string& what) {
    auto insert = conn.prepare(
        "INSERT INTO coded_events (trial_id, code_id, coder, start_ms, stop_ms, modifier, "
        "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    if (!insert) return insert.error();
    insert->bind(1, event.trial_id)
        .bind(2, event.code_id)
        .bind(3, event.coder)
        .bind(4, event.start_ms)
        .bind(5, event.stop_ms)
        .bind(6, event.modifier)
        .bind(7, created_at);
    return insertRow(conn, *insert, what);
}

}  // namespace

std::string_view codeKindName(CodeKind kind) {
    return enumName(kCodeKindNames, kind);
}

CodeKind parseCodeKind(std::string_view name) {
    return enumFromName(kCodeKindNames, name);
}

Status ReviewRepository::audit(std::string_view action, std::string_view record_kind,
                               std::optional<std::int64_t> record_id,
                               std::optional<std::int64_t> child_id, std::string_view detail) {
    return AuditLog(*db_).record(actor_, action, record_kind, record_id, detail, child_id);
}

Result<std::vector<std::string>> ReviewRepository::modifiersOf(std::int64_t code_id) {
    auto statement = db_->connection().prepare(
        "SELECT name FROM code_modifiers WHERE code_id = ?1 ORDER BY position");
    if (!statement) return statement.error();
    statement->bind(1, code_id);
    return allRows(*statement, [](const Statement& row) { return row.columnText(0); });
}

Result<std::int64_t> ReviewRepository::addCode(const CodeRecord& code) {
    const std::string what = "cannot add code '" + code.name + "'";
    if (Status s = checkName("a code name", code.name); !s)
        return Error{what + ": " + s.error().message};
    if (code.kind == CodeKind::kNone) return Error{what + ": a code is a point or a state"};
    if (code.key) {
        if (Status s = checkName("a key", *code.key); !s)
            return Error{what + ": " + s.error().message};
    }
    for (const std::string& modifier : code.modifiers) {
        if (Status s = checkName("a modifier", modifier); !s) {
            return Error{what + ": " + s.error().message};
        }
    }
    Connection& conn = db_->connection();
    auto tx = Transaction::begin(conn);
    if (!tx) return tx.error();
    auto insert = conn.prepare(
        "INSERT INTO codes (behaviour_id, name, kind, key, created_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5)");
    if (!insert) return insert.error();
    insert->bind(1, code.behaviour_id)
        .bind(2, code.name)
        .bind(3, codeKindName(code.kind))
        .bind(4, code.key)
        .bind(5, utcNowIso8601());
    auto id = insertRow(conn, *insert, what);
    if (!id) return id;
    auto modifier =
        conn.prepare("INSERT INTO code_modifiers (code_id, position, name) VALUES (?1, ?2, ?3)");
    if (!modifier) return modifier.error();
    for (std::size_t i = 0; i < code.modifiers.size(); ++i) {
        modifier->bind(1, *id).bind(2, i + 1).bind(3, code.modifiers[i]);
        if (Status s = modifier->run(); !s) return Error{what + ": " + s.error().message};
    }
    if (Status s = audit("add", "code", *id, std::nullopt,
                         std::string(codeKindName(code.kind)) + " " + code.name);
        !s) {
        return s.error();
    }
    if (Status s = tx->commit(); !s) return s.error();
    return id;
}

Result<std::vector<Code>> ReviewRepository::codes(std::int64_t behaviour_id) {
    auto statement = db_->connection().prepare(
        "SELECT id, behaviour_id, name, kind, key, created_at FROM codes "
        "WHERE behaviour_id = ?1 ORDER BY name");
    if (!statement) return statement.error();
    statement->bind(1, behaviour_id);
    auto rows = allRows(*statement, [](const Statement& row) {
        Code code;
        code.id = row.columnInt64(0);
        code.record.behaviour_id = row.columnInt64(1);
        code.record.name = row.columnText(2);
        code.record.kind = parseCodeKind(row.columnText(3));
        code.record.key = row.columnOptionalText(4);
        code.created_at = row.columnText(5);
        return code;
    });
    if (!rows) return rows;
    for (Code& code : *rows) {
        auto modifiers = modifiersOf(code.id);
        if (!modifiers) return modifiers.error();
        code.record.modifiers = std::move(*modifiers);
    }
    return rows;
}

Result<std::optional<Code>> ReviewRepository::findCode(std::int64_t behaviour_id,
                                                       std::string_view name) {
    auto scheme = codes(behaviour_id);
    if (!scheme) return scheme.error();
    for (Code& code : *scheme) {
        if (code.record.name == name) return std::optional(std::move(code));
    }
    return std::optional<Code>();
}

Result<std::int64_t> ReviewRepository::addCodedEvent(const CodedEventRecord& event) {
    const std::string what = "cannot add the event to trial " + std::to_string(event.trial_id);
    if (Status s = checkName("a coder's name", event.coder); !s) {
        return Error{what + ": " + s.error().message};
    }
    Connection& conn = db_->connection();
    auto tx = Transaction::begin(conn);
    if (!tx) return tx.error();
    auto child = childOfTrial(db_->connection(), event.trial_id);
    if (!child) return Error{what + ": " + child.error().message};
    auto id = insertCodedEvent(conn, event, utcNowIso8601(), what);
    if (!id) return id;
    std::string detail = "trial " + std::to_string(event.trial_id) + " by " + event.coder + " at " +
                         seconds(event.start_ms);
    if (event.stop_ms) detail += " to " + seconds(*event.stop_ms);
    if (Status s = audit("add", "coded event", *id, *child, detail); !s) return s.error();
    if (Status s = tx->commit(); !s) return s.error();
    return id;
}

Result<std::vector<CodedEvent>> ReviewRepository::codedEvents(std::int64_t trial_id) {
    auto statement = db_->connection().prepare(std::string("SELECT ") + kCodedEventColumns +
                                               "WHERE trial_id = ?1 ORDER BY start_ms, "
                                               "coded_events.id");
    if (!statement) return statement.error();
    statement->bind(1, trial_id);
    return allRows(*statement, readCodedEvent);
}

Result<std::optional<CodedEvent>> ReviewRepository::findCodedEvent(std::int64_t event_id) {
    auto statement = db_->connection().prepare(std::string("SELECT ") + kCodedEventColumns +
                                               "WHERE coded_events.id = ?1");
    if (!statement) return statement.error();
    statement->bind(1, event_id);
    return optionalRow(*statement, readCodedEvent);
}

Status ReviewRepository::removeCodedEvent(std::int64_t event_id) {
    const std::string what = "cannot remove event " + std::to_string(event_id);
    Connection& conn = db_->connection();
    auto tx = Transaction::begin(conn);
    if (!tx) return tx.error();
    auto found = findCodedEvent(event_id);
    if (!found) return Error{what + ": " + found.error().message};
    if (!*found) return Error{what + ": there is no such event"};
    auto child = childOfTrial(db_->connection(), (*found)->record.trial_id);
    if (!child) return Error{what + ": " + child.error().message};
    auto remove = conn.prepare("DELETE FROM coded_events WHERE id = ?1");
    if (!remove) return remove.error();
    remove->bind(1, event_id);
    if (Status s = runChangingRows(conn, *remove, what, "there is no such event"); !s) return s;
    if (Status s = audit("remove", "coded event", event_id, *child,
                         "trial " + std::to_string((*found)->record.trial_id) + " " +
                             (*found)->code + " by " + (*found)->record.coder);
        !s) {
        return s;
    }
    return tx->commit();
}

Result<std::int64_t> ReviewRepository::removeCodedEvents(std::int64_t trial_id) {
    const std::string what = "cannot remove the events of trial " + std::to_string(trial_id);
    Connection& conn = db_->connection();
    auto tx = Transaction::begin(conn);
    if (!tx) return tx.error();
    auto child = childOfTrial(db_->connection(), trial_id);
    if (!child) return Error{what + ": " + child.error().message};
    auto remove = conn.prepare("DELETE FROM coded_events WHERE trial_id = ?1");
    if (!remove) return remove.error();
    remove->bind(1, trial_id);
    if (Status s = remove->run(); !s) return Error{what + ": " + s.error().message};
    const std::int64_t removed = conn.changes();
    if (removed > 0) {
        if (Status s = audit("remove", "trial", trial_id, *child,
                             "every coded event (" + std::to_string(removed) + ")");
            !s) {
            return s.error();
        }
    }
    if (Status s = tx->commit(); !s) return s.error();
    return removed;
}

Status ReviewRepository::saveTrialAnalysis(const TrialAnalysisRecord& analysis) {
    const std::string what =
        "cannot store the analysis of trial " + std::to_string(analysis.trial_id);
    if (Status s = checkName("a coder's name", analysis.coder); !s) {
        return Error{what + ": " + s.error().message};
    }
    Connection& conn = db_->connection();
    auto tx = Transaction::begin(conn);
    if (!tx) return tx.error();
    auto child = childOfTrial(conn, analysis.trial_id);
    if (!child) return Error{what + ": " + child.error().message};
    auto remove = conn.prepare("DELETE FROM coded_events WHERE trial_id = ?1 AND coder = ?2");
    if (!remove) return remove.error();
    remove->bind(1, analysis.trial_id).bind(2, analysis.coder);
    if (Status s = remove->run(); !s) return Error{what + ": " + s.error().message};
    const std::int64_t removed = conn.changes();
    const std::string now = utcNowIso8601();
    for (const CodedEventRecord& event : analysis.events) {
        CodedEventRecord record = event;
        record.trial_id = analysis.trial_id;
        record.coder = analysis.coder;
        if (auto id = insertCodedEvent(conn, record, now, what); !id) return id.error();
    }
    auto update =
        conn.prepare("UPDATE trials SET auto_latency_ms = ?2, analysed_at = ?3 WHERE id = ?1");
    if (!update) return update.error();
    update->bind(1, analysis.trial_id).bind(2, analysis.latency_ms).bind(3, now);
    if (Status s = update->run(); !s) return Error{what + ": " + s.error().message};
    std::string detail = "by " + analysis.coder + ": " + std::to_string(analysis.events.size()) +
                         " events (replacing " + std::to_string(removed) + "), latency " +
                         (analysis.latency_ms ? seconds(*analysis.latency_ms) : "none");
    if (Status s = audit("analyse", "trial", analysis.trial_id, *child, detail); !s) return s;
    return tx->commit();
}

Result<std::optional<StoredAnalysis>> ReviewRepository::trialAnalysis(std::int64_t trial_id) {
    auto statement = db_->connection().prepare(
        "SELECT auto_latency_ms, analysed_at FROM trials WHERE id = ?1 AND analysed_at IS NOT "
        "NULL");
    if (!statement) return statement.error();
    statement->bind(1, trial_id);
    return optionalRow(*statement, [](const Statement& row) {
        return StoredAnalysis{row.columnOptionalInt64(0), row.columnText(1)};
    });
}

Result<std::optional<ReviewTrial>> ReviewRepository::findReviewTrial(std::int64_t trial_id) {
    // The step's segment: the clip's segment numbered with the trial's step.
    auto statement = db_->connection().prepare(
        "SELECT trials.id, sessions.child_id, trials.behaviour_id, behaviours.name, "
        "trials.clip_id, clips.path, recordings.path, trials.step, "
        "(SELECT in_ms FROM segments WHERE segments.clip_id = trials.clip_id "
        " AND segments.step = trials.step ORDER BY segments.id LIMIT 1), "
        "trials.attempt_offset_ms, trials.practice_start_ms, "
        "coalesce(trial_reviews.offset_us, 0) FROM trials "
        "JOIN sessions ON sessions.id = trials.session_id "
        "JOIN behaviours ON behaviours.id = trials.behaviour_id "
        "JOIN clips ON clips.id = trials.clip_id "
        "LEFT JOIN recordings ON recordings.id = trials.recording_id "
        "LEFT JOIN trial_reviews ON trial_reviews.trial_id = trials.id WHERE trials.id = ?1");
    if (!statement) return statement.error();
    statement->bind(1, trial_id);
    return optionalRow(*statement, [](const Statement& row) {
        ReviewTrial trial;
        trial.trial_id = row.columnInt64(0);
        trial.child_id = row.columnInt64(1);
        trial.behaviour_id = row.columnInt64(2);
        trial.behaviour_name = row.columnText(3);
        trial.clip_id = row.columnInt64(4);
        trial.clip_path = row.columnText(5);
        trial.recording_path = row.columnOptionalText(6);
        if (auto step = row.columnOptionalInt64(7)) trial.step = static_cast<int>(*step);
        trial.step_in_ms = row.columnOptionalInt64(8);
        trial.attempt_offset_ms = row.columnOptionalInt64(9);
        trial.practice_start_ms = row.columnOptionalInt64(10);
        trial.offset_us = row.columnInt64(11);
        return trial;
    });
}

Status ReviewRepository::setReviewOffset(std::int64_t trial_id, std::int64_t offset_us) {
    const std::string what = "cannot save the review offset of trial " + std::to_string(trial_id);
    Connection& conn = db_->connection();
    auto tx = Transaction::begin(conn);
    if (!tx) return tx.error();
    auto child = childOfTrial(db_->connection(), trial_id);
    if (!child) return Error{what + ": " + child.error().message};
    auto upsert = conn.prepare(
        "INSERT INTO trial_reviews (trial_id, offset_us, changed_at) VALUES (?1, ?2, ?3) "
        "ON CONFLICT (trial_id) DO UPDATE SET offset_us = excluded.offset_us, "
        "changed_at = excluded.changed_at");
    if (!upsert) return upsert.error();
    upsert->bind(1, trial_id).bind(2, offset_us).bind(3, utcNowIso8601());
    if (Status s = upsert->run(); !s) return Error{what + ": " + s.error().message};
    if (Status s = audit("change", "trial", trial_id, *child,
                         "review offset " + std::to_string(offset_us) + " us");
        !s) {
        return s;
    }
    return tx->commit();
}

}  // namespace mimic::store
