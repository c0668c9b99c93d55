// Colour maths of the renderer, without GL (in the spirit of mpv's csputils): the matrix that
// turns the values a shader reads from the uploaded planes into RGB. Pure functions; any thread.
#pragma once

#include <array>

#include "render/frame_view.h"

namespace mimic::render {

// rgb = matrix * sample + offset, where `sample` is (Y, Cb, Cr) as the shader reads it from
// the textures: code / 255 for 8-bit samples, code / 65535 for 16-bit ones (so a 10-bit code
// stored low in 16 bits reads as code / 65535, and a P010 code as code * 64 / 65535).
// The result is R'G'B' in 0..1 (values outside are clamped by the shader).
struct YuvToRgb {
    std::array<std::array<float, 3>, 3> matrix{};  // [row][column]
    std::array<float, 3> offset{};
};

// Where the significant bits of a sample sit in its storage.
enum class SampleStorage {
    kPacked8,    // one byte per sample
    kLowBits16,  // 16-bit sample, value in the low bits (yuv420p10le ...)
    kHighBits16  // 16-bit sample, value in the high bits (P010)
};

// Kr and Kb of a matrix (BT.601: 0.299/0.114, BT.709: 0.2126/0.0722, BT.2020: 0.2627/0.0593).
// `matrix` must not be kUnknown (resolve it first).
std::array<double, 2> lumaCoefficients(ColourMatrix matrix);

// The conversion for samples of `bit_depth` significant bits (8..16) stored as `storage`.
// `matrix` and `range` must be resolved (not kUnknown).
YuvToRgb yuvToRgbMatrix(ColourMatrix matrix, ColourRange range, int bit_depth,
                        SampleStorage storage);

// The colour description to use for a frame: a stream that does not say is BT.709 above 576
// lines and BT.601 otherwise, limited range, chroma sited left. RGB layouts are full range.
ColourSpace resolveColourSpace(const FrameView& frame);

// How `frame`'s samples are stored (from its layout and bit depth).
SampleStorage sampleStorage(const FrameView& frame);

}  // namespace mimic::render
