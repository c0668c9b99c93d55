// Picture geometry, without GL: display size after sample aspect ratio and rotation, and the
// letterbox / pillarbox rectangle in a window. Pure functions; any thread.
#pragma once

#include "render/frame_view.h"

namespace mimic::render {

struct Size {
    int width = 0;
    int height = 0;
    friend bool operator==(const Size&, const Size&) = default;
};

// x, y from the top-left corner of the target, in pixels.
struct Rect {
    int x = 0;
    int y = 0;
    int width = 0;
    int height = 0;
    friend bool operator==(const Rect&, const Rect&) = default;
};

// The picture's size on screen: the width scaled by the sample aspect ratio (the height kept,
// as ffmpeg does), then width and height swapped for a 90 or 270 degree turn. An invalid
// ratio (zero or negative) counts as 1:1. Never smaller than 1x1 for a non-empty picture.
Size displaySize(int width, int height, int sar_num, int sar_den, int rotation_degrees);
Size displaySize(const FrameView& frame);

// The largest rectangle of `content`'s shape that fits in `target`, centred: bars left and
// right (pillarbox) or above and below (letterbox). Empty for an empty content or target.
Rect fitRect(Size content, Size target);

// The same size scaled to `width` pixels wide, keeping the shape (height rounded, >= 1).
Size scaledToWidth(Size size, int width);

}  // namespace mimic::render
