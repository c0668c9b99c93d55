// Internal to src/media: media files sealed at rest (crypto/sealed_file.h) read and written
// through FFmpeg as plain ones are. The data key is set once for the process (after the user
// signs in to an encrypted data folder); MediaInput::open reads any sealed file through
// SealedInputIo with it, and the Encoder writes through SealedOutputIo when its settings ask
// for a sealed file. Without a key, a sealed file cannot be opened: the error says so.
//
// Ownership: each Io owns its AVIOContext, that context's buffer and its sealed file.
// Threads: the data key may be set and read from any thread; an Io is used by one thread at a
// time, like the input or encoder that owns it.
#pragma once

#include <filesystem>
#include <memory>

#include "common/result.h"
#include "crypto/sealed_file.h"
#include "crypto/secret_key.h"
#include "media/media_input.h"
#include "media/media_key.h"

namespace mimic::media {

class SealedInputIo final : public CustomIo {
  public:
    // Opens the sealed file at `path` with `key`. The error is the reason only (the caller
    // names the file).
    static Result<std::unique_ptr<CustomIo>> open(const std::filesystem::path& path,
                                                  const crypto::SecretKey& key);
    ~SealedInputIo() override;
    SealedInputIo(const SealedInputIo&) = delete;
    SealedInputIo& operator=(const SealedInputIo&) = delete;

    AVIOContext* context() override { return context_; }

  private:
    explicit SealedInputIo(crypto::SealedReader reader);
    static int read(void* opaque, std::uint8_t* buffer, int size);
    static std::int64_t seek(void* opaque, std::int64_t offset, int whence);

    crypto::SealedReader reader_;
    AVIOContext* context_ = nullptr;
    bool damaged_ = false;  // once a chunk failed, every read fails: no byte after it is trusted
};

class SealedOutputIo {
  public:
    // Creates the sealed file at `path` (which must not exist). Every buffer FFmpeg hands over
    // is sealed to disk at once (the last chunk again as it grows), so with
    // AVFormatContext::flush_packets a kill loses at most the packets of the last chunk.
    static Result<std::unique_ptr<SealedOutputIo>> create(const std::filesystem::path& path,
                                                          const crypto::SecretKey& key);
    ~SealedOutputIo();
    SealedOutputIo(const SealedOutputIo&) = delete;
    SealedOutputIo& operator=(const SealedOutputIo&) = delete;

    AVIOContext* context() { return context_; }
    // Flushes FFmpeg's buffer and seals the file's end; once, after the trailer.
    Status close();

  private:
    explicit SealedOutputIo(crypto::SealedWriter writer);
    static int write(void* opaque, std::uint8_t* buffer, int size);
    static std::int64_t seek(void* opaque, std::int64_t offset, int whence);

    crypto::SealedWriter writer_;
    AVIOContext* context_ = nullptr;
    bool closed_ = false;
};

}  // namespace mimic::media
