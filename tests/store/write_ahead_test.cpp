// Write-ahead recordings (issue 10, schema 4): a recording's row exists, status 'recording',
// before anything is recorded; it is completed, or dropped when nothing was written; a
// schema-3 database keeps its recordings when upgraded.
#include <gtest/gtest.h>

#include "store/clinical_repository.h"
#include "store/library_repository.h"
#include "store_test_util.h"

namespace mimic::store {
namespace {

class WriteAheadTest : public testing::FreshDatabaseTest {
  protected:
    void SetUp() override {
        FreshDatabaseTest::SetUp();
        LibraryRepository library(*db_);
        trial_.behaviour_id = library.upsertBehaviour("greeting", "", "").value();
        trial_.clip_id =
            library.addClip(testing::makeClip("library/a.mp4", "A", "aa", 1000)).value();
        trial_.child_id = ClinicalRepository(*db_).addChild("c-1").value();
        trial_.clip_views = 1;
        trial_.session_started_at = "2026-11-28T10:00:00Z";
        trial_.recording.path = "recordings/r1.mkv";
        trial_.recording.started_at = "2026-11-28T10:00:05Z";
    }
    PracticeTrial trial_;
};

TEST_F(WriteAheadTest, RowIsRecordingUntilFinished) {
    ClinicalRepository clinical(*db_);
    auto ids = clinical.beginPracticeTrial(trial_);
    ASSERT_TRUE(ids.ok()) << ids.error().message;
    auto pending = clinical.recordingsInProgress().value();
    ASSERT_EQ(pending.size(), 1u);
    EXPECT_EQ(pending[0].recording_id, ids->recording_id);
    EXPECT_EQ(pending[0].path, "recordings/r1.mkv");
    EXPECT_EQ(pending[0].trial_id, ids->trial_id);
    EXPECT_EQ(pending[0].child_code, "c-1");
    EXPECT_EQ(clinical.findTrial(ids->trial_id).value()->recording_status,
              RecordingStatus::kRecording);

    ASSERT_TRUE(clinical
                    .finishRecording(ids->recording_id, RecordingStatus::kComplete, 2000, 60,
                                     "2026-11-28T10:00:08Z")
                    .ok());
    EXPECT_TRUE(clinical.recordingsInProgress().value().empty());
    auto view = clinical.findTrial(ids->trial_id).value();
    EXPECT_EQ(view->recording_status, RecordingStatus::kComplete);
    EXPECT_EQ(view->recording_video_frames, 60);
    EXPECT_EQ(testing::textOf(db_->connection(), "SELECT ended_at FROM sessions"),
              "2026-11-28T10:00:08Z");
    // Finished once: a second finish (another recovery) is refused, changing nothing.
    EXPECT_FALSE(clinical
                     .finishRecording(ids->recording_id, RecordingStatus::kInterrupted, 1, 1,
                                      "2026-11-28T10:00:09Z")
                     .ok());
    EXPECT_EQ(clinical.findTrial(ids->trial_id).value()->recording_status,
              RecordingStatus::kComplete);
}

TEST_F(WriteAheadTest, DroppedRecordingLeavesTheTrialWithoutMedia) {
    ClinicalRepository clinical(*db_);
    auto ids = clinical.beginPracticeTrial(trial_).value();
    ASSERT_TRUE(clinical.dropRecording(ids.recording_id, /*stopped_for_consent=*/true).ok());
    auto view = clinical.findTrial(ids.trial_id).value();
    ASSERT_TRUE(view.has_value());
    EXPECT_FALSE(view->recording_path.has_value());
    EXPECT_TRUE(view->stopped_for_consent);
    EXPECT_EQ(countRows("recordings"), 0);
    EXPECT_TRUE(clinical.recordingPaths().value().empty());
}

// A schema-3 database (recordings with the old CHECK) is upgraded with its rows, and the
// trials still point at them.
TEST(WriteAheadMigration, Schema3RecordingsSurviveTheUpgrade) {
    testing::TempDir dir;
    std::vector<MigrationStep> three(embeddedMigrations().begin(),
                                     embeddedMigrations().begin() + 3);
    {
        auto v3 = Database::openWithSteps(dir.db(), three);
        ASSERT_TRUE(v3.ok()) << v3.error().message;
        ASSERT_TRUE(v3->connection()
                        .exec("INSERT INTO behaviours (name) VALUES ('g');"
                              "INSERT INTO clips (path, duration_ms, width, height, model_kind, "
                              "added_at) VALUES ('library/a.mp4', 1, 1, 1, 'peer', 'x');"
                              "INSERT INTO children (code, created_at) VALUES ('c', 'x');"
                              "INSERT INTO sessions (child_id, started_at) VALUES (1, 'x');"
                              "INSERT INTO recordings (path, started_at, duration_ms, "
                              "video_frames, status) VALUES ('recordings/c/old.mkv', 'x', 5, 1, "
                              "'interrupted');"
                              "INSERT INTO trials (session_id, behaviour_id, clip_id, "
                              "recording_id, created_at) VALUES (1, 1, 1, 1, 'x');")
                        .ok());
    }
    auto latest = Database::open(dir.db());
    ASSERT_TRUE(latest.ok()) << latest.error().message;
    auto view = ClinicalRepository(*latest).findTrial(1).value();
    ASSERT_TRUE(view.has_value());
    EXPECT_EQ(view->recording_path, "recordings/c/old.mkv");
    EXPECT_EQ(view->recording_status, RecordingStatus::kInterrupted);
    EXPECT_FALSE(view->stopped_for_consent);
    auto violation = latest->connection().queryText("PRAGMA foreign_key_check");
    ASSERT_TRUE(violation.ok());
    EXPECT_FALSE(violation->has_value());
}

}  // namespace
}  // namespace mimic::store
