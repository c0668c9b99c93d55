#include "render/colour_maths.h"

#include <cassert>

namespace mimic::render {
namespace {

// ffmpeg and the ITU call the stream "HD" above 576 lines (PAL SD height).
constexpr int kMaxSdLines = 576;

}  // namespace

std::array<double, 2> lumaCoefficients(ColourMatrix matrix) {
    switch (matrix) {
        case ColourMatrix::kBt601:
            return {0.299, 0.114};
        case ColourMatrix::kBt709:
            return {0.2126, 0.0722};
        case ColourMatrix::kBt2020Ncl:
            return {0.2627, 0.0593};
        case ColourMatrix::kUnknown:
            break;
    }
    assert(false && "resolve the matrix before asking for its coefficients");
    return {0.299, 0.114};
}

YuvToRgb yuvToRgbMatrix(ColourMatrix matrix, ColourRange range, int bit_depth,
                        SampleStorage storage) {
    assert(bit_depth >= 8 && bit_depth <= 16);
    const auto [kr, kb] = lumaCoefficients(matrix);
    const double kg = 1.0 - kr - kb;

    // Code value = texture value * code_scale.
    double code_scale = 255.0;
    if (storage == SampleStorage::kLowBits16) code_scale = 65535.0;
    if (storage == SampleStorage::kHighBits16) code_scale = 65535.0 / (1 << (16 - bit_depth));

    // Y' = y_gain * code + y_bias in 0..1, Cb/Cr = c_gain * code + c_bias in -0.5..0.5.
    const double step = static_cast<double>(1 << (bit_depth - 8));  // one 8-bit code
    double y_gain = 0, y_bias = 0, c_gain = 0, c_bias = 0;
    if (range == ColourRange::kFull) {
        const double max_code = static_cast<double>((1 << bit_depth) - 1);
        y_gain = 1.0 / max_code;
        c_gain = 1.0 / max_code;
        c_bias = -static_cast<double>(1 << (bit_depth - 1)) / max_code;
    } else {
        assert(range == ColourRange::kLimited);
        y_gain = 1.0 / (219.0 * step);
        y_bias = -16.0 / 219.0;
        c_gain = 1.0 / (224.0 * step);
        c_bias = -128.0 / 224.0;
    }

    // R'G'B' from Y'CbCr (ITU-R BT.601/709/2020 inverse of the luma/colour-difference
    // equations).
    const double m[3][3] = {
        {1.0, 0.0, 2.0 * (1.0 - kr)},
        {1.0, -2.0 * kb * (1.0 - kb) / kg, -2.0 * kr * (1.0 - kr) / kg},
        {1.0, 2.0 * (1.0 - kb), 0.0},
    };
    YuvToRgb out;
    for (int row = 0; row < 3; ++row) {
        out.matrix[row][0] = static_cast<float>(m[row][0] * y_gain * code_scale);
        out.matrix[row][1] = static_cast<float>(m[row][1] * c_gain * code_scale);
        out.matrix[row][2] = static_cast<float>(m[row][2] * c_gain * code_scale);
        out.offset[row] = static_cast<float>(m[row][0] * y_bias + (m[row][1] + m[row][2]) * c_bias);
    }
    return out;
}

ColourSpace resolveColourSpace(const FrameView& frame) {
    ColourSpace colour = frame.colour;
    if (!isYuv(frame.layout)) {
        colour.range = ColourRange::kFull;
        return colour;
    }
    if (colour.matrix == ColourMatrix::kUnknown) {
        colour.matrix = frame.height > kMaxSdLines ? ColourMatrix::kBt709 : ColourMatrix::kBt601;
    }
    if (colour.range == ColourRange::kUnknown) colour.range = ColourRange::kLimited;
    if (colour.chroma_siting == ChromaSiting::kUnknown) colour.chroma_siting = ChromaSiting::kLeft;
    return colour;
}

SampleStorage sampleStorage(const FrameView& frame) {
    if (frame.layout == PixelLayout::kP010) return SampleStorage::kHighBits16;
    if (isYuv(frame.layout) && frame.bit_depth > 8) return SampleStorage::kLowBits16;
    return SampleStorage::kPacked8;
}

}  // namespace mimic::render
