// Test helpers for the store: temp directories and a fixture with a fresh database.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <optional>
#include <string>

#include "store/database.h"
#include "store/library_repository.h"
#include "temp_dir.h"

namespace mimic::store::testing {

// A scratch directory (tests/support/temp_dir.h) that knows where its database goes.
class TempDir : public mimic::testing::TempDir {
  public:
    TempDir() : mimic::testing::TempDir("store") {}
    std::filesystem::path db() const { return path() / "mimic.db"; }
};

// First column of the first row of `sql` as text ("" with a test failure when there is none).
inline std::string textOf(Connection& conn, const std::string& sql) {
    auto text = conn.queryText(sql);
    EXPECT_TRUE(text.ok()) << text.error().message;
    EXPECT_TRUE(text.ok() && text->has_value()) << "no row for " << sql;
    return text.ok() ? text->value_or("") : "";
}

// A clip record with the fields every clip has.
inline ClipRecord makeClip(const std::string& path, const std::string& title,
                           const std::string& sha256, std::int64_t duration_ms,
                           ModelKind kind = ModelKind::kPeer) {
    ClipRecord clip;
    clip.path = path;
    clip.title = title;
    clip.sha256 = sha256;
    clip.duration_ms = duration_ms;
    clip.width = 640;
    clip.height = 480;
    clip.model_kind = kind;
    return clip;
}

// A fixture with a new database at the latest schema in its own temp dir.
class FreshDatabaseTest : public ::testing::Test {
  protected:
    void SetUp() override {
        auto opened = Database::open(dir_.db());
        ASSERT_TRUE(opened.ok()) << opened.error().message;
        db_.emplace(std::move(opened).value());
    }

    std::int64_t countRows(const std::string& table) {
        return std::stoll(textOf(db_->connection(), "SELECT count(*) FROM " + table));
    }

    TempDir dir_;
    std::optional<Database> db_;
};

}  // namespace mimic::store::testing
