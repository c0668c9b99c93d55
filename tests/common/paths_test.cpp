#include "common/paths.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>

namespace mimic {
namespace {

namespace fs = std::filesystem;

TEST(Paths, ExplicitDirectoryWinsOverEnvironment) {
    ::setenv("MIMIC_DATA_DIR", "/from/env", 1);
    EXPECT_EQ(resolveDataDir("/explicit"), fs::path("/explicit"));
    EXPECT_EQ(resolveDataDir(""), fs::path("/from/env"));
    ::unsetenv("MIMIC_DATA_DIR");
    ::setenv("XDG_DATA_HOME", "/xdg", 1);
    EXPECT_EQ(resolveDataDir(""), fs::path("/xdg/mimic"));
    ::unsetenv("XDG_DATA_HOME");
}

TEST(Paths, PrepareCreatesLayoutAndRelativePathsRoundTrip) {
    const fs::path root = fs::temp_directory_path() / ("mimic-paths-" + std::to_string(::getpid()));
    fs::remove_all(root);
    auto dir = prepareDataDir(root);
    ASSERT_TRUE(dir.ok()) << dir.error().message;
    EXPECT_TRUE(fs::is_directory(dir->recordings()));
    EXPECT_TRUE(fs::is_directory(dir->library()));
    const fs::path rec = dir->recordings() / "a.mkv";
    EXPECT_EQ(dir->relative(rec), fs::path("recordings/a.mkv"));
    EXPECT_EQ(dir->absolute("recordings/a.mkv"), rec);
    fs::remove_all(root);
}

TEST(Paths, PrepareRefusesAPathUnderAFile) {
    const fs::path file = fs::temp_directory_path() / ("mimic-file-" + std::to_string(::getpid()));
    std::ofstream(file) << "x";
    auto dir = prepareDataDir(file / "data");
    ASSERT_FALSE(dir.ok());
    EXPECT_NE(dir.error().message.find("cannot use data directory"), std::string::npos);
    fs::remove(file);
}

TEST(Paths, AtomicWriteLeavesNoTemporary) {
    const fs::path file =
        fs::temp_directory_path() / ("mimic-atomic-" + std::to_string(::getpid()));
    ASSERT_TRUE(writeFileAtomically(file, "hello").ok());
    std::ifstream in(file);
    std::string text;
    in >> text;
    EXPECT_EQ(text, "hello");
    EXPECT_FALSE(fs::exists(file.string() + ".tmp"));
    fs::remove(file);
}

}  // namespace
}  // namespace mimic
