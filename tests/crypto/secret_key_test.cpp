// Keys in guarded memory and the keys derived from them (issue 14, build 2).
#include "crypto/secret_key.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

namespace mimic::crypto {
namespace {

std::vector<std::uint8_t> copy(const SecretKey& key) {
    return {key.bytes().begin(), key.bytes().end()};
}

TEST(SecretKey, RandomKeysDiffer) {
    auto a = SecretKey::random();
    auto b = SecretKey::random();
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_NE(copy(*a), copy(*b));
    EXPECT_FALSE(std::all_of(a->bytes().begin(), a->bytes().end(), [](auto v) { return v == 0; }));
}

TEST(SecretKey, AKeyIsExactly32Bytes) {
    const std::vector<std::uint8_t> short_key(31, 7);
    EXPECT_EQ(SecretKey::fromBytes(short_key).error().message, "a key is 32 bytes, not 31");
    const std::vector<std::uint8_t> bytes(32, 7);
    auto key = SecretKey::fromBytes(bytes);
    ASSERT_TRUE(key.ok());
    EXPECT_EQ(copy(*key), bytes);
}

TEST(SecretKey, DerivedKeysDependOnPurposeIdAndKey) {
    const std::vector<std::uint8_t> bytes(32, 1);
    const std::vector<std::uint8_t> other_bytes(32, 2);
    const SecretKey key = SecretKey::fromBytes(bytes).value();
    const SecretKey other = SecretKey::fromBytes(other_bytes).value();
    const std::vector<std::uint8_t> id{1, 2, 3};
    const std::vector<std::uint8_t> id2{1, 2, 4};
    const auto base = copy(key.derive("file", id).value());
    EXPECT_EQ(base, copy(key.derive("file", id).value()));  // the same inputs, the same key
    EXPECT_NE(base, copy(key.derive("file", id2).value()));
    EXPECT_NE(base, copy(key.derive("page", id).value()));
    EXPECT_NE(base, copy(other.derive("file", id).value()));
    EXPECT_NE(base, bytes);
    // The purpose's length is part of it: ("fil", "e...") is not ("file", "...").
    const std::vector<std::uint8_t> e_id{'e', 1, 2, 3};
    EXPECT_NE(base, copy(key.derive("fil", e_id).value()));
}

}  // namespace
}  // namespace mimic::crypto
