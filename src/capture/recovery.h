// Recovery of interrupted recordings (docs/architecture.md, "Crash safety"): what a recording
// left by a crash, a kill, a full disk or a power cut holds, read without changing it (the
// caller, app/recovery, decides its name and its row together).
//
// Threads: any thread; the functions touch only the files they are given.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>

#include "common/result.h"

namespace mimic::capture {

struct RecoveredRecording {
    std::filesystem::path path;    // the file read
    std::int64_t duration_us = 0;  // video that can be played
    std::int64_t video_frames = 0;
    std::int64_t audio_duration_us = 0;
    std::map<std::string, std::string> tags;  // as written by the recorder (RecordingSettings)
};

// Reads `file` to its last complete packet, changing nothing.
Result<RecoveredRecording> inspectRecording(const std::filesystem::path& file);

}  // namespace mimic::capture
