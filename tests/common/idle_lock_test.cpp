// The window's idle lock (issue 14, 1): locks after the idle time without input, not before;
// input while locked keeps nothing open; only the right passphrase opens it. Every time is
// given, so the rule is proven without waiting ten minutes.
#include "common/idle_lock.h"

#include <gtest/gtest.h>

namespace mimic {
namespace {

using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

const Clock::time_point t0{};

TEST(IdleLock, LocksAfterTheIdleTimeWithoutInputAndNotBefore) {
    IdleLock lock(IdleLock::kDefaultIdle, t0);
    EXPECT_FALSE(lock.update(t0 + minutes(10) - milliseconds(1)));
    EXPECT_EQ(lock.remaining(t0 + minutes(9)), minutes(1));
    EXPECT_TRUE(lock.update(t0 + minutes(10)));
    EXPECT_TRUE(lock.locked());
    EXPECT_EQ(lock.remaining(t0 + minutes(10)), milliseconds(0));
}

TEST(IdleLock, InputPutsTheLockOff) {
    IdleLock lock(seconds(30), t0);
    for (int s = 20; s <= 200; s += 20) {
        EXPECT_FALSE(lock.update(t0 + seconds(s)));
        lock.activity(t0 + seconds(s));
    }
    EXPECT_FALSE(lock.update(t0 + seconds(229)));
    EXPECT_TRUE(lock.update(t0 + seconds(230)));
    // Input that arrives late, stamped before the last, moves nothing back.
    IdleLock late(seconds(30), t0);
    late.activity(t0 + seconds(20));
    late.activity(t0 + seconds(5));
    EXPECT_FALSE(late.update(t0 + seconds(49)));
    EXPECT_TRUE(late.update(t0 + seconds(50)));
}

TEST(IdleLock, InputWhileLockedDoesNotOpenIt) {
    IdleLock lock(seconds(30), t0);
    ASSERT_TRUE(lock.update(t0 + seconds(31)));
    lock.activity(t0 + seconds(32));
    EXPECT_TRUE(lock.update(t0 + seconds(33)));
    EXPECT_TRUE(lock.locked());
}

TEST(IdleLock, OnlyTheRightPassphraseOpensItAndWrongOnesAreCounted) {
    IdleLock lock(seconds(30), t0);
    lock.lockNow();  // Ctrl+L, long before the idle time
    EXPECT_TRUE(lock.update(t0 + seconds(1)));
    lock.passphraseChecked(false, t0 + seconds(2));
    lock.passphraseChecked(false, t0 + seconds(3));
    EXPECT_TRUE(lock.locked());
    EXPECT_EQ(lock.failedAttempts(), 2);
    lock.passphraseChecked(true, t0 + seconds(100));
    EXPECT_FALSE(lock.locked());
    EXPECT_EQ(lock.failedAttempts(), 0);
    // Opening counts as input: the idle time runs again from then.
    EXPECT_FALSE(lock.update(t0 + seconds(129)));
    EXPECT_TRUE(lock.update(t0 + seconds(130)));
}

TEST(IdleLock, ZeroNeverLocksByItselfButCanBeLocked) {
    IdleLock lock(milliseconds(0), t0);
    EXPECT_FALSE(lock.update(t0 + std::chrono::hours(24 * 365)));
    lock.lockNow();
    EXPECT_TRUE(lock.locked());
    lock.passphraseChecked(true, t0 + seconds(1));
    EXPECT_FALSE(lock.update(t0 + std::chrono::hours(48)));
}

}  // namespace
}  // namespace mimic
