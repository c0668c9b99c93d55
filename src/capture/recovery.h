// Recovery of interrupted recordings (docs/architecture.md, "Crash safety"): a `.partial`
// left by a crash, a kill or a power cut is checked, kept and renamed to its final name;
// never deleted.
//
// Threads: any thread; the functions touch only the files they are given.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "common/result.h"

namespace mimic::capture {

struct RecoveredRecording {
    std::filesystem::path path;    // the final name it now has
    std::int64_t duration_us = 0;  // video that can be played
    std::int64_t video_frames = 0;
    std::int64_t audio_duration_us = 0;
    std::map<std::string, std::string> tags;  // as written by the recorder (RecordingSettings)
};

// Every `*.partial` under `recordings_dir` (recursively), sorted; empty if it does not exist.
std::vector<std::filesystem::path> findPartialRecordings(
    const std::filesystem::path& recordings_dir);

// Reads `file` to its last complete packet, changing nothing.
Result<RecoveredRecording> inspectRecording(const std::filesystem::path& file);

// Reads `partial` to its last complete packet and renames it to its final name (without
// `.partial`; a numbered name if that one is taken). A file that holds no picture is left
// as it is and reported: it is never deleted.
Result<RecoveredRecording> recoverPartialRecording(const std::filesystem::path& partial);

}  // namespace mimic::capture
