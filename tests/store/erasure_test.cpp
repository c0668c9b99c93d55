// Erasure of a child (issue 14, point 3) at the store: the plan counts and names the files,
// only the child's rows go, audit entries about the child (or naming it) lose their detail
// and the chain is computed again so it verifies, a legal hold refuses it.
#include "store/erasure.h"

#include <gtest/gtest.h>

#include "store/audit_log.h"
#include "store/clinical_repository.h"
#include "store/library_repository.h"
#include "store/retention.h"
#include "store_test_util.h"

namespace mimic::store {
namespace {

class ErasureTest : public testing::FreshDatabaseTest {
  protected:
    void SetUp() override {
        FreshDatabaseTest::SetUp();
        LibraryRepository library(*db_);
        behaviour_ = library.upsertBehaviour("greeting", "communication", "says hi").value();
        clip_ = library
                    .addClip(testing::makeClip("library/hello.mp4", "Hello", "abc123", 30'000,
                                               ModelKind::kAdult))
                    .value();
    }

    // A child with a consent and one practice trial recorded at `recording`.
    std::int64_t childWithPractice(const std::string& code, const std::string& recording) {
        ClinicalRepository clinical(*db_, "Theo");
        const std::int64_t child = clinical.addChild(code, "details of " + code).value();
        EXPECT_TRUE(
            clinical.grantConsent(child, ConsentScope::kRecord, "parent of " + code, {}).ok());
        PracticeTrial trial;
        trial.child_id = child;
        trial.behaviour_id = behaviour_;
        trial.clip_id = clip_;
        trial.clip_views = 1;
        trial.session_started_at = "2026-11-28T10:00:00Z";
        trial.session_ended_at = "2026-11-28T10:05:00Z";
        trial.recording = {recording, "2026-11-28T10:01:00Z", 2'000, 60,
                           RecordingStatus::kComplete};
        EXPECT_TRUE(clinical.recordPracticeTrial(trial).ok());
        return child;
    }

    std::int64_t count(const std::string& sql) {
        return std::stoll(testing::textOf(db_->connection(), sql));
    }

    std::int64_t behaviour_ = 0;
    std::int64_t clip_ = 0;
};

TEST_F(ErasureTest, OnlyTheChildsRowsGoAndTheChainStillVerifies) {
    childWithPractice("c-zebra", "recordings/a.mkv");
    const std::int64_t other = childWithPractice("c-otter", "recordings/b.mkv");
    // An entry about no child that names the child's file, as a recording's entry does.
    ASSERT_TRUE(
        AuditLog(*db_).record("Theo", "note", "recording", 1, "moved recordings/a.mkv").ok());
    const std::int64_t entries_before = count("SELECT count(*) FROM audit_log");

    auto plan = planErasure(*db_, "c-zebra");
    ASSERT_TRUE(plan.ok()) << plan.error().message;
    EXPECT_EQ(plan->sessions, 1);
    EXPECT_EQ(plan->trials, 1);
    EXPECT_EQ(plan->recordings, 1);
    EXPECT_EQ(plan->consents, 1);
    EXPECT_EQ(plan->files, std::vector<std::string>{"recordings/a.mkv"});
    EXPECT_GE(plan->audit_entries, 4);  // child, consent, session, recording, trial, the note

    ASSERT_TRUE(eraseChild(*db_, *plan, "Ada").ok());
    EXPECT_EQ(count("SELECT count(*) FROM children"), 1);
    EXPECT_EQ(count("SELECT count(*) FROM sessions"), 1);
    EXPECT_EQ(count("SELECT count(*) FROM trials"), 1);
    EXPECT_EQ(count("SELECT count(*) FROM recordings WHERE path = 'recordings/b.mkv'"), 1);
    EXPECT_EQ(count("SELECT count(*) FROM consents WHERE child_id = " + std::to_string(other)), 1);
    EXPECT_EQ(count("SELECT count(*) FROM audit_log"), entries_before + 1);
    EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE instr(detail, 'zebra') > 0 OR "
                    "instr(detail, 'recordings/a.mkv') > 0"),
              0);
    EXPECT_GT(count("SELECT count(*) FROM audit_log WHERE instr(detail, 'c-otter') > 0"), 0);
    auto check = AuditLog(*db_).verify();
    ASSERT_TRUE(check.ok());
    EXPECT_TRUE(check->intact) << check->problem;
    // Still append-only afterwards.
    EXPECT_FALSE(db_->connection().exec("UPDATE audit_log SET detail = 'x' WHERE id = 1").ok());
}

TEST_F(ErasureTest, ALegalHoldRefusesItAndLiftingItAllowsIt) {
    childWithPractice("c-zebra", "recordings/a.mkv");
    ASSERT_TRUE(setLegalHold(*db_, "c-zebra", true, "Ada").ok());
    auto plan = planErasure(*db_, "c-zebra");
    ASSERT_TRUE(plan.ok());
    EXPECT_TRUE(plan->legal_hold);
    auto refused = eraseChild(*db_, *plan, "Ada");
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.error().message.find("legal hold"), std::string::npos);
    EXPECT_EQ(count("SELECT count(*) FROM children"), 1);
    // A plan made before the hold was put on is refused too.
    ASSERT_TRUE(setLegalHold(*db_, "c-zebra", false, "Ada").ok());
    auto stale = planErasure(*db_, "c-zebra").value();
    ASSERT_TRUE(setLegalHold(*db_, "c-zebra", true, "Ada").ok());
    EXPECT_FALSE(eraseChild(*db_, stale, "Ada").ok());
    ASSERT_TRUE(setLegalHold(*db_, "c-zebra", false, "Ada").ok());
    EXPECT_TRUE(eraseChild(*db_, planErasure(*db_, "c-zebra").value(), "Ada").ok());
    EXPECT_EQ(count("SELECT count(*) FROM children"), 0);
    EXPECT_FALSE(planErasure(*db_, "c-zebra").ok());
    EXPECT_FALSE(setLegalHold(*db_, "c-nobody", true, "Ada").ok());
}

TEST(RecordingDue, OlderThanTheDaysAtNowAndNeverOnAGuess) {
    const UtcSeconds now = parseUtc("2026-12-03T12:00:00Z").value();
    EXPECT_TRUE(recordingDue("2026-11-03T12:00:00Z", 30, now));
    EXPECT_FALSE(recordingDue("2026-11-03T12:00:01Z", 30, now));
    EXPECT_FALSE(recordingDue("not a time", 30, now));
    EXPECT_FALSE(recordingDue("2020-01-01T00:00:00Z", 0, now));
}

TEST_F(ErasureTest, RetentionFindsOldRecordingsButNotAHeldChildsOrOneBeingRecorded) {
    childWithPractice("c-zebra", "recordings/a.mkv");  // started 2026-11-28T10:01:00Z
    childWithPractice("c-otter", "recordings/b.mkv");
    const UtcSeconds now = parseUtc("2026-12-28T10:00:00Z").value();
    EXPECT_TRUE(recordingsDue(*db_, now).value().empty()) << "off until set";
    EXPECT_FALSE(setRetentionDays(*db_, 0, "Ada").ok());
    ASSERT_TRUE(setRetentionDays(*db_, 30, "Ada").ok());
    EXPECT_EQ(retentionDays(*db_).value(), std::optional<int>(30));
    EXPECT_TRUE(recordingsDue(*db_, now).value().empty()) << "30 days pass at 2026-12-28T10:01:00Z";
    const UtcSeconds later = parseUtc("2027-01-15T00:00:00Z").value();
    EXPECT_EQ(recordingsDue(*db_, later).value().size(), 2u);
    ASSERT_TRUE(setLegalHold(*db_, "c-otter", true, "Ada").ok());
    auto due = recordingsDue(*db_, later).value();
    ASSERT_EQ(due.size(), 1u);
    EXPECT_EQ(due[0].path, "recordings/a.mkv");
    ASSERT_TRUE(db_->connection().exec("UPDATE recordings SET status = 'recording'").ok());
    EXPECT_TRUE(recordingsDue(*db_, later).value().empty()) << "one being recorded stays";
    ASSERT_TRUE(setRetentionDays(*db_, std::nullopt, "Ada").ok());
    EXPECT_EQ(retentionDays(*db_).value(), std::nullopt);
}

}  // namespace
}  // namespace mimic::store
