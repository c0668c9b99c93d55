// The audit log (docs/clinical.md, "Audit"): who did what to which record, and when. Rows are
// only ever added; nothing here changes or deletes them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "store/database.h"

namespace mimic::store {

struct AuditEntry {
    std::int64_t id = 0;
    std::string at;           // ISO-8601 UTC
    std::string actor;        // who: an account or therapist name
    std::string action;       // e.g. "import", "remove", "grant", "revoke"
    std::string record_kind;  // e.g. "clip", "consent", "child"
    std::optional<std::int64_t> record_id;
    std::string detail;
};

// Borrows the Database (which must outlive it); same thread rules as the Database. Call
// record() inside the caller's Transaction so the entry and the change land together.
class AuditLog {
  public:
    explicit AuditLog(Database& db) : db_(&db) {}

    Status record(std::string_view actor, std::string_view action, std::string_view record_kind,
                  std::optional<std::int64_t> record_id, std::string_view detail = {});

    // Oldest first; only entries about that kind (and record) when given.
    Result<std::vector<AuditEntry>> entries(const std::optional<std::string>& record_kind = {},
                                            std::optional<std::int64_t> record_id = {});

  private:
    Database* db_;  // not owned
};

}  // namespace mimic::store
