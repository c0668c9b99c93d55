// Running a shell command from a test (ffmpeg, ffprobe, mimic itself) and capturing its exit
// status, stdout and stderr: one way for every suite.
#pragma once

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "shell_quote.h"
#include "temp_dir.h"

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

// Runs `command` with /bin/sh, stdin from /dev/null; `scratch` is a directory for the
// captured streams. A command may end in `& echo $!` to start a background job.
inline CommandResult runCommand(const std::string& command, const std::filesystem::path& scratch) {
    const auto out = scratch / "cmd.out";
    const auto err = scratch / "cmd.err";
    // In a subshell, so a pipeline or a `2>&1` inside the command is captured as a whole.
    const std::string full =
        "( " + command + "\n) >" + out.string() + " 2>" + err.string() + " </dev/null";
    const int status = std::system(full.c_str());
    CommandResult result;
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    result.out = readText(out);
    result.err = readText(err);
    std::filesystem::remove(out);
    std::filesystem::remove(err);
    return result;
}

// The same, with a scratch directory of its own.
inline CommandResult runCommand(const std::string& command) {
    const TempDir scratch("command");
    return runCommand(command, scratch.path());
}

// Whether FFmpeg alone opens `file` as the container mimic writes (Matroska or MP4). Not
// ffprobe's exit status alone: it takes random bytes for raw H.263 or LRC lyrics now and then
// (6 of 150 random 400 KB files here), so a sealed file would fail a test by chance.
inline bool ffmpegOpensAsMimicsContainer(const std::filesystem::path& file) {
    const CommandResult probed = runCommand(
        "ffprobe -v error -show_entries format=format_name -of csv=p=0 " + shellQuoted(file));
    return probed.exit_code == 0 && (probed.out.find("matroska") != std::string::npos ||
                                     probed.out.find("mp4") != std::string::npos);
}

}  // namespace mimic::testing
