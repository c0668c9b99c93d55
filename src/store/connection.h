// The SQLite layer under the repositories: a connection, prepared statements and
// transactions, each a move-only RAII type. SQL text lives only in src/store; other modules
// use the repositories (library_repository.h, clinical_repository.h), never these directly.
//
// Threads: a Connection and everything made from it (statements, transactions) is used by one
// thread at a time. It is opened with SQLITE_OPEN_NOMUTEX because that is our contract anyway
// (the UI thread owns its connection, docs/architecture.md, "Threads"); threads that need the
// database at the same time each open their own Connection, and SQLite's file locks plus the
// busy timeout serialise their writes.
#pragma once

#include <concepts>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "common/result.h"

struct sqlite3;
struct sqlite3_stmt;

namespace mimic::store {

// How long a statement waits for another connection's write lock before failing with
// "database is locked": long enough for any single transaction of ours, short enough that a
// stuck process is reported rather than hanging the UI.
inline constexpr int kBusyTimeoutMs = 5000;

struct ConnectionDeleter {
    void operator()(sqlite3* db) const;
};
struct StatementDeleter {
    void operator()(sqlite3_stmt* statement) const;
};
using ConnectionPtr = std::unique_ptr<sqlite3, ConnectionDeleter>;
using StatementPtr = std::unique_ptr<sqlite3_stmt, StatementDeleter>;

class Statement;

class Connection {
  public:
    // Opens (creating if missing) the file read-write with the busy timeout set. It does not
    // set WAL or foreign keys: Database::open does that once it knows the file is ours.
    static Result<Connection> open(const std::filesystem::path& path);
    // Opens an existing file read-only (every write fails), with the busy timeout set.
    static Result<Connection> openReadOnly(const std::filesystem::path& path);

    Connection(Connection&&) noexcept = default;
    Connection& operator=(Connection&&) noexcept = default;
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    ~Connection() = default;

    // Prepares one statement. The statement must not outlive this connection.
    Result<Statement> prepare(std::string_view sql);

    // Runs a script of one or more statements that return no rows we need.
    Status exec(std::string_view sql);

    // The value of a PRAGMA that returns one integer, e.g. pragmaInt("user_version").
    Result<std::int64_t> pragmaInt(std::string_view name);

    // Runs `sql` and returns the first column of its first row as text; nullopt for no row.
    Result<std::optional<std::string>> queryText(std::string_view sql);

    // Rowid of the last successful INSERT on this connection.
    std::int64_t lastInsertId() const;
    // Rows changed by the last INSERT, UPDATE or DELETE on this connection.
    int changes() const;
    // True while a transaction is open.
    bool inTransaction() const;

    const std::filesystem::path& path() const { return path_; }
    sqlite3* handle() const { return db_.get(); }

    // "<what> failed on <file>: <SQLite's message>" for the last error on this connection.
    Error error(std::string_view what) const;

  private:
    friend class Transaction;
    Connection(ConnectionPtr db, std::filesystem::path path);
    static Result<Connection> openWithFlags(const std::filesystem::path& path, int flags);

    ConnectionPtr db_;
    std::filesystem::path path_;
    int savepoint_depth_ = 0;  // open Transactions; the outermost is BEGIN, nested ones SAVEPOINT
};

// A prepared statement. Binding is 1-based like SQLite's `?1`; columns are 0-based like
// SQLite's. bind() returns *this so calls chain; a bind error is kept and reported by the
// next step()/run(). Reading a column of the wrong type gives SQLite's conversion.
class Statement {
  public:
    Statement(Statement&&) noexcept = default;
    Statement& operator=(Statement&&) noexcept = default;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    ~Statement() = default;

    Statement& bind(int index, std::int64_t value);
    template <std::integral T>
    Statement& bind(int index, T value) {
        return bind(index, static_cast<std::int64_t>(value));
    }
    Statement& bind(int index, double value);
    Statement& bind(int index, std::string_view text);
    Statement& bind(int index, const std::string& text) {
        return bind(index, std::string_view(text));
    }
    Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
    Statement& bind(int index, std::nullopt_t);
    template <typename T>
    Statement& bind(int index, const std::optional<T>& value) {
        return value ? bind(index, *value) : bind(index, std::nullopt);
    }

    // Advances to the next row: true when a row is ready to read, false when done.
    Result<bool> step();
    // Steps until done (for statements that return no rows), then resets for reuse.
    Status run();
    // Rewinds for another run; bindings are kept.
    void reset();

    bool isNull(int column) const;
    std::int64_t columnInt64(int column) const;
    double columnDouble(int column) const;
    std::string columnText(int column) const;
    std::optional<std::int64_t> columnOptionalInt64(int column) const;
    std::optional<std::string> columnOptionalText(int column) const;

  private:
    friend class Connection;
    explicit Statement(StatementPtr statement) : statement_(std::move(statement)) {}
    Statement& noteBind(int rc, int index);

    StatementPtr statement_;
    std::optional<Error> bind_error_;  // the first failed bind, reported by step()
};

// Groups writes so they all happen or none do. The outermost Transaction is BEGIN IMMEDIATE
// (it takes the write lock at once, waiting up to the busy timeout, so it never fails half
// way with SQLITE_BUSY); a Transaction begun while another is open on the same connection is
// a SAVEPOINT inside it. Rolls back in the destructor unless commit() succeeded.
class Transaction {
  public:
    static Result<Transaction> begin(Connection& connection);

    Transaction(Transaction&& other) noexcept;
    Transaction& operator=(Transaction&&) = delete;
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    ~Transaction();

    // Makes the writes durable (or, when nested, part of the enclosing transaction). After a
    // failed commit the transaction is rolled back.
    Status commit();

  private:
    Transaction(Connection& connection, int depth) : connection_(&connection), depth_(depth) {}
    void rollback();

    Connection* connection_;  // not owned; null once finished or moved from
    int depth_;               // 1 for the outermost transaction
};

}  // namespace mimic::store
