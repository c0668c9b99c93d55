#include "ui/picture_view.h"

namespace mimic::ui {
namespace {

render::PixelLayout layoutOf(media::PictureLayout layout) {
    using M = media::PictureLayout;
    using R = render::PixelLayout;
    switch (layout) {
        case M::kYuv420p:
            return R::kYuv420p;
        case M::kYuv422p:
            return R::kYuv422p;
        case M::kYuv444p:
            return R::kYuv444p;
        case M::kNv12:
            return R::kNv12;
        case M::kP010:
            return R::kP010;
        case M::kRgb24:
            return R::kRgb24;
        case M::kRgba:
            return R::kRgba;
        case M::kNone:
            break;
    }
    return R::kNone;
}

render::ColourMatrix matrixOf(media::PictureMatrix matrix) {
    switch (matrix) {
        case media::PictureMatrix::kBt601:
            return render::ColourMatrix::kBt601;
        case media::PictureMatrix::kBt709:
            return render::ColourMatrix::kBt709;
        case media::PictureMatrix::kBt2020Ncl:
            return render::ColourMatrix::kBt2020Ncl;
        case media::PictureMatrix::kUnknown:
            break;
    }
    return render::ColourMatrix::kUnknown;
}

render::ColourRange rangeOf(media::PictureRange range) {
    switch (range) {
        case media::PictureRange::kLimited:
            return render::ColourRange::kLimited;
        case media::PictureRange::kFull:
            return render::ColourRange::kFull;
        case media::PictureRange::kUnknown:
            break;
    }
    return render::ColourRange::kUnknown;
}

render::ChromaSiting sitingOf(media::PictureSiting siting) {
    switch (siting) {
        case media::PictureSiting::kLeft:
            return render::ChromaSiting::kLeft;
        case media::PictureSiting::kCentre:
            return render::ChromaSiting::kCentre;
        case media::PictureSiting::kTopLeft:
            return render::ChromaSiting::kTopLeft;
        case media::PictureSiting::kUnknown:
            break;
    }
    return render::ChromaSiting::kUnknown;
}

}  // namespace

render::FrameView frameView(const media::PictureDescription& picture,
                            const media::VideoStreamInfo& stream) {
    render::FrameView view;
    view.layout = layoutOf(picture.layout);
    view.bit_depth = picture.bit_depth;
    view.width = picture.width;
    view.height = picture.height;
    for (std::size_t i = 0; i < view.planes.size(); ++i) {
        view.planes[i] = {picture.planes[i].data, picture.planes[i].stride_bytes};
    }
    view.colour = {matrixOf(picture.matrix), rangeOf(picture.range), sitingOf(picture.siting)};
    view.sample_aspect_num = stream.sar_num;
    view.sample_aspect_den = stream.sar_den;
    view.rotation_degrees = stream.rotation_degrees;
    view.hflip = stream.hflip;
    return view;
}

Result<render::FrameView> frameView(const media::VideoFrame& frame,
                                    const media::VideoStreamInfo& stream) {
    const auto picture = media::describePicture(frame);
    if (!picture) {
        return Error{"cannot draw a picture in pixel format '" + frame.pixelFormat() +
                     "' (it was not converted)"};
    }
    return frameView(*picture, stream);
}

}  // namespace mimic::ui
