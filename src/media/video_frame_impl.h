// Internal to src/media: what a VideoFrame holds.
#pragma once

#include "media/ffmpeg_util.h"
#include "media/video_frame.h"

namespace mimic::media {

struct VideoFrame::Impl {
    FramePtr frame;  // owned picture (moved in with av_frame_move_ref)
    std::int64_t pts_us = 0;
    bool corrupt = false;
};

}  // namespace mimic::media
