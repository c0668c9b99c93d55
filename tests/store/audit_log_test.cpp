// The audit log that holds (issue 10, build point 6): the hash chain, the triggers that make
// it append-only, verify() finding the first changed or removed entry, and the upgrade that
// chains the entries older schemas wrote. A real SQLite file throughout.
#include <gtest/gtest.h>

#include "store/audit_log.h"
#include "store/clinical_repository.h"
#include "store/database.h"
#include "store_test_util.h"

namespace mimic::store {
namespace {

using testing::FreshDatabaseTest;
using testing::TempDir;
using testing::textOf;

constexpr std::string_view kAppendOnly = "the audit log is append-only";
constexpr std::string_view kDropTriggers =
    "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;";

class AuditLogTest : public FreshDatabaseTest {
  protected:
    void SetUp() override {
        FreshDatabaseTest::SetUp();
        AuditLog audit(*db_);
        ASSERT_TRUE(audit.record("ana", "add", "child", 1, "c-1", 1).ok());
        ASSERT_TRUE(audit.record("ana", "grant", "consent", 1, "record by parent", 1).ok());
        ASSERT_TRUE(audit.record("ben", "import", "clip", 7, "library/ab/ab.mp4").ok());
        ASSERT_TRUE(audit.record("ben", "view", "recording", 3, "recordings/x.mkv", 1).ok());
    }
    AuditCheck verify() {
        auto check = AuditLog(*db_).verify();
        EXPECT_TRUE(check.ok()) << check.error().message;
        return check.ok() ? *check : AuditCheck{};
    }
    void exec(std::string_view sql) {
        Status s = db_->connection().exec(sql);
        ASSERT_TRUE(s.ok()) << s.error().message;
    }
};

TEST_F(AuditLogTest, EntriesAreChainedInIdOrder) {
    auto entries = AuditLog(*db_).entries().value();
    ASSERT_EQ(entries.size(), 4u);
    std::string previous;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        EXPECT_EQ(entries[i].id, static_cast<std::int64_t>(i + 1));
        EXPECT_EQ(entries[i].prev_hash, previous);
        EXPECT_EQ(entries[i].hash.size(), 64u);
        EXPECT_EQ(entries[i].hash, auditHash(entries[i]));
        previous = entries[i].hash;
    }
    EXPECT_EQ(entries[0].child_code, std::nullopt);  // no child 1 in this database
    const AuditCheck check = verify();
    EXPECT_TRUE(check.intact) << check.problem;
    EXPECT_EQ(check.entries, 4);
}

TEST_F(AuditLogTest, HashCoversEveryFieldAndTellsNullFromEmpty) {
    AuditEntry entry = AuditLog(*db_).entries().value().at(0);
    const std::string hash = auditHash(entry);
    auto changed = [&](auto change) {
        AuditEntry copy = entry;
        change(copy);
        return auditHash(copy) != hash;
    };
    EXPECT_TRUE(changed([](AuditEntry& e) { e.id += 1; }));
    EXPECT_TRUE(changed([](AuditEntry& e) { e.at += "x"; }));
    EXPECT_TRUE(changed([](AuditEntry& e) { e.actor = "eve"; }));
    EXPECT_TRUE(changed([](AuditEntry& e) { e.action = "remove"; }));
    EXPECT_TRUE(changed([](AuditEntry& e) { e.record_kind = "trial"; }));
    EXPECT_TRUE(changed([](AuditEntry& e) { e.record_id.reset(); }));
    EXPECT_TRUE(changed([](AuditEntry& e) { e.record_id = 0; }));
    EXPECT_TRUE(changed([](AuditEntry& e) { e.child_id.reset(); }));
    EXPECT_TRUE(changed([](AuditEntry& e) { e.detail += " "; }));
    EXPECT_TRUE(changed([](AuditEntry& e) { e.prev_hash = "0"; }));
    // Moving text from one field to the next is a different entry.
    EXPECT_TRUE(changed([](AuditEntry& e) {
        e.actor += e.action;
        e.action.clear();
    }));
    EXPECT_FALSE(changed([](AuditEntry& e) { e.hash = "anything"; }));  // not hashed itself
}

TEST_F(AuditLogTest, UpdateAndDeleteAreRefused) {
    for (const std::string_view sql :
         {"UPDATE audit_log SET actor = 'eve' WHERE id = 2", "DELETE FROM audit_log WHERE id = 4",
          "DELETE FROM audit_log"}) {
        Status s = db_->connection().exec(sql);
        ASSERT_FALSE(s.ok()) << sql;
        EXPECT_NE(s.error().message.find(kAppendOnly), std::string::npos) << s.error().message;
    }
    EXPECT_EQ(countRows("audit_log"), 4);
    EXPECT_TRUE(verify().intact);
}

TEST_F(AuditLogTest, VerifyNamesAChangedEntry) {
    exec(kDropTriggers);
    exec("UPDATE audit_log SET detail = 'record by nobody' WHERE id = 2");
    const AuditCheck check = verify();
    EXPECT_FALSE(check.intact);
    EXPECT_EQ(check.first_bad_id, 2);
    EXPECT_EQ(check.problem,
              "audit log entry 2 was changed: its contents no longer match its hash");
}

TEST_F(AuditLogTest, VerifyNamesTheNextEntryWhenAChangedEntryWasRehashed) {
    exec(kDropTriggers);
    AuditEntry forged = AuditLog(*db_).entries().value().at(1);
    forged.actor = "eve";
    exec("UPDATE audit_log SET actor = 'eve', hash = '" + auditHash(forged) + "' WHERE id = 2");
    const AuditCheck check = verify();
    EXPECT_FALSE(check.intact);
    EXPECT_EQ(check.first_bad_id, 3);
    EXPECT_NE(check.problem.find("entry 3 was changed: it does not carry the hash of entry 2"),
              std::string::npos)
        << check.problem;
}

TEST_F(AuditLogTest, VerifyNamesARemovedEntryInTheMiddleAtTheStartAndAtTheEnd) {
    exec(kDropTriggers);
    exec("DELETE FROM audit_log WHERE id = 2");
    EXPECT_EQ(verify().problem, "audit log entry 2 was removed");
    exec("DELETE FROM audit_log WHERE id = 1");
    EXPECT_EQ(verify().problem, "audit log entry 1 was removed (entries 1 to 2 are missing)");

    TempDir other;
    auto db = Database::open(other.db()).value();
    AuditLog audit(db);
    for (int i = 0; i < 3; ++i)
        ASSERT_TRUE(audit.record("ana", "add", "therapist", i + 1).ok());
    ASSERT_TRUE(db.connection().exec(kDropTriggers).ok());
    ASSERT_TRUE(db.connection().exec("DELETE FROM audit_log WHERE id = 3").ok());
    auto check = audit.verify().value();
    EXPECT_FALSE(check.intact);
    EXPECT_EQ(check.first_bad_id, 3);
    EXPECT_EQ(check.problem, "audit log entry 3 was removed from the end");
    // The next entry continues after the largest id ever used, so the gap stays visible.
    ASSERT_TRUE(audit.record("ana", "add", "therapist", 4).ok());
    EXPECT_EQ(audit.verify().value().problem, "audit log entry 3 was removed");
}

TEST_F(AuditLogTest, EntriesAboutAChildAreThoseThatNameIt) {
    auto about = AuditLog(*db_).entriesAboutChild(1).value();
    ASSERT_EQ(about.size(), 3u);
    EXPECT_EQ(about[2].action, "view");
    EXPECT_TRUE(AuditLog(*db_).entriesAboutChild(2).value().empty());
    EXPECT_EQ(AuditLog(*db_).entriesAboutChild(std::nullopt).value().size(), 4u);
}

// The repository writes its own entries, naming its actor and the child, in the transaction
// of the change: a practice that fails to store leaves no entry either.
TEST(AuditedRepository, PracticeEntriesNameTheActorAndTheChildAndRollBackWithTheChange) {
    TempDir dir;
    auto db = Database::open(dir.db()).value();
    ClinicalRepository clinical(db, "therapist-account");
    const auto child = clinical.addChild("c-1").value();
    PracticeTrial trial;
    trial.child_id = child;
    trial.behaviour_id = 4242;  // no such behaviour: the trial's foreign key fails
    trial.clip_id = 4242;
    trial.session_started_at = "2026-12-01T10:00:00Z";
    trial.recording.path = "recordings/a.mkv";
    trial.recording.started_at = "2026-12-01T10:00:01Z";
    ASSERT_FALSE(clinical.beginPracticeTrial(trial).ok());
    auto entries = AuditLog(db).entries().value();
    ASSERT_EQ(entries.size(), 1u);
    EXPECT_EQ(entries[0].action, "add");
    EXPECT_EQ(entries[0].record_kind, "child");
    EXPECT_EQ(entries[0].actor, "therapist-account");
    EXPECT_EQ(entries[0].child_id, child);
    EXPECT_EQ(entries[0].child_code, "c-1");
    EXPECT_TRUE(AuditLog(db).verify().value().intact);
}

// An upgraded database verifies: the entries schema 4 wrote are chained in id order, with
// the child filled in where the record says whose it is, and new entries continue the chain.
TEST(AuditUpgrade, EntriesOfSchema4AreChainedAndVerify) {
    TempDir dir;
    {
        const auto& all = embeddedMigrations();
        auto v4 = Database::openWithSteps(dir.db(),
                                          std::vector<MigrationStep>(all.begin(), all.begin() + 4));
        ASSERT_TRUE(v4.ok()) << v4.error().message;
        ASSERT_TRUE(v4->connection()
                        .exec("INSERT INTO children (id, code, created_at) VALUES "
                              "(5, 'c-5', '2026-01-01T00:00:00Z');"
                              "INSERT INTO consents (id, child_id, scope, granted_by, granted_at) "
                              "VALUES (9, 5, 'record', 'parent', '2026-01-01T00:00:00Z');"
                              "INSERT INTO audit_log (at, actor, action, record_kind, record_id, "
                              "detail) VALUES "
                              "('2026-01-01T00:00:00Z', 'ana', 'add', 'child', 5, 'c-5'),"
                              "('2026-01-01T00:00:01Z', 'ana', 'grant', 'consent', 9, 'x'),"
                              "('2026-01-01T00:00:02Z', 'ben', 'import', 'clip', 1, 'y');")
                        .ok());
    }
    auto db = Database::open(dir.db());
    ASSERT_TRUE(db.ok()) << db.error().message;
    EXPECT_EQ(db->userVersion().value(), Database::latestVersion());
    AuditLog audit(*db);
    auto check = audit.verify().value();
    EXPECT_TRUE(check.intact) << check.problem;
    EXPECT_EQ(check.entries, 3);
    auto entries = audit.entries().value();
    ASSERT_EQ(entries.size(), 3u);
    EXPECT_EQ(entries[0].actor, "ana");
    EXPECT_EQ(entries[0].child_id, 5);
    EXPECT_EQ(entries[1].child_id, 5);
    EXPECT_EQ(entries[2].child_id, std::nullopt);
    EXPECT_EQ(entries[0].prev_hash, "");
    EXPECT_EQ(entries[2].prev_hash, entries[1].hash);
    EXPECT_EQ(textOf(db->connection(), "SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'"),
              "3");
    ASSERT_TRUE(audit.record("ana", "add", "therapist", 1).ok());
    EXPECT_EQ(audit.verify().value().entries, 4);
    EXPECT_FALSE(db->connection().exec("DELETE FROM audit_log").ok());
}

}  // namespace
}  // namespace mimic::store
