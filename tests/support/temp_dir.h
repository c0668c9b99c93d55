// Scratch directories for tests: one way to get a fresh, empty folder under the system's temp
// directory, named so that two test processes (or two tests) never share one.
#pragma once

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <string>

namespace mimic::testing {

// A fresh, empty directory `mimic-<name>-<pid>-<n>`; the caller removes it.
inline std::filesystem::path freshDir(const std::string& name) {
    static std::atomic<int> counter{0};
    const auto dir =
        std::filesystem::temp_directory_path() /
        ("mimic-" + name + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

// A fresh directory removed with everything in it at scope exit.
class TempDir {
  public:
    explicit TempDir(const std::string& name = "test") : path_(freshDir(name)) {}
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

  private:
    std::filesystem::path path_;
};

}  // namespace mimic::testing
