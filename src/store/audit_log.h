// The audit log (docs/clinical.md, "Audit"): who did what to which record, and when. Rows are
// only ever added: the database refuses UPDATE and DELETE on audit_log (triggers, schema 5),
// and each row carries the SHA-256 of its contents and of the row before it (a hash chain), so
// a row changed or removed by someone who dropped the triggers is found by verify().
//
// The chain is not a signature: whoever can write the file can also rewrite every hash after
// a change. It finds changes made without recomputing the chain, and the removal of rows at
// the end as well as in the middle (the table's AUTOINCREMENT counter remembers the last id).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "store/connection.h"
#include "store/database.h"

namespace mimic::store {

struct AuditEntry {
    std::int64_t id = 0;
    std::string at;           // ISO-8601 UTC
    std::string actor;        // who: the operating-system account (os_account.h)
    std::string action;       // e.g. "add", "finish", "view", "recover", "grant", "revoke"
    std::string record_kind;  // e.g. "session", "trial", "recording", "consent", "clip"
    std::optional<std::int64_t> record_id;
    std::optional<std::int64_t> child_id;  // the child the record concerns, when it concerns one
    std::string detail;
    std::string prev_hash;  // the hash of the entry before ("" for the first)
    std::string hash;       // auditHash() of this entry
    // Read, not hashed: the child's code when child_id names a child that exists.
    std::optional<std::string> child_code;
};

// SHA-256, as 64 lowercase hex digits, over a canonical serialisation of the entry's id, at,
// actor, action, record_kind, record_id, child_id, detail and prev_hash (each length-prefixed,
// NULL distinct from every value), so that no two different entries serialise alike.
std::string auditHash(const AuditEntry& entry);

// Adds the SQL function mimic_audit_hash(id, at, actor, action, record_kind, record_id,
// child_id, detail, prev_hash) = auditHash() to `connection`, for the migration that chains
// the rows older schemas left (0005). Database::open calls it before migrating.
Status registerAuditFunctions(Connection& connection);

// What verify() found. `intact` with the number of entries, or the first bad entry and why.
struct AuditCheck {
    std::int64_t entries = 0;
    bool intact = true;
    std::int64_t first_bad_id = 0;
    std::string problem;  // one line for a person, naming the entry
};

// Borrows the Database (which must outlive it); same thread rules as the Database. Call
// record() inside the caller's Transaction so the entry and the change land together (it
// opens a nested one of its own, so that reading the chain's end and appending are one step).
class AuditLog {
  public:
    explicit AuditLog(Database& db) : db_(&db) {}

    Status record(std::string_view actor, std::string_view action, std::string_view record_kind,
                  std::optional<std::int64_t> record_id, std::string_view detail = {},
                  std::optional<std::int64_t> child_id = std::nullopt);

    // Oldest first; only entries about that kind (and record) when given.
    Result<std::vector<AuditEntry>> entries(const std::optional<std::string>& record_kind = {},
                                            std::optional<std::int64_t> record_id = {});
    // Oldest first; only the entries that concern the child when given.
    Result<std::vector<AuditEntry>> entriesAboutChild(std::optional<std::int64_t> child_id);

    // Walks the log in id order and recomputes the chain. Not intact at the first entry whose
    // hash does not match its contents, whose prev_hash is not the hash of the entry before,
    // or whose id leaves a gap (a removed entry), and when entries were removed at the end.
    // An error only when the log cannot be read.
    Result<AuditCheck> verify();

  private:
    Database* db_;  // not owned
};

}  // namespace mimic::store
