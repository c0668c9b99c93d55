// Helpers shared by the media tests: the suite-wide ones (tests/support) and ffprobe's JSON as
// an oracle (real tools nobody here wrote, docs/architecture.md, "Testing without hardware").
#pragma once

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "run_command.h"
#include "shell_quote.h"
#include "temp_dir.h"
#include "test_clips.h"

namespace mimic::media::testing {

using CommandOutput = mimic::testing::CommandResult;
using mimic::testing::ffmpegMake;
using mimic::testing::runCommand;
using mimic::testing::shellQuoted;
using mimic::testing::TempDir;

// ffprobe's JSON for `path` with the given extra arguments.
inline nlohmann::json ffprobeJson(const std::filesystem::path& path, const std::string& args) {
    const CommandOutput r =
        runCommand("ffprobe -v error " + args + " -of json " + shellQuoted(path) + " 2>/dev/null");
    if (r.exit_code != 0) return nlohmann::json::object();
    return nlohmann::json::parse(r.out, nullptr, false);
}

}  // namespace mimic::media::testing
