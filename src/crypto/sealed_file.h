// A sealed file: a file's bytes stored as chunks of authenticated encryption, readable and
// writable at any offset, so FFmpeg can demux and mux through it as through a plain file
// (media/sealed_io.h) and a recorder killed mid-write loses at most its last chunk.
//
// Layout (docs/privacy.md, "Sealed files"):
//   header (64 bytes): "MIMICSF1", version (u32 LE, 1), chunk size (u32 LE), file id (16
//     random bytes), zeros
//   slot i at 64 + i * (24 + chunk + 16): a random 24-byte nonce, then the XChaCha20-Poly1305
//     ciphertext of chunk i (chunk bytes, fewer in the last slot) with its 16-byte tag
// The key of one file is derived from the data key and the file id (SecretKey::derive); the
// associated data of slot i is the header, i (u64 LE) and a final flag (1 on the last slot of
// a file closed properly). So a slot cannot be moved to another place or file, changed, or
// passed off as the end; a file cut at a slot boundary reads as "not closed" (as a killed
// recording does), never as complete.
//
// A slot is sealed again with a new random nonce each time its bytes change (a partial last
// slot grows; FFmpeg's muxers go back to fill in sizes), so no nonce is used twice.
//
// Threads: one thread per SealedWriter or SealedReader at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <vector>

#include "common/result.h"
#include "crypto/secret_key.h"

namespace mimic::crypto {

inline constexpr std::uint32_t kDefaultChunkBytes = 64 * 1024;
inline constexpr std::size_t kSealedHeaderBytes = 64;

// Whether `path` is a regular file that starts as a sealed file does (false when it cannot
// be read; a FIFO is never opened to look).
bool isSealedFile(const std::filesystem::path& path);

// The plaintext length of a sealed file of `file_bytes` bytes with slots of `chunk` bytes, if
// every slot were whole (the length a reader reports for an undamaged file).
std::uint64_t sealedPlainLength(std::uint64_t file_bytes, std::uint32_t chunk);

// Writes `bytes` as a new sealed file at `path` (which must not exist), closed properly.
Status writeSealedFile(const std::filesystem::path& path, std::span<const std::uint8_t> bytes,
                       const SecretKey& data_key);
// Seals a copy of the plain file `source` at `target` (which must not exist); on failure
// nothing is left at `target`.
Status sealCopy(const std::filesystem::path& source, const std::filesystem::path& target,
                const SecretKey& data_key);

class SealedWriter {
  public:
    // Creates `path` (which must not exist, or be an empty regular file: a reserved name;
    // 0600) sealed with a key derived from `data_key`.
    static Result<SealedWriter> create(const std::filesystem::path& path, const SecretKey& data_key,
                                       std::uint32_t chunk_bytes = kDefaultChunkBytes);
    SealedWriter(SealedWriter&&) noexcept;
    SealedWriter& operator=(SealedWriter&&) noexcept;
    ~SealedWriter();  // closes as close() does, errors ignored

    // Writes at the current offset (past the end grows the file; a gap reads as zeros).
    Status write(std::span<const std::uint8_t> bytes);
    Status seek(std::uint64_t offset);
    std::uint64_t tell() const { return offset_; }
    std::uint64_t size() const { return size_; }
    // Puts everything written so far on disk, sealed (the last, partial slot included), and
    // fsyncs when `sync`. What is on disk before a kill is readable after it.
    Status flush(bool sync = false);
    // Seals the last slot as the end, flushes and closes. Once only.
    Status close();

  private:
    struct State;
    explicit SealedWriter(std::unique_ptr<State> state);
    Status load(std::uint64_t slot);
    Status sealCurrent(bool final);
    std::unique_ptr<State> state_;
    std::uint64_t offset_ = 0;
    std::uint64_t size_ = 0;
};

class SealedReader {
  public:
    // Opens a sealed file made with `data_key`. A wrong key or a damaged header or first slot
    // is an error naming the file.
    static Result<SealedReader> open(const std::filesystem::path& path, const SecretKey& data_key);
    SealedReader(SealedReader&&) noexcept;
    SealedReader& operator=(SealedReader&&) noexcept;
    ~SealedReader();

    // Reads up to `out.size()` bytes at the current offset; 0 at the end. A slot that does
    // not authenticate is an error naming the file and the slot (never its bytes).
    Result<std::size_t> read(std::span<std::uint8_t> out);
    Status seek(std::uint64_t offset);
    std::uint64_t tell() const { return offset_; }
    // The plaintext length: up to the end of the last slot that authenticates.
    std::uint64_t size() const { return size_; }
    // Whether the writer closed it (its last slot is marked the end); false for a file whose
    // writer was killed: readable up to its last whole slot.
    bool closedProperly() const { return closed_properly_; }

  private:
    struct State;
    explicit SealedReader(std::unique_ptr<State> state);
    Status load(std::uint64_t slot);
    std::unique_ptr<State> state_;
    std::uint64_t offset_ = 0;
    std::uint64_t size_ = 0;
    bool closed_properly_ = false;
};

}  // namespace mimic::crypto
