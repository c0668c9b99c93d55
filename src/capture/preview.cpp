#include "capture/preview.h"

#include <algorithm>

namespace mimic::capture {

void PreviewSlot::offer(const CameraFrame& frame) {
    std::lock_guard lock(mutex_);
    latest_.width = frame.width;
    latest_.height = frame.height;
    latest_.bgr.assign(frame.bgr.begin(), frame.bgr.end());  // reuses the buffer
    ++latest_.sequence;
}

std::optional<PreviewFrame> PreviewSlot::latest(std::int64_t after_sequence) const {
    PreviewFrame out;
    {
        std::lock_guard lock(mutex_);
        if (latest_.sequence <= after_sequence) return std::nullopt;
        out = latest_;
    }
    if (mirrored_) {
        const auto row_bytes = static_cast<std::size_t>(out.width) * 3;
        for (int y = 0; y < out.height; ++y) {
            std::uint8_t* row = out.bgr.data() + row_bytes * static_cast<std::size_t>(y);
            for (int l = 0, r = out.width - 1; l < r; ++l, --r) {
                std::swap_ranges(row + l * 3, row + l * 3 + 3, row + r * 3);
            }
        }
    }
    return out;
}

std::int64_t PreviewSlot::offered() const {
    std::lock_guard lock(mutex_);
    return latest_.sequence;
}

}  // namespace mimic::capture
