#include "crypto/secret_key.h"

#include <sodium.h>

#include <cstring>
#include <string>

namespace mimic::crypto {
namespace {

Result<std::unique_ptr<std::uint8_t, void (*)(std::uint8_t*)>> guarded() {
    auto* p = static_cast<std::uint8_t*>(sodium_malloc(kKeyBytes));
    if (p == nullptr) return Error{"cannot allocate protected memory for a key"};
    return std::unique_ptr<std::uint8_t, void (*)(std::uint8_t*)>(
        p, [](std::uint8_t* q) { sodium_free(q); });
}

}  // namespace

Status sodiumReady() {
    // sodium_init is safe to call more than once and from any thread; < 0 means it failed.
    static const bool ready = sodium_init() >= 0;
    if (!ready) return Error{"libsodium did not start"};
    return {};
}

void SecretKey::Free::operator()(std::uint8_t* p) const {
    sodium_free(p);  // wipes it first
}

Result<SecretKey> SecretKey::random() {
    if (Status s = sodiumReady(); !s) return s.error();
    auto memory = guarded();
    if (!memory) return memory.error();
    randombytes_buf(memory->get(), kKeyBytes);
    sodium_mprotect_readonly(memory->get());
    return SecretKey(std::unique_ptr<std::uint8_t, Free>(memory->release()));
}

Result<SecretKey> SecretKey::fromBytes(std::span<const std::uint8_t> bytes) {
    if (Status s = sodiumReady(); !s) return s.error();
    if (bytes.size() != kKeyBytes) {
        return Error{"a key is " + std::to_string(kKeyBytes) + " bytes, not " +
                     std::to_string(bytes.size())};
    }
    auto memory = guarded();
    if (!memory) return memory.error();
    std::memcpy(memory->get(), bytes.data(), kKeyBytes);
    sodium_mprotect_readonly(memory->get());
    return SecretKey(std::unique_ptr<std::uint8_t, Free>(memory->release()));
}

std::span<const std::uint8_t, kKeyBytes> SecretKey::bytes() const {
    return std::span<const std::uint8_t, kKeyBytes>(bytes_.get(), kKeyBytes);
}

Result<SecretKey> SecretKey::derive(std::string_view purpose,
                                    std::span<const std::uint8_t> id) const {
    auto memory = guarded();
    if (!memory) return memory.error();
    crypto_generichash_state state;
    crypto_generichash_init(&state, bytes_.get(), kKeyBytes, kKeyBytes);
    // The purpose's length first, so ("ab", "c") and ("a", "bc") differ.
    const auto length = static_cast<std::uint64_t>(purpose.size());
    std::uint8_t length_bytes[8];
    for (int i = 0; i < 8; ++i)
        length_bytes[i] = static_cast<std::uint8_t>(length >> (8 * i));
    crypto_generichash_update(&state, length_bytes, sizeof length_bytes);
    crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(purpose.data()),
                              purpose.size());
    crypto_generichash_update(&state, id.data(), id.size());
    crypto_generichash_final(&state, memory->get(), kKeyBytes);
    sodium_memzero(&state, sizeof state);
    sodium_mprotect_readonly(memory->get());
    return SecretKey(std::unique_ptr<std::uint8_t, Free>(memory->release()));
}

}  // namespace mimic::crypto
