// A 256-bit secret key held in libsodium's guarded memory: locked out of swap where the
// system allows, between guard pages, wiped when it goes. A data folder's data key is one
// (docs/privacy.md); so are the keys derived from it for each file.
//
// Threads: a SecretKey may be read from several threads at once; it is not changed after it
// is made.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>

#include "common/result.h"

namespace mimic::crypto {

inline constexpr std::size_t kKeyBytes = 32;

// Starts libsodium once (safe from any thread); an error when it cannot.
Status sodiumReady();

class SecretKey {
  public:
    // A new random key.
    static Result<SecretKey> random();
    // A copy of `bytes` (kKeyBytes of them).
    static Result<SecretKey> fromBytes(std::span<const std::uint8_t> bytes);

    std::span<const std::uint8_t, kKeyBytes> bytes() const;
    // A key for one purpose and one object, derived from this one with keyed BLAKE2b:
    // different `purpose` or `id` give unrelated keys; this key cannot be found from them.
    Result<SecretKey> derive(std::string_view purpose, std::span<const std::uint8_t> id) const;

  private:
    struct Free {
        void operator()(std::uint8_t* p) const;
    };
    explicit SecretKey(std::unique_ptr<std::uint8_t, Free> bytes) : bytes_(std::move(bytes)) {}
    std::unique_ptr<std::uint8_t, Free> bytes_;  // sodium_malloc'd, read-only once filled
};

}  // namespace mimic::crypto
