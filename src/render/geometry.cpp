#include "render/geometry.h"

#include <algorithm>
#include <cmath>

namespace mimic::render {
namespace {

int roundedPositive(double value) {
    return std::max(1, static_cast<int>(std::lround(value)));
}

bool turnsSideways(int rotation_degrees) {
    const int quarter_turns = ((rotation_degrees % 360 + 360) % 360 + 45) / 90;
    return quarter_turns % 2 == 1;
}

}  // namespace

Size displaySize(int width, int height, int sar_num, int sar_den, int rotation_degrees) {
    if (width <= 0 || height <= 0) return {};
    Size size{width, height};
    if (sar_num > 0 && sar_den > 0 && sar_num != sar_den) {
        size.width = roundedPositive(static_cast<double>(width) * sar_num / sar_den);
    }
    if (turnsSideways(rotation_degrees)) std::swap(size.width, size.height);
    return size;
}

Size displaySize(const FrameView& frame) {
    return displaySize(frame.width, frame.height, frame.sample_aspect_num, frame.sample_aspect_den,
                       frame.rotation_degrees);
}

Rect fitRect(Size content, Size target) {
    if (content.width <= 0 || content.height <= 0 || target.width <= 0 || target.height <= 0) {
        return {};
    }
    // Compare target.w / target.h with content.w / content.h without rounding.
    const long long lhs = static_cast<long long>(target.width) * content.height;
    const long long rhs = static_cast<long long>(content.width) * target.height;
    Rect rect{0, 0, target.width, target.height};
    if (lhs > rhs) {  // the target is wider: bars left and right
        rect.width = std::clamp(static_cast<int>(std::lround(static_cast<double>(target.height) *
                                                             content.width / content.height)),
                                1, target.width);
        rect.x = (target.width - rect.width) / 2;
    } else if (lhs < rhs) {  // the target is taller: bars above and below
        rect.height = std::clamp(static_cast<int>(std::lround(static_cast<double>(target.width) *
                                                              content.height / content.width)),
                                 1, target.height);
        rect.y = (target.height - rect.height) / 2;
    }
    return rect;
}

Size scaledToWidth(Size size, int width) {
    if (size.width <= 0 || size.height <= 0 || width <= 0) return {};
    return {width, roundedPositive(static_cast<double>(size.height) * width / size.width)};
}

}  // namespace mimic::render
