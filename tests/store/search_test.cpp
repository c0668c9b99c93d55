// Library search (LibraryRepository::searchClips): what comes first for a therapist, that a
// common word still finds the best matches; the listing's tags; and schema 3
// (0003_search_prefix_index.sql), the upgrade from a version-2 database with rows, on a real SQLite
// file.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "store/database.h"
#include "store/library_repository.h"
#include "store_test_util.h"

namespace mimic::store {
namespace {

using testing::makeClip;
using testing::TempDir;
using testing::textOf;

std::vector<std::int64_t> idsOf(const std::vector<Clip>& clips) {
    std::vector<std::int64_t> ids;
    for (const Clip& clip : clips)
        ids.push_back(clip.id);
    return ids;
}

class SearchTest : public testing::FreshDatabaseTest {
  protected:
    void SetUp() override {
        FreshDatabaseTest::SetUp();
        library_.emplace(*db_);
    }

    std::int64_t addClip(const std::string& title, const std::string& notes = "",
                         const std::string& original_name = "") {
        const std::string sha = "c1" + std::to_string(next_++);
        auto record = makeClip("library/" + sha + ".mp4", title, sha, 10'000);
        record.notes = notes;
        record.original_name = original_name;
        auto id = library_->addClip(record);
        EXPECT_TRUE(id.ok()) << id.error().message;
        return id.ok() ? *id : 0;
    }

    std::int64_t addBehaviour(const std::string& name, const std::string& definition) {
        auto id = library_->upsertBehaviour(name, "social", definition);
        EXPECT_TRUE(id.ok()) << id.error().message;
        return id.ok() ? *id : 0;
    }

    std::vector<std::int64_t> search(const std::string& text, int limit = 100) {
        auto found = library_->searchClips(text, limit);
        EXPECT_TRUE(found.ok()) << found.error().message;
        return found.ok() ? idsOf(*found) : std::vector<std::int64_t>{};
    }

    std::optional<LibraryRepository> library_;
    int next_ = 0;
};

TEST_F(SearchTest, BehaviourNameAndTitleMatchesComeBeforeNotes) {
    // Added best match first, so "newest first" alone would give exactly the wrong order.
    const auto named_exactly = addClip("Playground");
    const auto waving = addBehaviour("waving", "Waves back when waved at");
    ASSERT_TRUE(library_->tagClip(named_exactly, waving).ok());
    const auto long_title = addClip("Wave goodbye to a friend at the gate");
    const auto short_title = addClip("Wave goodbye");
    const auto file_name = addClip("Morning", "", "wave_take2.mov");
    const auto behaviour_named = addClip("Circle time");
    const auto wave_hello = addBehaviour("wave-hello", "Says hello");
    ASSERT_TRUE(library_->tagClip(behaviour_named, wave_hello).ok());
    const auto behaviour_defined = addClip("Snack table");
    const auto greeting = addBehaviour("greeting", "Greets a peer with a wave");
    ASSERT_TRUE(library_->tagClip(behaviour_defined, greeting).ok());
    const auto notes_only = addClip("Lunch queue", "mum says he waved at the end");
    addClip("Nothing here", "quiet");

    // "waving" is a behaviour's exact name: its clips first. Then title matches (shorter
    // title first), a file name, behaviours whose name matches, one whose definition matches,
    // and last the clip that only mentions the word in its notes.
    EXPECT_EQ(search("waving"), (std::vector<std::int64_t>{named_exactly}));
    EXPECT_EQ(search("wav"),
              (std::vector<std::int64_t>{short_title, long_title, file_name, behaviour_named,
                                         named_exactly, behaviour_defined, notes_only}));
    EXPECT_EQ(search("  Waving "), search("waving"));  // case and spaces do not matter
    EXPECT_EQ(search("wave goodbye"), (std::vector<std::int64_t>{short_title, long_title}));
    EXPECT_EQ(search("wav", 3), (std::vector<std::int64_t>{short_title, long_title, file_name}));
    EXPECT_TRUE(search("wav", 0).empty());
}

TEST_F(SearchTest, CommonWordStillPutsAnOldTitleMatchFirst) {
    // The title match is the oldest clip, behind 300 newer clips that mention the word only
    // in their notes -- more than each source's bounded set of candidates.
    const auto titled = addClip("Take turns on the slide");
    auto tx = Transaction::begin(db_->connection());
    ASSERT_TRUE(tx.ok());
    for (int i = 0; i < 300; ++i)
        addClip("Clip " + std::to_string(i), "waits for his turn");
    ASSERT_TRUE(tx->commit().ok());
    const auto found = search("turn", 50);
    ASSERT_EQ(found.size(), 50u);
    EXPECT_EQ(found.front(), titled);
    // The rest are notes matches, newest first.
    EXPECT_GT(found[1], found[2]);
    EXPECT_EQ(search("turn slide"), (std::vector<std::int64_t>{titled}));
}

TEST_F(SearchTest, ArchivedClipsAndNonMatchesAreLeftOut) {
    const auto kept = addClip("Share the ball");
    const auto archived = addClip("Share the crayons");
    ASSERT_TRUE(library_->archiveClip(archived, "2026-01-01T00:00:00Z").ok());
    EXPECT_EQ(search("share"), (std::vector<std::int64_t>{kept}));
    EXPECT_TRUE(search("crayons").empty());
    EXPECT_TRUE(search("nothing-like-this").empty());
    EXPECT_FALSE(library_->searchClips("   ").ok());  // nothing to search for
    // FTS5 syntax, column filters included, is taken as plain words.
    EXPECT_TRUE(library_->searchClips("{title} : share) OR (\"").ok());
    EXPECT_TRUE(search("title : share").empty());
}

TEST_F(SearchTest, ListingNamesEveryTagInNameOrder) {
    const auto zebra = addBehaviour("zebra crossing", "Stops at the kerb");
    const auto apple = addBehaviour("apple sharing", "Offers a piece");
    const auto tagged = addClip("Road");
    const auto untagged = addClip("Park");
    ASSERT_TRUE(library_->tagClip(tagged, zebra).ok());
    ASSERT_TRUE(library_->tagClip(tagged, apple).ok());
    auto all = library_->listLibrary(std::nullopt).value();
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(all[0].clip.id, tagged);
    EXPECT_EQ(all[0].behaviours, (std::vector<std::string>{"apple sharing", "zebra crossing"}));
    EXPECT_EQ(all[1].clip.id, untagged);
    EXPECT_TRUE(all[1].behaviours.empty());
    // Renamed behaviours show their new name.
    ASSERT_TRUE(
        library_
            ->editBehaviour("zebra crossing", std::string("crossing"), std::nullopt, std::nullopt)
            .ok());
    auto by_apple = library_->listLibrary(apple).value();
    ASSERT_EQ(by_apple.size(), 1u);
    EXPECT_EQ(by_apple[0].behaviours, (std::vector<std::string>{"apple sharing", "crossing"}));
}

TEST(Schema3, Version2DatabaseWithRowsUpgradesAndStaysSearchable) {
    TempDir dir;
    const auto& steps = embeddedMigrations();
    ASSERT_GE(steps.size(), 3u);
    std::int64_t old_clip = 0;
    {
        auto v2 = Database::openWithSteps(dir.db(), {steps.at(0), steps.at(1)});
        ASSERT_TRUE(v2.ok()) << v2.error().message;
        LibraryRepository library(*v2);
        auto clip = makeClip("library/aa.mp4", "Wave at a friend", "aa01", 20'000);
        clip.notes = "sunny playground";
        old_clip = library.addClip(clip).value();
        const auto greeting = library.upsertBehaviour("greeting", "social", "Says hello").value();
        ASSERT_TRUE(library.tagClip(old_clip, greeting).ok());
        EXPECT_EQ(textOf(v2->connection(), "PRAGMA user_version"), "2");
    }
    auto db = Database::open(dir.db());
    ASSERT_TRUE(db.ok()) << db.error().message;
    EXPECT_EQ(db->userVersion().value(), Database::latestVersion());
    EXPECT_TRUE(db->backupPath().has_value());  // the version-2 file was kept beside it
    Connection& conn = db->connection();
    EXPECT_EQ(textOf(conn, "PRAGMA integrity_check"), "ok");
    EXPECT_NE(textOf(conn, "SELECT sql FROM sqlite_schema WHERE name = 'clips_fts'")
                  .find("prefix = '1 2 3 4 5 6'"),
              std::string::npos);
    // The rebuilt index agrees with the clips table (FTS5 checks against its content table).
    EXPECT_TRUE(
        conn.exec("INSERT INTO clips_fts (clips_fts, rank) VALUES ('integrity-check', 1)").ok());

    LibraryRepository library(*db);
    EXPECT_EQ(idsOf(library.searchClips("wa").value()), (std::vector<std::int64_t>{old_clip}));
    EXPECT_EQ(idsOf(library.searchClips("sunny").value()), (std::vector<std::int64_t>{old_clip}));
    EXPECT_EQ(idsOf(library.searchClips("greeting").value()),
              (std::vector<std::int64_t>{old_clip}));
    // The triggers were made again: new clips and edits are indexed.
    const auto added =
        library.addClip(makeClip("library/bb.mp4", "Wave from the bus", "bb02", 10'000)).value();
    EXPECT_EQ(idsOf(library.searchClips("wave").value()),
              (std::vector<std::int64_t>{old_clip, added}));  // the shorter title first
    ASSERT_TRUE(
        conn.exec("UPDATE clips SET title = 'Bus stop' WHERE id = " + std::to_string(added)).ok());
    EXPECT_EQ(idsOf(library.searchClips("bus").value()), (std::vector<std::int64_t>{added}));
    EXPECT_EQ(idsOf(library.searchClips("wave").value()), (std::vector<std::int64_t>{old_clip}));
    ASSERT_TRUE(library.removeClip(added).ok());
    EXPECT_TRUE(library.searchClips("bus").value().empty());
    EXPECT_TRUE(
        conn.exec("INSERT INTO clips_fts (clips_fts, rank) VALUES ('integrity-check', 1)").ok());
}

}  // namespace
}  // namespace mimic::store
