#include "media/file_hash.h"

extern "C" {
#include <libavutil/mem.h>
#include <libavutil/sha.h>
}

#include <array>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <memory>
#include <vector>

#include "crypto/sealed_file.h"
#include "media/media_key.h"

namespace mimic::media {
namespace {

struct ShaDeleter {
    void operator()(AVSHA* sha) const { av_free(sha); }
};

std::string hexDigest(AVSHA* sha) {
    std::array<std::uint8_t, 32> digest{};
    av_sha_final(sha, digest.data());
    std::string hex;
    hex.reserve(64);
    for (std::uint8_t byte : digest) {
        char pair[3];
        std::snprintf(pair, sizeof pair, "%02x", byte);
        hex += pair;
    }
    return hex;
}

}  // namespace

Result<std::string> sha256File(const std::filesystem::path& path) {
    std::unique_ptr<AVSHA, ShaDeleter> sha(av_sha_alloc());
    if (!sha || av_sha_init(sha.get(), 256) < 0) return Error{"out of memory hashing a file"};
    std::vector<char> buffer(1 << 20);
    if (crypto::isSealedFile(path)) {
        // A sealed file's hash is its content's, as the same file kept plain would have.
        const std::shared_ptr<const crypto::SecretKey> key = mediaKey();
        if (key == nullptr) return Error{"cannot read " + path.string() + ": it is encrypted"};
        auto reader = crypto::SealedReader::open(path, *key);
        if (!reader) return reader.error();
        for (;;) {
            auto got = reader->read(
                std::span(reinterpret_cast<std::uint8_t*>(buffer.data()), buffer.size()));
            if (!got) return got.error();
            if (*got == 0) break;
            av_sha_update(sha.get(), reinterpret_cast<const std::uint8_t*>(buffer.data()),
                          static_cast<unsigned>(*got));
        }
        return hexDigest(sha.get());
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error{"cannot read " + path.string()};
    while (in) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        const auto got = in.gcount();
        if (got > 0) {
            av_sha_update(sha.get(), reinterpret_cast<const std::uint8_t*>(buffer.data()),
                          static_cast<unsigned>(got));
        }
    }
    if (in.bad()) return Error{"cannot read " + path.string()};
    return hexDigest(sha.get());
}

}  // namespace mimic::media
