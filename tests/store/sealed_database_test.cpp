// The database sealed at rest (issue 14, build 2, database): no record is readable in the
// database file or its WAL, full-text search works, a crash's WAL is recovered through the
// seal, and another key, or none, cannot read it.
#include "store/sealed_vfs.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>

#include "store/clinical_repository.h"
#include "store/database.h"
#include "store/library_repository.h"
#include "store_test_util.h"

namespace mimic::store {
namespace {

namespace fs = std::filesystem;

std::string fileText(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class SealedDatabaseTest : public ::testing::Test {
  protected:
    void SetUp() override {
        key_ = std::make_shared<const crypto::SecretKey>(crypto::SecretKey::random().value());
        setDatabaseKey(key_);
    }
    void TearDown() override { setDatabaseKey(nullptr); }

    // A child with details, a behaviour with a definition and a clip: words to look for.
    void fill(Database& db) {
        ClinicalRepository clinical(db);
        ASSERT_TRUE(
            clinical.addChild("c-zebrafinch", std::string("likes trains; sister Quokka")).ok());
        LibraryRepository library(db);
        const std::int64_t behaviour =
            library.upsertBehaviour("greeting", "communication", "Says hello to Wallaby").value();
        ClipRecord clip = testing::makeClip("library/a.mp4", "Marsupial wave", "aa", 4000);
        clip.notes = "filmed with Platypus";
        const std::int64_t clip_id = library.addClip(clip).value();
        ASSERT_TRUE(library.tagClip(clip_id, behaviour).ok());
    }

    void expectNoWordsIn(const fs::path& path) {
        const std::string text = fileText(path);
        for (const char* word :
             {"zebrafinch", "Quokka", "trains", "Wallaby", "Marsupial", "Platypus", "greeting"}) {
            EXPECT_EQ(text.find(word), std::string::npos) << word << " is readable in " << path;
        }
    }

    testing::TempDir dir_;
    std::shared_ptr<const crypto::SecretKey> key_;
};

TEST_F(SealedDatabaseTest, NoRecordIsReadableInTheFileOrItsWalAndSearchWorks) {
    {
        auto db = Database::open(dir_.db());
        ASSERT_TRUE(db.ok()) << db.error().message;
        fill(*db);
        // The WAL holds the newest pages until a checkpoint: both are looked at.
        ASSERT_TRUE(fs::exists(dir_.path() / "mimic.db-wal"));
        expectNoWordsIn(dir_.db());
        expectNoWordsIn(dir_.path() / "mimic.db-wal");
        EXPECT_EQ(LibraryRepository(*db).searchClips("platyp").value().size(), 1u);
        EXPECT_EQ(LibraryRepository(*db).searchBehaviours("wallab").value().size(), 1u);
    }
    expectNoWordsIn(dir_.db());  // checkpointed at close
    // SQLite's own header stays readable; the records do not.
    EXPECT_EQ(fileText(dir_.db()).rfind("SQLite format 3", 0), 0u);
    auto again = Database::open(dir_.db());
    ASSERT_TRUE(again.ok()) << again.error().message;
    auto child = ClinicalRepository(*again).findChild("c-zebrafinch");
    ASSERT_TRUE(child.ok() && child->has_value());
    EXPECT_EQ((*child)->details, "likes trains; sister Quokka");
    EXPECT_EQ(LibraryRepository(*again).searchClips("marsup").value().size(), 1u);
}

TEST_F(SealedDatabaseTest, ACrashsWalIsRecoveredThroughTheSeal) {
    const fs::path crashed = dir_.path() / "crashed";
    fs::create_directories(crashed);
    {
        auto db = Database::open(dir_.db());
        ASSERT_TRUE(db.ok()) << db.error().message;
        fill(*db);
        // What a kill leaves: the file and its WAL, never checkpointed.
        fs::copy_file(dir_.db(), crashed / "mimic.db");
        fs::copy_file(dir_.path() / "mimic.db-wal", crashed / "mimic.db-wal");
    }
    auto recovered = Database::open(crashed / "mimic.db");
    ASSERT_TRUE(recovered.ok()) << recovered.error().message;
    auto child = ClinicalRepository(*recovered).findChild("c-zebrafinch");
    ASSERT_TRUE(child.ok()) << child.error().message;
    ASSERT_TRUE(child->has_value());
    EXPECT_EQ(LibraryRepository(*recovered).searchClips("platyp").value().size(), 1u);
}

TEST_F(SealedDatabaseTest, AnotherKeyOrNoneCannotReadIt) {
    {
        auto db = Database::open(dir_.db());
        ASSERT_TRUE(db.ok()) << db.error().message;
        fill(*db);
    }
    setDatabaseKey(std::make_shared<const crypto::SecretKey>(crypto::SecretKey::random().value()));
    auto other = Database::open(dir_.db());
    ASSERT_FALSE(other.ok());
    EXPECT_NE(other.error().message.find("not sealed with this data folder's key"),
              std::string::npos)
        << other.error().message;
    setDatabaseKey(nullptr);
    auto plain = Database::open(dir_.db());
    EXPECT_FALSE(plain.ok());
    // And a plain database is not read as a sealed one.
    const fs::path plain_path = dir_.path() / "plain.db";
    ASSERT_TRUE(Database::open(plain_path).ok());
    setDatabaseKey(key_);
    EXPECT_FALSE(Database::open(plain_path).ok());
}

}  // namespace
}  // namespace mimic::store

namespace mimic::store {
namespace {

// A plain database larger than a connection's page cache sealed by sealDatabaseCopy: VACUUM
// INTO then writes pages before page 1 (the pager spills them), and every row comes through.
TEST(SealedDatabaseCopyTest, ALargeDatabaseIsCopiedWhole) {
    testing::TempDir dir;
    const fs::path plain = dir.path() / "plain.db";
    {
        auto db = Database::open(plain).value();
        // About 12 MB of rows, several times SQLite's default 2 MB page cache.
        ASSERT_TRUE(db.connection()
                        .exec("CREATE TABLE bulk(n INTEGER, text TEXT);"
                              "WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k "
                              "WHERE n < 3000) INSERT INTO bulk SELECT n, printf('%.4000c', "
                              "char(97 + n % 26)) FROM k")
                        .ok());
        ASSERT_TRUE(ClinicalRepository(db).addChild("c-zebrafinch").ok());
    }
    setDatabaseKey(std::make_shared<const crypto::SecretKey>(crypto::SecretKey::random().value()));
    const fs::path sealed = dir.path() / "sealed.db";
    const Status made = sealDatabaseCopy(plain, sealed);
    ASSERT_TRUE(made.ok()) << made.error().message;
    {
        auto db = Database::open(sealed).value();
        EXPECT_EQ(ClinicalRepository(db).listChildren().value().size(), 1u);
        auto rows = db.connection().prepare("SELECT count(*), sum(length(text)) FROM bulk");
        ASSERT_TRUE(rows.ok());
        ASSERT_TRUE(rows->step().value());
        EXPECT_EQ(rows->columnInt64(0), 3000);
        EXPECT_EQ(rows->columnInt64(1), 3000 * 4000);
    }
    EXPECT_EQ(fileText(sealed).find(std::string(400, 'q')), std::string::npos);
    EXPECT_EQ(fileText(sealed).find("zebrafinch"), std::string::npos);
    setDatabaseKey(nullptr);
}

}  // namespace
}  // namespace mimic::store
