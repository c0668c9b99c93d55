#include <gtest/gtest.h>

#include "store/clinical_repository.h"
#include "store/library_repository.h"
#include "store_test_util.h"

namespace mimic::store {
namespace {

class LibraryCurationTest : public testing::FreshDatabaseTest {
  protected:
    void SetUp() override {
        FreshDatabaseTest::SetUp();
        library_.emplace(*db_);
        auto clip = library_->addClip(
            testing::makeClip("library/ab/wave.mp4", "Waving", std::string(64, 'a'), 4'000));
        ASSERT_TRUE(clip.ok()) << clip.error().message;
        clip_id_ = *clip;
        auto behaviour = library_->upsertBehaviour("waving", "social", "waves a hand");
        ASSERT_TRUE(behaviour.ok()) << behaviour.error().message;
        behaviour_id_ = *behaviour;
    }

    std::optional<LibraryRepository> library_;
    std::int64_t clip_id_ = 0;
    std::int64_t behaviour_id_ = 0;
};

TEST_F(LibraryCurationTest, ClipDetailsChangeAndAreSearchable) {
    ASSERT_TRUE(
        library_->updateClipDetails(clip_id_, "Waving bye", ModelKind::kPeer, "filmed at the park")
            .ok());
    auto clip = library_->findClip(clip_id_);
    ASSERT_TRUE(clip.ok() && clip->has_value());
    EXPECT_EQ((*clip)->record.title, "Waving bye");
    EXPECT_EQ((*clip)->record.model_kind, ModelKind::kPeer);
    EXPECT_EQ((*clip)->record.notes, "filmed at the park");
    auto found = library_->searchClips("park");
    ASSERT_TRUE(found.ok());
    ASSERT_EQ(found->size(), 1u);
    EXPECT_FALSE(library_->updateClipDetails(clip_id_, "", ModelKind::kPeer, "").ok());
    EXPECT_FALSE(library_->updateClipDetails(999, "x", ModelKind::kPeer, "").ok());
}

TEST_F(LibraryCurationTest, ArchiveIsUndone) {
    ASSERT_TRUE(library_->archiveClip(clip_id_, "2026-01-01T00:00:00Z").ok());
    auto listed = library_->listLibrary(std::nullopt);
    ASSERT_TRUE(listed.ok());
    EXPECT_TRUE(listed->empty());
    ASSERT_TRUE(library_->unarchiveClip(clip_id_).ok());
    listed = library_->listLibrary(std::nullopt);
    ASSERT_TRUE(listed.ok());
    EXPECT_EQ(listed->size(), 1u);
}

TEST_F(LibraryCurationTest, SegmentsChangeAndGo) {
    SegmentRecord record{clip_id_, behaviour_id_, 0, 1'000, 1, "raise hand"};
    auto id = library_->addSegment(record);
    ASSERT_TRUE(id.ok()) << id.error().message;
    record.in_ms = 34;
    record.out_ms = 1'502;
    record.step = 2;
    record.label = "wave";
    ASSERT_TRUE(library_->updateSegment(*id, record).ok());
    auto found = library_->findSegment(*id);
    ASSERT_TRUE(found.ok() && found->has_value());
    EXPECT_EQ((*found)->record.in_ms, 34);
    EXPECT_EQ((*found)->record.out_ms, 1'502);
    EXPECT_EQ((*found)->record.step, 2);
    EXPECT_EQ((*found)->record.label, "wave");
    EXPECT_EQ((*found)->behaviour_name, "waving");
    record.out_ms = 9'000;  // past the clip's end
    EXPECT_FALSE(library_->updateSegment(*id, record).ok());
    ASSERT_TRUE(library_->deleteSegment(*id).ok());
    auto gone = library_->findSegment(*id);
    ASSERT_TRUE(gone.ok());
    EXPECT_FALSE(gone->has_value());
    EXPECT_FALSE(library_->deleteSegment(*id).ok());
}

// A step a trial showed is part of that trial's record: it cannot be deleted (one line saying
// why), and stays as it was.
TEST_F(LibraryCurationTest, ASegmentATrialShowedStays) {
    auto segment = library_->addSegment({clip_id_, behaviour_id_, 0, 1'000, 1, "raise hand"});
    ASSERT_TRUE(segment.ok()) << segment.error().message;
    ClinicalRepository clinical(*db_);
    auto child = clinical.addChild("c-1");
    ASSERT_TRUE(child.ok()) << child.error().message;
    PracticeTrial trial;
    trial.child_id = *child;
    trial.behaviour_id = behaviour_id_;
    trial.clip_id = clip_id_;
    trial.session_started_at = "2026-03-01T10:00:00Z";
    trial.segment_ids = {*segment};
    ASSERT_TRUE(clinical.recordPracticeTrial(trial).ok());
    const Status refused = library_->deleteSegment(*segment);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().message, "cannot delete segment " + std::to_string(*segment) +
                                           ": 1 trial(s) showed it and their record refers to it");
    auto kept = library_->findSegment(*segment);
    ASSERT_TRUE(kept.ok() && kept->has_value());
    EXPECT_EQ((*kept)->record.label, "raise hand");
}

}  // namespace
}  // namespace mimic::store
