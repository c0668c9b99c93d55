// PictureDescription: how the samples of a decoded VideoFrame are laid out and what colours
// they mean, in library-neutral terms, so a renderer can upload the planes as they are
// (src/ui maps it onto render::FrameView; media does not depend on render).
//
// The layouts listed are the ones the renderer draws directly; any other decoded format is
// converted ONCE here with swscale (toDrawable) to yuv420p, or to rgba for RGB formats.
//
// Ownership: a description borrows the frame's planes; it is valid while the frame lives
// and is not moved-from. Threads: pure functions of their arguments; any thread.
#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include "common/result.h"
#include "media/video_frame.h"

namespace mimic::media {

enum class PictureLayout {
    kNone = 0,
    kYuv420p,  // planar, chroma halved both ways (8, 10 or 12 bits)
    kYuv422p,  // planar, chroma halved horizontally
    kYuv444p,  // planar, full-size chroma
    kNv12,     // Y plane + interleaved UV, 8 bits
    kP010,     // as NV12, 16-bit samples with 10 significant high bits
    kRgb24,    // packed R, G, B
    kRgba,     // packed R, G, B, A or X (alpha ignored)
};

enum class PictureMatrix { kUnknown = 0, kBt601, kBt709, kBt2020Ncl };
enum class PictureRange { kUnknown = 0, kLimited, kFull };
// Where 4:2:x chroma sits relative to luma (H.264 "left" is the usual default).
enum class PictureSiting { kUnknown = 0, kLeft, kCentre, kTopLeft };

struct PicturePlane {
    const std::uint8_t* data = nullptr;
    int stride_bytes = 0;
};

struct PictureDescription {
    PictureLayout layout = PictureLayout::kNone;
    int bit_depth = 8;  // significant bits per sample (P010: 10)
    int width = 0;
    int height = 0;
    std::array<PicturePlane, 4> planes{};
    // As the frame is tagged; kUnknown where the stream does not say (the renderer picks a
    // default). yuvj* formats are full range.
    PictureMatrix matrix = PictureMatrix::kUnknown;
    PictureRange range = PictureRange::kUnknown;
    PictureSiting siting = PictureSiting::kUnknown;
};

// The description of `frame` if its format is one the renderer draws as it is; nullopt
// otherwise (convert it with toDrawable first).
std::optional<PictureDescription> describePicture(const VideoFrame& frame);

// `frame` itself when describePicture() accepts it, else a copy converted with swscale to
// yuv420p (keeping its matrix and range) or to rgba (RGB formats). The error is one line
// naming the pixel format.
Result<VideoFrame> toDrawable(VideoFrame frame);

}  // namespace mimic::media
