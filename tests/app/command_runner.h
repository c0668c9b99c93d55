// Test helpers: runs a shell command and captures its exit status, stdout and stderr; makes
// test clips; gives each test a fresh scratch directory.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "shell_quote.h"

namespace mimic::testing {

struct CommandResult {
    int exit_code = -1;
    std::string out;
    std::string err;

    // Non-empty lines of stderr.
    std::vector<std::string> errLines() const {
        std::vector<std::string> lines;
        std::istringstream in(err);
        for (std::string line; std::getline(in, line);) {
            if (!line.empty()) lines.push_back(line);
        }
        return lines;
    }
};

inline std::string readText(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// Runs `command` with /bin/sh; `scratch` is a directory for the captured streams.
inline CommandResult runCommand(const std::string& command, const std::filesystem::path& scratch) {
    const auto out = scratch / "cmd.out";
    const auto err = scratch / "cmd.err";
    const std::string full = command + " >" + out.string() + " 2>" + err.string() + " </dev/null";
    const int status = std::system(full.c_str());
    CommandResult result;
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    result.out = readText(out);
    result.err = readText(err);
    std::filesystem::remove(out);
    std::filesystem::remove(err);
    return result;
}

// Makes a short H.264 + AAC MP4 of an ffmpeg test pattern ("testsrc2", "smptebars"...) at
// `size` ("WxH") and `rate` fps; different patterns give different content (and hashes).
// Returns the shell's status (0 on success).
inline int makeTestClip(const std::string& pattern, const std::string& size, int rate, int seconds,
                        const std::filesystem::path& out) {
    const std::string command =
        "ffmpeg -v error -y -f lavfi -i " + pattern + "=s=" + size + ":r=" + std::to_string(rate) +
        " -f lavfi -i sine=f=440:r=48000 -t " + std::to_string(seconds) + " -c:v libx264 -g " +
        std::to_string(rate) + " -pix_fmt yuv420p -c:a aac " + shellQuoted(out);
    return std::system(command.c_str());
}

// A fresh, empty directory for the running test (named by `prefix`, the process and the test),
// the fixture removes it in TearDown.
inline std::filesystem::path makeScratch(const std::string& prefix, const std::string& test_name) {
    const auto dir = std::filesystem::temp_directory_path() /
                     (prefix + "-" + std::to_string(::getpid()) + "-" + test_name);
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

}  // namespace mimic::testing
