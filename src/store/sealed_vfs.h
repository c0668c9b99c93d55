// The database sealed at rest (docs/privacy.md, "The database"): an SQLite VFS over the
// system's that encrypts every page of the database file and of its write-ahead log with
// XChaCha20-Poly1305, keeping each page's nonce and tag in the page's reserved bytes (the
// space SQLite leaves at the end of every page when told to, as its checksum VFS uses). The
// first 100 bytes of page 1 (SQLite's file header: page size, counters, versions; no record)
// stay readable, so SQLite can read them before it knows the page size; the WAL's header and
// its frame headers (page numbers, salts, checksums) stay readable too. A page is bound to its
// page number (the associated data), so pages cannot be moved; a page that does not
// authenticate is an I/O error, never a row. The reserved bytes read back as zeros (SQLite
// never writes into them, so its pages hold zeros there): a WAL frame's checksum covers the
// whole page, and recovery after a crash checks it.
//
// A process unlocks one data folder at a time: setDatabaseKey sets the key, and from then on
// every connection (Connection::open, backups, the version peek) opens its files through this
// VFS. Temporary files and statement journals never reach the disk on such a connection
// (Database sets temp_store = MEMORY), and a WAL database writes no rollback journal, so no
// page leaves the process unsealed.
//
// Threads: setDatabaseKey from any thread before the connections that use the key open.
#pragma once

#include <filesystem>
#include <memory>

#include "common/result.h"
#include "crypto/secret_key.h"

namespace mimic::store {

// The bytes a sealed database reserves at the end of every page: nonce and tag.
inline constexpr int kSealedReserveBytes = 40;

// The key database files are sealed with (none: plain databases, the system's VFS).
void setDatabaseKey(std::shared_ptr<const crypto::SecretKey> key);
bool databaseSealed();
// The VFS name to open a database with: nullptr (the system's) or the sealing VFS, registered
// on first use.
const char* databaseVfs();

// Writes a sealed copy of the plain database `plain` (read through the system's VFS, as it
// is; it must not be in use by a writer) at `sealed`, which must not exist, with the key set
// now: SQLite's VACUUM INTO with room reserved in every page for its nonce and tag. Then
// checks the copy (integrity_check). On failure nothing is left at `sealed`.
Status sealDatabaseCopy(const std::filesystem::path& plain, const std::filesystem::path& sealed);

}  // namespace mimic::store
