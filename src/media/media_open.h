// Internal to src/media: opening a file for the player engine (with an interrupt callback)
// and describing it as a MediaInfo.
#pragma once

#include <filesystem>

#include "common/result.h"
#include "media/ffmpeg_util.h"
#include "media/media_info.h"

namespace mimic::media {

// Opens `path` with `interrupt` installed before any I/O (may be null). Errors are one line
// naming the file and the reason.
Result<InputContextPtr> openMediaInput(const std::filesystem::path& path,
                                       const AVIOInterruptCB* interrupt);

// Describes an opened input; `video_index`/`audio_index` are the streams played (-1: none).
// May read packets to estimate the keyframe interval when the container has no index, and
// then seeks back to the start.
MediaInfo describeMedia(AVFormatContext& input, const std::filesystem::path& path, int video_index,
                        int audio_index);

}  // namespace mimic::media
