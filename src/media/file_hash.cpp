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

namespace mimic::media {
namespace {

struct ShaDeleter {
    void operator()(AVSHA* sha) const { av_free(sha); }
};

}  // namespace

Result<std::string> sha256File(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error{"cannot read " + path.string()};
    std::unique_ptr<AVSHA, ShaDeleter> sha(av_sha_alloc());
    if (!sha || av_sha_init(sha.get(), 256) < 0) return Error{"out of memory hashing a file"};
    std::vector<char> buffer(1 << 20);
    while (in) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        const auto got = in.gcount();
        if (got > 0) {
            av_sha_update(sha.get(), reinterpret_cast<const std::uint8_t*>(buffer.data()),
                          static_cast<unsigned>(got));
        }
    }
    if (in.bad()) return Error{"cannot read " + path.string()};
    std::array<std::uint8_t, 32> digest{};
    av_sha_final(sha.get(), digest.data());
    std::string hex;
    hex.reserve(64);
    for (std::uint8_t byte : digest) {
        char pair[3];
        std::snprintf(pair, sizeof pair, "%02x", byte);
        hex += pair;
    }
    return hex;
}

}  // namespace mimic::media
