#include "media/picture_description.h"

extern "C" {
#include <libavutil/pixdesc.h>
#include <libswscale/swscale.h>
}

#include <utility>

#include "media/video_frame_impl.h"

namespace mimic::media {
namespace {

struct LayoutOf {
    PictureLayout layout = PictureLayout::kNone;
    int bit_depth = 8;
    bool full_range = false;  // yuvj*: full range whatever the tag says
};

LayoutOf layoutOf(AVPixelFormat format) {
    using L = PictureLayout;
    switch (format) {
        case AV_PIX_FMT_YUV420P:
            return {L::kYuv420p, 8, false};
        case AV_PIX_FMT_YUVJ420P:
            return {L::kYuv420p, 8, true};
        case AV_PIX_FMT_YUV422P:
            return {L::kYuv422p, 8, false};
        case AV_PIX_FMT_YUVJ422P:
            return {L::kYuv422p, 8, true};
        case AV_PIX_FMT_YUV444P:
            return {L::kYuv444p, 8, false};
        case AV_PIX_FMT_YUVJ444P:
            return {L::kYuv444p, 8, true};
        case AV_PIX_FMT_YUV420P10LE:
            return {L::kYuv420p, 10, false};
        case AV_PIX_FMT_YUV422P10LE:
            return {L::kYuv422p, 10, false};
        case AV_PIX_FMT_YUV444P10LE:
            return {L::kYuv444p, 10, false};
        case AV_PIX_FMT_YUV420P12LE:
            return {L::kYuv420p, 12, false};
        case AV_PIX_FMT_YUV422P12LE:
            return {L::kYuv422p, 12, false};
        case AV_PIX_FMT_YUV444P12LE:
            return {L::kYuv444p, 12, false};
        case AV_PIX_FMT_NV12:
            return {L::kNv12, 8, false};
        case AV_PIX_FMT_P010LE:
            return {L::kP010, 10, false};
        case AV_PIX_FMT_RGB24:
            return {L::kRgb24, 8, true};
        case AV_PIX_FMT_RGBA:
        case AV_PIX_FMT_RGB0:
            return {L::kRgba, 8, true};
        default:
            return {};
    }
}

PictureMatrix matrixOf(AVColorSpace space) {
    switch (space) {
        case AVCOL_SPC_BT470BG:
        case AVCOL_SPC_SMPTE170M:
        case AVCOL_SPC_FCC:
            return PictureMatrix::kBt601;
        case AVCOL_SPC_BT709:
            return PictureMatrix::kBt709;
        case AVCOL_SPC_BT2020_NCL:
        case AVCOL_SPC_BT2020_CL:
            return PictureMatrix::kBt2020Ncl;
        default:
            return PictureMatrix::kUnknown;
    }
}

PictureSiting sitingOf(AVChromaLocation location) {
    switch (location) {
        case AVCHROMA_LOC_LEFT:
            return PictureSiting::kLeft;
        case AVCHROMA_LOC_CENTER:
            return PictureSiting::kCentre;
        case AVCHROMA_LOC_TOPLEFT:
            return PictureSiting::kTopLeft;
        default:
            return PictureSiting::kUnknown;
    }
}

// swscale's coefficient table for a tagged matrix (BT.601 when untagged, as swscale does).
int swsColourspace(AVColorSpace space) {
    switch (space) {
        case AVCOL_SPC_BT709:
            return SWS_CS_ITU709;
        case AVCOL_SPC_BT2020_NCL:
        case AVCOL_SPC_BT2020_CL:
            return SWS_CS_BT2020;
        case AVCOL_SPC_FCC:
            return SWS_CS_FCC;
        case AVCOL_SPC_SMPTE240M:
            return SWS_CS_SMPTE240M;
        default:
            return SWS_CS_ITU601;
    }
}

}  // namespace

std::optional<PictureDescription> describePicture(const VideoFrame& frame) {
    const AVFrame& f = *frame.impl().frame;
    const LayoutOf layout = layoutOf(static_cast<AVPixelFormat>(f.format));
    if (layout.layout == PictureLayout::kNone) return std::nullopt;
    PictureDescription d;
    d.layout = layout.layout;
    d.bit_depth = layout.bit_depth;
    d.width = f.width;
    d.height = f.height;
    for (std::size_t i = 0; i < d.planes.size(); ++i) {
        d.planes[i] = {f.data[i], f.linesize[i]};
    }
    d.matrix = matrixOf(f.colorspace);
    if (layout.full_range || f.color_range == AVCOL_RANGE_JPEG) {
        d.range = PictureRange::kFull;
    } else if (f.color_range == AVCOL_RANGE_MPEG) {
        d.range = PictureRange::kLimited;
    }
    d.siting = sitingOf(f.chroma_location);
    return d;
}

Result<VideoFrame> toDrawable(VideoFrame frame) {
    if (describePicture(frame)) return frame;
    const AVFrame& in = *frame.impl().frame;
    const auto in_format = static_cast<AVPixelFormat>(in.format);
    const AVPixFmtDescriptor* desc = av_pix_fmt_desc_get(in_format);
    if (desc == nullptr || in.width <= 0 || in.height <= 0) {
        return Error{"cannot show a picture in pixel format '" + frame.pixelFormat() +
                     "': not a known picture layout"};
    }
    const bool rgb = (desc->flags & AV_PIX_FMT_FLAG_RGB) != 0;
    const AVPixelFormat out_format = rgb ? AV_PIX_FMT_RGBA : AV_PIX_FMT_YUV420P;
    SwsPtr sws(sws_getContext(in.width, in.height, in_format, in.width, in.height, out_format,
                              SWS_BICUBIC | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INT, nullptr, nullptr,
                              nullptr));
    if (!sws) {
        return Error{"cannot show a picture in pixel format '" + frame.pixelFormat() +
                     "': swscale cannot convert it"};
    }
    // YUV to YUV keeps the matrix and the range (the renderer applies them); only the
    // layout changes.
    const bool full = in.color_range == AVCOL_RANGE_JPEG ||
                      (desc->flags & AV_PIX_FMT_FLAG_RGB) != 0 ||
                      frame.pixelFormat().rfind("yuvj", 0) == 0;
    const int* table = sws_getCoefficients(swsColourspace(in.colorspace));
    sws_setColorspaceDetails(sws.get(), table, full ? 1 : 0, table, full ? 1 : 0, 0, 1 << 16,
                             1 << 16);

    FramePtr out = makeFrame();
    out->format = out_format;
    out->width = in.width;
    out->height = in.height;
    // Extra rows of padding: swscale may write past the last row at odd sizes.
    if (av_frame_get_buffer(out.get(), 64) < 0 || av_frame_copy_props(out.get(), &in) < 0) {
        return Error{"cannot show a picture in pixel format '" + frame.pixelFormat() +
                     "': out of memory"};
    }
    if (rgb) {
        out->colorspace = AVCOL_SPC_RGB;
        out->color_range = AVCOL_RANGE_JPEG;
    } else if (full) {
        out->color_range = AVCOL_RANGE_JPEG;
    }
    // swscale places the chroma of what it makes between the luma samples (MPEG-1 style).
    if (!rgb) out->chroma_location = AVCHROMA_LOC_CENTER;
    sws_scale(sws.get(), in.data, in.linesize, 0, in.height, out->data, out->linesize);
    auto impl = std::make_unique<VideoFrame::Impl>();
    impl->frame = std::move(out);
    impl->pts_us = frame.pts_us();
    impl->corrupt = frame.corrupt();
    return VideoFrame(std::move(impl));
}

}  // namespace mimic::media
