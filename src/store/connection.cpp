#include "store/connection.h"

#include <sqlite3.h>

#include <cassert>
#include <limits>

#include "store/query.h"

#include "store/sealed_vfs.h"

namespace mimic::store {

namespace {

Error sqliteError(sqlite3* db, std::string_view what) {
    const char* file = db != nullptr ? sqlite3_db_filename(db, "main") : nullptr;
    std::string message(what);
    message += " failed";
    if (file != nullptr && *file != '\0') {
        message += " on ";
        message += file;
    }
    message += ": ";
    message += db != nullptr ? sqlite3_errmsg(db) : "out of memory";
    return Error{std::move(message)};
}

// SQLite takes lengths as int; our statements and texts are far below that.
int sqliteLength(std::string_view text) {
    assert(text.size() <= static_cast<std::size_t>(std::numeric_limits<int>::max()));
    return static_cast<int>(text.size());
}

}  // namespace

void ConnectionDeleter::operator()(sqlite3* db) const {
    // close_v2 defers the close until the last statement is finalised instead of failing.
    sqlite3_close_v2(db);
}

void StatementDeleter::operator()(sqlite3_stmt* statement) const {
    sqlite3_finalize(statement);
}

// ---- Connection -----------------------------------------------------------------------------

Connection::Connection(ConnectionPtr db, std::filesystem::path path)
    : db_(std::move(db)), path_(std::move(path)) {}

Result<Connection> Connection::open(const std::filesystem::path& path) {
    return openWithFlags(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX);
}

Result<Connection> Connection::openReadOnly(const std::filesystem::path& path) {
    return openWithFlags(path, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX);
}

Result<Connection> Connection::openWithFlags(const std::filesystem::path& path, int flags) {
    sqlite3* raw = nullptr;
    // Through the sealing VFS while a data folder's key is set (sealed_vfs.h).
    const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, databaseVfs());
    ConnectionPtr db(raw);  // sqlite3_open_v2 may return a handle even on failure
    if (rc != SQLITE_OK) {
        return Error{"cannot open database " + path.string() + ": " +
                     (raw != nullptr ? sqlite3_errmsg(raw) : sqlite3_errstr(rc))};
    }
    sqlite3_extended_result_codes(raw, 1);
    sqlite3_busy_timeout(raw, kBusyTimeoutMs);
    return Connection(std::move(db), path);
}

Result<Statement> Connection::prepare(std::string_view sql) {
    sqlite3_stmt* raw = nullptr;
    const int rc = sqlite3_prepare_v3(db_.get(), sql.data(), sqliteLength(sql), 0, &raw, nullptr);
    StatementPtr statement(raw);
    if (rc != SQLITE_OK) return error("preparing a statement");
    assert(statement != nullptr && "prepare() was given no statement");
    return Statement(std::move(statement));
}

Status Connection::exec(std::string_view sql) {
    // sqlite3_exec needs a terminated string.
    const std::string script(sql);
    if (sqlite3_exec(db_.get(), script.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
        return error("SQL script");
    }
    return {};
}

Result<std::int64_t> Connection::pragmaInt(std::string_view name) {
    auto statement = prepare("PRAGMA " + std::string(name));
    if (!statement) return statement.error();
    return singleInt64(*statement, "reading PRAGMA " + std::string(name));
}

Result<std::optional<std::string>> Connection::queryText(std::string_view sql) {
    auto statement = prepare(sql);
    if (!statement) return statement.error();
    return optionalRow(*statement, [](const Statement& row) { return row.columnText(0); });
}

std::int64_t Connection::lastInsertId() const {
    return sqlite3_last_insert_rowid(db_.get());
}

int Connection::changes() const {
    return sqlite3_changes(db_.get());
}

bool Connection::inTransaction() const {
    return sqlite3_get_autocommit(db_.get()) == 0;
}

Error Connection::error(std::string_view what) const {
    return sqliteError(db_.get(), what);
}

// ---- Statement ------------------------------------------------------------------------------

Statement& Statement::noteBind(int rc, int index) {
    if (rc != SQLITE_OK && !bind_error_) {
        Error e = sqliteError(sqlite3_db_handle(statement_.get()),
                              "binding parameter " + std::to_string(index));
        bind_error_ = std::move(e);
    }
    return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
    return noteBind(sqlite3_bind_int64(statement_.get(), index, value), index);
}

Statement& Statement::bind(int index, double value) {
    return noteBind(sqlite3_bind_double(statement_.get(), index, value), index);
}

Statement& Statement::bind(int index, std::string_view text) {
    // SQLITE_TRANSIENT: SQLite copies the text, so the caller's buffer may go away. An empty
    // view may have a null data(), which SQLite would bind as NULL rather than as ''.
    const char* data = text.data() != nullptr ? text.data() : "";
    return noteBind(
        sqlite3_bind_text(statement_.get(), index, data, sqliteLength(text), SQLITE_TRANSIENT),
        index);
}

Statement& Statement::bind(int index, std::nullopt_t) {
    return noteBind(sqlite3_bind_null(statement_.get(), index), index);
}

Result<bool> Statement::step() {
    if (bind_error_) return *bind_error_;
    const int rc = sqlite3_step(statement_.get());
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    Error e = sqliteError(sqlite3_db_handle(statement_.get()), "database statement");
    // Reset so the statement releases its locks and read transaction at once.
    sqlite3_reset(statement_.get());
    return e;
}

Status Statement::run() {
    for (;;) {
        auto row = step();
        if (!row) return row.error();
        if (!*row) break;
    }
    reset();
    return {};
}

void Statement::reset() {
    sqlite3_reset(statement_.get());
}

bool Statement::isNull(int column) const {
    return sqlite3_column_type(statement_.get(), column) == SQLITE_NULL;
}

std::int64_t Statement::columnInt64(int column) const {
    return sqlite3_column_int64(statement_.get(), column);
}

double Statement::columnDouble(int column) const {
    return sqlite3_column_double(statement_.get(), column);
}

std::string Statement::columnText(int column) const {
    const unsigned char* text = sqlite3_column_text(statement_.get(), column);
    const int bytes = sqlite3_column_bytes(statement_.get(), column);
    if (text == nullptr) return {};
    return std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(bytes));
}

std::optional<std::int64_t> Statement::columnOptionalInt64(int column) const {
    if (isNull(column)) return std::nullopt;
    return columnInt64(column);
}

std::optional<std::string> Statement::columnOptionalText(int column) const {
    if (isNull(column)) return std::nullopt;
    return columnText(column);
}

// ---- Transaction ----------------------------------------------------------------------------

namespace {
std::string savepointName(int depth) {
    return "mimic_sp" + std::to_string(depth);
}
}  // namespace

Result<Transaction> Transaction::begin(Connection& connection) {
    const int depth = connection.savepoint_depth_ + 1;
    const Status started = depth == 1 ? connection.exec("BEGIN IMMEDIATE")
                                      : connection.exec("SAVEPOINT " + savepointName(depth));
    if (!started) return started.error();
    connection.savepoint_depth_ = depth;
    return Transaction(connection, depth);
}

Transaction::Transaction(Transaction&& other) noexcept
    : connection_(std::exchange(other.connection_, nullptr)), depth_(other.depth_) {}

Transaction::~Transaction() {
    if (connection_ != nullptr) rollback();
}

Status Transaction::commit() {
    assert(connection_ != nullptr && "commit() on a finished transaction");
    assert(connection_->savepoint_depth_ == depth_ && "inner transaction still open");
    const Status done = depth_ == 1 ? connection_->exec("COMMIT")
                                    : connection_->exec("RELEASE " + savepointName(depth_));
    if (!done) {
        rollback();
        return done;
    }
    connection_->savepoint_depth_ = depth_ - 1;
    connection_ = nullptr;
    return {};
}

void Transaction::rollback() {
    assert(connection_->savepoint_depth_ == depth_ && "inner transaction still open");
    if (depth_ == 1) {
        // SQLite may already have rolled back on its own (e.g. after SQLITE_FULL); only roll
        // back what is still open.
        if (connection_->inTransaction()) (void)connection_->exec("ROLLBACK");
    } else {
        const std::string name = savepointName(depth_);
        (void)connection_->exec("ROLLBACK TO " + name + "; RELEASE " + name);
    }
    connection_->savepoint_depth_ = depth_ - 1;
    connection_ = nullptr;
}

}  // namespace mimic::store
