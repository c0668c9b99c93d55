// Quoting for the shell commands tests run (ffmpeg, ffprobe, mimic itself).
#pragma once

#include <filesystem>
#include <string>

namespace mimic::testing {

// `path` in single quotes, for /bin/sh (test paths hold no single quote). Built by appending:
// GCC 12 at -O3 reports a false -Wrestrict inside std::string for "'" + path.string().
inline std::string shellQuoted(const std::filesystem::path& path) {
    std::string text;
    text.reserve(path.native().size() + 2);
    text.append(1, '\'').append(path.native()).append(1, '\'');
    return text;
}

}  // namespace mimic::testing
