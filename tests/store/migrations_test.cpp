#include "store/migrations.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <fstream>
#include <iterator>

#include "store/database.h"
#include "store_test_util.h"

namespace mimic::store {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;
using testing::textOf;

std::string readBytes(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

bool hasSideFiles(const fs::path& db) {
    for (const char* suffix : {"-wal", "-shm", "-journal"}) {
        if (fs::exists(db.string() + suffix)) return true;
    }
    return false;
}

// Makes a database the way another program (or a newer mimic) would: with sqlite3 directly.
void makeForeignDatabase(const fs::path& path, const std::string& script) {
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &raw), SQLITE_OK);
    ConnectionPtr db(raw);
    ASSERT_EQ(sqlite3_exec(raw, script.c_str(), nullptr, nullptr, nullptr), SQLITE_OK)
        << sqlite3_errmsg(raw);
}

bool tableExists(Connection& conn, const std::string& table) {
    return textOf(conn, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = '" +
                            table + "'") == "1";
}

std::vector<fs::path> backupsOf(const fs::path& db) {
    std::vector<fs::path> found;
    for (const auto& entry : fs::directory_iterator(db.parent_path())) {
        if (entry.path().filename().string().starts_with(db.filename().string() + ".backup-v")) {
            found.push_back(entry.path());
        }
    }
    return found;
}

const MigrationStep kStep1{1, "0001_a.sql", "CREATE TABLE a (id INTEGER PRIMARY KEY, v TEXT);"};
const MigrationStep kStep2Good{2, "0002_b.sql", "CREATE TABLE b (id INTEGER PRIMARY KEY);"};
const MigrationStep kStep2Bad{2, "0002_bad.sql",
                              "CREATE TABLE b (id INTEGER PRIMARY KEY);\nCRATE TABLE oops (x);"};

TEST(Migrations, EmbeddedStepsAreNumberedFromTheirFileNames) {
    const auto& steps = embeddedMigrations();
    ASSERT_FALSE(steps.empty());
    EXPECT_EQ(steps.front().name, "0001_initial.sql");
    EXPECT_EQ(steps.front().version, 1);
    EXPECT_NE(steps.front().sql.find("CREATE TABLE trials"), std::string::npos);
    EXPECT_TRUE(validateSteps(steps).ok());
    EXPECT_EQ(Database::latestVersion(), steps.back().version);
}

// A version-1 database (kStep1) holding one row in table a.
void makeVersion1With(const fs::path& path, const std::string& value) {
    auto v1 = Database::openWithSteps(path, {kStep1});
    ASSERT_TRUE(v1.ok()) << v1.error().message;
    auto insert = v1->connection().prepare("INSERT INTO a (v) VALUES (?1)");
    ASSERT_TRUE(insert.ok());
    ASSERT_TRUE(insert->bind(1, value).run().ok());
}

TEST(Migrations, StepsOutOfOrderOrNumberedTwiceAreRejectedByName) {
    const MigrationStep step3{3, "0003_c.sql", "SELECT 1;"};
    const MigrationStep other3{3, "0003_other.sql", "SELECT 1;"};
    Status s = validateSteps({kStep1, step3, kStep2Good});
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.error().message.find("0002_b.sql"), std::string::npos) << s.error().message;
    s = validateSteps({kStep1, step3, other3});
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.error().message.find("0003_other.sql"), std::string::npos) << s.error().message;
    EXPECT_TRUE(validateSteps({kStep1, step3}).ok()) << "a gap is allowed";
}

// A step numbered on another branch (2) arrives after databases were upgraded past its number
// by a program without it (1, 3): they remember the gap and apply step 2 when it arrives.
TEST(Migrations, AGapPassedIsFilledWhenItsStepArrives) {
    TempDir dir;
    const MigrationStep step3{3, "0003_c.sql", "CREATE TABLE c (id INTEGER PRIMARY KEY);"};
    makeVersion1With(dir.db(), "kept");
    {
        auto v3 = Database::openWithSteps(dir.db(), {kStep1, step3});
        ASSERT_TRUE(v3.ok()) << v3.error().message;
        EXPECT_EQ(v3->userVersion().value(), 3);
        EXPECT_TRUE(tableExists(v3->connection(), "c"));
        EXPECT_FALSE(tableExists(v3->connection(), "b"));
        EXPECT_EQ(textOf(v3->connection(), "SELECT group_concat(version) FROM schema_gaps"), "2");
    }
    auto filled = Database::openWithSteps(dir.db(), {kStep1, kStep2Good, step3});
    ASSERT_TRUE(filled.ok()) << filled.error().message;
    EXPECT_EQ(filled->userVersion().value(), 3);
    EXPECT_TRUE(tableExists(filled->connection(), "b"));
    EXPECT_EQ(textOf(filled->connection(), "SELECT count(*) FROM schema_gaps"), "0");
    EXPECT_EQ(textOf(filled->connection(), "SELECT v FROM a"), "kept");
    EXPECT_TRUE(filled->backupPath().has_value()) << "filling a gap is an upgrade: backed up";

    // Once filled, opening again applies nothing and copies nothing.
    const auto backups = backupsOf(dir.db()).size();
    auto again = Database::openWithSteps(dir.db(), {kStep1, kStep2Good, step3});
    ASSERT_TRUE(again.ok()) << again.error().message;
    EXPECT_FALSE(again->backupPath().has_value());
    EXPECT_EQ(backupsOf(dir.db()).size(), backups);
}

// A database that has the other branch's step already (version 2) is upgraded by a program
// without it (1, 3) to 3, and no gap is remembered: nothing was skipped.
TEST(Migrations, ADatabaseAheadOnTheOtherBranchIsUpgradedWithoutAGap) {
    TempDir dir;
    const MigrationStep step3{3, "0003_c.sql", "CREATE TABLE c (id INTEGER PRIMARY KEY);"};
    ASSERT_TRUE(Database::openWithSteps(dir.db(), {kStep1, kStep2Good}).ok());
    auto v3 = Database::openWithSteps(dir.db(), {kStep1, step3});
    ASSERT_TRUE(v3.ok()) << v3.error().message;
    EXPECT_EQ(v3->userVersion().value(), 3);
    EXPECT_TRUE(tableExists(v3->connection(), "b"));
    EXPECT_TRUE(tableExists(v3->connection(), "c"));
    EXPECT_FALSE(tableExists(v3->connection(), "schema_gaps"));
}

// A gap step that fails is rolled back and stays remembered, so the next open tries again.
TEST(Migrations, AFailingGapStepIsRolledBackAndTriedAgain) {
    TempDir dir;
    const MigrationStep step3{3, "0003_c.sql", "CREATE TABLE c (id INTEGER PRIMARY KEY);"};
    ASSERT_TRUE(Database::openWithSteps(dir.db(), {kStep1, step3}).ok());
    auto failed = Database::openWithSteps(dir.db(), {kStep1, kStep2Bad, step3});
    ASSERT_FALSE(failed.ok());
    EXPECT_NE(failed.error().message.find("0002_bad.sql"), std::string::npos)
        << failed.error().message;
    auto fixed = Database::openWithSteps(dir.db(), {kStep1, kStep2Good, step3});
    ASSERT_TRUE(fixed.ok()) << fixed.error().message;
    EXPECT_TRUE(tableExists(fixed->connection(), "b"));
    EXPECT_EQ(textOf(fixed->connection(), "SELECT count(*) FROM schema_gaps"), "0");
}

TEST(Migrations, NewDatabaseMigratesToLatestWithWalAndForeignKeys) {
    TempDir dir;
    auto db = Database::open(dir.db());
    ASSERT_TRUE(db.ok()) << db.error().message;
    EXPECT_EQ(db->userVersion().value(), Database::latestVersion());
    EXPECT_EQ(textOf(db->connection(), "PRAGMA journal_mode"), "wal");
    EXPECT_EQ(db->connection().pragmaInt("foreign_keys").value(), 1);
    EXPECT_EQ(db->connection().pragmaInt("busy_timeout").value(), kBusyTimeoutMs);
    for (const char* table : {"behaviours", "clips", "clip_behaviours", "children", "consents",
                              "sessions", "recordings", "trials"}) {
        EXPECT_TRUE(tableExists(db->connection(), table)) << table;
    }
    EXPECT_FALSE(db->backupPath().has_value());  // nothing to back up in a new file
    EXPECT_TRUE(backupsOf(dir.db()).empty());
}

TEST(Migrations, ReopeningAnUpToDateDatabaseChangesNothing) {
    TempDir dir;
    ASSERT_TRUE(Database::open(dir.db()).ok());
    auto again = Database::open(dir.db());
    ASSERT_TRUE(again.ok()) << again.error().message;
    EXPECT_EQ(again->userVersion().value(), Database::latestVersion());
    EXPECT_TRUE(backupsOf(dir.db()).empty());
}

void expectNewerRefusedUntouched(const TempDir& dir) {
    ASSERT_FALSE(hasSideFiles(dir.db()));
    const std::string before = readBytes(dir.db());
    const auto mtime_before = fs::last_write_time(dir.db());

    auto db = Database::open(dir.db());
    ASSERT_FALSE(db.ok());
    const std::string expected = "is version 99; this mimic understands up to " +
                                 std::to_string(Database::latestVersion()) + " — use a newer mimic";
    EXPECT_NE(db.error().message.find(expected), std::string::npos) << db.error().message;
    EXPECT_NE(db.error().message.find(dir.db().string()), std::string::npos);

    EXPECT_EQ(readBytes(dir.db()), before);
    EXPECT_EQ(fs::last_write_time(dir.db()), mtime_before);
    EXPECT_FALSE(hasSideFiles(dir.db()));
    EXPECT_TRUE(backupsOf(dir.db()).empty());
}

TEST(Migrations, NewerDatabaseIsRefusedAndLeftUnchanged) {
    TempDir dir;
    makeForeignDatabase(dir.db(), "CREATE TABLE future (x); PRAGMA user_version = 99;");
    expectNewerRefusedUntouched(dir);
}

// A WAL-mode file is the real case (mimic sets WAL): a careless open would create -wal and
// -shm beside it before it could read the version.
TEST(Migrations, NewerWalDatabaseIsRefusedWithoutSideFiles) {
    TempDir dir;
    makeForeignDatabase(dir.db(),
                        "PRAGMA journal_mode = WAL; CREATE TABLE future (x); "
                        "PRAGMA user_version = 99;");
    expectNewerRefusedUntouched(dir);
}

TEST(Migrations, FileThatIsNotSqliteIsRefusedAndLeftUnchanged) {
    TempDir dir;
    for (const std::string& text :
         {std::string("just some notes\n"), std::string(4096, 'x'), std::string(100, '\0')}) {
        {
            std::ofstream out(dir.db(), std::ios::binary | std::ios::trunc);
            out << text;
        }
        const auto mtime_before = fs::last_write_time(dir.db());
        auto db = Database::open(dir.db());
        ASSERT_FALSE(db.ok());
        EXPECT_NE(db.error().message.find("is not a mimic database (not a SQLite file)"),
                  std::string::npos)
            << db.error().message;
        EXPECT_EQ(readBytes(dir.db()), text);
        EXPECT_EQ(fs::last_write_time(dir.db()), mtime_before);
        EXPECT_FALSE(hasSideFiles(dir.db()));
    }
}

TEST(Migrations, AnotherProgramsDatabaseIsRefusedAndLeftUnchanged) {
    TempDir dir;
    makeForeignDatabase(dir.db(),
                        "CREATE TABLE contacts (name TEXT); INSERT INTO contacts "
                        "VALUES ('Ada');");
    const std::string before = readBytes(dir.db());
    auto db = Database::open(dir.db());
    ASSERT_FALSE(db.ok());
    EXPECT_NE(db.error().message.find("is a SQLite database of another program"), std::string::npos)
        << db.error().message;
    EXPECT_EQ(readBytes(dir.db()), before);
    EXPECT_FALSE(hasSideFiles(dir.db()));
}

TEST(Migrations, FailingStepRollsBackAndKeepsTheBackup) {
    TempDir dir;
    makeVersion1With(dir.db(), "precious");

    auto v2 = Database::openWithSteps(dir.db(), {kStep1, kStep2Bad});
    ASSERT_FALSE(v2.ok());
    const std::string& message = v2.error().message;
    EXPECT_NE(message.find("migration step 0002_bad.sql failed"), std::string::npos) << message;
    EXPECT_NE(message.find("syntax error"), std::string::npos) << message;
    EXPECT_NE(message.find("stays at version 1"), std::string::npos) << message;

    auto after = Database::openWithSteps(dir.db(), {kStep1});
    ASSERT_TRUE(after.ok()) << after.error().message;
    EXPECT_EQ(after->userVersion().value(), 1);
    EXPECT_FALSE(tableExists(after->connection(), "b"));  // step 2's first statement undone
    EXPECT_EQ(textOf(after->connection(), "SELECT v FROM a"), "precious");

    // The copy taken before the attempt is a consistent v1 database with the data.
    const auto backups = backupsOf(dir.db());
    ASSERT_EQ(backups.size(), 1u);
    EXPECT_NE(backups[0].filename().string().find("mimic.db.backup-v1-"), std::string::npos);
    auto copy = Database::openWithSteps(backups[0], {kStep1});
    ASSERT_TRUE(copy.ok()) << copy.error().message;
    EXPECT_EQ(copy->userVersion().value(), 1);
    EXPECT_EQ(textOf(copy->connection(), "SELECT v FROM a"), "precious");
}

TEST(Migrations, UpgradeKeepsDataAndBacksUpTheOldVersion) {
    TempDir dir;
    makeVersion1With(dir.db(), "kept");
    auto v2 = Database::openWithSteps(dir.db(), {kStep1, kStep2Good});
    ASSERT_TRUE(v2.ok()) << v2.error().message;
    EXPECT_EQ(v2->userVersion().value(), 2);
    EXPECT_TRUE(tableExists(v2->connection(), "b"));
    EXPECT_EQ(textOf(v2->connection(), "SELECT v FROM a"), "kept");
    ASSERT_TRUE(v2->backupPath().has_value());
    EXPECT_TRUE(fs::exists(*v2->backupPath()));
    EXPECT_EQ(v2->backupPath()->parent_path(), dir.path());
}

TEST(Migrations, StepLeavingAForeignKeyViolationIsRolledBack) {
    TempDir dir;
    const MigrationStep step1{1, "0001_parent.sql",
                              "CREATE TABLE parent (id INTEGER PRIMARY KEY);"
                              "CREATE TABLE kid (parent_id INTEGER REFERENCES parent (id));"};
    const MigrationStep step2{2, "0002_orphan.sql", "INSERT INTO kid VALUES (42);"};
    ASSERT_TRUE(Database::openWithSteps(dir.db(), {step1}).ok());
    auto db = Database::openWithSteps(dir.db(), {step1, step2});
    ASSERT_FALSE(db.ok());
    EXPECT_NE(db.error().message.find("0002_orphan.sql"), std::string::npos);
    EXPECT_NE(db.error().message.find("foreign-key violation in table kid"), std::string::npos)
        << db.error().message;
    auto after = Database::openWithSteps(dir.db(), {step1});
    ASSERT_TRUE(after.ok());
    EXPECT_EQ(after->userVersion().value(), 1);
    EXPECT_EQ(textOf(after->connection(), "SELECT count(*) FROM kid"), "0");
}

}  // namespace
}  // namespace mimic::store
