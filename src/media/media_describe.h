// Internal to src/media: describing an opened input as a MediaInfo.
#pragma once

#include "media/media_info.h"
#include "media/media_input.h"
#include "media/stream_decoders.h"

namespace mimic::media {

// Describes an opened input and the streams chosen from it (stream_decoders.h).
// May read packets to estimate the keyframe interval when the container has no index (on a
// second handle, so `input` stays at its start).
MediaInfo describeMedia(const MediaInput& input, const StreamChoice& streams);

}  // namespace mimic::media
