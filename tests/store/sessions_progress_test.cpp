// Schema 6 (issue 11): the outcome incorrect, a trial's step, practice start and events, the
// session's reinforcement seed, a program's session settings and its phase history, and the
// upgrade from the schema before it.
#include <gtest/gtest.h>

#include <algorithm>

#include "store/clinical_repository.h"
#include "store/library_repository.h"
#include "store/session_repository.h"
#include "store_test_util.h"

namespace mimic::store {
namespace {

class SessionsProgressTest : public testing::FreshDatabaseTest {
  protected:
    void SetUp() override {
        FreshDatabaseTest::SetUp();
        LibraryRepository library(*db_);
        behaviour_ = library.upsertBehaviour("greeting", "", "").value();
        clip_ = library.addClip(testing::makeClip("library/a.mp4", "A", "aa", 1000)).value();
        child_ = ClinicalRepository(*db_).addChild("c-1").value();
    }
    std::int64_t addTrial(std::int64_t session, TrialOutcome outcome) {
        ClinicalRepository clinical(*db_);
        const std::int64_t id =
            clinical.addTrial(session, behaviour_, clip_, std::nullopt, 1).value();
        if (outcome != TrialOutcome::kNone) {
            TrialScore score;
            score.outcome = outcome;
            if (outcome == TrialOutcome::kPrompted) score.prompt_level = "verbal";
            EXPECT_TRUE(clinical.scoreTrial(id, score).ok());
        }
        return id;
    }
    std::int64_t behaviour_ = 0;
    std::int64_t clip_ = 0;
    std::int64_t child_ = 0;
};

TEST_F(SessionsProgressTest, IncorrectIsAnOutcome) {
    EXPECT_EQ(trialOutcomeName(TrialOutcome::kIncorrect), "incorrect");
    EXPECT_EQ(parseTrialOutcome("incorrect"), TrialOutcome::kIncorrect);
    const std::int64_t session =
        ClinicalRepository(*db_).addSession(child_, "2026-12-01T10:00:00Z", std::nullopt).value();
    addTrial(session, TrialOutcome::kIncorrect);
    auto history = ClinicalRepository(*db_).trialHistory(child_).value();
    ASSERT_EQ(history.size(), 1u);
    EXPECT_EQ(history[0].outcome, TrialOutcome::kIncorrect);
    EXPECT_EQ(testing::textOf(db_->connection(), "SELECT outcome FROM trials"), "incorrect");
    // The CHECK still refuses words that are not outcomes.
    EXPECT_FALSE(db_->connection().exec("UPDATE trials SET outcome = 'wrong'").ok());
}

TEST_F(SessionsProgressTest, SessionKeepsItsSeedTherapistAndSetting) {
    ClinicalRepository clinical(*db_);
    SessionRepository sessions(*db_);
    const std::int64_t therapist = clinical.addTherapist("T. One").value();
    SessionRecord record;
    record.child_id = child_;
    record.started_at = "2026-12-01T10:00:00Z";
    record.therapist_id = therapist;
    record.setting = SessionSetting::kHome;
    record.reinforcement_seed = 4294967295u;  // the largest seed
    const std::int64_t id = sessions.addSession(record).value();
    auto found = sessions.findSession(id).value();
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(found->record.child_id, child_);
    EXPECT_EQ(found->record.started_at, "2026-12-01T10:00:00Z");
    EXPECT_FALSE(found->record.ended_at);
    EXPECT_EQ(found->record.therapist_id, therapist);
    EXPECT_EQ(found->therapist, "T. One");
    EXPECT_EQ(found->record.setting, SessionSetting::kHome);
    EXPECT_EQ(found->record.reinforcement_seed, 4294967295u);

    const std::int64_t other =
        clinical.addSession(child_, "2026-12-01T11:00:00Z", std::nullopt).value();
    EXPECT_FALSE(sessions.findSession(other).value()->record.reinforcement_seed);
    ASSERT_TRUE(sessions.setReinforcementSeed(other, 7).ok());
    EXPECT_EQ(sessions.findSession(other).value()->record.reinforcement_seed, 7u);
    EXPECT_FALSE(sessions.setReinforcementSeed(999, 7).ok());
    EXPECT_FALSE(sessions.findSession(999).value().has_value());
}

TEST_F(SessionsProgressTest, TrialPracticeRoundTrips) {
    SessionRepository sessions(*db_);
    const std::int64_t session =
        ClinicalRepository(*db_).addSession(child_, "2026-12-01T10:00:00Z", std::nullopt).value();
    const std::int64_t trial = addTrial(session, TrialOutcome::kIndependent);
    auto empty = sessions.trialPractice(trial).value();
    EXPECT_FALSE(empty.step);
    EXPECT_FALSE(empty.practice_start_ms);
    EXPECT_TRUE(empty.events.empty());

    TrialPractice practice;
    practice.step = 2;
    practice.practice_start_ms = 350;
    practice.events = {{"model", 0}, {"turn", 4000}, {"practice", 4350}, {"score", 9000}};
    ASSERT_TRUE(sessions.recordTrialPractice(trial, practice).ok());
    auto read = sessions.trialPractice(trial).value();
    EXPECT_EQ(read.step, 2);
    EXPECT_EQ(read.practice_start_ms, 350);
    ASSERT_EQ(read.events.size(), 4u);
    EXPECT_EQ(read.events[1].state, "turn");
    EXPECT_EQ(read.events[3].at_ms, 9000);

    // Recording again replaces the events rather than adding to them.
    practice.step.reset();
    practice.events = {{"turn", 0}, {"end", 10}};
    ASSERT_TRUE(sessions.recordTrialPractice(trial, practice).ok());
    read = sessions.trialPractice(trial).value();
    EXPECT_FALSE(read.step);
    ASSERT_EQ(read.events.size(), 2u);
    EXPECT_EQ(read.events[1].state, "end");

    // Refused, leaving what was stored: events out of order, a step 0, an unknown trial.
    TrialPractice bad = practice;
    bad.events = {{"turn", 10}, {"end", 0}};
    EXPECT_FALSE(sessions.recordTrialPractice(trial, bad).ok());
    bad = practice;
    bad.step = 0;
    EXPECT_FALSE(sessions.recordTrialPractice(trial, bad).ok());
    EXPECT_FALSE(sessions.recordTrialPractice(trial + 100, practice).ok());
    EXPECT_EQ(sessions.trialPractice(trial).value().events.size(), 2u);
    EXPECT_FALSE(sessions.trialPractice(trial + 100).ok());
}

TEST_F(SessionsProgressTest, ProgramSessionSettingsRoundTrip) {
    ClinicalRepository clinical(*db_);
    ProgramRecord record;
    record.child_id = child_;
    record.behaviour_id = behaviour_;
    const std::int64_t id = clinical.addProgram(record).value();
    auto defaults = clinical.findProgram(child_, behaviour_).value()->record;
    EXPECT_FALSE(defaults.chosen_clip_id);
    EXPECT_EQ(defaults.chosen_model_kind, ModelKind::kNone);
    EXPECT_FALSE(defaults.video_prompting);
    EXPECT_EQ(defaults.fading, FadingKind::kNone);
    EXPECT_EQ(defaults.model_views, 1);
    EXPECT_FALSE(defaults.last_failed_step);
    EXPECT_FALSE(defaults.last_prompt_level);

    record.chosen_clip_id = clip_;
    record.chosen_model_kind = ModelKind::kSelf;
    record.video_prompting = true;
    record.fading = FadingKind::kReplayFailedStep;
    record.fading_steps = 2;
    record.fading_trim_ms = 1500;
    record.model_views = 3;
    record.last_failed_step = 4;
    record.last_prompt_level = "model";
    ASSERT_TRUE(clinical.updateProgram(id, record).ok());
    auto read = clinical.listPrograms(child_).value().at(0).record;
    EXPECT_EQ(read.chosen_clip_id, clip_);
    EXPECT_EQ(read.chosen_model_kind, ModelKind::kSelf);
    EXPECT_TRUE(read.video_prompting);
    EXPECT_EQ(read.fading, FadingKind::kReplayFailedStep);
    EXPECT_EQ(read.fading_steps, 2);
    EXPECT_EQ(read.fading_trim_ms, 1500);
    EXPECT_EQ(read.model_views, 3);
    EXPECT_EQ(read.last_failed_step, 4);
    EXPECT_EQ(read.last_prompt_level, "model");
    EXPECT_EQ(fadingKindName(FadingKind::kStartLater), "start-later");
    EXPECT_EQ(parseFadingKind("stop-earlier"), FadingKind::kStopEarlier);

    record.model_views = 0;
    EXPECT_FALSE(clinical.updateProgram(id, record).ok());
    record.model_views = 1;
    record.prompt_hierarchy = {"verbal", "incorrect"};  // an outcome is no prompt level
    EXPECT_FALSE(clinical.updateProgram(id, record).ok());
}

TEST_F(SessionsProgressTest, PhaseHistoryInOrderWithTherapist) {
    ClinicalRepository clinical(*db_);
    SessionRepository sessions(*db_);
    ProgramRecord record;
    record.child_id = child_;
    record.behaviour_id = behaviour_;
    const std::int64_t program = clinical.addProgram(record).value();
    const std::int64_t therapist = clinical.addTherapist("T. One").value();
    ASSERT_TRUE(sessions
                    .addPhaseChange({program, ProgramPhase::kBaseline, ProgramPhase::kIntervention,
                                     "2026-12-02T09:00:00Z", therapist, "baseline stable"})
                    .ok());
    ASSERT_TRUE(sessions
                    .addPhaseChange({program, ProgramPhase::kNone, ProgramPhase::kBaseline,
                                     "2026-12-01T09:00:00Z", std::nullopt, "program added"})
                    .ok());
    auto history = sessions.phaseHistory(program).value();
    ASSERT_EQ(history.size(), 2u);
    EXPECT_EQ(history[0].record.from, ProgramPhase::kNone);  // oldest first, by time
    EXPECT_EQ(history[0].record.to, ProgramPhase::kBaseline);
    EXPECT_FALSE(history[0].therapist);
    EXPECT_EQ(history[1].record.from, ProgramPhase::kBaseline);
    EXPECT_EQ(history[1].record.to, ProgramPhase::kIntervention);
    EXPECT_EQ(history[1].therapist, "T. One");
    EXPECT_EQ(history[1].record.reason, "baseline stable");
    EXPECT_FALSE(sessions
                     .addPhaseChange({program, ProgramPhase::kBaseline, ProgramPhase::kNone,
                                      "2026-12-03T09:00:00Z", std::nullopt, ""})
                     .ok());
    EXPECT_TRUE(sessions.phaseHistory(program + 1).value().empty());
}

TEST_F(SessionsProgressTest, BehaviourSessionsGroupOutcomesBySession) {
    ClinicalRepository clinical(*db_);
    SessionRepository sessions(*db_);
    const std::int64_t other_behaviour =
        LibraryRepository(*db_).upsertBehaviour("waving", "", "").value();
    const std::int64_t therapist = clinical.addTherapist("T. One").value();
    const std::int64_t later = clinical
                                   .addSession(child_, "2026-12-02T10:00:00Z", std::nullopt,
                                               therapist, SessionSetting::kSchool)
                                   .value();
    const std::int64_t earlier =
        clinical.addSession(child_, "2026-12-01T10:00:00Z", std::nullopt).value();
    addTrial(later, TrialOutcome::kIndependent);
    addTrial(later, TrialOutcome::kNone);
    addTrial(earlier, TrialOutcome::kNoResponse);
    ASSERT_TRUE(clinical.addTrial(earlier, other_behaviour, clip_, std::nullopt, 1).ok());
    const std::int64_t other_child = clinical.addChild("c-2").value();
    const std::int64_t theirs =
        clinical.addSession(other_child, "2026-12-01T09:00:00Z", std::nullopt).value();
    addTrial(theirs, TrialOutcome::kIndependent);

    auto rows = sessions.behaviourSessions(child_, behaviour_).value();
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].session_id, earlier);
    EXPECT_EQ(rows[0].outcomes, std::vector<TrialOutcome>{TrialOutcome::kNoResponse});
    EXPECT_FALSE(rows[0].therapist_id);
    EXPECT_EQ(rows[1].session_id, later);
    EXPECT_EQ(rows[1].therapist, "T. One");
    EXPECT_EQ(rows[1].setting, SessionSetting::kSchool);
    EXPECT_EQ(rows[1].outcomes,
              (std::vector<TrialOutcome>{TrialOutcome::kIndependent, TrialOutcome::kNone}));
    EXPECT_TRUE(sessions.behaviourSessions(child_, other_behaviour + 1).value().empty());
}

// The database as it was before schema 6 (the embedded steps before it) is upgraded with
// its trials (ids, scores, notes and their search index), sessions and programs; existing
// programs begin their phase history in the phase they are in.
TEST(SessionsProgressMigration, PreviousSchemaKeepsItsRows) {
    testing::TempDir dir;
    const auto& all = embeddedMigrations();
    const auto six = std::find_if(all.begin(), all.end(), [](const MigrationStep& step) {
        return step.name == "0006_sessions_and_progress.sql";
    });
    ASSERT_NE(six, all.end());
    std::vector<MigrationStep> previous(all.begin(), six);
    {
        auto old = Database::openWithSteps(dir.db(), previous);
        ASSERT_TRUE(old.ok()) << old.error().message;
        ASSERT_TRUE(old->connection()
                        .exec("INSERT INTO behaviours (name) VALUES ('g');"
                              "INSERT INTO clips (path, duration_ms, width, height, model_kind, "
                              "added_at) VALUES ('library/a.mp4', 1, 1, 1, 'peer', 'x');"
                              "INSERT INTO children (code, created_at) VALUES ('c', 'x');"
                              "INSERT INTO therapists (name, created_at) VALUES ('T', 'x');"
                              "INSERT INTO sessions (child_id, started_at, therapist_id, setting) "
                              "VALUES (1, '2026-11-30T10:00:00Z', 1, 'clinic');"
                              "INSERT INTO recordings (path, started_at, duration_ms, "
                              "video_frames, status) VALUES ('recordings/c/old.mkv', 'x', 5, 1, "
                              "'complete');"
                              "INSERT INTO programs (child_id, behaviour_id, phase, created_at) "
                              "VALUES (1, 1, 'intervention', 'x');"
                              "INSERT INTO trials (id, session_id, behaviour_id, clip_id, "
                              "recording_id, created_at, program_id, outcome, prompt_level, "
                              "latency_ms, reinforced, notes, scorer_id) VALUES (7, 1, 1, 1, 1, "
                              "'x', 1, 'prompted', 'verbal', 1200, 0, 'waved late', 1);"
                              "INSERT INTO segments (clip_id, behaviour_id, in_ms, out_ms, step) "
                              "VALUES (1, 1, 0, 10, 1);"
                              "INSERT INTO trial_segments (trial_id, position, segment_id) "
                              "VALUES (7, 1, 1);")
                        .ok());
    }
    auto latest = Database::open(dir.db());
    ASSERT_TRUE(latest.ok()) << latest.error().message;
    ClinicalRepository clinical(*latest);
    auto history = clinical.trialHistory(1).value();
    ASSERT_EQ(history.size(), 1u);
    EXPECT_EQ(history[0].trial_id, 7);
    EXPECT_EQ(history[0].outcome, TrialOutcome::kPrompted);
    EXPECT_EQ(history[0].prompt_level, "verbal");
    EXPECT_EQ(history[0].latency_ms, 1200);
    EXPECT_EQ(history[0].reinforced, false);
    EXPECT_EQ(history[0].therapist, "T");
    EXPECT_EQ(history[0].recording_path, "recordings/c/old.mkv");
    EXPECT_EQ(clinical.searchTrialNotes("waved").value(), std::vector<std::int64_t>{7});
    // The notes index follows the rebuilt table: a new note is found, the old one is gone.
    TrialScore rescored;
    rescored.outcome = TrialOutcome::kIncorrect;
    rescored.notes = "turned away";
    ASSERT_TRUE(clinical.scoreTrial(7, rescored).ok());
    EXPECT_TRUE(clinical.searchTrialNotes("waved").value().empty());
    EXPECT_EQ(clinical.searchTrialNotes("turned").value(), std::vector<std::int64_t>{7});

    SessionRepository sessions(*latest);
    EXPECT_FALSE(sessions.trialPractice(7).value().step);
    EXPECT_FALSE(sessions.findSession(1).value()->record.reinforcement_seed);
    auto program = clinical.findProgram(1, 1).value();
    ASSERT_TRUE(program.has_value());
    EXPECT_EQ(program->record.model_views, 1);
    EXPECT_FALSE(program->record.video_prompting);
    auto phases = sessions.phaseHistory(program->id).value();
    ASSERT_EQ(phases.size(), 1u);
    EXPECT_EQ(phases[0].record.from, ProgramPhase::kNone);
    EXPECT_EQ(phases[0].record.to, ProgramPhase::kIntervention);
    EXPECT_EQ(testing::textOf(latest->connection(),
                              "SELECT trial_id FROM trial_segments WHERE segment_id = 1"),
              "7");
    auto violation = latest->connection().queryText("PRAGMA foreign_key_check");
    ASSERT_TRUE(violation.ok());
    EXPECT_FALSE(violation->has_value());
    EXPECT_EQ(testing::textOf(latest->connection(), "PRAGMA integrity_check"), "ok");
}

}  // namespace
}  // namespace mimic::store
