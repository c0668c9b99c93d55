// FrameView: a library-neutral description of one decoded picture, as the renderer takes it.
// No FFmpeg type appears here: src/media fills a FrameView from its frames (pointers into the
// frame's planes), so the renderer does not depend on the player engine.
//
// Ownership: a FrameView borrows; the planes must stay valid until the call it is passed to
// returns (the renderer copies them into textures and keeps no pointer).
#pragma once

#include <array>
#include <cstdint>

namespace mimic::render {

// How the samples are laid out in memory. Multi-byte samples are little-endian.
enum class PixelLayout {
    kNone = 0,
    kYuv420p,  // Y, U, V planes; chroma halved in both directions
    kYuv422p,  // Y, U, V planes; chroma halved horizontally
    kYuv444p,  // Y, U, V planes at full size
    kNv12,     // Y plane, interleaved UV plane, 4:2:0, 8 bits
    kP010,     // as NV12 with 16-bit samples holding 10 bits in the high bits
    kRgb24,    // packed R, G, B bytes
    kRgba,     // packed R, G, B, A bytes (alpha ignored)
};

// Matrix coefficients of Y'CbCr. kUnknown follows the rule in resolveColourSpace().
enum class ColourMatrix { kUnknown = 0, kBt601, kBt709, kBt2020Ncl };

// kLimited: 16-235 luma / 16-240 chroma at 8 bits (scaled by 2^(bits-8)). kFull: 0-2^bits-1.
enum class ColourRange { kUnknown = 0, kLimited, kFull };

// Where 4:2:0 / 4:2:2 chroma samples sit relative to luma.
// kLeft: co-sited with the left luma column, vertically between rows (MPEG-2, H.264 default).
// kCentre: between luma columns and rows (MPEG-1, JPEG). kTopLeft: co-sited with the top-left
// luma sample (BT.2020 4:2:0 in some streams). kUnknown is treated as kLeft.
enum class ChromaSiting { kUnknown = 0, kLeft, kCentre, kTopLeft };

struct ColourSpace {
    ColourMatrix matrix = ColourMatrix::kUnknown;
    ColourRange range = ColourRange::kUnknown;
    ChromaSiting chroma_siting = ChromaSiting::kUnknown;
};

struct Plane {
    const void* data = nullptr;
    int stride_bytes = 0;  // bytes from one row to the next (>= the row's payload)
};

struct FrameView {
    PixelLayout layout = PixelLayout::kNone;
    // Significant bits per sample: 8 for the 8-bit layouts, 8/10/12 for the planar YUV ones
    // (above 8 each sample takes 16 bits, value in the low bits), 10 for P010.
    int bit_depth = 8;
    int width = 0;  // luma samples
    int height = 0;
    std::array<Plane, 4> planes{};
    ColourSpace colour;
    // Shape of one sample: a 720x576 frame with 16:11 shows 1047 pixels wide. 0/0 means 1:1.
    int sample_aspect_num = 1;
    int sample_aspect_den = 1;
    // Clockwise turn that shows the picture upright (0, 90, 180 or 270), applied after
    // `hflip` (a horizontal mirror of the stored picture), as in a stream's display matrix.
    int rotation_degrees = 0;
    bool hflip = false;
};

// Number of planes `layout` uses (0 for kNone).
int planeCount(PixelLayout layout);
// True for the YUV layouts (false for RGB and kNone).
bool isYuv(PixelLayout layout);
// log2 of the chroma subsampling of `layout`: {horizontal, vertical}.
std::array<int, 2> chromaShift(PixelLayout layout);

}  // namespace mimic::render
