// Therapists' PINs, until accounts exist: the rule a PIN follows and its hash (libsodium
// crypto_pwhash_str: Argon2id with a random salt, the text holding its own limits). The
// store keeps only the hash (ClinicalRepository::setTherapistPinHash); the child's screen
// gets a verifier made from it, never the hash or the store.
//
// Threads: any. Hashing and checking take a few tens of milliseconds and 64 MiB on purpose
// (libsodium's "interactive" limits), so a stolen database does not give PINs away cheaply.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "common/result.h"

namespace mimic::store {

inline constexpr std::size_t kMinPinDigits = 4;
inline constexpr std::size_t kMaxPinDigits = 8;

// Ok for 4-8 ASCII digits; otherwise one line saying what a PIN must be.
Status checkPinShape(std::string_view pin);

// The hash text to store for `pin` (checked with checkPinShape first).
Result<std::string> hashPin(std::string_view pin);

// True when `pin` is the PIN `stored_hash` was made from. False for anything else, also a
// damaged hash.
bool pinMatches(std::string_view stored_hash, std::string_view pin);

// A verifier for the child's screen that holds a copy of `stored_hash`.
std::function<bool(std::string_view)> pinVerifier(std::string stored_hash);

}  // namespace mimic::store
