// Internal to src/media: opening a clip for reading, shared by probeClip and ClipReader.
#pragma once

#include <filesystem>

#include "common/result.h"
#include "media/clip_info.h"
#include "media/ffmpeg_util.h"

namespace mimic::media {

// Opens `path` and reads its stream information. The error is one line naming the file and
// the reason (missing, empty, not a media file).
Result<InputContextPtr> openInput(const std::filesystem::path& path);

// The ClipInfo of an opened input; an index of -1 means no such stream.
ClipInfo describeInput(const AVFormatContext& input, int video_index, int audio_index);

}  // namespace mimic::media
