// Test recordings with real faces for the analysis suites (issue 15): a real photograph of a
// face (scikit-image's astronaut, from Debian's python3-skimage) or pictures that are not faces
// composited with FFmpeg onto a plain background at known times and places.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "run_command.h"
#include "shell_quote.h"

namespace mimic::analysis::test {

inline const std::filesystem::path kSkimageData = "/usr/lib/python3/dist-packages/skimage/data";

// The astronaut's head (the photograph is 512x512), scaled to a child's face near the camera:
// 200x228 pixels.
inline const std::string kHead = "crop=220:250:140:10,scale=200:228";

// Makes `dir`/`name`.mkv: `filter` (no single quotes: it is quoted for the shell as it is)
// builds [v] from the background [0:v] and the picture [1:v]; 640x480 at 30 fps, `seconds`
// long, with a silent sound track (or `sound`, an ffmpeg lavfi source, when given), on a plain
// wall (or `background`, an ffmpeg lavfi video source that takes s, r and d).
inline std::filesystem::path makeFaceVideo(const std::filesystem::path& dir,
                                           const std::string& name, const std::string& picture,
                                           const std::string& filter, double seconds = 5.0,
                                           const std::string& sound = "",
                                           const std::string& background = "color=c=0x8a9a8c") {
    const std::filesystem::path out = dir / (name + ".mkv");
    const std::string audio = sound.empty() ? "anullsrc=r=48000:cl=mono" : sound;
    auto made = testing::runCommand(
        "ffmpeg -v error -nostdin -f lavfi -i " + background +
            (background.find('=') == std::string::npos ? "=" : ":") +
            "s=640x480:r=30:d=" + std::to_string(seconds) + " -loop 1 -i " +
            testing::shellQuoted(kSkimageData / picture) + " -f lavfi -i " +
            testing::shellQuoted(audio) + " -filter_complex " + testing::shellQuoted(filter) +
            " -map '[v]' -map 2:a -t " + std::to_string(seconds) +
            " -c:v libx264 -pix_fmt yuv420p -c:a flac -y " + testing::shellQuoted(out),
        dir);
    EXPECT_EQ(made.exit_code, 0) << made.err;
    return out;
}

}  // namespace mimic::analysis::test
