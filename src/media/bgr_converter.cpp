#include "media/bgr_converter.h"

#include "media/ffmpeg_util.h"
#include "media/video_frame_impl.h"

namespace mimic::media {

struct BgrConverter::Impl {
    SwsPtr sws;
};

BgrConverter::BgrConverter() : impl_(std::make_unique<Impl>()) {}
BgrConverter::BgrConverter(BgrConverter&&) noexcept = default;
BgrConverter& BgrConverter::operator=(BgrConverter&&) noexcept = default;
BgrConverter::~BgrConverter() = default;

Status BgrConverter::convert(const VideoFrame& picture, std::uint8_t* bgr, int stride_bytes) {
    const AVFrame& f = *picture.impl().frame;
    if (bgr == nullptr || f.width <= 0 || f.height <= 0 || stride_bytes < f.width * 3) {
        return Error{"cannot convert a picture to BGR: no or too small a destination"};
    }
    SwsContext* sws = sws_getCachedContext(
        impl_->sws.release(), f.width, f.height, static_cast<AVPixelFormat>(f.format), f.width,
        f.height, AV_PIX_FMT_BGR24, SWS_BILINEAR, nullptr, nullptr, nullptr);
    impl_->sws.reset(sws);
    if (sws == nullptr) {
        return Error{"cannot convert a " + picture.pixelFormat() + " picture to BGR"};
    }
    std::uint8_t* const dst[] = {bgr};
    const int dst_stride[] = {stride_bytes};
    sws_scale(sws, f.data, f.linesize, 0, f.height, dst, dst_stride);
    return okStatus();
}

}  // namespace mimic::media
