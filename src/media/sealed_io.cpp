#include "media/sealed_io.h"

#include <fstream>
#include <iterator>
#include <mutex>
#include <utility>

#include "common/log.h"

namespace mimic::media {
namespace {

constexpr int kBufferBytes = 64 * 1024;

std::mutex key_mutex;
std::shared_ptr<const crypto::SecretKey> media_key;  // guarded by key_mutex

// The new offset of an AVIO seek, or a negative AVERROR; AVSEEK_SIZE asks for the size.
std::int64_t seekTo(std::int64_t offset, int whence, std::uint64_t now, std::uint64_t size) {
    switch (whence & ~AVSEEK_FORCE) {
        case AVSEEK_SIZE:
            return static_cast<std::int64_t>(size);
        case SEEK_SET:
            return offset;
        case SEEK_CUR:
            return static_cast<std::int64_t>(now) + offset;
        case SEEK_END:
            return static_cast<std::int64_t>(size) + offset;
        default:
            return AVERROR(EINVAL);
    }
}

AVIOContext* allocate(void* opaque, bool write, int (*read)(void*, std::uint8_t*, int),
                      int (*write_packet)(void*, std::uint8_t*, int),
                      std::int64_t (*seek)(void*, std::int64_t, int)) {
    auto* buffer = static_cast<unsigned char*>(av_malloc(kBufferBytes));
    if (buffer == nullptr) return nullptr;
    AVIOContext* context =
        avio_alloc_context(buffer, kBufferBytes, write ? 1 : 0, opaque, read, write_packet, seek);
    if (context == nullptr) av_free(buffer);
    return context;
}

void release(AVIOContext*& context) {
    if (context == nullptr) return;
    // FFmpeg may have replaced the buffer it was given: free the one it holds now.
    av_freep(&context->buffer);
    avio_context_free(&context);
}

}  // namespace

void setMediaKey(std::shared_ptr<const crypto::SecretKey> key) {
    std::lock_guard lock(key_mutex);
    media_key = std::move(key);
}

std::shared_ptr<const crypto::SecretKey> mediaKey() {
    std::lock_guard lock(key_mutex);
    return media_key;
}

Result<std::vector<std::uint8_t>> readMediaBytes(const std::filesystem::path& path) {
    std::vector<std::uint8_t> bytes;
    if (crypto::isSealedFile(path)) {
        const std::shared_ptr<const crypto::SecretKey> key = mediaKey();
        if (key == nullptr) {
            return Error{"cannot read " + path.string() +
                         ": it is encrypted, and this data folder is not unlocked"};
        }
        auto reader = crypto::SealedReader::open(path, *key);
        if (!reader) return reader.error();
        bytes.resize(static_cast<std::size_t>(reader->size()));
        auto got = reader->read(bytes);
        if (!got) return got.error();
        bytes.resize(*got);
        return bytes;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error{"cannot read " + path.string()};
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    return bytes;
}

// --- reading ------------------------------------------------------------------------------

Result<std::unique_ptr<CustomIo>> SealedInputIo::open(const std::filesystem::path& path,
                                                      const crypto::SecretKey& key) {
    auto reader = crypto::SealedReader::open(path, key);
    if (!reader) return reader.error();
    std::unique_ptr<SealedInputIo> io(new SealedInputIo(std::move(*reader)));
    if (io->context_ == nullptr) return Error{"out of memory"};
    return std::unique_ptr<CustomIo>(std::move(io));
}

SealedInputIo::SealedInputIo(crypto::SealedReader reader) : reader_(std::move(reader)) {
    context_ = allocate(this, false, &SealedInputIo::read, nullptr, &SealedInputIo::seek);
}

SealedInputIo::~SealedInputIo() {
    release(context_);
}

int SealedInputIo::read(void* opaque, std::uint8_t* buffer, int size) {
    auto* self = static_cast<SealedInputIo*>(opaque);
    if (self->damaged_) return AVERROR_INVALIDDATA;
    auto got = self->reader_.read(std::span(buffer, static_cast<std::size_t>(size)));
    if (!got) {
        // A chunk that does not authenticate: no byte of it, nor after it, reaches a decoder
        // (a demuxer resyncing past it would feed decoders pictures missing their references).
        log::warning(got.error().message);
        self->damaged_ = true;
        return AVERROR_INVALIDDATA;
    }
    if (*got == 0) return AVERROR_EOF;
    return static_cast<int>(*got);
}

std::int64_t SealedInputIo::seek(void* opaque, std::int64_t offset, int whence) {
    auto* self = static_cast<SealedInputIo*>(opaque);
    const std::int64_t to = seekTo(offset, whence, self->reader_.tell(), self->reader_.size());
    if (to < 0 || (whence & ~AVSEEK_FORCE) == AVSEEK_SIZE) return to;
    if (!self->reader_.seek(static_cast<std::uint64_t>(to))) return AVERROR(EIO);
    return to;
}

// --- writing ------------------------------------------------------------------------------

Result<std::unique_ptr<SealedOutputIo>> SealedOutputIo::create(const std::filesystem::path& path,
                                                               const crypto::SecretKey& key) {
    auto writer = crypto::SealedWriter::create(path, key);
    if (!writer) return writer.error();
    std::unique_ptr<SealedOutputIo> io(new SealedOutputIo(std::move(*writer)));
    if (io->context_ == nullptr) return Error{"out of memory"};
    return io;
}

SealedOutputIo::SealedOutputIo(crypto::SealedWriter writer) : writer_(std::move(writer)) {
    context_ = allocate(this, true, nullptr, &SealedOutputIo::write, &SealedOutputIo::seek);
}

SealedOutputIo::~SealedOutputIo() {
    if (!closed_) (void)close();
    release(context_);
}

int SealedOutputIo::write(void* opaque, std::uint8_t* buffer, int size) {
    auto* self = static_cast<SealedOutputIo*>(opaque);
    Status written =
        self->writer_.write(std::span<const std::uint8_t>(buffer, static_cast<std::size_t>(size)));
    // On the disk at once, sealed: what a kill leaves is readable.
    if (written) written = self->writer_.flush();
    if (!written) {
        log::warning(written.error().message);
        return AVERROR(EIO);
    }
    return size;
}

std::int64_t SealedOutputIo::seek(void* opaque, std::int64_t offset, int whence) {
    auto* self = static_cast<SealedOutputIo*>(opaque);
    const std::int64_t to = seekTo(offset, whence, self->writer_.tell(), self->writer_.size());
    if (to < 0 || (whence & ~AVSEEK_FORCE) == AVSEEK_SIZE) return to;
    if (Status moved = self->writer_.seek(static_cast<std::uint64_t>(to)); !moved) {
        log::warning(moved.error().message);
        return AVERROR(EIO);
    }
    return to;
}

Status SealedOutputIo::close() {
    if (closed_) return {};
    closed_ = true;
    if (context_ != nullptr) avio_flush(context_);
    if (context_ != nullptr && context_->error < 0) {
        (void)writer_.close();
        return Error{"cannot write: " + ffmpegErrorText(context_->error)};
    }
    return writer_.close();
}

}  // namespace mimic::media
