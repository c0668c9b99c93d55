#include "store/sealed_vfs.h"

#include <sodium.h>
#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <new>
#include <string>
#include <vector>

namespace mimic::store {
namespace {

constexpr const char* kVfsName = "mimic-sealed";
constexpr std::int64_t kDbHeaderBytes = 100;  // page 1's file header, left readable
constexpr std::int64_t kWalHeaderBytes = 32;
constexpr std::int64_t kFrameHeaderBytes = 24;
constexpr std::size_t kNonceBytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;  // 24
constexpr std::size_t kTagBytes = crypto_aead_xchacha20poly1305_ietf_ABYTES;       // 16
static_assert(kNonceBytes + kTagBytes == kSealedReserveBytes);

std::mutex key_mutex;
std::shared_ptr<const crypto::SecretKey> page_key;  // derived from the data key; key_mutex

std::shared_ptr<const crypto::SecretKey> currentKey() {
    std::lock_guard lock(key_mutex);
    return page_key;
}

// --- pages --------------------------------------------------------------------------------

// Seals page `pgno` (`page`, `size` bytes) in place: its content (after the file header on
// page 1) encrypted, the nonce and tag in its reserved bytes.
void sealPage(const crypto::SecretKey& key, std::uint32_t pgno, std::uint8_t* page, int size) {
    const std::size_t start = pgno == 1 ? kDbHeaderBytes : 0;
    const std::size_t end = static_cast<std::size_t>(size) - kSealedReserveBytes;
    std::uint8_t* nonce = page + end;
    std::uint8_t* tag = nonce + kNonceBytes;
    randombytes_buf(nonce, kNonceBytes);
    std::uint8_t ad[4];
    for (int i = 0; i < 4; ++i)
        ad[i] = static_cast<std::uint8_t>(pgno >> (8 * i));
    crypto_aead_xchacha20poly1305_ietf_encrypt_detached(page + start, tag, nullptr, page + start,
                                                        end - start, ad, sizeof ad, nullptr, nonce,
                                                        key.bytes().data());
}

// Opens a sealed page in place; false when it does not authenticate.
bool openPage(const crypto::SecretKey& key, std::uint32_t pgno, std::uint8_t* page, int size) {
    const std::size_t start = pgno == 1 ? kDbHeaderBytes : 0;
    const std::size_t end = static_cast<std::size_t>(size) - kSealedReserveBytes;
    const std::uint8_t* nonce = page + end;
    const std::uint8_t* tag = nonce + kNonceBytes;
    std::uint8_t ad[4];
    for (int i = 0; i < 4; ++i)
        ad[i] = static_cast<std::uint8_t>(pgno >> (8 * i));
    return crypto_aead_xchacha20poly1305_ietf_decrypt_detached(page + start, nullptr, page + start,
                                                               end - start, tag, ad, sizeof ad,
                                                               nonce, key.bytes().data()) == 0;
}

// --- the file -----------------------------------------------------------------------------

enum class Kind { kPlain, kDatabase, kWal };

struct SealedFile {
    sqlite3_file base;   // first: SQLite sees this
    sqlite3_file* real;  // the system VFS's file, right after this struct
    Kind kind = Kind::kPlain;
    std::shared_ptr<const crypto::SecretKey> key;
    int page_size = 0;  // known once read or written
    std::vector<std::uint8_t> scratch;
};

constexpr std::size_t alignedSize() {
    return (sizeof(SealedFile) + 15) & ~std::size_t{15};
}

SealedFile* sealed(sqlite3_file* file) {
    return reinterpret_cast<SealedFile*>(file);
}

int realRead(SealedFile* f, void* buffer, int amount, sqlite3_int64 offset) {
    return f->real->pMethods->xRead(f->real, buffer, amount, offset);
}

int realWrite(SealedFile* f, const void* buffer, int amount, sqlite3_int64 offset) {
    return f->real->pMethods->xWrite(f->real, buffer, amount, offset);
}

int pageSizeOf(std::uint32_t v) {
    return v == 1 ? 65536 : static_cast<int>(v);
}

// The page size, from the database header (bytes 16-17, big-endian) or the WAL header (bytes
// 8-11); 0 while the file has none.
int pageSize(SealedFile* f) {
    if (f->page_size > 0) return f->page_size;
    std::uint8_t bytes[4] = {};
    if (f->kind == Kind::kDatabase) {
        if (realRead(f, bytes, 2, 16) != SQLITE_OK) return 0;
        f->page_size = pageSizeOf((std::uint32_t{bytes[0]} << 8) | bytes[1]);
    } else {
        if (realRead(f, bytes, 4, 8) != SQLITE_OK) return 0;
        f->page_size =
            pageSizeOf((std::uint32_t{bytes[0]} << 24) | (std::uint32_t{bytes[1]} << 16) |
                       (std::uint32_t{bytes[2]} << 8) | bytes[3]);
    }
    if (f->page_size < 512 || f->page_size > 65536) f->page_size = 0;
    return f->page_size;
}

// One stretch of a file: readable bytes, or one whole sealed page.
struct Segment {
    std::int64_t start = 0;
    std::int64_t end = 0;
    bool page = false;
    std::int64_t page_offset = 0;  // where the page starts
    std::int64_t frame = -1;       // a WAL page's frame header offset
};

// The stretch of the file that holds `offset`, given the page size.
Segment segmentAt(const SealedFile* f, std::int64_t offset, int page_size) {
    const std::int64_t ps = page_size;
    if (f->kind == Kind::kDatabase) {
        const std::int64_t start = offset / ps * ps;
        if (start == 0 && offset < kDbHeaderBytes) return {0, kDbHeaderBytes, false, 0, -1};
        return {start == 0 ? kDbHeaderBytes : start, start + ps, true, start, -1};
    }
    if (offset < kWalHeaderBytes) return {0, kWalHeaderBytes, false, 0, -1};
    const std::int64_t frame_bytes = kFrameHeaderBytes + ps;
    const std::int64_t frame =
        kWalHeaderBytes + (offset - kWalHeaderBytes) / frame_bytes * frame_bytes;
    if (offset < frame + kFrameHeaderBytes) return {frame, frame + kFrameHeaderBytes, false, 0, -1};
    return {frame + kFrameHeaderBytes, frame + frame_bytes, true, frame + kFrameHeaderBytes, frame};
}

// The page number of the page at `segment`: its place in the database, or its WAL frame
// header's first four bytes (big-endian), from `pending` when this very write holds them.
int pageNumber(SealedFile* f, const Segment& segment, int page_size, const std::uint8_t* pending,
               std::int64_t pending_offset, int pending_amount, std::uint32_t* pgno) {
    if (f->kind == Kind::kDatabase) {
        *pgno = static_cast<std::uint32_t>(segment.page_offset / page_size + 1);
        return SQLITE_OK;
    }
    std::uint8_t bytes[4];
    if (pending != nullptr && segment.frame >= pending_offset &&
        segment.frame + 4 <= pending_offset + pending_amount) {
        std::memcpy(bytes, pending + (segment.frame - pending_offset), 4);
    } else if (const int rc = realRead(f, bytes, 4, segment.frame); rc != SQLITE_OK) {
        return rc == SQLITE_IOERR_SHORT_READ ? SQLITE_IOERR_READ : rc;
    }
    *pgno = (std::uint32_t{bytes[0]} << 24) | (std::uint32_t{bytes[1]} << 16) |
            (std::uint32_t{bytes[2]} << 8) | bytes[3];
    return SQLITE_OK;
}

// Reads the sealed page at `segment` into f->scratch, opened; SQLITE_IOERR_SHORT_READ (and
// zeros) past the end of the file.
int readPage(SealedFile* f, const Segment& segment, int page_size) {
    f->scratch.assign(static_cast<std::size_t>(page_size), 0);
    const int rc = realRead(f, f->scratch.data(), page_size, segment.page_offset);
    if (rc == SQLITE_IOERR_SHORT_READ) {
        // Nothing of the page on disk is the end of the file; part of it, a torn write.
        const auto from = f->scratch.begin() + (segment.page_offset == 0 ? kDbHeaderBytes : 0);
        const bool nothing =
            std::all_of(from, f->scratch.end(), [](std::uint8_t b) { return b == 0; });
        std::fill(f->scratch.begin(), f->scratch.end(), 0);
        return nothing ? SQLITE_IOERR_SHORT_READ : SQLITE_IOERR_DATA;  // a torn page
    }
    if (rc != SQLITE_OK) return rc;
    std::uint32_t pgno = 0;
    if (const int p = pageNumber(f, segment, page_size, nullptr, 0, 0, &pgno); p != SQLITE_OK) {
        return p;
    }
    if (!openPage(*f->key, pgno, f->scratch.data(), page_size)) return SQLITE_IOERR_DATA;
    // The reserved bytes read as SQLite left them (zeros), not as the nonce and tag: a WAL
    // frame's checksum covers the whole page as SQLite wrote it, and recovery checks it.
    std::fill(f->scratch.end() - kSealedReserveBytes, f->scratch.end(), 0);
    return SQLITE_OK;
}

int sealedRead(sqlite3_file* file, void* buffer, int amount, sqlite3_int64 offset) {
    SealedFile* f = sealed(file);
    const std::int64_t readable = f->kind == Kind::kDatabase ? kDbHeaderBytes : kWalHeaderBytes;
    if (f->kind == Kind::kPlain || offset + amount <= readable) {
        return realRead(f, buffer, amount, offset);
    }
    const int ps = pageSize(f);
    if (ps == 0) return realRead(f, buffer, amount, offset);  // nothing written yet
    auto* out = static_cast<std::uint8_t*>(buffer);
    int result = SQLITE_OK;
    for (std::int64_t at = offset; at < offset + amount;) {
        const Segment segment = segmentAt(f, at, ps);
        const std::int64_t until = std::min<std::int64_t>(segment.end, offset + amount);
        const int length = static_cast<int>(until - at);
        if (!segment.page) {
            const int rc = realRead(f, out + (at - offset), length, at);
            if (rc == SQLITE_IOERR_SHORT_READ) {
                std::memset(out + (until - offset), 0,
                            static_cast<std::size_t>(offset + amount - until));
                return rc;
            }
            if (rc != SQLITE_OK) return rc;
        } else {
            const int rc = readPage(f, segment, ps);
            if (rc == SQLITE_IOERR_SHORT_READ) {
                std::memset(out + (at - offset), 0, static_cast<std::size_t>(offset + amount - at));
                return rc;
            }
            if (rc != SQLITE_OK) return rc;
            std::memcpy(out + (at - offset), f->scratch.data() + (at - segment.page_offset),
                        static_cast<std::size_t>(length));
        }
        at = until;
    }
    return result;
}

int sealedWrite(sqlite3_file* file, const void* buffer, int amount, sqlite3_int64 offset) {
    SealedFile* f = sealed(file);
    if (f->kind == Kind::kPlain) return realWrite(f, buffer, amount, offset);
    const auto* in = static_cast<const std::uint8_t*>(buffer);
    // A header written: the page size from it; a database page that would not have room for
    // its nonce and tag is refused rather than written readable.
    if (offset == 0 && f->kind == Kind::kDatabase && amount >= kDbHeaderBytes) {
        if (in[20] < kSealedReserveBytes) return SQLITE_IOERR_WRITE;
        f->page_size = pageSizeOf((std::uint32_t{in[16]} << 8) | in[17]);
    }
    if (offset == 0 && f->kind == Kind::kWal && amount >= kWalHeaderBytes) {
        f->page_size = pageSizeOf((std::uint32_t{in[8]} << 24) | (std::uint32_t{in[9]} << 16) |
                                  (std::uint32_t{in[10]} << 8) | in[11]);
    }
    // A database page written before page 1 (the pager spills pages of a large transaction,
    // VACUUM INTO's among them, in any order): SQLite writes a database file a whole page at
    // a time, so the write's size is the page size.
    if (f->kind == Kind::kDatabase && pageSize(f) == 0 && offset > 0 && amount >= 512 &&
        amount <= 65536 && (amount & (amount - 1)) == 0 && offset % amount == 0) {
        f->page_size = amount;
    }
    const int ps = pageSize(f);
    if (ps == 0) {
        // Only the readable header can come before the page size is known.
        const std::int64_t readable = f->kind == Kind::kDatabase ? kDbHeaderBytes : kWalHeaderBytes;
        if (offset + amount <= readable) return realWrite(f, buffer, amount, offset);
        return SQLITE_IOERR_WRITE;
    }
    for (std::int64_t at = offset; at < offset + amount;) {
        const Segment segment = segmentAt(f, at, ps);
        const std::int64_t until = std::min<std::int64_t>(segment.end, offset + amount);
        if (!segment.page) {
            if (const int rc = realWrite(f, in + (at - offset), static_cast<int>(until - at), at);
                rc != SQLITE_OK) {
                return rc;
            }
            at = until;
            continue;
        }
        const bool whole = at == segment.start && until == segment.end;
        if (!whole) {
            // Part of a page (or page 1 after its header): the rest as it is on disk.
            const int rc = readPage(f, segment, ps);
            if (rc != SQLITE_OK && rc != SQLITE_IOERR_SHORT_READ) return rc;
        } else {
            f->scratch.resize(static_cast<std::size_t>(ps));
        }
        if (segment.page_offset == 0) {
            // Page 1: its header is whatever this write says, else what the disk has.
            if (offset == 0 && amount >= kDbHeaderBytes) {
                std::memcpy(f->scratch.data(), in, kDbHeaderBytes);
            } else if (const int rc = realRead(f, f->scratch.data(), kDbHeaderBytes, 0);
                       rc != SQLITE_OK) {
                return rc;
            }
        }
        std::memcpy(f->scratch.data() + (at - segment.page_offset), in + (at - offset),
                    static_cast<std::size_t>(until - at));
        std::uint32_t pgno = 0;
        if (const int rc = pageNumber(f, segment, ps, in, offset, amount, &pgno); rc != SQLITE_OK) {
            return rc;
        }
        sealPage(*f->key, pgno, f->scratch.data(), ps);
        // Page 1's header was written readable above (or is on disk); the rest goes sealed.
        const std::int64_t from = segment.page_offset == 0 ? kDbHeaderBytes : 0;
        if (const int rc = realWrite(f, f->scratch.data() + from, ps - static_cast<int>(from),
                                     segment.page_offset + from);
            rc != SQLITE_OK) {
            return rc;
        }
        at = until;
    }
    return SQLITE_OK;
}

// --- forwarding ---------------------------------------------------------------------------

int sealedClose(sqlite3_file* file) {
    SealedFile* f = sealed(file);
    int rc = SQLITE_OK;
    if (f->real->pMethods != nullptr) rc = f->real->pMethods->xClose(f->real);
    f->~SealedFile();
    return rc;
}

int sealedTruncate(sqlite3_file* file, sqlite3_int64 size) {
    SealedFile* f = sealed(file);
    if (size == 0) f->page_size = 0;
    return f->real->pMethods->xTruncate(f->real, size);
}

int sealedSync(sqlite3_file* file, int flags) {
    return sealed(file)->real->pMethods->xSync(sealed(file)->real, flags);
}
int sealedFileSize(sqlite3_file* file, sqlite3_int64* size) {
    return sealed(file)->real->pMethods->xFileSize(sealed(file)->real, size);
}
int sealedLock(sqlite3_file* file, int level) {
    return sealed(file)->real->pMethods->xLock(sealed(file)->real, level);
}
int sealedUnlock(sqlite3_file* file, int level) {
    return sealed(file)->real->pMethods->xUnlock(sealed(file)->real, level);
}
int sealedCheckReservedLock(sqlite3_file* file, int* out) {
    return sealed(file)->real->pMethods->xCheckReservedLock(sealed(file)->real, out);
}
int sealedFileControl(sqlite3_file* file, int op, void* arg) {
    return sealed(file)->real->pMethods->xFileControl(sealed(file)->real, op, arg);
}
int sealedSectorSize(sqlite3_file* file) {
    return sealed(file)->real->pMethods->xSectorSize(sealed(file)->real);
}
int sealedDeviceCharacteristics(sqlite3_file* file) {
    return sealed(file)->real->pMethods->xDeviceCharacteristics(sealed(file)->real);
}
int sealedShmMap(sqlite3_file* file, int page, int size, int extend, void volatile** out) {
    return sealed(file)->real->pMethods->xShmMap(sealed(file)->real, page, size, extend, out);
}
int sealedShmLock(sqlite3_file* file, int offset, int n, int flags) {
    return sealed(file)->real->pMethods->xShmLock(sealed(file)->real, offset, n, flags);
}
void sealedShmBarrier(sqlite3_file* file) {
    sealed(file)->real->pMethods->xShmBarrier(sealed(file)->real);
}
int sealedShmUnmap(sqlite3_file* file, int remove) {
    return sealed(file)->real->pMethods->xShmUnmap(sealed(file)->real, remove);
}

// Version 2: shared memory for WAL, no memory-mapped reads (they would bypass decryption).
const sqlite3_io_methods kMethods = {
    2,
    sealedClose,
    sealedRead,
    sealedWrite,
    sealedTruncate,
    sealedSync,
    sealedFileSize,
    sealedLock,
    sealedUnlock,
    sealedCheckReservedLock,
    sealedFileControl,
    sealedSectorSize,
    sealedDeviceCharacteristics,
    sealedShmMap,
    sealedShmLock,
    sealedShmBarrier,
    sealedShmUnmap,
    nullptr,
    nullptr,
};

sqlite3_vfs* systemVfs = nullptr;
sqlite3_vfs sealed_vfs{};

int sealedOpen(sqlite3_vfs*, const char* name, sqlite3_file* file, int flags, int* out_flags) {
    auto* f = new (file) SealedFile{};
    f->real = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(file) + alignedSize());
    f->real->pMethods = nullptr;
    if ((flags & SQLITE_OPEN_MAIN_DB) != 0) f->kind = Kind::kDatabase;
    if ((flags & SQLITE_OPEN_WAL) != 0) f->kind = Kind::kWal;
    if (f->kind != Kind::kPlain) {
        f->key = currentKey();
        if (f->key == nullptr) {
            f->~SealedFile();
            file->pMethods = nullptr;
            return SQLITE_CANTOPEN;
        }
    }
    const int rc = systemVfs->xOpen(systemVfs, name, f->real, flags, out_flags);
    if (rc != SQLITE_OK) {
        if (f->real->pMethods != nullptr) f->real->pMethods->xClose(f->real);
        f->~SealedFile();
        file->pMethods = nullptr;
        return rc;
    }
    file->pMethods = &kMethods;
    return SQLITE_OK;
}

void registerVfs() {
    static std::once_flag once;
    std::call_once(once, [] {
        systemVfs = sqlite3_vfs_find(nullptr);
        sealed_vfs = *systemVfs;  // every other call is the system's
        sealed_vfs.iVersion = std::min(systemVfs->iVersion, 3);
        sealed_vfs.szOsFile = static_cast<int>(alignedSize()) + systemVfs->szOsFile;
        sealed_vfs.zName = kVfsName;
        sealed_vfs.pNext = nullptr;
        sealed_vfs.xOpen = sealedOpen;
        sqlite3_vfs_register(&sealed_vfs, 0);
    });
}

}  // namespace

void setDatabaseKey(std::shared_ptr<const crypto::SecretKey> key) {
    std::shared_ptr<const crypto::SecretKey> derived;
    if (key != nullptr) {
        if (auto pages = key->derive("mimic database pages v1", {}); pages) {
            derived = std::make_shared<const crypto::SecretKey>(std::move(*pages));
        }
    }
    if (derived != nullptr) registerVfs();
    std::lock_guard lock(key_mutex);
    page_key = std::move(derived);
}

bool databaseSealed() {
    return currentKey() != nullptr;
}

const char* databaseVfs() {
    return databaseSealed() ? kVfsName : nullptr;
}

namespace {

// `path` as an SQLite URI's path: characters a URI gives meaning to are percent-encoded.
std::string uriPath(const std::filesystem::path& path) {
    std::string out;
    for (const unsigned char c : path.string()) {
        const bool plain = std::isalnum(c) != 0 || c == '/' || c == '-' || c == '_' || c == '.';
        if (plain) {
            out += static_cast<char>(c);
        } else {
            char escaped[4];
            std::snprintf(escaped, sizeof escaped, "%%%02X", c);
            out += escaped;
        }
    }
    return out;
}

struct Closer {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};

}  // namespace

Status sealDatabaseCopy(const std::filesystem::path& plain, const std::filesystem::path& sealed) {
    if (!databaseSealed()) return Error{"no key to seal the database with"};
    std::error_code ec;
    if (std::filesystem::exists(sealed, ec)) return Error{sealed.string() + " exists already"};
    const auto fail = [&](const std::string& why) {
        std::filesystem::remove(sealed, ec);
        std::filesystem::remove(sealed.string() + "-wal", ec);
        std::filesystem::remove(sealed.string() + "-shm", ec);
        return Error{"cannot make a sealed copy of " + plain.string() + ": " + why};
    };
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(plain.c_str(), &raw, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI,
                                   nullptr);  // the system's VFS: the file as it is
    std::unique_ptr<sqlite3, Closer> source(raw);
    if (rc != SQLITE_OK) return fail(raw != nullptr ? sqlite3_errmsg(raw) : sqlite3_errstr(rc));
    sqlite3_busy_timeout(raw, 5000);
    // VACUUM INTO gives the copy the reserve the connection asks for (the file's own cannot
    // change, and SQLite says so; the wish is kept).
    int reserve = kSealedReserveBytes;
    sqlite3_file_control(raw, "main", SQLITE_FCNTL_RESERVE_BYTES, &reserve);
    const std::string vacuum =
        "VACUUM INTO 'file:" + uriPath(sealed) + "?vfs=" + std::string(kVfsName) + "'";
    if (sqlite3_exec(raw, vacuum.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
        return fail(sqlite3_errmsg(raw));
    }
    source.reset();
    sqlite3* copy_raw = nullptr;
    const int copy_rc = sqlite3_open_v2(sealed.c_str(), &copy_raw, SQLITE_OPEN_READONLY, kVfsName);
    std::unique_ptr<sqlite3, Closer> copy(copy_raw);
    if (copy_rc != SQLITE_OK) return fail("the copy does not open");
    sqlite3_stmt* check = nullptr;
    sqlite3_prepare_v2(copy_raw, "PRAGMA integrity_check", -1, &check, nullptr);
    const bool ok =
        check != nullptr && sqlite3_step(check) == SQLITE_ROW &&
        std::string(reinterpret_cast<const char*>(sqlite3_column_text(check, 0))) == "ok";
    sqlite3_finalize(check);
    if (!ok) return fail("the copy does not pass SQLite's integrity check");
    return {};
}

}  // namespace mimic::store
