// The bridge from the player engine's pictures to the renderer: a media::VideoFrame (with
// its stream's sample aspect ratio and display matrix) as a render::FrameView. Lives in ui
// so that media and render stay independent of each other.
//
// Ownership: the view borrows the frame's planes (valid while the frame lives). Threads:
// pure; any thread.
#pragma once

#include "common/result.h"
#include "media/media_info.h"
#include "media/picture_description.h"
#include "render/frame_view.h"

namespace mimic::ui {

// `picture` described for the renderer, with the geometry of `stream`.
render::FrameView frameView(const media::PictureDescription& picture,
                            const media::VideoStreamInfo& stream);

// `frame` (already drawable: see media::toDrawable) as a render::FrameView. Fails with one
// line if its format is not drawable.
Result<render::FrameView> frameView(const media::VideoFrame& frame,
                                    const media::VideoStreamInfo& stream);

}  // namespace mimic::ui
