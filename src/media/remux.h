// A media file copied into another container without decoding (stream copy): how a
// recording leaves the data folder as an ordinary file (`mimic export recording`), read
// through the one way into media files, so a sealed recording comes out readable.
#pragma once

#include <filesystem>

#include "common/result.h"

namespace mimic::media {

// Copies the video and audio streams of `in` into `out`, whose container follows its
// extension (.mkv, .mp4, .mov). `out` appears whole or not at all (written under a temporary
// name beside it, then renamed over it: the caller decides whether one may be replaced).
// Errors name the file.
Status remuxFile(const std::filesystem::path& in, const std::filesystem::path& out);

}  // namespace mimic::media
