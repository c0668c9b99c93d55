#include "capture/preview.h"

#include <algorithm>

#include "media/video_frame.h"

namespace mimic::capture {

void PreviewSlot::offer(const CameraFrame& frame) {
    std::lock_guard lock(mutex_);
    latest_.width = frame.width;
    latest_.height = frame.height;
    latest_picture_ = frame.picture;
    if (frame.picture == nullptr) {
        latest_.bgr.assign(frame.bgr.begin(), frame.bgr.end());  // reuses the buffer
    }
    ++latest_.sequence;
}

std::optional<PreviewFrame> PreviewSlot::latest(std::int64_t after_sequence) const {
    PreviewFrame out;
    std::shared_ptr<const media::VideoFrame> picture;
    {
        std::lock_guard lock(mutex_);
        if (latest_.sequence <= after_sequence) return std::nullopt;
        picture = latest_picture_;
        if (picture == nullptr) {
            out = latest_;
        } else {
            out.sequence = latest_.sequence;
            out.width = latest_.width;
            out.height = latest_.height;
        }
    }
    if (picture != nullptr) {
        out.bgr.resize(static_cast<std::size_t>(out.width) * out.height * 3);
        std::lock_guard lock(convert_mutex_);
        if (!converter_.convert(*picture, out.bgr.data(), out.width * 3)) return std::nullopt;
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
