#include "store/therapist_pin.h"

#include <sodium.h>

#include <algorithm>
#include <utility>

namespace mimic::store {
namespace {

bool sodiumReady() {
    // sodium_init is safe to call more than once and from any thread; < 0 means it failed.
    static const bool ready = sodium_init() >= 0;
    return ready;
}

}  // namespace

Status checkPinShape(std::string_view pin) {
    const bool digits =
        std::all_of(pin.begin(), pin.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!digits || pin.size() < kMinPinDigits || pin.size() > kMaxPinDigits) {
        return Error{"a PIN is 4 to 8 digits (0-9), nothing else"};
    }
    return {};
}

Result<std::string> hashPin(std::string_view pin) {
    if (Status s = checkPinShape(pin); !s) return s.error();
    if (!sodiumReady()) return Error{"cannot hash the PIN: libsodium did not start"};
    char out[crypto_pwhash_STRBYTES] = {};
    if (crypto_pwhash_str(out, pin.data(), pin.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
        return Error{"cannot hash the PIN: out of memory"};
    }
    return std::string(out);
}

bool pinMatches(std::string_view stored_hash, std::string_view pin) {
    if (!sodiumReady() || stored_hash.empty() || stored_hash.size() >= crypto_pwhash_STRBYTES) {
        return false;
    }
    // crypto_pwhash_str_verify wants a NUL-terminated string.
    char hash[crypto_pwhash_STRBYTES] = {};
    std::copy(stored_hash.begin(), stored_hash.end(), hash);
    return crypto_pwhash_str_verify(hash, pin.data(), pin.size()) == 0;
}

std::function<bool(std::string_view)> pinVerifier(std::string stored_hash) {
    return [hash = std::move(stored_hash)](std::string_view pin) { return pinMatches(hash, pin); };
}

}  // namespace mimic::store
