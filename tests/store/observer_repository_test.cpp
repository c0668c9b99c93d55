// Schema 10 (issue 12, build 3): a trial's blind second observer and the coders who finished
// it, with their audit entries; what the database refuses; a program's trials as IOA reads
// them; and an upgrade from schema 9 that keeps the coded events.
#include "store/observer_repository.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "store/audit_log.h"
#include "store/clinical_repository.h"
#include "store/library_repository.h"
#include "store/migrations.h"
#include "store/review_repository.h"
#include "store_test_util.h"

namespace mimic::store {
namespace {

using testing::textOf;

class ObserverRepositoryTest : public testing::FreshDatabaseTest {
  protected:
    void SetUp() override {
        FreshDatabaseTest::SetUp();
        LibraryRepository library(*db_);
        greeting_ = library.upsertBehaviour("greeting", "", "").value();
        other_ = library.upsertBehaviour("turn-taking", "", "").value();
        clip_ = library.addClip(testing::makeClip("library/a.mp4", "A", "aa", 4000)).value();
        ClinicalRepository clinical(*db_);
        child_ = clinical.addChild("c-1").value();
        other_child_ = clinical.addChild("c-2").value();
        session_ = clinical.addSession(child_, "2026-12-01T10:00:00Z", std::nullopt).value();
        trial_ =
            clinical.addTrial(session_, greeting_, clip_, recording("a", "complete"), 1).value();
    }
    std::int64_t recording(const std::string& name, const std::string& status) {
        RecordingRecord record;
        record.path = "recordings/" + name + ".mkv";
        record.started_at = "2026-12-01T10:00:00Z";
        record.status = status == "complete"    ? RecordingStatus::kComplete
                        : status == "recording" ? RecordingStatus::kRecording
                                                : RecordingStatus::kInterrupted;
        return ClinicalRepository(*db_).addRecording(record).value();
    }

    std::int64_t greeting_ = 0;
    std::int64_t other_ = 0;
    std::int64_t clip_ = 0;
    std::int64_t child_ = 0;
    std::int64_t other_child_ = 0;
    std::int64_t session_ = 0;
    std::int64_t trial_ = 0;
};

TEST_F(ObserverRepositoryTest, AnAssignmentAndFinishingAreKeptAndAudited) {
    ObserverRepository observers(*db_, "tester");
    EXPECT_FALSE(observers.trialObservers(trial_).value().second_observer);
    ASSERT_TRUE(observers.assign(trial_, "B. Smith").ok());
    TrialObservers stored = observers.trialObservers(trial_).value();
    EXPECT_EQ(stored.second_observer, "B. Smith");
    EXPECT_TRUE(stored.finished.empty());

    ASSERT_TRUE(observers.markFinished(trial_, "B. Smith").ok());
    ASSERT_TRUE(observers.markFinished(trial_, "A. Jones").ok());
    stored = observers.trialObservers(trial_).value();
    EXPECT_EQ(stored.finished, (std::vector<std::string>{"A. Jones", "B. Smith"}));
    auto twice = observers.markFinished(trial_, "B. Smith");
    ASSERT_FALSE(twice.ok());
    EXPECT_EQ(twice.error().message, "cannot mark B. Smith's coding of trial " +
                                         std::to_string(trial_) +
                                         " finished: it was marked finished already");

    // The trial's own entries (adding it) come first; then these.
    std::vector<AuditEntry> entries;
    for (AuditEntry& entry : AuditLog(*db_).entries("trial").value()) {
        if (entry.action == "assign" || entry.action == "finish") entries.push_back(entry);
    }
    ASSERT_EQ(entries.size(), 3u);
    EXPECT_EQ(entries[0].actor, "tester");
    EXPECT_EQ(entries[0].action, "assign");
    EXPECT_EQ(entries[0].detail, "second observer B. Smith");
    EXPECT_EQ(entries[0].child_id, child_);
    EXPECT_EQ(entries[1].action, "finish");
    EXPECT_EQ(entries[1].detail, "coding by B. Smith");
}

TEST_F(ObserverRepositoryTest, TheDatabaseRefusesASecondAssignmentAndUnknownTrials) {
    ObserverRepository observers(*db_);
    ASSERT_TRUE(observers.assign(trial_, "B. Smith").ok());
    EXPECT_FALSE(observers.assign(trial_, "C. Lee").ok());
    EXPECT_FALSE(observers.assign(9999, "C. Lee").ok());
    EXPECT_FALSE(observers.assign(trial_, "").ok());
    EXPECT_FALSE(observers.markFinished(9999, "C. Lee").ok());
    EXPECT_FALSE(observers.markFinished(trial_, "C\nLee").ok());
    EXPECT_EQ(countRows("second_observers"), 1);
    EXPECT_EQ(countRows("coding_finished"), 0);
    EXPECT_EQ(countRows("audit_log WHERE action IN ('assign', 'finish')"), 1);
}

TEST_F(ObserverRepositoryTest, AssignmentsListWithTheirTrialsChildAndState) {
    ClinicalRepository clinical(*db_);
    const std::int64_t elsewhere =
        clinical.addSession(other_child_, "2026-12-02T10:00:00Z", std::nullopt).value();
    const std::int64_t other_trial =
        clinical.addTrial(elsewhere, other_, clip_, std::nullopt, 1).value();
    ObserverRepository observers(*db_);
    ASSERT_TRUE(observers.assign(other_trial, "C. Lee").ok());
    ASSERT_TRUE(observers.assign(trial_, "B. Smith").ok());
    ASSERT_TRUE(observers.markFinished(trial_, "A. Jones").ok());  // not the observer

    auto all = observers.assignments(std::nullopt).value();
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(all[0].trial_id, trial_);  // by trial
    EXPECT_EQ(all[0].coder, "B. Smith");
    EXPECT_EQ(all[0].child_code, "c-1");
    EXPECT_EQ(all[0].behaviour_name, "greeting");
    EXPECT_EQ(all[0].session_id, session_);
    EXPECT_EQ(all[0].session_started_at, "2026-12-01T10:00:00Z");
    EXPECT_FALSE(all[0].done_at);  // the first coder's finishing is not the observer's
    EXPECT_EQ(all[1].child_code, "c-2");

    ASSERT_TRUE(observers.markFinished(trial_, "B. Smith").ok());
    auto mine = observers.assignments(child_).value();
    ASSERT_EQ(mine.size(), 1u);
    EXPECT_TRUE(mine[0].done_at);
    EXPECT_TRUE(observers.assignments(9999).value().empty());
}

TEST_F(ObserverRepositoryTest, AProgramsTrialsInSessionOrderWithRecordingsAndObservers) {
    ClinicalRepository clinical(*db_);
    // An earlier session, added later: trials come by session start.
    const std::int64_t early =
        clinical.addSession(child_, "2026-11-30T10:00:00Z", std::nullopt).value();
    const std::int64_t unrecorded =
        clinical.addTrial(early, greeting_, clip_, std::nullopt, 1).value();
    const std::int64_t writing =
        clinical.addTrial(early, greeting_, clip_, recording("b", "recording"), 1).value();
    const std::int64_t interrupted =
        clinical.addTrial(session_, greeting_, clip_, recording("c", "interrupted"), 1).value();
    clinical.addTrial(session_, other_, clip_, std::nullopt, 1).value();  // another behaviour
    ObserverRepository observers(*db_);
    ASSERT_TRUE(observers.assign(trial_, "B. Smith").ok());
    ASSERT_TRUE(observers.markFinished(trial_, "B. Smith").ok());
    ASSERT_TRUE(observers.assign(interrupted, "C. Lee").ok());

    const auto trials = observers.programTrials(child_, greeting_).value();
    ASSERT_EQ(trials.size(), 4u);
    EXPECT_EQ(trials[0].trial_id, unrecorded);
    EXPECT_EQ(trials[0].session_id, early);
    EXPECT_FALSE(trials[0].has_recording);
    EXPECT_EQ(trials[1].trial_id, writing);
    EXPECT_FALSE(trials[1].has_recording);  // still being written: nothing to code yet
    EXPECT_EQ(trials[2].trial_id, trial_);
    EXPECT_TRUE(trials[2].has_recording);
    EXPECT_EQ(trials[2].second_observer, "B. Smith");
    EXPECT_TRUE(trials[2].observer_done);
    EXPECT_EQ(trials[3].trial_id, interrupted);
    EXPECT_TRUE(trials[3].has_recording);
    EXPECT_EQ(trials[3].second_observer, "C. Lee");
    EXPECT_FALSE(trials[3].observer_done);
    EXPECT_TRUE(observers.programTrials(other_child_, greeting_).value().empty());
}

// A schema-9 database with coded events upgrades: its events stay, and its trials have no
// second observer until one is assigned.
TEST(ObserverMigration, Schema9CodedEventsStayAndTrialsHaveNoObserver) {
    testing::TempDir dir;
    const auto& all = embeddedMigrations();
    const auto ten = std::find_if(all.begin(), all.end(), [](const MigrationStep& step) {
        return step.name == "0010_blind_observers.sql";
    });
    ASSERT_NE(ten, all.end());
    EXPECT_EQ(ten->version, 10);
    std::int64_t trial = 0;
    {
        auto old = Database::openWithSteps(dir.db(), std::vector<MigrationStep>(all.begin(), ten));
        ASSERT_TRUE(old.ok()) << old.error().message;
        EXPECT_EQ(old->userVersion().value(), 9);
        LibraryRepository library(*old);
        const std::int64_t greeting = library.upsertBehaviour("greeting", "", "").value();
        const std::int64_t clip =
            library.addClip(testing::makeClip("library/a.mp4", "A", "aa", 4000)).value();
        ClinicalRepository clinical(*old);
        const std::int64_t child = clinical.addChild("c-1").value();
        const std::int64_t session =
            clinical.addSession(child, "2026-12-01T10:00:00Z", std::nullopt).value();
        trial = clinical.addTrial(session, greeting, clip, std::nullopt, 1).value();
        ReviewRepository reviews(*old);
        CodeRecord wave;
        wave.behaviour_id = greeting;
        wave.name = "wave";
        wave.kind = CodeKind::kPoint;
        const std::int64_t code = reviews.addCode(wave).value();
        reviews.addCodedEvent({trial, code, "A. Jones", 1200, std::nullopt, ""}).value();
    }
    auto latest = Database::open(dir.db());
    ASSERT_TRUE(latest.ok()) << latest.error().message;
    EXPECT_EQ(latest->userVersion().value(), Database::latestVersion());
    ASSERT_TRUE(latest->backupPath().has_value()) << "a backup is taken before upgrading";
    const auto events = ReviewRepository(*latest).codedEvents(trial).value();
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].record.coder, "A. Jones");
    EXPECT_EQ(events[0].record.start_ms, 1200);
    ObserverRepository observers(*latest);
    EXPECT_FALSE(observers.trialObservers(trial).value().second_observer);
    ASSERT_TRUE(observers.assign(trial, "B. Smith").ok());
    EXPECT_EQ(textOf(latest->connection(), "PRAGMA integrity_check"), "ok");
    auto violation = latest->connection().queryText("PRAGMA foreign_key_check");
    ASSERT_TRUE(violation.ok());
    EXPECT_FALSE(violation->has_value());
}

}  // namespace
}  // namespace mimic::store
