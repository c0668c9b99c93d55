// FileLock: shared holders go together, an exclusive one waits for them (and says so), and a
// lock ends with its holder.
#include "common/file_lock.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <thread>

#include "temp_dir.h"

namespace mimic {
namespace {

using testing::TempDir;

TEST(FileLockTest, SharedHoldersGoTogetherAndAnExclusiveOneWaitsForThem) {
    const TempDir dir("file-lock");
    const auto path = dir / "library.lock";
    auto first = FileLock::acquire(path, FileLock::Kind::kShared);
    ASSERT_TRUE(first.ok()) << first.error().message;
    bool second_waited = false;
    auto second = FileLock::acquire(path, FileLock::Kind::kShared, [&] { second_waited = true; });
    ASSERT_TRUE(second.ok()) << second.error().message;
    EXPECT_FALSE(second_waited);
    EXPECT_TRUE(FileLock::isLocked(path));

    // The exclusive one must wait: it says so, and gets the lock only once both are released.
    std::promise<void> waiting;
    std::atomic<bool> acquired{false};
    std::thread exclusive([&] {
        auto lock =
            FileLock::acquire(path, FileLock::Kind::kExclusive, [&] { waiting.set_value(); });
        EXPECT_TRUE(lock.ok());
        acquired = true;
    });
    waiting.get_future().wait();
    EXPECT_FALSE(acquired.load());
    first->release();
    EXPECT_FALSE(acquired.load());  // the second shared holder still has it
    second->release();
    exclusive.join();
    EXPECT_TRUE(acquired.load());
    EXPECT_FALSE(FileLock::isLocked(path));  // released when the thread's lock went away
}

TEST(FileLockTest, AcquireCreatesAPrivateFileAndNamesAFolderThatIsMissing) {
    const TempDir dir("file-lock");
    auto lock = FileLock::acquire(dir / "new.lock", FileLock::Kind::kExclusive);
    ASSERT_TRUE(lock.ok());
    EXPECT_EQ(std::filesystem::status(dir / "new.lock").permissions() & std::filesystem::perms::all,
              std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    auto missing = FileLock::acquire(dir / "no" / "such" / "x.lock", FileLock::Kind::kShared);
    ASSERT_FALSE(missing.ok());
    EXPECT_NE(missing.error().message.find("x.lock"), std::string::npos);
}

}  // namespace
}  // namespace mimic
