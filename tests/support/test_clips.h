// Test clips made with the ffmpeg CLI (a tool nobody here wrote), for every suite.
#pragma once

#include <filesystem>
#include <string>

#include "run_command.h"
#include "shell_quote.h"

namespace mimic::testing {

// Makes `output` with ffmpeg; `args` go between the global options and the output.
inline bool ffmpegMake(const std::filesystem::path& output, const std::string& args) {
    return runCommand("ffmpeg -v error -nostdin -y " + args + " " + shellQuoted(output))
               .exit_code == 0;
}

// Makes a short H.264 + AAC MP4 of an ffmpeg test pattern ("testsrc2", "smptebars"...) at
// `size` ("WxH") and `rate` fps; different patterns give different content (and hashes).
// Returns the shell's status (0 on success).
inline int makeTestClip(const std::string& pattern, const std::string& size, int rate, int seconds,
                        const std::filesystem::path& out) {
    return runCommand("ffmpeg -v error -y -f lavfi -i " + pattern + "=s=" + size +
                      ":r=" + std::to_string(rate) + " -f lavfi -i sine=f=440:r=48000 -t " +
                      std::to_string(seconds) + " -c:v libx264 -g " + std::to_string(rate) +
                      " -pix_fmt yuv420p -c:a aac " + shellQuoted(out))
        .exit_code;
}

}  // namespace mimic::testing
