#include "store/audit_log.h"

#include <sodium.h>
#include <sqlite3.h>

#include <array>

#include "common/clock.h"
#include "store/query.h"

namespace mimic::store {

namespace {

// Bumped if the serialisation ever changes, so old and new hashes can never be confused.
constexpr std::string_view kSerialisationTag = "mimic-audit-1\n";

void appendText(std::string& out, std::string_view text) {
    out += 't';
    out += std::to_string(text.size());
    out += ':';
    out += text;
    out += '\n';
}

void appendInteger(std::string& out, std::optional<std::int64_t> value) {
    if (!value) {
        out += "n\n";
        return;
    }
    out += 'i';
    out += std::to_string(*value);
    out += '\n';
}

std::string sha256Hex(std::string_view bytes) {
    // sodium_init picks the fastest implementation for this CPU; hashing works without it,
    // but the library asks for it before any other call. It is safe to call more than once.
    [[maybe_unused]] static const int initialised = sodium_init();
    std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
    crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(bytes.data()),
                       bytes.size());
    std::array<char, crypto_hash_sha256_BYTES * 2 + 1> hex{};
    sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
    return std::string(hex.data(), crypto_hash_sha256_BYTES * 2);
}

std::string_view valueText(sqlite3_value* value) {
    const auto* text = sqlite3_value_text(value);
    if (text == nullptr) return {};
    return {reinterpret_cast<const char*>(text),
            static_cast<std::size_t>(sqlite3_value_bytes(value))};
}

std::optional<std::int64_t> valueInteger(sqlite3_value* value) {
    if (sqlite3_value_type(value) == SQLITE_NULL) return std::nullopt;
    return sqlite3_value_int64(value);
}

// mimic_audit_hash(id, at, actor, action, record_kind, record_id, child_id, detail, prev_hash)
void sqlAuditHash(sqlite3_context* context, int argc, sqlite3_value** argv) {
    if (argc != 9) {
        sqlite3_result_error(context, "mimic_audit_hash takes 9 arguments", -1);
        return;
    }
    AuditEntry entry;
    entry.id = sqlite3_value_int64(argv[0]);
    entry.at = valueText(argv[1]);
    entry.actor = valueText(argv[2]);
    entry.action = valueText(argv[3]);
    entry.record_kind = valueText(argv[4]);
    entry.record_id = valueInteger(argv[5]);
    entry.child_id = valueInteger(argv[6]);
    entry.detail = valueText(argv[7]);
    entry.prev_hash = valueText(argv[8]);
    const std::string hash = auditHash(entry);
    sqlite3_result_text(context, hash.data(), static_cast<int>(hash.size()), SQLITE_TRANSIENT);
}

constexpr std::string_view kEntryColumns =
    "audit_log.id, audit_log.at, audit_log.actor, audit_log.action, audit_log.record_kind, "
    "audit_log.record_id, audit_log.child_id, audit_log.detail, audit_log.prev_hash, "
    "audit_log.hash, children.code";
constexpr std::string_view kEntryFrom =
    " FROM audit_log LEFT JOIN children ON children.id = audit_log.child_id ";

AuditEntry readEntry(const Statement& row) {
    AuditEntry entry;
    entry.id = row.columnInt64(0);
    entry.at = row.columnText(1);
    entry.actor = row.columnText(2);
    entry.action = row.columnText(3);
    entry.record_kind = row.columnText(4);
    entry.record_id = row.columnOptionalInt64(5);
    entry.child_id = row.columnOptionalInt64(6);
    entry.detail = row.columnText(7);
    entry.prev_hash = row.columnText(8);
    entry.hash = row.columnText(9);
    entry.child_code = row.columnOptionalText(10);
    return entry;
}

// The largest id the log has ever had: its AUTOINCREMENT counter, which a DELETE leaves as
// it was, or its largest id when that is higher (a counter set back by hand).
constexpr std::string_view kLastIdEver =
    "max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'), 0), "
    "coalesce((SELECT max(id) FROM audit_log), 0))";

std::string removedFrom(std::int64_t first_missing, std::int64_t last_missing) {
    std::string problem = "audit log entry " + std::to_string(first_missing) + " was removed";
    if (last_missing > first_missing) {
        problem += " (entries " + std::to_string(first_missing) + " to " +
                   std::to_string(last_missing) + " are missing)";
    }
    return problem;
}

}  // namespace

std::string auditHash(const AuditEntry& entry) {
    std::string canonical(kSerialisationTag);
    appendInteger(canonical, entry.id);
    appendText(canonical, entry.at);
    appendText(canonical, entry.actor);
    appendText(canonical, entry.action);
    appendText(canonical, entry.record_kind);
    appendInteger(canonical, entry.record_id);
    appendInteger(canonical, entry.child_id);
    appendText(canonical, entry.detail);
    appendText(canonical, entry.prev_hash);
    return sha256Hex(canonical);
}

Status registerAuditFunctions(Connection& connection) {
    const int rc =
        sqlite3_create_function_v2(connection.handle(), "mimic_audit_hash", 9,
                                   SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY, nullptr,
                                   sqlAuditHash, nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) return connection.error("adding the audit hash function");
    return {};
}

Status AuditLog::record(std::string_view actor, std::string_view action,
                        std::string_view record_kind, std::optional<std::int64_t> record_id,
                        std::string_view detail, std::optional<std::int64_t> child_id) {
    const std::string what = "cannot write the audit log";
    Connection& conn = db_->connection();
    // Reading the chain's end and appending to it are one step, whatever the caller holds.
    auto tx = Transaction::begin(conn);
    if (!tx) return Error{what + ": " + tx.error().message};
    auto end =
        conn.prepare("SELECT " + std::string(kLastIdEver) +
                     ", coalesce((SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1), '')");
    if (!end) return Error{what + ": " + end.error().message};
    auto row = end->step();
    if (!row || !*row) return Error{what + ": " + (row ? "no answer" : row.error().message)};
    AuditEntry entry;
    entry.id = end->columnInt64(0) + 1;
    entry.prev_hash = end->columnText(1);
    end->reset();
    entry.at = utcNowIso8601();
    entry.actor = actor.empty() ? std::string("unknown") : std::string(actor);
    entry.action = action;
    entry.record_kind = record_kind;
    entry.record_id = record_id;
    entry.child_id = child_id;
    entry.detail = detail;
    entry.hash = auditHash(entry);

    auto insert = conn.prepare(
        "INSERT INTO audit_log (id, at, actor, action, record_kind, record_id, child_id, detail, "
        "prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
    if (!insert) return Error{what + ": " + insert.error().message};
    insert->bind(1, entry.id)
        .bind(2, entry.at)
        .bind(3, entry.actor)
        .bind(4, entry.action)
        .bind(5, entry.record_kind)
        .bind(6, entry.record_id)
        .bind(7, entry.child_id)
        .bind(8, entry.detail)
        .bind(9, entry.prev_hash)
        .bind(10, entry.hash);
    if (Status s = insert->run(); !s) return Error{what + ": " + s.error().message};
    if (Status s = tx->commit(); !s) return Error{what + ": " + s.error().message};
    return {};
}

Result<std::vector<AuditEntry>> AuditLog::entries(const std::optional<std::string>& record_kind,
                                                  std::optional<std::int64_t> record_id) {
    auto statement = db_->connection().prepare(
        "SELECT " + std::string(kEntryColumns) + std::string(kEntryFrom) +
        "WHERE (?1 IS NULL OR record_kind = ?1) AND (?2 IS NULL OR record_id = ?2) "
        "ORDER BY audit_log.id");
    if (!statement) return statement.error();
    statement->bind(1, record_kind).bind(2, record_id);
    return allRows(*statement, readEntry);
}

Result<std::vector<AuditEntry>> AuditLog::entriesAboutChild(std::optional<std::int64_t> child_id) {
    auto statement = db_->connection().prepare(
        "SELECT " + std::string(kEntryColumns) + std::string(kEntryFrom) +
        "WHERE ?1 IS NULL OR audit_log.child_id = ?1 ORDER BY audit_log.id");
    if (!statement) return statement.error();
    statement->bind(1, child_id);
    return allRows(*statement, readEntry);
}

Result<AuditCheck> AuditLog::verify() {
    Connection& conn = db_->connection();
    // One statement reads the rows and the counter, so both come from one snapshot (in WAL
    // mode) without taking the write lock: sessions may go on writing meanwhile.
    auto rows =
        conn.prepare("SELECT " + std::string(kEntryColumns) + ", " + std::string(kLastIdEver) +
                     std::string(kEntryFrom) + "ORDER BY audit_log.id");
    if (!rows) return rows.error();
    AuditCheck check;
    const auto bad = [&check](std::int64_t id, std::string problem) {
        check.intact = false;
        check.first_bad_id = id;
        check.problem = std::move(problem);
        return check;
    };
    std::int64_t previous_id = 0;
    std::string previous_hash;
    std::optional<std::int64_t> last_id;  // the largest id ever used, read with the rows
    for (;;) {
        auto row = rows->step();
        if (!row) return row.error();
        if (!*row) break;
        const AuditEntry entry = readEntry(*rows);
        last_id = rows->columnInt64(11);
        if (entry.id != previous_id + 1)
            return bad(previous_id + 1, removedFrom(previous_id + 1, entry.id - 1));
        if (auditHash(entry) != entry.hash) {
            return bad(entry.id, "audit log entry " + std::to_string(entry.id) +
                                     " was changed: its contents no longer match its hash");
        }
        if (entry.prev_hash != previous_hash) {
            const std::string link = previous_id == 0 ? std::string("it does not begin the chain")
                                                      : "it does not carry the hash of entry " +
                                                            std::to_string(previous_id) +
                                                            " (one of the two was rewritten)";
            return bad(entry.id,
                       "audit log entry " + std::to_string(entry.id) + " was changed: " + link);
        }
        previous_id = entry.id;
        previous_hash = entry.hash;
        ++check.entries;
    }
    if (!last_id) {  // no rows: were there ever any?
        auto counter = conn.prepare("SELECT " + std::string(kLastIdEver));
        if (!counter) return counter.error();
        auto read = singleInt64(*counter, "cannot read the audit log");
        if (!read) return read.error();
        last_id = *read;
    }
    if (*last_id > previous_id) {
        return bad(previous_id + 1, removedFrom(previous_id + 1, *last_id) + " from the end");
    }
    return check;
}

}  // namespace mimic::store
