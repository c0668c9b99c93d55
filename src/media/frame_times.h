// The presentation time of every video frame of a file, for review (src/review/timeline.h
// takes them as plain numbers and stays free of FFmpeg). Library-neutral: no FFmpeg types.
//
// Threads: self-contained; any thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <vector>

#include "common/result.h"

namespace mimic::media {

// Decodes the file's video stream (the one Player shows) to its end and returns each frame's
// time in µs from the file's start, in presentation order: the times Player's exact seek lands
// on and the ffmpeg CLI prints. Errors name the file and the cause.
Result<std::vector<std::int64_t>> videoFrameTimes(const std::filesystem::path& path);

}  // namespace mimic::media
