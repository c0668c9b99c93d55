// The live consent gate's watch (issue 10): a real SQLite file, changed from a second
// connection as `mimic consent revoke` would, and times given by the test, so that an expiry
// is seen exactly when the given time passes it. Waits are generous; nothing depends on speed.
#include "app/consent_watch.h"

#include <gtest/gtest.h>

#include <chrono>
#include <mutex>
#include <thread>

#include "temp_dir.h"

namespace mimic::app {
namespace {

using store::ConsentScope;
using store::ConsentState;

class ConsentWatchTest : public ::testing::Test {
  protected:
    void SetUp() override {
        auto opened = store::Database::open(dir_ / "mimic.db");
        ASSERT_TRUE(opened.ok()) << opened.error().message;
        db_.emplace(std::move(opened).value());
        child_ = store::ClinicalRepository(*db_).addChild("c-1").value();
    }
    std::int64_t grant(std::optional<std::string> expires) {
        return store::ClinicalRepository(*db_)
            .grantConsent(child_, ConsentScope::kRecord, "parent", expires)
            .value();
    }
    // The time the watch sees, set by the test.
    ConsentWatch::NowFn clock() {
        return [this] {
            std::lock_guard lock(mutex_);
            return now_;
        };
    }
    void setNow(std::string now) {
        std::lock_guard lock(mutex_);
        now_ = std::move(now);
    }
    static bool endsWithin(const ConsentWatch& watch, std::chrono::seconds limit) {
        const auto give_up = std::chrono::steady_clock::now() + limit;
        while (!watch.ended().stop_requested()) {
            if (std::chrono::steady_clock::now() > give_up) return false;
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        return true;
    }

    mimic::testing::TempDir dir_{"consent-watch"};
    std::optional<store::Database> db_;
    std::int64_t child_ = 0;
    std::mutex mutex_;
    std::string now_ = "2026-12-02T09:00:00Z";  // guarded by mutex_
};

TEST_F(ConsentWatchTest, ARevocationFromAnotherConnectionEndsTheWatch) {
    const std::int64_t consent = grant(std::nullopt);
    auto watch = ConsentWatch::start(dir_ / "mimic.db", child_, clock());
    ASSERT_TRUE(watch.ok()) << watch.error().message;
    EXPECT_EQ((*watch)->state(), ConsentState::kCurrent);
    std::this_thread::sleep_for(3 * ConsentWatch::kRecheck);
    EXPECT_FALSE((*watch)->ended().stop_requested());
    ASSERT_TRUE(
        store::ClinicalRepository(*db_).revokeConsent(consent, "2026-12-02T09:00:00Z").ok());
    EXPECT_TRUE(endsWithin(**watch, std::chrono::seconds(10)));
    EXPECT_EQ((*watch)->finish(), ConsentState::kRevoked);
}

TEST_F(ConsentWatchTest, AnExpiryEndsTheWatchWhenTheTimePassesIt) {
    grant("2026-12-02T10:00:00Z");
    auto watch = ConsentWatch::start(dir_ / "mimic.db", child_, clock());
    ASSERT_TRUE(watch.ok()) << watch.error().message;
    setNow("2026-12-02T09:59:59Z");
    std::this_thread::sleep_for(3 * ConsentWatch::kRecheck);
    EXPECT_FALSE((*watch)->ended().stop_requested()) << "ended a second before the expiry";
    setNow("2026-12-02T10:00:00Z");
    EXPECT_TRUE(endsWithin(**watch, std::chrono::seconds(10)));
    EXPECT_EQ((*watch)->finish(), ConsentState::kExpired);
}

TEST_F(ConsentWatchTest, NoConsentAtTheStartEndsAtOnce) {
    auto watch = ConsentWatch::start(dir_ / "mimic.db", child_, clock());
    ASSERT_TRUE(watch.ok()) << watch.error().message;
    EXPECT_EQ((*watch)->state(), ConsentState::kMissing);
    EXPECT_TRUE((*watch)->ended().stop_requested());
    EXPECT_EQ((*watch)->finish(), ConsentState::kMissing);
}

// The owner's last check counts a revocation made after the watch's last look.
TEST_F(ConsentWatchTest, FinishChecksOnceMore) {
    const std::int64_t consent = grant(std::nullopt);
    auto watch = ConsentWatch::start(dir_ / "mimic.db", child_, clock(), std::chrono::hours(1));
    ASSERT_TRUE(watch.ok()) << watch.error().message;
    ASSERT_TRUE(
        store::ClinicalRepository(*db_).revokeConsent(consent, "2026-12-02T09:00:00Z").ok());
    EXPECT_EQ((*watch)->finish(), ConsentState::kRevoked);
}

TEST_F(ConsentWatchTest, AMissingDatabaseIsAnError) {
    auto watch = ConsentWatch::start(dir_ / "absent.db", child_, clock());
    ASSERT_FALSE(watch.ok());
    EXPECT_NE(watch.error().message.find("cannot watch the consent"), std::string::npos)
        << watch.error().message;
}

}  // namespace
}  // namespace mimic::app
