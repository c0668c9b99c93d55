#include "store/database.h"

#include <sqlite3.h>

#include <chrono>
#include <string>
#include <thread>

#include "common/log.h"
#include "store/audit_log.h"
#include "store/sealed_vfs.h"

namespace mimic::store {

namespace {

// The page cache of each open database, at most (PRAGMA cache_size takes KiB as negative).
constexpr int kPageCacheKiB = 64 * 1024;

// Pause between tries of an open that met a lock SQLite does not wait for.
constexpr std::chrono::milliseconds kLockedRetryPause{20};

Error newerThanProgram(const std::filesystem::path& path, std::int64_t version,
                       std::int64_t latest) {
    return Error{path.string() + " is version " + std::to_string(version) +
                 "; this mimic understands up to " + std::to_string(latest) +
                 " — use a newer mimic"};
}

// WAL: readers never block the writer and a crash never corrupts the file. Switching needs a
// moment of exclusive access; the busy timeout waits for it.
Status enableWal(Connection& conn) {
    auto mode = conn.queryText("PRAGMA journal_mode = WAL");
    if (!mode) return mode.error();
    const std::string now = mode->value_or("unknown");
    if (now != "wal") {
        return Error{"cannot switch " + conn.path().string() + " to WAL mode (it stays in '" + now +
                     "' mode)"};
    }
    return {};
}

// The first read of a database failed: why, in one line.
Error unreadable(const std::filesystem::path& path, const std::string& why) {
    if (databaseSealed() && why.find("disk I/O error") != std::string::npos) {
        return Error{"cannot read " + path.string() +
                     ": it is not sealed with this data folder's key (or it is damaged)"};
    }
    return Error{"cannot read " + path.string() + ": " + why};
}

}  // namespace

Result<Database> Database::open(const std::filesystem::path& path) {
    return openWithSteps(path, embeddedMigrations());
}

Result<Database> Database::openWithSteps(const std::filesystem::path& path,
                                         const std::vector<MigrationStep>& steps) {
    // Two processes opening the same new file at once can meet where SQLite reports "database
    // is locked" without waiting (switching to WAL takes a moment of exclusive access, and
    // SQLite will not wait where waiting could deadlock). Every step of an open is safe to
    // repeat, so the whole open is tried again until the busy timeout has passed.
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::milliseconds(kBusyTimeoutMs);
    for (;;) {
        auto db = openOnce(path, steps);
        if (db || db.error().message.find("database is locked") == std::string::npos ||
            std::chrono::steady_clock::now() >= deadline) {
            return db;
        }
        std::this_thread::sleep_for(kLockedRetryPause);
    }
}

Result<Database> Database::openOnce(const std::filesystem::path& path,
                                    const std::vector<MigrationStep>& steps) {
    if (Status s = validateSteps(steps); !s) return s.error();
    const std::int64_t latest = latestVersionOf(steps);

    // Look before touching: opening in WAL mode, or even a read-write open of a WAL file,
    // creates files beside it, and a refused database must stay exactly as it was.
    auto peeked = peekUserVersion(path);
    if (!peeked) return peeked.error();
    if (*peeked > latest) return newerThanProgram(path, *peeked, latest);

    auto connection = Connection::open(path);
    if (!connection) return connection.error();
    Database db(std::move(connection).value());
    Connection& conn = db.connection_;
    if (databaseSealed()) {
        // Room for each page's nonce and tag (taken by a new file; an existing sealed file
        // has it already), and no temporary file or statement journal on disk.
        int reserve = kSealedReserveBytes;
        sqlite3_file_control(conn.handle(), "main", SQLITE_FCNTL_RESERVE_BYTES, &reserve);
        if (Status s = conn.exec("PRAGMA temp_store = MEMORY"); !s) return s.error();
    }

    // Ask SQLite itself too: the header can be stale, and it is the first real read, which
    // is where SQLite notices a damaged file ("file is not a database"). The version and the
    // table count come from one statement, so from one snapshot: another process migrating
    // the same new file at this moment cannot make us see version 0 with its tables.
    auto state = conn.prepare(
        "SELECT (SELECT user_version FROM pragma_user_version), "
        "(SELECT count(*) FROM sqlite_schema)");
    if (!state) return unreadable(path, state.error().message);
    auto row = state->step();
    if (!row || !*row)
        return unreadable(path, row ? std::string("no answer") : row.error().message);
    const std::int64_t version = state->columnInt64(0);
    const std::int64_t objects = state->columnInt64(1);
    state->reset();
    if (version > latest) return newerThanProgram(path, version, latest);
    // Version 0 with tables is some other program's database: adding ours would change it.
    if (version == 0 && objects != 0) {
        return Error{path.string() + " is a SQLite database of another program, not " +
                     "mimic's; move it away or choose another data directory"};
    }

    auto pending = pendingSteps(conn, steps);
    if (!pending) return Error{"cannot read " + path.string() + ": " + pending.error().message};
    if (version > 0 && !pending->empty()) {
        auto backup = backupBeside(conn, version);
        if (!backup) return backup.error();
        log::info("backed up " + path.string() + " (version " + std::to_string(version) + ") to " +
                  backup->string() + " before upgrading it to version " + std::to_string(latest));
        db.backup_path_ = std::move(backup).value();
    }

    if (Status s = enableWal(conn); !s) return s.error();
    // Step 5 chains the audit entries older schemas wrote with this function.
    if (Status s = registerAuditFunctions(conn); !s) return s.error();
    if (Status s = applySteps(conn, steps); !s) return s.error();
    auto foreign_keys = conn.pragmaInt("foreign_keys");
    if (!foreign_keys || *foreign_keys != 1) {
        return Error{"cannot turn on foreign keys for " + path.string()};
    }
    // A page cache that holds the library's working set (clips, tags and their indexes are
    // ~40 MB at 100,000 clips): SQLite's default 2 MB makes a listing of 600 clips read most
    // of its pages from the OS again (measured: `library list --behaviour` p50 3.6 -> 2.6 ms).
    // Pages are only taken as they are read, so a small library uses little.
    if (Status s = conn.exec("PRAGMA cache_size = -" + std::to_string(kPageCacheKiB)); !s) {
        return Error{"cannot size the page cache of " + path.string() + ": " + s.error().message};
    }
    return db;
}

Result<Database> Database::openReadOnly(const std::filesystem::path& path) {
    auto connection = Connection::openReadOnly(path);
    if (!connection) return connection.error();
    Database db(std::move(connection).value());
    auto version = db.userVersion();
    if (!version) return version.error();
    if (*version != latestVersion()) {
        return Error{"cannot read " + path.string() + ": it is at version " +
                     std::to_string(*version) + ", not " + std::to_string(latestVersion())};
    }
    return db;
}

std::int64_t Database::latestVersion() {
    return latestVersionOf(embeddedMigrations());
}

Result<std::int64_t> Database::userVersion() {
    return connection_.pragmaInt("user_version");
}

}  // namespace mimic::store
