// scanRecording: what a recording file holds, read packet by packet, so that it also works
// on a recording whose writer was killed (recovery) and reports what really reached the file
// (`mimic record`). Library-neutral: no FFmpeg types.
//
// Threads: self-contained; any thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>

#include "common/result.h"

namespace mimic::media {

// What a recording file holds, found by reading every packet: works on a file whose writer
// was killed (no trailer, no duration in the header).
struct RecordingScan {
    std::int64_t video_frames = 0;
    std::int64_t video_end_us = 0;  // end of the last video packet (pts + duration)
    std::int64_t audio_end_us = 0;  // end of the last audio packet; 0 without audio
    bool has_audio = false;
    std::map<std::string, std::string> tags;  // global metadata tags
};

// Reads `path` to its end (or to the first damaged spot: a cut-off last cluster is normal
// for a killed recording). Errors name the file and the cause.
Result<RecordingScan> scanRecording(const std::filesystem::path& path);

}  // namespace mimic::media
