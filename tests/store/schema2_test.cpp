// Schema 2 (0002_clinical_records.sql): the upgrade from a version-1 database with rows, and
// the repository calls that came with it, on a real SQLite file.
#include <gtest/gtest.h>

#include "store/audit_log.h"
#include "store/clinical_repository.h"
#include "store/database.h"
#include "store/library_repository.h"
#include "store_test_util.h"

namespace mimic::store {
namespace {

using testing::makeClip;
using testing::TempDir;
using testing::textOf;

TEST(Schema2, Version1DatabaseWithRowsUpgradesKeepingEverything) {
    TempDir dir;
    {
        auto v1 = Database::openWithSteps(dir.db(), {embeddedMigrations().at(0)});
        ASSERT_TRUE(v1.ok()) << v1.error().message;
        ASSERT_TRUE(v1->connection()
                        .exec("INSERT INTO behaviours VALUES (1, 'greeting', 'communication', "
                              "'Says hello when greeted');"
                              "INSERT INTO clips VALUES (1, 'library/ab/ab.mp4', 'Wave hello', "
                              "'ab01', 30000, 640, 480, 'peer', '2026-01-01T00:00:00Z');"
                              "INSERT INTO clip_behaviours VALUES (1, 1);"
                              "INSERT INTO children VALUES (1, 'C-1', '2026-01-01T00:00:00Z');"
                              "INSERT INTO consents VALUES (1, 1, 'record', 'parent', "
                              "'2026-01-01T00:00:00Z', NULL, NULL);"
                              "INSERT INTO sessions VALUES (1, 1, '2026-01-02T00:00:00Z', NULL);"
                              "INSERT INTO recordings VALUES (1, 'recordings/r.mkv', "
                              "'2026-01-02T00:00:00Z', 1000, 30, 'complete');"
                              "INSERT INTO trials VALUES (1, 1, 1, 1, 1, 2, "
                              "'2026-01-02T00:00:01Z');")
                        .ok());
    }
    auto db = Database::open(dir.db());
    ASSERT_TRUE(db.ok()) << db.error().message;
    EXPECT_EQ(db->userVersion().value(), Database::latestVersion());
    EXPECT_TRUE(db->backupPath().has_value());
    Connection& conn = db->connection();
    EXPECT_EQ(textOf(conn, "PRAGMA integrity_check"), "ok");
    EXPECT_FALSE(conn.queryText("PRAGMA foreign_key_check").value().has_value());

    LibraryRepository library(*db);
    auto clip = library.findClip(1).value();
    ASSERT_TRUE(clip.has_value());
    EXPECT_EQ(clip->record.title, "Wave hello");
    EXPECT_EQ(clip->record.source_sha256, "ab01");  // filled from sha256
    EXPECT_EQ(clip->record.notes, "");
    // Old rows are searchable: the FTS tables were rebuilt from them.
    auto found = library.searchClips("wav");
    ASSERT_TRUE(found.ok()) << found.error().message;
    ASSERT_EQ(found->size(), 1u);
    EXPECT_EQ(found->front().id, 1);
    EXPECT_EQ(library.searchBehaviours("greet").value().size(), 1u);

    ClinicalRepository clinical(*db);
    auto trial = clinical.findTrial(1).value();
    ASSERT_TRUE(trial.has_value());
    EXPECT_EQ(trial->clip_views, 2);
    auto history = clinical.trialHistory(1).value();
    ASSERT_EQ(history.size(), 1u);
    EXPECT_EQ(history[0].outcome, TrialOutcome::kNone);
    EXPECT_EQ(history[0].recording_path, "recordings/r.mkv");
    EXPECT_TRUE(
        clinical.hasCurrentConsent(1, ConsentScope::kRecord, "2026-06-01T00:00:00Z").value());
}

class Schema2Test : public testing::FreshDatabaseTest {
  protected:
    void SetUp() override {
        FreshDatabaseTest::SetUp();
        library_.emplace(*db_);
        clinical_.emplace(*db_);
        greeting_ = library_->upsertBehaviour("greeting", "communication", "Says hello").value();
        waiting_ = library_->upsertBehaviour("waiting", "social play", "Waits for a turn").value();
        auto clip = makeClip("library/aa/aa11.mp4", "Wave at a friend", "aa11", 20'000);
        clip.original_name = "wave.mov";
        clip.notes = "playground, sunny";
        clip_ = library_->addClip(clip).value();
        other_ =
            library_->addClip(makeClip("library/bb/bb22.mp4", "Queue", "bb22", 10'000)).value();
        ASSERT_TRUE(library_->tagClip(clip_, greeting_).ok());
        ASSERT_TRUE(library_->tagClip(other_, waiting_).ok());
        child_ = clinical_->addChild("C-9", std::string("born 2019")).value();
    }

    std::optional<LibraryRepository> library_;
    std::optional<ClinicalRepository> clinical_;
    std::int64_t greeting_ = 0, waiting_ = 0, clip_ = 0, other_ = 0, child_ = 0;
};

TEST_F(Schema2Test, ClipFieldsRoundTripAndResolveByIdHashOrPath) {
    auto clip = library_->resolveClip("aa11");  // too short for a hash: not found
    EXPECT_FALSE(clip.ok());
    auto by_id = library_->resolveClip(std::to_string(clip_)).value();
    EXPECT_EQ(by_id.record.original_name, "wave.mov");
    EXPECT_EQ(by_id.record.notes, "playground, sunny");
    EXPECT_EQ(library_->resolveClip("library/bb/bb22.mp4").value().id, other_);
    auto hashed = makeClip("library/cc/cc.mp4", "Hash", "c0ffee1234", 1000);
    const auto id = library_->addClip(hashed).value();
    EXPECT_EQ(library_->resolveClip("c0ffee").value().id, id);
    // Importing content already held (as stored or as imported) returns the same clip.
    auto again = makeClip("library/dd/dd.mp4", "Again", "dd", 1000);
    again.source_sha256 = "c0ffee1234";
    EXPECT_EQ(library_->addClip(again).value(), id);
}

TEST_F(Schema2Test, ListingCarriesTagsAndFiltersByBehaviour) {
    ASSERT_TRUE(library_->tagClip(clip_, waiting_).ok());
    auto all = library_->listLibrary(std::nullopt).value();
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(all[0].behaviours, (std::vector<std::string>{"greeting", "waiting"}));
    auto waiting = library_->listLibrary(waiting_).value();
    EXPECT_EQ(waiting.size(), 2u);
    ASSERT_TRUE(library_->untagClip(clip_, waiting_).ok());
    EXPECT_EQ(library_->listLibrary(waiting_).value().size(), 1u);
    EXPECT_FALSE(library_->untagClip(clip_, waiting_).ok());  // not tagged any more
}

TEST_F(Schema2Test, SearchFindsClipsByTheirTextOrTheirBehaviours) {
    auto by_notes = library_->searchClips("sunny").value();
    ASSERT_EQ(by_notes.size(), 1u);
    EXPECT_EQ(by_notes[0].id, clip_);
    auto by_behaviour = library_->searchClips("turn").value();  // "Waits for a turn"
    ASSERT_EQ(by_behaviour.size(), 1u);
    EXPECT_EQ(by_behaviour[0].id, other_);
    EXPECT_TRUE(library_->searchClips("nothing-like-this").value().empty());
    // FTS syntax in the text is taken literally, not as an error.
    EXPECT_TRUE(library_->searchClips("\"AND (OR* NEAR").ok());
    // Edits are indexed.
    ASSERT_TRUE(
        library_
            ->editBehaviour("waiting", std::nullopt, std::nullopt, std::string("Stands in line"))
            .ok());
    EXPECT_TRUE(library_->searchClips("turn").value().empty());
    EXPECT_EQ(library_->searchClips("line").value().size(), 1u);
}

TEST_F(Schema2Test, SegmentsAreOrderedStepsInsideTheClip) {
    SegmentRecord step2{clip_, greeting_, 5'000, 9'000, 2, "wave"};
    SegmentRecord step1{clip_, greeting_, 0, 5'000, 1, "look"};
    ASSERT_TRUE(library_->addSegment(step2).ok());
    ASSERT_TRUE(library_->addSegment(step1).ok());
    auto segments = library_->segmentsForClip(clip_).value();
    ASSERT_EQ(segments.size(), 2u);
    EXPECT_EQ(segments[0].record.label, "look");
    EXPECT_EQ(segments[1].record.step, 2);
    EXPECT_FALSE(library_->addSegment({clip_, greeting_, 9'000, 5'000, 3, "backwards"}).ok());
    auto past_end = library_->addSegment({clip_, greeting_, 0, 25'000, std::nullopt, ""});
    ASSERT_FALSE(past_end.ok());
    EXPECT_NE(past_end.error().message.find("past the clip's end"), std::string::npos);
}

TEST_F(Schema2Test, ClipsUsedByTrialsCannotBeRemovedOnlyArchived) {
    PracticeTrial trial;
    trial.child_id = child_;
    trial.behaviour_id = greeting_;
    trial.clip_id = clip_;
    trial.clip_views = 1;
    trial.session_started_at = "2026-03-01T10:00:00Z";
    trial.recording = {"recordings/a.mkv", "2026-03-01T10:00:00Z", 1000, 30,
                       RecordingStatus::kComplete};
    ASSERT_TRUE(clinical_->recordPracticeTrial(trial).ok());
    auto refused = library_->removeClip(clip_);
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.error().message.find("--archive"), std::string::npos);
    ASSERT_TRUE(library_->archiveClip(clip_, "2026-03-02T00:00:00Z").ok());
    EXPECT_EQ(library_->listLibrary(std::nullopt).value().size(), 1u);
    EXPECT_EQ(library_->listLibrary(std::nullopt, true).value().size(), 2u);
    ASSERT_TRUE(library_->removeClip(other_).ok());
    EXPECT_EQ(countRows("clip_behaviours"), 1);
    EXPECT_FALSE(library_->findClip(other_).value().has_value());
}

TEST_F(Schema2Test, ProgramsKeepTheirHierarchyCriterionAndSchedule) {
    ProgramRecord program;
    program.child_id = child_;
    program.behaviour_id = greeting_;
    program.mastery.accuracy_pct = 90;
    program.mastery.cold_probe_only = true;
    program.reinforcement = ReinforcementSchedule::kFixedRatio;
    program.reinforcement_ratio = 2;
    const auto id = clinical_->addProgram(program).value();
    auto found = clinical_->findProgram(child_, greeting_).value();
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(found->id, id);
    EXPECT_EQ(found->record.prompt_hierarchy, kDefaultPromptHierarchy);
    EXPECT_EQ(found->record.mastery.accuracy_pct, 90);
    EXPECT_TRUE(found->record.mastery.cold_probe_only);
    EXPECT_EQ(found->record.reinforcement, ReinforcementSchedule::kFixedRatio);
    EXPECT_FALSE(clinical_->addProgram(program).ok());  // one per child and behaviour

    program.phase = ProgramPhase::kIntervention;
    program.prompt_hierarchy = {"model", "verbal"};
    ASSERT_TRUE(clinical_->updateProgram(id, program).ok());
    auto listed = clinical_->listPrograms(child_).value();
    ASSERT_EQ(listed.size(), 1u);
    EXPECT_EQ(listed[0].record.phase, ProgramPhase::kIntervention);
    EXPECT_EQ(listed[0].record.prompt_hierarchy, (std::vector<std::string>{"model", "verbal"}));
    EXPECT_EQ(listed[0].behaviour_name, "greeting");

    program.prompt_hierarchy = {"independent"};
    auto bad = clinical_->updateProgram(id, program);
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().message.find("an outcome, not a prompt level"), std::string::npos);
}

TEST_F(Schema2Test, ScoredTrialsMakeTheChildsHistoryAndNotesAreSearchable) {
    const auto therapist = clinical_->addTherapist("R. Jones").value();
    ProgramRecord program;
    program.child_id = child_;
    program.behaviour_id = greeting_;
    const auto program_id = clinical_->addProgram(program).value();
    const auto segment = library_->addSegment({clip_, greeting_, 0, 5'000, 1, "look"}).value();
    PracticeTrial trial;
    trial.child_id = child_;
    trial.behaviour_id = greeting_;
    trial.clip_id = clip_;
    trial.clip_views = 2;
    trial.session_started_at = "2026-03-01T10:00:00Z";
    trial.recording = {"recordings/b.mkv", "2026-03-01T10:00:00Z", 1000, 30,
                       RecordingStatus::kComplete};
    trial.therapist_id = therapist;
    trial.setting = SessionSetting::kHome;
    trial.program_id = program_id;
    trial.attempt_offset_ms = 1'200;
    trial.segment_ids = {segment};
    trial.score.outcome = TrialOutcome::kPrompted;
    trial.score.prompt_level = "verbal";
    trial.score.latency_ms = 800;
    trial.score.reinforced = true;
    trial.score.notes = "looked at the door first";
    trial.score.scorer_id = therapist;
    const auto ids = clinical_->recordPracticeTrial(trial).value();

    auto history = clinical_->trialHistory(child_).value();
    ASSERT_EQ(history.size(), 1u);
    EXPECT_EQ(history[0].therapist, "R. Jones");
    EXPECT_EQ(history[0].setting, SessionSetting::kHome);
    EXPECT_EQ(history[0].outcome, TrialOutcome::kPrompted);
    EXPECT_EQ(history[0].prompt_level, "verbal");
    EXPECT_EQ(history[0].latency_ms, 800);
    EXPECT_EQ(history[0].reinforced, true);
    EXPECT_EQ(history[0].program_id, program_id);
    EXPECT_EQ(clinical_->searchTrialNotes("door").value(),
              (std::vector<std::int64_t>{ids.trial_id}));
    EXPECT_EQ(library_->countTrialsUsingClip(clip_).value(), 2);  // directly and by segment

    // Re-scoring replaces the indexed notes.
    TrialScore rescored;
    rescored.outcome = TrialOutcome::kIndependent;
    rescored.notes = "waved at once";
    ASSERT_TRUE(clinical_->scoreTrial(ids.trial_id, rescored).ok());
    EXPECT_TRUE(clinical_->searchTrialNotes("door").value().empty());
    EXPECT_EQ(clinical_->searchTrialNotes("wave").value().size(), 1u);
    TrialScore inconsistent;
    inconsistent.outcome = TrialOutcome::kPrompted;
    EXPECT_FALSE(clinical_->scoreTrial(ids.trial_id, inconsistent).ok());

    const auto point = clinical_->addAnnotation(
        {ids.recording_id, 500, std::nullopt, "EYE", therapist, "eye contact"});
    ASSERT_TRUE(point.ok()) << point.error().message;
    ASSERT_TRUE(clinical_->addAnnotation({ids.recording_id, 100, 900, "WAVE", therapist, ""}).ok());
    auto annotations = clinical_->annotationsForRecording(ids.recording_id).value();
    ASSERT_EQ(annotations.size(), 2u);
    EXPECT_EQ(annotations[0].record.behaviour_code, "WAVE");
    EXPECT_FALSE(annotations[1].record.end_ms.has_value());
}

TEST_F(Schema2Test, ConsentsListRevokeWithWhoAndAuditLogReadsBack) {
    const auto consent =
        clinical_->grantConsent(child_, ConsentScope::kRecord, "parent", std::nullopt).value();
    ASSERT_TRUE(clinical_->revokeConsent(consent, "2026-05-01T00:00:00Z", "parent by phone").ok());
    auto consents = clinical_->listConsents(child_).value();
    ASSERT_EQ(consents.size(), 1u);
    EXPECT_EQ(consents[0].revoked_by, "parent by phone");
    EXPECT_EQ(clinical_->listChildren().value().at(0).details, "born 2019");

    // The repository audits the grant and the revocation itself (issue 10), naming the child.
    AuditLog audit(*db_);
    auto entries = audit.entries(std::string("consent"), consent).value();
    ASSERT_EQ(entries.size(), 2u);
    EXPECT_EQ(entries[0].action, "grant");
    EXPECT_EQ(entries[1].action, "revoke");
    EXPECT_EQ(entries[1].detail, "record by parent by phone");
    for (const auto& entry : entries)
        EXPECT_EQ(entry.child_id, child_);
    const std::size_t before = audit.entries().value().size();
    ASSERT_TRUE(audit.record("tester", "import", "clip", clip_).ok());
    auto clip_entries = audit.entries(std::string("clip")).value();
    ASSERT_EQ(clip_entries.size(), 1u);
    EXPECT_EQ(clip_entries[0].actor, "tester");
    EXPECT_EQ(clip_entries[0].record_id, clip_);
    EXPECT_EQ(audit.entries().value().size(), before + 1);
}

}  // namespace
}  // namespace mimic::store
