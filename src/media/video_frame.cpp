#include "media/video_frame.h"

extern "C" {
#include <libavutil/imgutils.h>
#include <libavutil/md5.h>
#include <libavutil/pixdesc.h>
}

#include <cassert>
#include <vector>

#include "media/video_frame_impl.h"

namespace mimic::media {

VideoFrame::VideoFrame(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
VideoFrame::VideoFrame(VideoFrame&&) noexcept = default;
VideoFrame& VideoFrame::operator=(VideoFrame&&) noexcept = default;
VideoFrame::~VideoFrame() = default;

std::int64_t VideoFrame::pts_us() const {
    return impl_->pts_us;
}
int VideoFrame::width() const {
    return impl_->frame->width;
}
int VideoFrame::height() const {
    return impl_->frame->height;
}
bool VideoFrame::corrupt() const {
    return impl_->corrupt;
}
std::string VideoFrame::pixelFormat() const {
    const char* name = av_get_pix_fmt_name(static_cast<AVPixelFormat>(impl_->frame->format));
    return name != nullptr ? name : "unknown";
}
int VideoFrame::planeCount() const {
    const int n = av_pix_fmt_count_planes(static_cast<AVPixelFormat>(impl_->frame->format));
    return n > 0 ? n : 0;
}
const std::uint8_t* VideoFrame::planeData(int plane) const {
    assert(plane >= 0 && plane < planeCount());
    return impl_->frame->data[plane];
}
int VideoFrame::planeStride(int plane) const {
    assert(plane >= 0 && plane < planeCount());
    return impl_->frame->linesize[plane];
}

double VideoFrame::meanFirstPlane() const {
    const AVFrame& f = *impl_->frame;
    const int row_bytes =
        av_image_get_linesize(static_cast<AVPixelFormat>(f.format), f.width, /*plane=*/0);
    if (row_bytes <= 0 || f.height <= 0) return 0.0;
    double sum = 0.0;
    for (int y = 0; y < f.height; ++y) {
        const std::uint8_t* row = f.data[0] + static_cast<std::ptrdiff_t>(y) * f.linesize[0];
        for (int x = 0; x < row_bytes; ++x)
            sum += row[x];
    }
    return sum / (static_cast<double>(row_bytes) * f.height);
}

std::string VideoFrame::md5Hex() const {
    // The framemd5 muxer hashes rawvideo packets, which the rawvideo encoder makes with
    // av_image_copy_to_buffer(align 1): planes in order, rows packed, palette appended.
    const AVFrame& f = *impl_->frame;
    const auto format = static_cast<AVPixelFormat>(f.format);
    const int size = av_image_get_buffer_size(format, f.width, f.height, 1);
    thread_local std::vector<std::uint8_t> packed;
    std::uint8_t digest[16] = {};
    if (size > 0) {
        packed.resize(static_cast<std::size_t>(size));
        av_image_copy_to_buffer(packed.data(), size, f.data, f.linesize, format, f.width, f.height,
                                1);
        av_md5_sum(digest, packed.data(), size);
    }
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex(32, '0');
    for (int i = 0; i < 16; ++i) {
        hex[static_cast<std::size_t>(2 * i)] = kHex[digest[i] >> 4];
        hex[static_cast<std::size_t>(2 * i + 1)] = kHex[digest[i] & 15];
    }
    return hex;
}

}  // namespace mimic::media
