#include "render/frame_view.h"

namespace mimic::render {

int planeCount(PixelLayout layout) {
    switch (layout) {
        case PixelLayout::kYuv420p:
        case PixelLayout::kYuv422p:
        case PixelLayout::kYuv444p:
            return 3;
        case PixelLayout::kNv12:
        case PixelLayout::kP010:
            return 2;
        case PixelLayout::kRgb24:
        case PixelLayout::kRgba:
            return 1;
        case PixelLayout::kNone:
            break;
    }
    return 0;
}

bool isYuv(PixelLayout layout) {
    return planeCount(layout) >= 2;
}

std::array<int, 2> chromaShift(PixelLayout layout) {
    switch (layout) {
        case PixelLayout::kYuv420p:
        case PixelLayout::kNv12:
        case PixelLayout::kP010:
            return {1, 1};
        case PixelLayout::kYuv422p:
            return {1, 0};
        default:
            break;
    }
    return {0, 0};
}

}  // namespace mimic::render
