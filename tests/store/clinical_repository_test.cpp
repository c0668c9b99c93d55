#include "store/clinical_repository.h"

#include <gtest/gtest.h>

#include "store/library_repository.h"
#include "store_test_util.h"

namespace mimic::store {
namespace {

class ClinicalRepositoryTest : public testing::FreshDatabaseTest {
  protected:
    void SetUp() override {
        FreshDatabaseTest::SetUp();
        clinical_.emplace(*db_);
        LibraryRepository library(*db_);
        behaviour_id_ = library.upsertBehaviour("greeting", "communication", "says hi").value();
        clip_id_ = library
                       .addClip(testing::makeClip("library/hello.mp4", "Hello", "abc123", 30'000,
                                                  ModelKind::kAdult))
                       .value();
        child_id_ = clinical_->addChild("C-017").value();
    }

    PracticeTrial samplePractice(const std::string& recording_path) const {
        PracticeTrial trial;
        trial.child_id = child_id_;
        trial.behaviour_id = behaviour_id_;
        trial.clip_id = clip_id_;
        trial.clip_views = 2;
        trial.session_started_at = "2026-11-28T10:00:00Z";
        trial.session_ended_at = "2026-11-28T10:05:00Z";
        trial.recording = {recording_path, "2026-11-28T10:01:00Z", 12'345, 370,
                           RecordingStatus::kComplete};
        return trial;
    }

    std::optional<ClinicalRepository> clinical_;
    std::int64_t behaviour_id_ = 0;
    std::int64_t clip_id_ = 0;
    std::int64_t child_id_ = 0;
};

TEST_F(ClinicalRepositoryTest, ChildrenAreFoundByCodeAndCodesAreUnique) {
    auto found = clinical_->findChild("C-017");
    ASSERT_TRUE(found.ok());
    ASSERT_TRUE(found->has_value());
    EXPECT_EQ((*found)->id, child_id_);
    EXPECT_EQ((*found)->code, "C-017");
    EXPECT_FALSE((*found)->created_at.empty());

    auto duplicate = clinical_->addChild("C-017");
    ASSERT_FALSE(duplicate.ok());
    EXPECT_EQ(duplicate.error().message, "a child with code 'C-017' already exists");
    EXPECT_FALSE(clinical_->findChild("C-999").value().has_value());
}

TEST_F(ClinicalRepositoryTest, ConsentIsCurrentOnlyWhenUnexpiredUnrevokedAndInScope) {
    const std::string now = "2026-11-28T10:00:00Z";
    EXPECT_FALSE(clinical_->hasCurrentConsent(child_id_, ConsentScope::kRecord, now).value());

    // Other scope: no consent to record.
    ASSERT_TRUE(
        clinical_->grantConsent(child_id_, ConsentScope::kShareWithParents, "parent", {}).ok());
    EXPECT_FALSE(clinical_->hasCurrentConsent(child_id_, ConsentScope::kRecord, now).value());
    EXPECT_TRUE(
        clinical_->hasCurrentConsent(child_id_, ConsentScope::kShareWithParents, now).value());

    // Expired: counts as none. Expiring exactly now counts as expired.
    ASSERT_TRUE(clinical_
                    ->grantConsent(child_id_, ConsentScope::kRecord, "parent",
                                   std::string("2026-11-28T10:00:00Z"))
                    .ok());
    EXPECT_FALSE(clinical_->hasCurrentConsent(child_id_, ConsentScope::kRecord, now).value());
    EXPECT_TRUE(
        clinical_->hasCurrentConsent(child_id_, ConsentScope::kRecord, "2026-11-28T09:59:59Z")
            .value());

    // Current, then revoked.
    auto current = clinical_->grantConsent(child_id_, ConsentScope::kRecord, "parent",
                                           std::string("2027-11-28T00:00:00Z"));
    ASSERT_TRUE(current.ok()) << current.error().message;
    EXPECT_TRUE(clinical_->hasCurrentConsent(child_id_, ConsentScope::kRecord, now).value());
    ASSERT_TRUE(clinical_->revokeConsent(*current, now).ok());
    EXPECT_FALSE(clinical_->hasCurrentConsent(child_id_, ConsentScope::kRecord, now).value());
    EXPECT_FALSE(clinical_->revokeConsent(*current, now).ok());  // already revoked

    // Another child's consent is not this child's.
    const auto other = clinical_->addChild("C-018").value();
    ASSERT_TRUE(clinical_->grantConsent(other, ConsentScope::kTrainingUse, "parent", {}).ok());
    EXPECT_FALSE(clinical_->hasCurrentConsent(child_id_, ConsentScope::kTrainingUse, now).value());
}

// The live gate's decision (issue 10): a pure function of the consents and a given time, so
// expiry is tested to the second without waiting for a clock.
TEST(ConsentState, CurrentUntilRevokedOrExpiredAndSaysWhichEnded) {
    const auto consent = [](std::int64_t id, ConsentScope scope, std::optional<std::string> expires,
                            std::optional<std::string> revoked) {
        Consent c;
        c.id = id;
        c.scope = scope;
        c.expires_at = std::move(expires);
        c.revoked_at = std::move(revoked);
        return c;
    };
    const std::string expiry = "2026-12-02T10:00:00Z";
    const std::vector<Consent> expiring{consent(1, ConsentScope::kRecord, expiry, std::nullopt)};
    EXPECT_EQ(consentStateAt(expiring, ConsentScope::kRecord, "2026-12-02T09:59:59Z"),
              ConsentState::kCurrent);
    EXPECT_EQ(consentStateAt(expiring, ConsentScope::kRecord, "2026-12-02T10:00:00Z"),
              ConsentState::kExpired);
    EXPECT_EQ(consentStateAt(expiring, ConsentScope::kRecord, "2027-01-01T00:00:00Z"),
              ConsentState::kExpired);
    EXPECT_EQ(consentStateAt(expiring, ConsentScope::kTrainingUse, "2026-12-02T09:00:00Z"),
              ConsentState::kMissing);
    EXPECT_EQ(consentStateAt({}, ConsentScope::kRecord, "2026-12-02T09:00:00Z"),
              ConsentState::kMissing);

    // Newest first: a revoked newer consent, an older one still in force: current.
    const std::vector<Consent> renewed{
        consent(3, ConsentScope::kRecord, std::nullopt, "2026-12-01T00:00:00Z"),
        consent(2, ConsentScope::kShareWithParents, std::nullopt, std::nullopt),
        consent(1, ConsentScope::kRecord, expiry, std::nullopt)};
    EXPECT_EQ(consentStateAt(renewed, ConsentScope::kRecord, "2026-12-02T09:59:59Z"),
              ConsentState::kCurrent);
    // When none is in force, the newest says why.
    EXPECT_EQ(consentStateAt(renewed, ConsentScope::kRecord, "2026-12-02T10:00:00Z"),
              ConsentState::kRevoked);
    const std::vector<Consent> lapsed{
        consent(2, ConsentScope::kRecord, expiry, std::nullopt),
        consent(1, ConsentScope::kRecord, std::nullopt, "2026-11-01T00:00:00Z")};
    EXPECT_EQ(consentStateAt(lapsed, ConsentScope::kRecord, "2026-12-02T10:00:01Z"),
              ConsentState::kExpired);
    EXPECT_TRUE(consentInForce(expiring.front(), "2026-12-02T09:59:59Z"));
    EXPECT_FALSE(consentInForce(renewed.front(), "2026-11-01T00:00:00Z"));
}

TEST_F(ClinicalRepositoryTest, ConsentStateIsReadThroughAReadOnlyConnection) {
    auto consent = clinical_->grantConsent(child_id_, ConsentScope::kRecord, "parent",
                                           std::string("2026-12-02T10:00:00Z"));
    ASSERT_TRUE(consent.ok());
    auto reader = Database::openReadOnly(dir_.db());
    ASSERT_TRUE(reader.ok()) << reader.error().message;
    ClinicalRepository watching(*reader);
    EXPECT_EQ(
        watching.consentState(child_id_, ConsentScope::kRecord, "2026-12-02T09:00:00Z").value(),
        ConsentState::kCurrent);
    ASSERT_TRUE(clinical_->revokeConsent(*consent, "2026-12-02T09:30:00Z").ok());
    EXPECT_EQ(
        watching.consentState(child_id_, ConsentScope::kRecord, "2026-12-02T09:31:00Z").value(),
        ConsentState::kRevoked);
    EXPECT_FALSE(watching.addChild("C-099").ok()) << "a read-only connection wrote";
}

TEST_F(ClinicalRepositoryTest, ConsentForAMissingChildIsRefused) {
    auto consent = clinical_->grantConsent(4242, ConsentScope::kRecord, "parent", {});
    ASSERT_FALSE(consent.ok());
    EXPECT_NE(consent.error().message.find("FOREIGN KEY constraint failed"), std::string::npos);
}

TEST_F(ClinicalRepositoryTest, PracticeTrialIsSavedWholeAndReadBackJoined) {
    auto ids = clinical_->recordPracticeTrial(samplePractice("recordings/r1.mkv"));
    ASSERT_TRUE(ids.ok()) << ids.error().message;
    EXPECT_EQ(clinical_->countTrials().value(), 1);

    auto trial = clinical_->findTrial(ids->trial_id);
    ASSERT_TRUE(trial.ok()) << trial.error().message;
    ASSERT_TRUE(trial->has_value());
    const TrialView& view = **trial;
    EXPECT_EQ(view.id, ids->trial_id);
    EXPECT_EQ(view.session_id, ids->session_id);
    EXPECT_EQ(view.child_code, "C-017");
    EXPECT_EQ(view.behaviour_name, "greeting");
    EXPECT_EQ(view.clip_path, "library/hello.mp4");
    EXPECT_EQ(view.clip_views, 2);
    EXPECT_EQ(view.recording_path, "recordings/r1.mkv");
    EXPECT_EQ(view.recording_duration_ms, 12'345);
    EXPECT_EQ(view.recording_video_frames, 370);
    EXPECT_EQ(view.recording_status, RecordingStatus::kComplete);

    EXPECT_FALSE(clinical_->findTrial(ids->trial_id + 100).value().has_value());
}

// The trial row is the last insert; when it fails (here: a clip that does not exist), the
// session and recording rows inserted before it must go too.
TEST_F(ClinicalRepositoryTest, FailedPracticeTrialLeavesNoPartialRows) {
    PracticeTrial bad = samplePractice("recordings/r2.mkv");
    bad.clip_id = 777;
    auto ids = clinical_->recordPracticeTrial(bad);
    ASSERT_FALSE(ids.ok());
    EXPECT_NE(ids.error().message.find("FOREIGN KEY constraint failed"), std::string::npos)
        << ids.error().message;
    EXPECT_EQ(clinical_->countTrials().value(), 0);
    EXPECT_EQ(countRows("sessions"), 0);
    EXPECT_EQ(countRows("recordings"), 0);
    EXPECT_FALSE(db_->connection().inTransaction());

    // A duplicate recording path fails in the middle: nothing of the second attempt stays.
    ASSERT_TRUE(clinical_->recordPracticeTrial(samplePractice("recordings/r3.mkv")).ok());
    ASSERT_FALSE(clinical_->recordPracticeTrial(samplePractice("recordings/r3.mkv")).ok());
    EXPECT_EQ(countRows("sessions"), 1);
    EXPECT_EQ(countRows("recordings"), 1);
    EXPECT_EQ(clinical_->countTrials().value(), 1);
}

TEST_F(ClinicalRepositoryTest, TrialWithoutRecordingReadsBackWithoutOne) {
    const auto session = clinical_->addSession(child_id_, "2026-11-28T11:00:00Z", {}).value();
    auto trial = clinical_->addTrial(session, behaviour_id_, clip_id_, std::nullopt, 1);
    ASSERT_TRUE(trial.ok()) << trial.error().message;
    auto view = clinical_->findTrial(*trial).value();
    ASSERT_TRUE(view.has_value());
    EXPECT_EQ(view->recording_path, std::nullopt);
    EXPECT_EQ(view->recording_video_frames, std::nullopt);
    EXPECT_EQ(view->recording_status, RecordingStatus::kNone);
}

TEST_F(ClinicalRepositoryTest, TrialInAMissingSessionIsAForeignKeyError) {
    auto trial = clinical_->addTrial(9999, behaviour_id_, clip_id_, std::nullopt, 1);
    ASSERT_FALSE(trial.ok());
    EXPECT_NE(trial.error().message.find("FOREIGN KEY constraint failed"), std::string::npos);
    EXPECT_EQ(clinical_->countTrials().value(), 0);
}

}  // namespace
}  // namespace mimic::store
