#include "crypto/sealed_file.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <string>
#include <utility>

#include "common/names.h"

namespace mimic::crypto {
namespace {

constexpr std::array<std::uint8_t, 8> kMagic{'M', 'I', 'M', 'I', 'C', 'S', 'F', '1'};
constexpr std::uint32_t kVersion = 1;
constexpr std::size_t kNonceBytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr std::size_t kTagBytes = crypto_aead_xchacha20poly1305_ietf_ABYTES;
constexpr std::size_t kIdBytes = 16;
constexpr std::size_t kCheckOffset = 32;  // the key check: keyed BLAKE2b of bytes 0..31
constexpr std::size_t kCheckBytes = 16;
constexpr std::uint32_t kMinChunk = 1024;
constexpr std::uint32_t kMaxChunk = 16 * 1024 * 1024;
constexpr std::string_view kPurpose = "mimic sealed file v1";

using Header = std::array<std::uint8_t, kSealedHeaderBytes>;

void putU32(std::uint8_t* at, std::uint32_t v) {
    for (int i = 0; i < 4; ++i)
        at[i] = static_cast<std::uint8_t>(v >> (8 * i));
}

std::uint32_t getU32(const std::uint8_t* at) {
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i)
        v |= static_cast<std::uint32_t>(at[i]) << (8 * i);
    return v;
}

std::string errnoText() {
    return std::strerror(errno);
}

// What a writer and a reader share: the file, its header and key, and where slots are.
struct Layout {
    int fd = -1;
    std::filesystem::path path;
    Header header{};
    std::uint32_t chunk = 0;
    std::optional<SecretKey> key;

    std::uint64_t slotBytes() const { return kNonceBytes + chunk + kTagBytes; }
    std::uint64_t slotOffset(std::uint64_t slot) const {
        return kSealedHeaderBytes + slot * slotBytes();
    }
    std::string name() const { return quotedPrintable(path.filename().string()); }

    std::array<std::uint8_t, kSealedHeaderBytes + 9> associated(std::uint64_t slot,
                                                                bool final) const {
        std::array<std::uint8_t, kSealedHeaderBytes + 9> ad{};
        std::copy(header.begin(), header.end(), ad.begin());
        for (int i = 0; i < 8; ++i)
            ad[kSealedHeaderBytes + static_cast<std::size_t>(i)] =
                static_cast<std::uint8_t>(slot >> (8 * i));
        ad[kSealedHeaderBytes + 8] = final ? 1 : 0;
        return ad;
    }

    std::array<std::uint8_t, kCheckBytes> keyCheck() const {
        std::array<std::uint8_t, kCheckBytes> check{};
        crypto_generichash(check.data(), check.size(), header.data(), kCheckOffset,
                           key->bytes().data(), kKeyBytes);
        return check;
    }

    Status deriveKey(const SecretKey& data_key) {
        auto derived = data_key.derive(kPurpose, std::span(header).subspan(16, kIdBytes));
        if (!derived) return derived.error();
        key.emplace(std::move(*derived));
        return {};
    }

    Status writeAll(const std::uint8_t* bytes, std::size_t n, std::uint64_t at) const {
        while (n > 0) {
            const ssize_t written = ::pwrite(fd, bytes, n, static_cast<off_t>(at));
            if (written < 0 && errno == EINTR) continue;
            if (written <= 0) return Error{"cannot write " + name() + ": " + errnoText()};
            bytes += written;
            n -= static_cast<std::size_t>(written);
            at += static_cast<std::uint64_t>(written);
        }
        return {};
    }

    // Reads exactly `n` bytes at `at`; false at a short file.
    Result<bool> readAll(std::uint8_t* bytes, std::size_t n, std::uint64_t at) const {
        while (n > 0) {
            const ssize_t got = ::pread(fd, bytes, n, static_cast<off_t>(at));
            if (got < 0 && errno == EINTR) continue;
            if (got < 0) return Error{"cannot read " + name() + ": " + errnoText()};
            if (got == 0) return false;
            bytes += got;
            n -= static_cast<std::size_t>(got);
            at += static_cast<std::uint64_t>(got);
        }
        return true;
    }

    // Seals `plain` as slot `slot` with a new nonce.
    Status seal(std::uint64_t slot, std::span<const std::uint8_t> plain, bool final,
                std::vector<std::uint8_t>& scratch) const {
        scratch.resize(kNonceBytes + plain.size() + kTagBytes);
        randombytes_buf(scratch.data(), kNonceBytes);
        const auto ad = associated(slot, final);
        unsigned long long sealed = 0;
        crypto_aead_xchacha20poly1305_ietf_encrypt(scratch.data() + kNonceBytes, &sealed,
                                                   plain.data(), plain.size(), ad.data(), ad.size(),
                                                   nullptr, scratch.data(), key->bytes().data());
        return writeAll(scratch.data(), kNonceBytes + sealed, slotOffset(slot));
    }

    // Opens slot `slot` of `sealed_bytes` bytes (nonce, ciphertext and tag) into `plain`;
    // false when it does not authenticate.
    Result<bool> open(std::uint64_t slot, std::size_t sealed_bytes, bool final,
                      std::vector<std::uint8_t>& plain, std::vector<std::uint8_t>& scratch) const {
        if (sealed_bytes < kNonceBytes + kTagBytes) return false;
        scratch.resize(sealed_bytes);
        auto read = readAll(scratch.data(), sealed_bytes, slotOffset(slot));
        if (!read) return read.error();
        if (!*read) return false;
        plain.resize(sealed_bytes - kNonceBytes - kTagBytes);
        const auto ad = associated(slot, final);
        unsigned long long opened = 0;
        const int e = crypto_aead_xchacha20poly1305_ietf_decrypt(
            plain.data(), &opened, nullptr, scratch.data() + kNonceBytes,
            sealed_bytes - kNonceBytes, ad.data(), ad.size(), scratch.data(), key->bytes().data());
        if (e != 0) return false;
        plain.resize(opened);
        return true;
    }

    ~Layout() {
        if (fd >= 0) ::close(fd);
    }
};

}  // namespace

bool isSealedFile(const std::filesystem::path& path) {
    // Only a regular file: opening a FIFO to look would wait for its writer.
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) return false;
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) return false;
    std::array<std::uint8_t, kMagic.size()> start{};
    const ssize_t got = ::read(fd, start.data(), start.size());
    ::close(fd);
    return got == static_cast<ssize_t>(start.size()) && start == kMagic;
}

std::uint64_t sealedPlainLength(std::uint64_t file_bytes, std::uint32_t chunk) {
    if (file_bytes <= kSealedHeaderBytes) return 0;
    const std::uint64_t slot = kNonceBytes + chunk + kTagBytes;
    const std::uint64_t data = file_bytes - kSealedHeaderBytes;
    const std::uint64_t whole = data / slot;
    const std::uint64_t rest = data % slot;
    return whole * chunk + (rest > kNonceBytes + kTagBytes ? rest - kNonceBytes - kTagBytes : 0);
}

// --- the writer ---------------------------------------------------------------------------

struct SealedWriter::State {
    Layout layout;
    std::vector<std::uint8_t> buffer;  // the current slot's plaintext
    std::size_t length = 0;            // of buffer's bytes, those in the file
    std::uint64_t slot = 0;            // the current slot
    bool dirty = false;                // changed since it was last sealed
    bool closed = false;
    std::vector<std::uint8_t> scratch;
};

SealedWriter::SealedWriter(std::unique_ptr<State> state) : state_(std::move(state)) {}
SealedWriter::SealedWriter(SealedWriter&&) noexcept = default;
SealedWriter& SealedWriter::operator=(SealedWriter&&) noexcept = default;

SealedWriter::~SealedWriter() {
    if (state_ && !state_->closed) (void)close();
}

Result<SealedWriter> SealedWriter::create(const std::filesystem::path& path,
                                          const SecretKey& data_key, std::uint32_t chunk_bytes) {
    if (Status s = sodiumReady(); !s) return s.error();
    if (chunk_bytes < kMinChunk || chunk_bytes > kMaxChunk) {
        return Error{"a sealed file's chunk is 1 KiB to 16 MiB"};
    }
    auto state = std::make_unique<State>();
    Layout& layout = state->layout;
    layout.path = path;
    layout.chunk = chunk_bytes;
    std::copy(kMagic.begin(), kMagic.end(), layout.header.begin());
    putU32(layout.header.data() + 8, kVersion);
    putU32(layout.header.data() + 12, chunk_bytes);
    randombytes_buf(layout.header.data() + 16, kIdBytes);
    if (Status s = layout.deriveKey(data_key); !s) return s.error();
    const auto check = layout.keyCheck();
    std::copy(check.begin(), check.end(), layout.header.begin() + kCheckOffset);
    // A file that exists may only be an empty one (a name reserved by creating it).
    layout.fd = ::open(path.c_str(), O_CREAT | O_RDWR | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (layout.fd < 0) return Error{"cannot create " + layout.name() + ": " + errnoText()};
    struct stat info {};
    if (::fstat(layout.fd, &info) != 0 || !S_ISREG(info.st_mode) || info.st_size != 0) {
        return Error{"cannot create " + layout.name() + ": a file is there already"};
    }
    if (Status s = layout.writeAll(layout.header.data(), layout.header.size(), 0); !s) {
        return s.error();
    }
    state->buffer.assign(chunk_bytes, 0);
    return SealedWriter(std::move(state));
}

Status SealedWriter::sealCurrent(bool final) {
    State& s = *state_;
    if (Status sealed =
            s.layout.seal(s.slot, std::span(s.buffer).first(s.length), final, s.scratch);
        !sealed) {
        return sealed;
    }
    s.dirty = false;
    return {};
}

Status SealedWriter::load(std::uint64_t slot) {
    State& s = *state_;
    if (slot == s.slot) return {};
    if (s.dirty) {
        if (Status sealed = sealCurrent(false); !sealed) return sealed;
    }
    const std::uint64_t start = slot * s.layout.chunk;
    const std::size_t length =
        size_ > start
            ? static_cast<std::size_t>(std::min<std::uint64_t>(s.layout.chunk, size_ - start))
            : 0;
    std::fill(s.buffer.begin(), s.buffer.end(), 0);
    if (length > 0) {
        std::vector<std::uint8_t> plain;
        auto opened =
            s.layout.open(slot, kNonceBytes + length + kTagBytes, false, plain, s.scratch);
        if (!opened) return opened.error();
        if (!*opened) {
            return Error{s.layout.name() + ": chunk " + std::to_string(slot) +
                         " does not read back as written"};
        }
        std::copy(plain.begin(), plain.end(), s.buffer.begin());
    }
    s.slot = slot;
    s.length = length;
    return {};
}

Status SealedWriter::write(std::span<const std::uint8_t> bytes) {
    State& s = *state_;
    if (s.closed) return Error{"cannot write " + s.layout.name() + ": it is closed"};
    while (!bytes.empty()) {
        if (Status loaded = load(offset_ / s.layout.chunk); !loaded) return loaded;
        const std::size_t at = static_cast<std::size_t>(offset_ % s.layout.chunk);
        const std::size_t n = std::min<std::size_t>(s.layout.chunk - at, bytes.size());
        std::copy_n(bytes.begin(), n, s.buffer.begin() + static_cast<std::ptrdiff_t>(at));
        s.length = std::max(s.length, at + n);
        s.dirty = true;
        offset_ += n;
        size_ = std::max(size_, offset_);
        bytes = bytes.subspan(n);
        // A full slot is sealed at once (the next one starts).
        if (s.length == s.layout.chunk && at + n == s.layout.chunk) {
            if (Status sealed = sealCurrent(false); !sealed) return sealed;
        }
    }
    return {};
}

Status SealedWriter::seek(std::uint64_t offset) {
    if (offset > size_) {
        return Error{"cannot seek past the end of " + state_->layout.name() + " while writing"};
    }
    offset_ = offset;
    return {};
}

Status SealedWriter::flush(bool sync) {
    State& s = *state_;
    if (s.closed) return {};
    if (s.dirty) {
        if (Status sealed = sealCurrent(false); !sealed) return sealed;
    }
    if (sync && ::fdatasync(s.layout.fd) != 0) {
        return Error{"cannot write " + s.layout.name() + " to disk: " + errnoText()};
    }
    return {};
}

Status SealedWriter::close() {
    State& s = *state_;
    if (s.closed) return {};
    s.closed = true;
    // The last slot is sealed again as the end (an empty file has one empty slot).
    const std::uint64_t last = size_ == 0 ? 0 : (size_ - 1) / s.layout.chunk;
    Status outcome = load(last);
    if (outcome) outcome = sealCurrent(true);
    if (outcome && ::fsync(s.layout.fd) != 0) {
        outcome = Error{"cannot write " + s.layout.name() + " to disk: " + errnoText()};
    }
    if (::close(s.layout.fd) != 0 && outcome) {
        outcome = Error{"cannot close " + s.layout.name() + ": " + errnoText()};
    }
    s.layout.fd = -1;
    return outcome;
}

Status writeSealedFile(const std::filesystem::path& path, std::span<const std::uint8_t> bytes,
                       const SecretKey& data_key) {
    auto writer = SealedWriter::create(path, data_key);
    if (!writer) return writer.error();
    Status written = writer->write(bytes);
    if (written) written = writer->close();
    if (!written) {
        std::error_code ignored;
        std::filesystem::remove(path, ignored);
    }
    return written;
}

Status sealCopy(const std::filesystem::path& source, const std::filesystem::path& target,
                const SecretKey& data_key) {
    const int fd = ::open(source.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return Error{"cannot read " + quotedPrintable(source.string()) + ": " + errnoText()};
    }
    auto writer = SealedWriter::create(target, data_key);
    Status copied = writer ? Status{} : Status{writer.error()};
    std::vector<std::uint8_t> buffer(kDefaultChunkBytes);
    while (copied) {
        const ssize_t got = ::read(fd, buffer.data(), buffer.size());
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) {
            copied = Error{"cannot read " + quotedPrintable(source.string()) + ": " + errnoText()};
        } else if (got == 0) {
            break;
        } else {
            copied = writer->write(std::span(buffer).first(static_cast<std::size_t>(got)));
        }
    }
    ::close(fd);
    if (copied && writer) copied = writer->close();
    if (!copied) {
        std::error_code ignored;
        if (writer) std::filesystem::remove(target, ignored);
    }
    return copied;
}

// --- the reader ---------------------------------------------------------------------------

struct SealedReader::State {
    Layout layout;
    std::uint64_t slots = 0;  // that authenticate (the last possibly partial)
    std::optional<std::uint64_t> loaded;
    std::vector<std::uint8_t> plain;  // slot `loaded`'s
    std::vector<std::uint8_t> scratch;
};

SealedReader::SealedReader(std::unique_ptr<State> state) : state_(std::move(state)) {}
SealedReader::SealedReader(SealedReader&&) noexcept = default;
SealedReader& SealedReader::operator=(SealedReader&&) noexcept = default;
SealedReader::~SealedReader() = default;

Result<SealedReader> SealedReader::open(const std::filesystem::path& path,
                                        const SecretKey& data_key) {
    if (Status s = sodiumReady(); !s) return s.error();
    auto state = std::make_unique<State>();
    Layout& layout = state->layout;
    layout.path = path;
    layout.fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (layout.fd < 0) return Error{"cannot open " + layout.name() + ": " + errnoText()};
    auto read = layout.readAll(layout.header.data(), layout.header.size(), 0);
    if (!read) return read.error();
    const bool ours = *read && std::equal(kMagic.begin(), kMagic.end(), layout.header.begin());
    if (!ours) return Error{layout.name() + " is not a sealed file"};
    if (getU32(layout.header.data() + 8) != kVersion) {
        return Error{layout.name() + " is sealed by a newer mimic (format " +
                     std::to_string(getU32(layout.header.data() + 8)) + ")"};
    }
    layout.chunk = getU32(layout.header.data() + 12);
    if (layout.chunk < kMinChunk || layout.chunk > kMaxChunk) {
        return Error{layout.name() + " has a damaged header"};
    }
    if (Status s = layout.deriveKey(data_key); !s) return s.error();
    const auto check = layout.keyCheck();
    if (sodium_memcmp(check.data(), layout.header.data() + kCheckOffset, kCheckBytes) != 0) {
        return Error{"cannot open " + layout.name() +
                     ": it was sealed with another key (another data folder), or its header "
                     "is damaged"};
    }
    struct stat info {};
    if (::fstat(layout.fd, &info) != 0) {
        return Error{"cannot read " + layout.name() + ": " + errnoText()};
    }
    const std::uint64_t file_bytes = static_cast<std::uint64_t>(info.st_size);
    const std::uint64_t data =
        file_bytes > kSealedHeaderBytes ? file_bytes - kSealedHeaderBytes : 0;
    std::uint64_t slots = (data + layout.slotBytes() - 1) / layout.slotBytes();
    SealedReader reader(std::move(state));
    State& s = *reader.state_;
    // The last slot says whether the file was closed; one that does not authenticate is a
    // write cut short by a kill (or power loss): the file ends before it.
    while (slots > 0) {
        const std::uint64_t last = slots - 1;
        const std::size_t sealed_bytes = static_cast<std::size_t>(
            std::min(layout.slotBytes(), data - last * layout.slotBytes()));
        for (const bool final : {true, false}) {
            auto opened = s.layout.open(last, sealed_bytes, final, s.plain, s.scratch);
            if (!opened) return opened.error();
            if (*opened) {
                reader.closed_properly_ = final;
                s.slots = slots;
                s.loaded = last;
                reader.size_ = last * s.layout.chunk + s.plain.size();
                return reader;
            }
        }
        --slots;
        if (sealed_bytes == s.layout.slotBytes()) break;  // a whole slot damaged: not a cut
    }
    if (slots > 0) {
        // A whole last slot that does not authenticate: refuse rather than guess.
        return Error{s.layout.name() + ": chunk " + std::to_string(slots) +
                     " is damaged or was changed (it does not authenticate)"};
    }
    return reader;  // nothing readable: an empty file whose writer was killed at once
}

Status SealedReader::load(std::uint64_t slot) {
    State& s = *state_;
    if (s.loaded == slot) return {};
    s.loaded.reset();
    const bool final = closed_properly_ && slot + 1 == s.slots;
    const std::uint64_t start = slot * s.layout.chunk;
    const std::size_t length =
        static_cast<std::size_t>(std::min<std::uint64_t>(s.layout.chunk, size_ - start));
    auto opened = s.layout.open(slot, kNonceBytes + length + kTagBytes, final, s.plain, s.scratch);
    if (!opened) return opened.error();
    if (!*opened) {
        return Error{s.layout.name() + ": chunk " + std::to_string(slot) +
                     " is damaged or was changed (it does not authenticate)"};
    }
    s.loaded = slot;
    return {};
}

Result<std::size_t> SealedReader::read(std::span<std::uint8_t> out) {
    State& s = *state_;
    std::size_t total = 0;
    while (total < out.size() && offset_ < size_) {
        if (Status loaded = load(offset_ / s.layout.chunk); !loaded) return loaded.error();
        const std::size_t at = static_cast<std::size_t>(offset_ % s.layout.chunk);
        const std::size_t n = std::min(out.size() - total, s.plain.size() - at);
        std::copy_n(s.plain.begin() + static_cast<std::ptrdiff_t>(at), n,
                    out.begin() + static_cast<std::ptrdiff_t>(total));
        total += n;
        offset_ += n;
    }
    return total;
}

Status SealedReader::seek(std::uint64_t offset) {
    offset_ = std::min(offset, size_);
    return {};
}

}  // namespace mimic::crypto
