// Therapists' PINs: the shape rule, the Argon2id hash (never the PIN) in schema 7's column,
// and the verifier the child's screen gets.
#include "store/therapist_pin.h"

#include <gtest/gtest.h>

#include "store/clinical_repository.h"
#include "store_test_util.h"

namespace mimic::store {
namespace {

using testing::TempDir;
using testing::textOf;

TEST(TherapistPin, ShapeIsFourToEightDigits) {
    for (const char* good : {"0000", "1234", "12345678", "0042"}) {
        EXPECT_TRUE(checkPinShape(good).ok()) << good;
    }
    for (const char* bad :
         {"", "123", "123456789", "12a4", " 1234", "1234\n", "stop", "１２３４"}) {
        EXPECT_FALSE(checkPinShape(bad).ok()) << bad;
    }
    EXPECT_EQ(checkPinShape("12").error().message, "a PIN is 4 to 8 digits (0-9), nothing else");
}

TEST(TherapistPin, HashIsArgon2idSaltedAndVerifies) {
    auto first = hashPin("2468");
    ASSERT_TRUE(first.ok()) << first.error().message;
    auto second = hashPin("2468");
    ASSERT_TRUE(second.ok());
    EXPECT_EQ(first->rfind("$argon2id$", 0), 0U) << *first;
    EXPECT_EQ(first->find("2468"), std::string::npos);
    EXPECT_NE(*first, *second);  // a random salt each time
    EXPECT_TRUE(pinMatches(*first, "2468"));
    EXPECT_TRUE(pinMatches(*second, "2468"));
    EXPECT_FALSE(pinMatches(*first, "2469"));
    EXPECT_FALSE(pinMatches(*first, ""));
    EXPECT_FALSE(pinMatches("", "2468"));
    EXPECT_FALSE(pinMatches("not a hash", "2468"));
    EXPECT_FALSE(hashPin("12").ok());
    const auto verify = pinVerifier(*first);
    EXPECT_TRUE(verify("2468"));
    EXPECT_FALSE(verify("stop"));
}

TEST(TherapistPin, StoredHashedPerTherapist) {
    TempDir dir;
    auto db = Database::open(dir.db());
    ASSERT_TRUE(db.ok()) << db.error().message;
    ClinicalRepository repository(*db);
    auto one = repository.addTherapist("T. One");
    auto two = repository.addTherapist("T. Two");
    ASSERT_TRUE(one.ok() && two.ok());

    auto none = repository.therapistPinHash(*one);
    ASSERT_TRUE(none.ok()) << none.error().message;
    EXPECT_FALSE(none->has_value());

    auto hash = hashPin("1357");
    ASSERT_TRUE(hash.ok());
    ASSERT_TRUE(repository.setTherapistPinHash(*one, *hash).ok());
    auto stored = repository.therapistPinHash(*one);
    ASSERT_TRUE(stored.ok() && stored->has_value());
    EXPECT_TRUE(pinMatches(**stored, "1357"));
    EXPECT_FALSE(repository.therapistPinHash(*two)->has_value());
    EXPECT_EQ(textOf(db->connection(),
                     "SELECT count(*) FROM therapists WHERE pin_hash LIKE "
                     "'%1357%'"),
              "0");

    EXPECT_FALSE(repository.setTherapistPinHash(9999, *hash).ok());
    auto missing = repository.therapistPinHash(9999);
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().message, "no therapist with id 9999");
}

}  // namespace
}  // namespace mimic::store
