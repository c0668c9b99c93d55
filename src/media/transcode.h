// Library-standard copies and thumbnails of clips (`mimic library import --normalize`).
//
// Threads: each call is self-contained and may run on any thread; it holds no state.
#pragma once

#include <filesystem>

#include "common/result.h"

namespace mimic::media {

// The library standard: H.264 + AAC in MP4, at most this tall, a keyframe every second, so
// exact seeks stay fast during sessions.
inline constexpr int kLibraryMaxHeight = 1080;

// Re-encodes `source` to the library standard at `target` (which must not exist; the caller
// renames it into place). Pictures taller than kLibraryMaxHeight are scaled down keeping
// the aspect ratio; sound, when there is any, is kept at its rate and channel count.
// Errors name the file and the reason; on error `target` is removed.
Status transcodeToLibraryStandard(const std::filesystem::path& source,
                                  const std::filesystem::path& target);

// Writes the first picture of `clip`, scaled to at most `max_width` pixels wide, as a PNG
// at `png` (through a temporary name, so a reader never sees half a file).
Status writeThumbnail(const std::filesystem::path& clip, const std::filesystem::path& png,
                      int max_width = 320);

}  // namespace mimic::media
