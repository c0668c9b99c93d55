// Internal to src/media: describing an opened input as a MediaInfo.
#pragma once

#include "media/media_info.h"
#include "media/media_input.h"

namespace mimic::media {

// Describes an opened input; `video_index` is the video stream shown, `audio_index` the
// sound played with it (-1: none).
// May read packets to estimate the keyframe interval when the container has no index (on a
// second handle, so `input` stays at its start).
MediaInfo describeMedia(const MediaInput& input, int video_index, int audio_index);

}  // namespace mimic::media
