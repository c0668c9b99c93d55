// Helpers shared by the media tests: a temporary directory and the ffmpeg/ffprobe CLIs as
// oracles (real tools nobody here wrote, docs/architecture.md, "Testing without hardware").
#pragma once

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "shell_quote.h"

namespace mimic::media::testing {

// A fresh directory under the system temp dir, removed with everything in it.
class TempDir {
  public:
    explicit TempDir(const std::string& name) {
        path_ = std::filesystem::temp_directory_path() /
                ("mimic-" + name + "-" + std::to_string(::getpid()));
        std::filesystem::remove_all(path_);
        std::filesystem::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

  private:
    std::filesystem::path path_;
};

struct CommandOutput {
    int exit_code = -1;
    std::string out;  // stdout only
};

// Runs `command` through the shell and returns its stdout and exit code.
inline CommandOutput runCommand(const std::string& command) {
    CommandOutput result;
    FILE* pipe = ::popen(command.c_str(), "r");
    if (pipe == nullptr) return result;
    char buffer[4096];
    std::size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0)
        result.out.append(buffer, n);
    const int status = ::pclose(pipe);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

using mimic::testing::shellQuoted;

// ffprobe's JSON for `path` with the given extra arguments.
inline nlohmann::json ffprobeJson(const std::filesystem::path& path, const std::string& args) {
    const CommandOutput r =
        runCommand("ffprobe -v error " + args + " -of json " + shellQuoted(path) + " 2>/dev/null");
    if (r.exit_code != 0) return nlohmann::json::object();
    return nlohmann::json::parse(r.out, nullptr, false);
}

// Creates a clip with the ffmpeg CLI; `args` go between the global options and the output.
inline bool ffmpegMake(const std::filesystem::path& output, const std::string& args) {
    return runCommand("ffmpeg -v error -nostdin -y " + args + " " + shellQuoted(output) +
                      " >/dev/null 2>&1")
               .exit_code == 0;
}

}  // namespace mimic::media::testing
