#include "store/retention.h"

#include <charconv>

#include "store/audit_log.h"
#include "store/connection.h"

namespace mimic::store {

namespace {

constexpr std::string_view kRecordingsDays = "retention_recordings_days";

}  // namespace

bool recordingDue(std::string_view started_at, int days, UtcSeconds now) {
    const auto started = parseUtc(started_at);
    if (!started || days < 1) return false;
    return *started + std::chrono::days(days) <= now;
}

Result<std::optional<int>> retentionDays(Database& db) {
    auto statement = db.connection().prepare("SELECT value FROM settings WHERE name = ?1");
    if (!statement) return Error{"cannot read the retention: " + statement.error().message};
    statement->bind(1, kRecordingsDays);
    auto row = statement->step();
    if (!row) return Error{"cannot read the retention: " + row.error().message};
    if (!*row) return std::optional<int>{};
    const std::string text = statement->columnText(0);
    int days = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), days);
    if (ec != std::errc{} || end != text.data() + text.size() || days < 1) {
        return Error{"the stored retention is not a number of days: " + text};
    }
    return std::optional<int>{days};
}

Status setRetentionDays(Database& db, std::optional<int> days, std::string_view actor) {
    if (days && *days < 1) return Error{"retention is at least 1 day"};
    Connection& conn = db.connection();
    auto tx = Transaction::begin(conn);
    if (!tx) return Error{"cannot set the retention: " + tx.error().message};
    auto statement = days ? conn.prepare(
                                "INSERT INTO settings (name, value) VALUES (?1, ?2) "
                                "ON CONFLICT (name) DO UPDATE SET value = excluded.value")
                          : conn.prepare("DELETE FROM settings WHERE name = ?1");
    if (!statement) return Error{"cannot set the retention: " + statement.error().message};
    statement->bind(1, kRecordingsDays);
    if (days) statement->bind(2, std::to_string(*days));
    if (Status s = statement->run(); !s)
        return Error{"cannot set the retention: " + s.error().message};
    const std::string detail =
        days ? "recordings kept " + std::to_string(*days) + " days" : "recordings kept without end";
    if (Status s = AuditLog(db).record(actor, "change", "retention", std::nullopt, detail); !s)
        return Error{"cannot set the retention: " + s.error().message};
    return tx->commit();
}

Result<std::vector<DueRecording>> recordingsDue(Database& db, UtcSeconds now) {
    auto days = retentionDays(db);
    if (!days) return days.error();
    std::vector<DueRecording> due;
    if (!*days) return due;
    auto statement = db.connection().prepare(
        "SELECT recordings.id, recordings.path, recordings.started_at, sessions.child_id, "
        "       coalesce(children.legal_hold, 0) "
        "FROM recordings "
        "LEFT JOIN trials ON trials.recording_id = recordings.id "
        "LEFT JOIN sessions ON sessions.id = trials.session_id "
        "LEFT JOIN children ON children.id = sessions.child_id "
        "WHERE recordings.status <> 'recording' ORDER BY recordings.id");
    if (!statement) return Error{"cannot list recordings: " + statement.error().message};
    for (;;) {
        auto row = statement->step();
        if (!row) return Error{"cannot list recordings: " + row.error().message};
        if (!*row) break;
        if (statement->columnInt64(4) != 0) continue;  // a child on legal hold
        DueRecording recording{statement->columnInt64(0), statement->columnText(1),
                               statement->columnText(2), statement->columnOptionalInt64(3)};
        if (recordingDue(recording.started_at, **days, now)) due.push_back(std::move(recording));
    }
    return due;
}

}  // namespace mimic::store
