#include "ui/layout.h"

#include <cstdio>

namespace mimic::ui {

Rect fitPicture(int picture_width, int picture_height, const Rect& area) {
    if (picture_width <= 0 || picture_height <= 0 || area.width <= 0.0f || area.height <= 0.0f) {
        return Rect{area.x + area.width / 2.0f, area.y + area.height / 2.0f, 0.0f, 0.0f};
    }
    const float picture_aspect =
        static_cast<float>(picture_width) / static_cast<float>(picture_height);
    float width = area.width;
    float height = width / picture_aspect;
    if (height > area.height) {
        height = area.height;
        width = height * picture_aspect;
    }
    return Rect{area.x + (area.width - width) / 2.0f, area.y + (area.height - height) / 2.0f, width,
                height};
}

std::string formatDuration(std::int64_t duration_us) {
    if (duration_us <= 0) return "0:00";
    std::int64_t seconds = (duration_us + 500'000) / 1'000'000;
    if (seconds == 0) seconds = 1;  // a non-empty clip never reads as nothing
    const std::int64_t hours = seconds / 3600;
    const std::int64_t minutes = (seconds / 60) % 60;
    const std::int64_t rest = seconds % 60;
    char text[32];
    if (hours > 0) {
        std::snprintf(text, sizeof text, "%lld:%02lld:%02lld", static_cast<long long>(hours),
                      static_cast<long long>(minutes), static_cast<long long>(rest));
    } else {
        std::snprintf(text, sizeof text, "%lld:%02lld", static_cast<long long>(minutes),
                      static_cast<long long>(rest));
    }
    return text;
}

}  // namespace mimic::ui
