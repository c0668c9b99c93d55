// Schema 9 (issue 12): coding schemes, coded events and the per-trial review offset, with
// their audit entries; what the database itself refuses; and what review reads of a trial.
#include "store/review_repository.h"

#include <gtest/gtest.h>

#include "store/audit_log.h"
#include "store/clinical_repository.h"
#include "store/library_repository.h"
#include "store/session_repository.h"
#include "store_test_util.h"

namespace mimic::store {
namespace {

class ReviewRepositoryTest : public testing::FreshDatabaseTest {
  protected:
    void SetUp() override {
        FreshDatabaseTest::SetUp();
        LibraryRepository library(*db_);
        greeting_ = library.upsertBehaviour("greeting", "", "").value();
        other_ = library.upsertBehaviour("turn-taking", "", "").value();
        clip_ = library.addClip(testing::makeClip("library/a.mp4", "A", "aa", 4000)).value();
        ClinicalRepository clinical(*db_);
        child_ = clinical.addChild("c-1").value();
        session_ = clinical.addSession(child_, "2026-12-01T10:00:00Z", std::nullopt).value();
        trial_ = clinical.addTrial(session_, greeting_, clip_, std::nullopt, 1).value();
    }
    CodeRecord codeOf(std::int64_t behaviour, const std::string& name, CodeKind kind,
                      std::optional<std::string> key = std::nullopt) {
        CodeRecord code;
        code.behaviour_id = behaviour;
        code.name = name;
        code.kind = kind;
        code.key = std::move(key);
        return code;
    }
    CodedEventRecord eventOf(std::int64_t code, const std::string& coder, std::int64_t start,
                             std::optional<std::int64_t> stop) {
        return {trial_, code, coder, start, stop, ""};
    }

    std::int64_t greeting_ = 0;
    std::int64_t other_ = 0;
    std::int64_t clip_ = 0;
    std::int64_t child_ = 0;
    std::int64_t session_ = 0;
    std::int64_t trial_ = 0;
};

TEST_F(ReviewRepositoryTest, ASchemeKeepsItsCodesKeysAndModifiers) {
    ReviewRepository reviews(*db_, "tester");
    CodeRecord wave = codeOf(greeting_, "wave", CodeKind::kPoint, "w");
    wave.modifiers = {"left hand", "right hand"};
    const std::int64_t wave_id = reviews.addCode(wave).value();
    reviews.addCode(codeOf(greeting_, "look", CodeKind::kState)).value();
    reviews.addCode(codeOf(other_, "wave", CodeKind::kState, "w")).value();  // another scheme

    const auto scheme = reviews.codes(greeting_).value();
    ASSERT_EQ(scheme.size(), 2u);
    EXPECT_EQ(scheme[0].record.name, "look");  // by name
    EXPECT_EQ(scheme[0].record.kind, CodeKind::kState);
    EXPECT_FALSE(scheme[0].record.key);
    EXPECT_EQ(scheme[1].id, wave_id);
    EXPECT_EQ(scheme[1].record.key, "w");
    EXPECT_EQ(scheme[1].record.modifiers, (std::vector<std::string>{"left hand", "right hand"}));
    EXPECT_EQ(reviews.findCode(greeting_, "wave").value()->id, wave_id);
    EXPECT_FALSE(reviews.findCode(greeting_, "smile").value());

    // A name or key twice in one scheme is refused by the database, and nothing is left.
    EXPECT_FALSE(reviews.addCode(codeOf(greeting_, "wave", CodeKind::kState)).ok());
    EXPECT_FALSE(reviews.addCode(codeOf(greeting_, "walk", CodeKind::kPoint, "w")).ok());
    EXPECT_FALSE(reviews.addCode(codeOf(greeting_, "bad\x1b[2Jname", CodeKind::kPoint)).ok());
    EXPECT_EQ(countRows("codes"), 3);
    auto entries = AuditLog(*db_).entries("code").value();
    ASSERT_EQ(entries.size(), 3u);
    EXPECT_EQ(entries[0].actor, "tester");
    EXPECT_EQ(entries[0].detail, "point wave");
}

TEST_F(ReviewRepositoryTest, EventsAreKeptPerCoderAndAudited) {
    ReviewRepository reviews(*db_, "tester");
    const std::int64_t wave = reviews.addCode(codeOf(greeting_, "wave", CodeKind::kPoint)).value();
    const std::int64_t look = reviews.addCode(codeOf(greeting_, "look", CodeKind::kState)).value();
    const std::int64_t a = reviews.addCodedEvent(eventOf(look, "A. Jones", 500, 2250)).value();
    const std::int64_t b = reviews.addCodedEvent(eventOf(wave, "B", 1250, std::nullopt)).value();
    reviews.addCodedEvent(eventOf(wave, "A. Jones", 100, std::nullopt)).value();

    const auto events = reviews.codedEvents(trial_).value();
    ASSERT_EQ(events.size(), 3u);
    EXPECT_EQ(events[0].record.start_ms, 100);  // by start
    EXPECT_EQ(events[1].id, a);
    EXPECT_EQ(events[1].code, "look");
    EXPECT_EQ(events[1].kind, CodeKind::kState);
    EXPECT_EQ(events[1].record.stop_ms, 2250);
    EXPECT_EQ(events[1].record.coder, "A. Jones");
    EXPECT_EQ(events[2].id, b);
    EXPECT_FALSE(events[2].record.stop_ms);

    auto audited = AuditLog(*db_).entries("coded event").value();
    ASSERT_EQ(audited.size(), 3u);
    EXPECT_EQ(audited[0].child_id, child_);
    EXPECT_EQ(audited[0].detail,
              "trial " + std::to_string(trial_) + " by A. Jones at 0.500 s to 2.250 s");

    ASSERT_TRUE(reviews.removeCodedEvent(b).ok());
    EXPECT_FALSE(reviews.findCodedEvent(b).value());
    EXPECT_FALSE(reviews.removeCodedEvent(b).ok());
    EXPECT_EQ(reviews.removeCodedEvents(trial_).value(), 2);
    EXPECT_EQ(reviews.removeCodedEvents(trial_).value(), 0);
    EXPECT_TRUE(reviews.codedEvents(trial_).value().empty());
    EXPECT_FALSE(reviews.removeCodedEvents(9999).ok());
}

// The database holds the structure whatever calls it: a point has no stop, a state has one
// at or after its start, the code is of the trial's behaviour, the trial exists.
TEST_F(ReviewRepositoryTest, TheDatabaseRefusesEventsThatDoNotFit) {
    ReviewRepository reviews(*db_);
    const std::int64_t wave = reviews.addCode(codeOf(greeting_, "wave", CodeKind::kPoint)).value();
    const std::int64_t look = reviews.addCode(codeOf(greeting_, "look", CodeKind::kState)).value();
    const std::int64_t elsewhere =
        reviews.addCode(codeOf(other_, "pass", CodeKind::kPoint)).value();
    EXPECT_FALSE(reviews.addCodedEvent(eventOf(wave, "A", 100, 200)).ok());
    EXPECT_FALSE(reviews.addCodedEvent(eventOf(look, "A", 100, std::nullopt)).ok());
    EXPECT_FALSE(reviews.addCodedEvent(eventOf(look, "A", 300, 200)).ok());
    EXPECT_FALSE(reviews.addCodedEvent(eventOf(look, "A", -1, 200)).ok());
    EXPECT_FALSE(reviews.addCodedEvent(eventOf(elsewhere, "A", 100, std::nullopt)).ok());
    EXPECT_FALSE(reviews.addCodedEvent(eventOf(wave, "", 100, std::nullopt)).ok());
    EXPECT_FALSE(reviews.addCodedEvent(eventOf(wave, "A\nB", 100, std::nullopt)).ok());
    CodedEventRecord no_trial = eventOf(wave, "A", 100, std::nullopt);
    no_trial.trial_id = 9999;
    EXPECT_FALSE(reviews.addCodedEvent(no_trial).ok());
    EXPECT_EQ(countRows("coded_events"), 0);
    EXPECT_EQ(countRows("audit_log WHERE record_kind = 'coded event'"), 0);
    // Nor can an UPDATE make a point a state.
    reviews.addCodedEvent(eventOf(wave, "A", 100, std::nullopt)).value();
    EXPECT_FALSE(db_->connection().exec("UPDATE coded_events SET stop_ms = 500").ok());
}

TEST_F(ReviewRepositoryTest, ATrialForReviewWithItsStepAndOffset) {
    ReviewRepository reviews(*db_, "tester");
    auto trial = reviews.findReviewTrial(trial_).value();
    ASSERT_TRUE(trial);
    EXPECT_EQ(trial->child_id, child_);
    EXPECT_EQ(trial->behaviour_id, greeting_);
    EXPECT_EQ(trial->behaviour_name, "greeting");
    EXPECT_EQ(trial->clip_path, "library/a.mp4");
    EXPECT_FALSE(trial->recording_path);
    EXPECT_FALSE(trial->step);
    EXPECT_FALSE(trial->step_in_ms);
    EXPECT_EQ(trial->offset_us, 0);
    EXPECT_FALSE(reviews.findReviewTrial(9999).value());

    // Step 2 of the clip, whose segment starts at 1.2 s; the practice start after the cue and
    // after the first frame.
    LibraryRepository library(*db_);
    for (const auto& [step, in_ms] : {std::pair{1, 0}, std::pair{2, 1200}}) {
        ASSERT_TRUE(library.addSegment({clip_, greeting_, in_ms, in_ms + 1000, step, ""}).ok());
    }
    TrialPractice practice;
    practice.step = 2;
    practice.practice_start_ms = 1530;
    practice.attempt_offset_ms = 1490;
    ASSERT_TRUE(SessionRepository(*db_).recordTrialPractice(trial_, practice).ok());
    ASSERT_TRUE(reviews.setReviewOffset(trial_, -33'333).ok());
    ASSERT_TRUE(reviews.setReviewOffset(trial_, 66'667).ok());  // replaces
    trial = reviews.findReviewTrial(trial_).value();
    EXPECT_EQ(trial->step, 2);
    EXPECT_EQ(trial->step_in_ms, 1200);
    EXPECT_EQ(trial->practice_start_ms, 1530);
    EXPECT_EQ(trial->attempt_offset_ms, 1490);
    EXPECT_EQ(trial->offset_us, 66'667);
    EXPECT_FALSE(reviews.setReviewOffset(9999, 0).ok());
    auto audited = AuditLog(*db_).entries("trial", trial_).value();
    ASSERT_FALSE(audited.empty());
    EXPECT_EQ(audited.back().detail, "review offset 66667 us");
    EXPECT_EQ(audited.back().child_id, child_);
}

}  // namespace
}  // namespace mimic::store
