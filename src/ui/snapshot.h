// Snapshots: one frame of a clip drawn through the GL renderer offscreen (mimic snapshot).
//
// Threads: the calling thread becomes the GL thread for the call (an SDL window with a GL
// 3.3 core context is made, hidden, and destroyed before returning). Needs a display or
// SDL's offscreen driver (SDL_VIDEODRIVER=offscreen), and no other GlWindow open.
#pragma once

#include <cstdint>
#include <filesystem>

#include "common/result.h"
#include "render/geometry.h"
#include "render/image.h"

namespace mimic::ui {

// The frame on screen at `at_us` (exact seek: the last frame with a timestamp <= at_us),
// rendered at its display size (sample aspect ratio and rotation applied), or `width`
// pixels wide keeping the display shape when `width` > 0. GL errors fail the call. Errors
// are one line naming the file.
Result<render::RgbImage> renderSnapshot(const std::filesystem::path& clip, std::int64_t at_us,
                                        int width = 0);

// The same frame letterboxed (black bars) into an image of exactly `box`.
Result<render::RgbImage> renderSnapshotInto(const std::filesystem::path& clip, std::int64_t at_us,
                                            render::Size box);

}  // namespace mimic::ui
