// Quoting for the shell commands tests run (ffmpeg, ffprobe, mimic itself).
#pragma once

#include <filesystem>
#include <string>

namespace mimic::testing {

// `path` (or any text) in single quotes for /bin/sh; a single quote in it becomes '\'' (close,
// an escaped quote, open again). Built by appending: GCC 12 at -O3 reports a false -Wrestrict
// inside std::string for "'" + path.string().
inline std::string shellQuoted(const std::filesystem::path& path) {
    std::string text;
    text.reserve(path.native().size() + 2);
    text.append(1, '\'');
    for (const char c : path.native()) {
        if (c == '\'') {
            text.append("'\\''");
        } else {
            text.append(1, c);
        }
    }
    text.append(1, '\'');
    return text;
}

}  // namespace mimic::testing
