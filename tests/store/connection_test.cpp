#include "store/connection.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "store/clinical_repository.h"
#include "store/database.h"
#include "store_test_util.h"

namespace mimic::store {
namespace {

using testing::TempDir;

Connection openScratch(const TempDir& dir) {
    auto conn = Connection::open(dir.db());
    EXPECT_TRUE(conn.ok()) << conn.error().message;
    Connection c = std::move(conn).value();
    EXPECT_TRUE(c.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)").ok());
    return c;
}

std::int64_t countRows(Connection& conn) {
    return std::stoll(testing::textOf(conn, "SELECT count(*) FROM t"));
}

TEST(Statement, TypedBindAndColumnRoundTrip) {
    TempDir dir;
    auto conn = Connection::open(dir.db());
    ASSERT_TRUE(conn.ok()) << conn.error().message;
    ASSERT_TRUE(conn->exec("CREATE TABLE v (i INTEGER, d REAL, t TEXT, n TEXT, o INTEGER)").ok());
    auto insert = conn->prepare("INSERT INTO v VALUES (?1, ?2, ?3, ?4, ?5)");
    ASSERT_TRUE(insert.ok()) << insert.error().message;
    const std::int64_t big = std::int64_t{1} << 40;
    insert->bind(1, big)
        .bind(2, 2.5)
        .bind(3, std::string("héllo\0world", 11))
        .bind(4, std::nullopt)
        .bind(5, std::optional<int>(7));
    ASSERT_TRUE(insert->run().ok());
    insert->bind(1, 1).bind(2, 0.0).bind(3, "x").bind(4, std::optional<std::string>()).bind(5, 0);
    ASSERT_TRUE(insert->run().ok());

    auto select = conn->prepare("SELECT i, d, t, n, o FROM v ORDER BY i DESC");
    ASSERT_TRUE(select.ok());
    auto row = select->step();
    ASSERT_TRUE(row.ok() && *row);
    EXPECT_EQ(select->columnInt64(0), big);
    EXPECT_DOUBLE_EQ(select->columnDouble(1), 2.5);
    EXPECT_EQ(select->columnText(2), std::string("héllo\0world", 11));  // embedded NUL kept
    EXPECT_TRUE(select->isNull(3));
    EXPECT_EQ(select->columnOptionalText(3), std::nullopt);
    EXPECT_EQ(select->columnOptionalInt64(4), 7);
    row = select->step();
    ASSERT_TRUE(row.ok() && *row);
    EXPECT_EQ(select->columnInt64(0), 1);
    row = select->step();
    ASSERT_TRUE(row.ok());
    EXPECT_FALSE(*row);
}

TEST(Statement, ErrorsNameTheFileAndTheReason) {
    TempDir dir;
    Connection conn = openScratch(dir);
    auto bad = conn.prepare("SELEKT 1");
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().message.find(dir.db().string()), std::string::npos);
    EXPECT_NE(bad.error().message.find("syntax error"), std::string::npos);

    auto insert = conn.prepare("INSERT INTO t (id, v) VALUES (?1, ?2)");
    ASSERT_TRUE(insert.ok());
    insert->bind(3, 1);  // out of range: kept and reported by run()
    const Status s = insert->run();
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.error().message.find("binding parameter 3"), std::string::npos);
}

TEST(Transaction, RollsBackUnlessCommitted) {
    TempDir dir;
    Connection conn = openScratch(dir);
    {
        auto tx = Transaction::begin(conn);
        ASSERT_TRUE(tx.ok()) << tx.error().message;
        ASSERT_TRUE(conn.exec("INSERT INTO t (v) VALUES ('dropped')").ok());
        EXPECT_TRUE(conn.inTransaction());
    }
    EXPECT_FALSE(conn.inTransaction());
    EXPECT_EQ(countRows(conn), 0);
    {
        auto tx = Transaction::begin(conn);
        ASSERT_TRUE(tx.ok());
        ASSERT_TRUE(conn.exec("INSERT INTO t (v) VALUES ('kept')").ok());
        ASSERT_TRUE(tx->commit().ok());
    }
    EXPECT_EQ(countRows(conn), 1);
}

TEST(Transaction, NestedTransactionIsASavepoint) {
    TempDir dir;
    Connection conn = openScratch(dir);
    auto outer = Transaction::begin(conn);
    ASSERT_TRUE(outer.ok());
    ASSERT_TRUE(conn.exec("INSERT INTO t (v) VALUES ('outer')").ok());
    {
        auto inner = Transaction::begin(conn);
        ASSERT_TRUE(inner.ok()) << inner.error().message;
        ASSERT_TRUE(conn.exec("INSERT INTO t (v) VALUES ('inner, dropped')").ok());
    }  // inner rolled back alone
    {
        auto inner = Transaction::begin(conn);
        ASSERT_TRUE(inner.ok());
        ASSERT_TRUE(conn.exec("INSERT INTO t (v) VALUES ('inner, kept')").ok());
        ASSERT_TRUE(inner->commit().ok());
    }
    EXPECT_TRUE(conn.inTransaction());
    ASSERT_TRUE(outer->commit().ok());
    EXPECT_EQ(countRows(conn), 2);
}

// Two connections (one per thread, as the contract says) write the same file at once; the
// busy timeout makes each wait for the other's write lock instead of failing.
TEST(Connection, TwoConnectionsWritingAtOnceBothSucceed) {
    TempDir dir;
    ASSERT_TRUE(Database::open(dir.db()).ok());
    constexpr int kChildrenPerWriter = 40;
    auto writer = [&](const std::string& prefix, std::vector<std::string>& errors) {
        auto db = Database::open(dir.db());
        if (!db) {
            errors.push_back(db.error().message);
            return;
        }
        ClinicalRepository clinical(*db);
        for (int i = 0; i < kChildrenPerWriter; ++i) {
            auto tx = Transaction::begin(db->connection());
            if (!tx) {
                errors.push_back(tx.error().message);
                continue;
            }
            auto id = clinical.addChild(prefix + std::to_string(i));
            if (!id) errors.push_back(id.error().message);
            if (Status s = tx->commit(); !s) errors.push_back(s.error().message);
        }
    };
    std::vector<std::string> errors_a;
    std::vector<std::string> errors_b;
    {
        std::jthread a(writer, "A-", std::ref(errors_a));
        std::jthread b(writer, "B-", std::ref(errors_b));
    }
    EXPECT_TRUE(errors_a.empty()) << errors_a.front();
    EXPECT_TRUE(errors_b.empty()) << errors_b.front();

    auto db = Database::open(dir.db());
    ASSERT_TRUE(db.ok());
    EXPECT_EQ(testing::textOf(db->connection(), "SELECT count(*) FROM children"),
              std::to_string(2 * kChildrenPerWriter));
}

// A brand-new file opened by two threads at once: one migrates, the other waits and finds
// the schema in place.
TEST(Connection, TwoFirstOpensAtOnceBothSucceed) {
    TempDir dir;
    std::vector<std::string> errors(2);
    {
        std::jthread a([&] {
            if (auto db = Database::open(dir.db()); !db) errors[0] = db.error().message;
        });
        std::jthread b([&] {
            if (auto db = Database::open(dir.db()); !db) errors[1] = db.error().message;
        });
    }
    EXPECT_EQ(errors[0], "");
    EXPECT_EQ(errors[1], "");
    auto db = Database::open(dir.db());
    ASSERT_TRUE(db.ok());
    EXPECT_EQ(db->userVersion().value(), Database::latestVersion());
}

}  // namespace
}  // namespace mimic::store
