// Internal to src/media: describing an opened clip, shared by probeClip and ClipReader.
#pragma once

#include "media/clip_info.h"
#include "media/ffmpeg_util.h"

namespace mimic::media {

// The ClipInfo of an opened input; an index of -1 means no such stream.
ClipInfo describeInput(const AVFormatContext& input, int video_index, int audio_index);

}  // namespace mimic::media
