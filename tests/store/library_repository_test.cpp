#include "store/library_repository.h"

#include <gtest/gtest.h>

#include "store_test_util.h"

namespace mimic::store {
namespace {

using testing::TempDir;

ClipRecord sampleClip(const std::string& name, const std::string& sha256) {
    return testing::makeClip("library/" + name + ".mp4", "Saying hello", sha256, 31'500);
}

class LibraryRepositoryTest : public testing::FreshDatabaseTest {
  protected:
    void SetUp() override {
        FreshDatabaseTest::SetUp();
        library_.emplace(*db_);
    }

    std::optional<LibraryRepository> library_;
};

TEST(ModelKind, NamesRoundTrip) {
    for (ModelKind kind :
         {ModelKind::kPeer, ModelKind::kAdult, ModelKind::kSelf, ModelKind::kPointOfView}) {
        EXPECT_EQ(parseModelKind(modelKindName(kind)), kind);
    }
    EXPECT_EQ(modelKindName(ModelKind::kPointOfView), "point-of-view");
    EXPECT_EQ(parseModelKind("puppet"), ModelKind::kNone);
}

TEST_F(LibraryRepositoryTest, UpsertBehaviourUpdatesInPlace) {
    auto id = library_->upsertBehaviour("greeting", "communication", "says hello");
    ASSERT_TRUE(id.ok()) << id.error().message;
    auto again = library_->upsertBehaviour("greeting", "social play", "waves and says hello");
    ASSERT_TRUE(again.ok()) << again.error().message;
    EXPECT_EQ(*again, *id);

    auto found = library_->findBehaviour("greeting");
    ASSERT_TRUE(found.ok());
    ASSERT_TRUE(found->has_value());
    EXPECT_EQ((*found)->id, *id);
    EXPECT_EQ((*found)->domain, "social play");
    EXPECT_EQ((*found)->definition, "waves and says hello");

    auto missing = library_->findBehaviour("juggling");
    ASSERT_TRUE(missing.ok());
    EXPECT_FALSE(missing->has_value());

    ASSERT_TRUE(library_->upsertBehaviour("asking for help", "communication", "").ok());
    auto all = library_->listBehaviours();
    ASSERT_TRUE(all.ok());
    ASSERT_EQ(all->size(), 2u);
    EXPECT_EQ((*all)[0].name, "asking for help");  // by name
    EXPECT_EQ((*all)[1].name, "greeting");

    EXPECT_FALSE(library_->upsertBehaviour("", "x", "y").ok());
}

TEST_F(LibraryRepositoryTest, SameContentImportedTwiceIsOneClip) {
    auto first = library_->addClip(sampleClip("hello", "aa11"));
    ASSERT_TRUE(first.ok()) << first.error().message;
    ClipRecord copy = sampleClip("hello-copy", "aa11");  // other path, same bytes
    auto second = library_->addClip(copy);
    ASSERT_TRUE(second.ok()) << second.error().message;
    EXPECT_EQ(*second, *first);
    EXPECT_EQ(library_->countClips().value(), 1);

    auto clips = library_->listClips();
    ASSERT_TRUE(clips.ok());
    ASSERT_EQ(clips->size(), 1u);
    const Clip& clip = clips->front();
    EXPECT_EQ(clip.id, *first);
    EXPECT_EQ(clip.record.path, "library/hello.mp4");
    EXPECT_EQ(clip.record.title, "Saying hello");
    EXPECT_EQ(clip.record.sha256, "aa11");
    EXPECT_EQ(clip.record.duration_ms, 31'500);
    EXPECT_EQ(clip.record.width, 640);
    EXPECT_EQ(clip.record.height, 480);
    EXPECT_EQ(clip.record.model_kind, ModelKind::kPeer);
    EXPECT_EQ(clip.added_at.size(), 20u);  // 2026-11-28T10:15:00Z
    EXPECT_EQ(clip.added_at.back(), 'Z');
}

TEST_F(LibraryRepositoryTest, DifferentContentAtAKnownPathIsRefused) {
    ASSERT_TRUE(library_->addClip(sampleClip("hello", "aa11")).ok());
    auto other = library_->addClip(sampleClip("hello", "bb22"));
    ASSERT_FALSE(other.ok());
    EXPECT_NE(other.error().message.find("cannot add clip library/hello.mp4"), std::string::npos);
    EXPECT_NE(other.error().message.find("UNIQUE constraint failed: clips.path"), std::string::npos)
        << other.error().message;
    EXPECT_EQ(library_->countClips().value(), 1);
}

TEST_F(LibraryRepositoryTest, IncompleteClipsAreRefused) {
    ClipRecord no_hash = sampleClip("a", "");
    EXPECT_FALSE(library_->addClip(no_hash).ok());
    ClipRecord no_kind = sampleClip("b", "cc33");
    no_kind.model_kind = ModelKind::kNone;
    EXPECT_FALSE(library_->addClip(no_kind).ok());
    EXPECT_EQ(library_->countClips().value(), 0);
}

TEST_F(LibraryRepositoryTest, TaggingIsIdempotentAndClipsComeBackInIdOrder) {
    const auto greeting = library_->upsertBehaviour("greeting", "communication", "").value();
    const auto turns = library_->upsertBehaviour("turn-taking", "social play", "").value();
    const auto c1 = library_->addClip(sampleClip("one", "01")).value();
    const auto c2 = library_->addClip(sampleClip("two", "02")).value();
    const auto c3 = library_->addClip(sampleClip("three", "03")).value();

    ASSERT_TRUE(library_->tagClip(c3, greeting).ok());
    ASSERT_TRUE(library_->tagClip(c1, greeting).ok());
    ASSERT_TRUE(library_->tagClip(c1, greeting).ok());  // again: no error, no second row
    ASSERT_TRUE(library_->tagClip(c2, turns).ok());

    auto greeting_clips = library_->clipsForBehaviour(greeting);
    ASSERT_TRUE(greeting_clips.ok()) << greeting_clips.error().message;
    ASSERT_EQ(greeting_clips->size(), 2u);
    EXPECT_EQ((*greeting_clips)[0].id, c1);
    EXPECT_EQ((*greeting_clips)[1].id, c3);
    EXPECT_EQ((*greeting_clips)[1].record.path, "library/three.mp4");

    auto turn_clips = library_->clipsForBehaviour(turns);
    ASSERT_TRUE(turn_clips.ok());
    ASSERT_EQ(turn_clips->size(), 1u);
    EXPECT_EQ(turn_clips->front().id, c2);
}

TEST_F(LibraryRepositoryTest, TaggingAMissingBehaviourIsAForeignKeyError) {
    const auto clip = library_->addClip(sampleClip("one", "01")).value();
    const Status s = library_->tagClip(clip, 999);
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.error().message.find("FOREIGN KEY constraint failed"), std::string::npos)
        << s.error().message;
    EXPECT_TRUE(library_->clipsForBehaviour(999).value().empty());
}

}  // namespace
}  // namespace mimic::store
