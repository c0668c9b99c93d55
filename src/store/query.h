// Internal to src/store: small helpers that turn a prepared statement's rows into values.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"
#include "store/connection.h"

namespace mimic::store {

// Runs `statement` and returns the first column of its one row; `what` prefixes errors,
// e.g. "cannot count clips".
inline Result<std::int64_t> singleInt64(Statement& statement, const std::string& what) {
    auto row = statement.step();
    if (!row) return Error{what + ": " + row.error().message};
    if (!*row) return Error{what + ": the query returned no row"};
    const std::int64_t value = statement.columnInt64(0);
    statement.reset();
    return value;
}

// Runs `statement` and reads its first row, if any, with `read(const Statement&)`.
template <typename Read>
auto optionalRow(Statement& statement, Read read)
    -> Result<std::optional<decltype(read(statement))>> {
    auto row = statement.step();
    if (!row) return row.error();
    if (!*row) return std::optional<decltype(read(statement))>();
    auto value = read(statement);
    statement.reset();
    return std::optional(std::move(value));
}

// Runs `statement` and reads every row with `read(const Statement&)`.
template <typename Read>
auto allRows(Statement& statement, Read read) -> Result<std::vector<decltype(read(statement))>> {
    std::vector<decltype(read(statement))> values;
    for (;;) {
        auto row = statement.step();
        if (!row) return row.error();
        if (!*row) break;
        values.push_back(read(statement));
    }
    return values;
}

// Maps between an enum and the text stored for it in a CHECK-constrained column.
template <typename Enum, std::size_t N>
using EnumNames = std::array<std::pair<Enum, std::string_view>, N>;

// The stored text for `value`; "" for a value not in `names` (the enum's kNone).
template <typename Enum, std::size_t N>
std::string_view enumName(const EnumNames<Enum, N>& names, Enum value) {
    for (const auto& [e, name] : names) {
        if (e == value) return name;
    }
    return {};
}

// The enum value stored as `text`; Enum{} (kNone) for any other text.
template <typename Enum, std::size_t N>
Enum enumFromName(const EnumNames<Enum, N>& names, std::string_view text) {
    for (const auto& [e, name] : names) {
        if (name == text) return e;
    }
    return Enum{};
}

// NULL for an enum's kNone (whose stored name is ""), else the stored text.
inline std::optional<std::string> nullableName(std::string_view name) {
    if (name.empty()) return std::nullopt;
    return std::string(name);
}

// Runs an INSERT and returns the new row's id; `what` prefixes errors.
inline Result<std::int64_t> insertRow(Connection& conn, Statement& insert,
                                      const std::string& what) {
    if (Status s = insert.run(); !s) return Error{what + ": " + s.error().message};
    return conn.lastInsertId();
}

// Runs `insert()` (a Result<std::int64_t>: the new row's id) and `audit(id)` (a Status: the
// row's audit entry) in one transaction, nested in the caller's when there is one: the row
// and its entry land together or not at all.
template <typename Insert, typename Audit>
Result<std::int64_t> insertAudited(Connection& conn, Insert insert, Audit audit) {
    auto tx = Transaction::begin(conn);
    if (!tx) return tx.error();
    auto id = insert();
    if (!id) return id;
    if (Status s = audit(*id); !s) return s.error();
    if (Status s = tx->commit(); !s) return s.error();
    return id;
}

// Runs a statement that must change at least one row: "<what>: <SQLite's message>" when it
// fails, "<what>: <if_none>" when it changes nothing.
inline Status runChangingRows(Connection& conn, Statement& statement, const std::string& what,
                              std::string_view if_none) {
    if (Status s = statement.run(); !s) return Error{what + ": " + s.error().message};
    if (conn.changes() == 0) return Error{what + ": " + std::string(if_none)};
    return {};
}

// The child whose session holds trial `trial_id` (the audit log names it): "there is no
// trial N" when there is none.
inline Result<std::int64_t> childOfTrial(Connection& conn, std::int64_t trial_id) {
    auto statement = conn.prepare(
        "SELECT sessions.child_id FROM trials JOIN sessions ON sessions.id = trials.session_id "
        "WHERE trials.id = ?1");
    if (!statement) return statement.error();
    statement->bind(1, trial_id);
    auto child = optionalRow(*statement, [](const Statement& row) { return row.columnInt64(0); });
    if (!child) return child.error();
    if (!*child) return Error{"there is no trial " + std::to_string(trial_id)};
    return **child;
}

// An FTS5 query matching every word of `text` as a prefix, with FTS5's own syntax
// neutralised (each word is a quoted string), so any text a person types is a valid query.
inline std::string ftsQuery(std::string_view text) {
    std::string query;
    std::string word;
    const auto flush = [&] {
        if (word.empty()) return;
        if (!query.empty()) query += ' ';
        query += '"' + word + "\"*";
        word.clear();
    };
    for (const char c : text) {
        if (c == '"') continue;
        if (c == ' ' || c == '\t' || c == '\n') {
            flush();
        } else {
            word += c;
        }
    }
    flush();
    return query;
}

}  // namespace mimic::store
