#include "store/audit_log.h"

#include "common/clock.h"
#include "store/query.h"

namespace mimic::store {

Status AuditLog::record(std::string_view actor, std::string_view action,
                        std::string_view record_kind, std::optional<std::int64_t> record_id,
                        std::string_view detail) {
    auto insert = db_->connection().prepare(
        "INSERT INTO audit_log (at, actor, action, record_kind, record_id, detail) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    if (!insert) return insert.error();
    insert->bind(1, utcNowIso8601())
        .bind(2, actor.empty() ? std::string_view("unknown") : actor)
        .bind(3, action)
        .bind(4, record_kind)
        .bind(5, record_id)
        .bind(6, detail);
    if (Status s = insert->run(); !s) {
        return Error{"cannot write the audit log: " + s.error().message};
    }
    return {};
}

Result<std::vector<AuditEntry>> AuditLog::entries(const std::optional<std::string>& record_kind,
                                                  std::optional<std::int64_t> record_id) {
    auto statement = db_->connection().prepare(
        "SELECT id, at, actor, action, record_kind, record_id, detail FROM audit_log "
        "WHERE (?1 IS NULL OR record_kind = ?1) AND (?2 IS NULL OR record_id = ?2) ORDER BY id");
    if (!statement) return statement.error();
    statement->bind(1, record_kind).bind(2, record_id);
    return allRows(*statement, [](const Statement& row) {
        return AuditEntry{row.columnInt64(0), row.columnText(1), row.columnText(2),
                          row.columnText(3),  row.columnText(4), row.columnOptionalInt64(5),
                          row.columnText(6)};
    });
}

}  // namespace mimic::store
