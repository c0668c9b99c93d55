// The YUV->RGB matrices against the published coefficients (ITU-R BT.601, BT.709, BT.2020;
// the 8-bit matrices as printed in Poynton, "Digital Video and HD", and in JPEG/JFIF), and the
// limited/full code ranges at 8, 10 and 12 bits in each storage.
#include <gtest/gtest.h>

#include <array>

#include "render/colour_maths.h"

namespace mimic::render {
namespace {

// Applies `m` to code values, as the shader sees them from textures of `storage`.
std::array<double, 3> apply(const YuvToRgb& m, int y, int cb, int cr, int bit_depth,
                            SampleStorage storage) {
    double scale = 255.0;
    if (storage == SampleStorage::kLowBits16) scale = 65535.0;
    if (storage == SampleStorage::kHighBits16) scale = 65535.0 / (1 << (16 - bit_depth));
    const double t[3] = {y / scale, cb / scale, cr / scale};
    std::array<double, 3> rgb{};
    for (std::size_t r = 0; r < 3; ++r) {
        rgb[r] = m.offset[r];
        for (std::size_t k = 0; k < 3; ++k)
            rgb[r] += m.matrix[r][k] * t[k];
    }
    return rgb;
}

void expectRgb(const std::array<double, 3>& rgb, double r, double g, double b, double tolerance) {
    EXPECT_NEAR(rgb[0], r, tolerance);
    EXPECT_NEAR(rgb[1], g, tolerance);
    EXPECT_NEAR(rgb[2], b, tolerance);
}

TEST(ColourMaths, LumaCoefficientsAreTheStandardOnes) {
    EXPECT_EQ(lumaCoefficients(ColourMatrix::kBt601), (std::array<double, 2>{0.299, 0.114}));
    EXPECT_EQ(lumaCoefficients(ColourMatrix::kBt709), (std::array<double, 2>{0.2126, 0.0722}));
    EXPECT_EQ(lumaCoefficients(ColourMatrix::kBt2020Ncl), (std::array<double, 2>{0.2627, 0.0593}));
}

// 8-bit limited range, per code value: R = a(Y-16) + b(Cr-128), G = a(Y-16) - c(Cb-128) -
// d(Cr-128), B = a(Y-16) + e(Cb-128). With 8-bit textures (t = code/255) the matrix entries
// are these same numbers.
struct Published {
    ColourMatrix matrix;
    double a, b, c, d, e;
};

TEST(ColourMaths, EightBitLimitedMatchesPublishedMatrices) {
    const Published cases[] = {
        {ColourMatrix::kBt601, 1.164384, 1.596027, 0.391762, 0.812968, 2.017232},
        {ColourMatrix::kBt709, 1.164384, 1.792741, 0.213249, 0.532909, 2.112402},
        {ColourMatrix::kBt2020Ncl, 1.164384, 1.678674, 0.187326, 0.650424, 2.141772},
    };
    for (const Published& p : cases) {
        SCOPED_TRACE(static_cast<int>(p.matrix));
        const YuvToRgb m =
            yuvToRgbMatrix(p.matrix, ColourRange::kLimited, 8, SampleStorage::kPacked8);
        constexpr double kTol = 1e-5;
        EXPECT_NEAR(m.matrix[0][0], p.a, kTol);
        EXPECT_NEAR(m.matrix[0][1], 0.0, kTol);
        EXPECT_NEAR(m.matrix[0][2], p.b, kTol);
        EXPECT_NEAR(m.matrix[1][0], p.a, kTol);
        EXPECT_NEAR(m.matrix[1][1], -p.c, kTol);
        EXPECT_NEAR(m.matrix[1][2], -p.d, kTol);
        EXPECT_NEAR(m.matrix[2][0], p.a, kTol);
        EXPECT_NEAR(m.matrix[2][1], p.e, kTol);
        EXPECT_NEAR(m.matrix[2][2], 0.0, kTol);
        // Offsets: -(16a + 128b)/255 for red, and so on.
        EXPECT_NEAR(m.offset[0], -(16 * p.a + 128 * p.b) / 255.0, kTol);
        EXPECT_NEAR(m.offset[1], -(16 * p.a - 128 * (p.c + p.d)) / 255.0, kTol);
        EXPECT_NEAR(m.offset[2], -(16 * p.a + 128 * p.e) / 255.0, kTol);
    }
}

TEST(ColourMaths, EightBitFullRangeIsJfif) {
    // JFIF: R = Y + 1.402(Cr-128), G = Y - 0.344136(Cb-128) - 0.714136(Cr-128),
    // B = Y + 1.772(Cb-128).
    const YuvToRgb m =
        yuvToRgbMatrix(ColourMatrix::kBt601, ColourRange::kFull, 8, SampleStorage::kPacked8);
    constexpr double kTol = 1e-5;
    EXPECT_NEAR(m.matrix[0][0], 1.0, kTol);
    EXPECT_NEAR(m.matrix[0][2], 1.402, kTol);
    EXPECT_NEAR(m.matrix[1][1], -0.344136, kTol);
    EXPECT_NEAR(m.matrix[1][2], -0.714136, kTol);
    EXPECT_NEAR(m.matrix[2][1], 1.772, kTol);
    expectRgb(apply(m, 255, 128, 128, 8, SampleStorage::kPacked8), 1, 1, 1, 1e-5);
    expectRgb(apply(m, 0, 128, 128, 8, SampleStorage::kPacked8), 0, 0, 0, 1e-5);
}

// Black, white and mid grey land on 0, 1 and the mid code in every depth, range and storage.
TEST(ColourMaths, RangesAndDepthsMapBlackAndWhite) {
    struct Depth {
        int bits;
        SampleStorage storage;
    };
    const Depth depths[] = {{8, SampleStorage::kPacked8},
                            {10, SampleStorage::kLowBits16},
                            {12, SampleStorage::kLowBits16},
                            {10, SampleStorage::kHighBits16}};
    for (const Depth& d : depths) {
        for (ColourMatrix matrix :
             {ColourMatrix::kBt601, ColourMatrix::kBt709, ColourMatrix::kBt2020Ncl}) {
            SCOPED_TRACE(std::to_string(d.bits) + " bits, storage " +
                         std::to_string(static_cast<int>(d.storage)) + ", matrix " +
                         std::to_string(static_cast<int>(matrix)));
            const int step = 1 << (d.bits - 8);
            const int mid = 128 * step;
            const YuvToRgb limited =
                yuvToRgbMatrix(matrix, ColourRange::kLimited, d.bits, d.storage);
            expectRgb(apply(limited, 16 * step, mid, mid, d.bits, d.storage), 0, 0, 0, 1e-5);
            expectRgb(apply(limited, 235 * step, mid, mid, d.bits, d.storage), 1, 1, 1, 1e-5);
            // Chroma extremes 16/240 are +-0.5 of colour difference: B - Y = 2(1-Kb) * 0.5.
            const auto [kr, kb] = lumaCoefficients(matrix);
            const auto blue = apply(limited, 16 * step, 240 * step, mid, d.bits, d.storage);
            EXPECT_NEAR(blue[2], 1.0 - kb, 1e-5);
            const auto red = apply(limited, 16 * step, mid, 240 * step, d.bits, d.storage);
            EXPECT_NEAR(red[0], 1.0 - kr, 1e-5);

            const int max_code = (1 << d.bits) - 1;
            const YuvToRgb full = yuvToRgbMatrix(matrix, ColourRange::kFull, d.bits, d.storage);
            expectRgb(apply(full, 0, mid, mid, d.bits, d.storage), 0, 0, 0, 1e-5);
            expectRgb(apply(full, max_code, mid, mid, d.bits, d.storage), 1, 1, 1, 1e-5);
        }
    }
}

// A saturated primary, encoded by the forward equations, decodes back to that primary.
TEST(ColourMaths, PrimariesRoundTrip) {
    for (ColourMatrix matrix :
         {ColourMatrix::kBt601, ColourMatrix::kBt709, ColourMatrix::kBt2020Ncl}) {
        const auto [kr, kb] = lumaCoefficients(matrix);
        const double kg = 1 - kr - kb;
        const double rgb_in[3][3] = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
        for (const auto& c : rgb_in) {
            const double y = kr * c[0] + kg * c[1] + kb * c[2];
            const double pb = (c[2] - y) / (2 * (1 - kb));
            const double pr = (c[0] - y) / (2 * (1 - kr));
            // 10-bit limited codes, kept fractional so the check is exact.
            const double yc = 64 + 876 * y, cbc = 512 + 896 * pb, crc = 512 + 896 * pr;
            const YuvToRgb m =
                yuvToRgbMatrix(matrix, ColourRange::kLimited, 10, SampleStorage::kLowBits16);
            for (std::size_t r = 0; r < 3; ++r) {
                const double v =
                    m.offset[r] +
                    (m.matrix[r][0] * yc + m.matrix[r][1] * cbc + m.matrix[r][2] * crc) / 65535.0;
                EXPECT_NEAR(v, c[r], 1e-4);
            }
        }
    }
}

TEST(ColourMaths, UnknownColourFollowsTheHeightRule) {
    FrameView frame;
    frame.layout = PixelLayout::kYuv420p;
    frame.width = 720;
    frame.height = 576;
    ColourSpace sd = resolveColourSpace(frame);
    EXPECT_EQ(sd.matrix, ColourMatrix::kBt601);
    EXPECT_EQ(sd.range, ColourRange::kLimited);
    EXPECT_EQ(sd.chroma_siting, ChromaSiting::kLeft);
    frame.width = 1280;
    frame.height = 720;
    EXPECT_EQ(resolveColourSpace(frame).matrix, ColourMatrix::kBt709);
    frame.colour = {ColourMatrix::kBt2020Ncl, ColourRange::kFull, ChromaSiting::kTopLeft};
    const ColourSpace given = resolveColourSpace(frame);
    EXPECT_EQ(given.matrix, ColourMatrix::kBt2020Ncl);
    EXPECT_EQ(given.range, ColourRange::kFull);
    EXPECT_EQ(given.chroma_siting, ChromaSiting::kTopLeft);
    frame.layout = PixelLayout::kRgb24;
    frame.colour = {};
    EXPECT_EQ(resolveColourSpace(frame).range, ColourRange::kFull);
}

TEST(ColourMaths, SampleStorageFollowsLayoutAndDepth) {
    FrameView frame;
    frame.layout = PixelLayout::kYuv420p;
    EXPECT_EQ(sampleStorage(frame), SampleStorage::kPacked8);
    frame.bit_depth = 10;
    EXPECT_EQ(sampleStorage(frame), SampleStorage::kLowBits16);
    frame.layout = PixelLayout::kP010;
    EXPECT_EQ(sampleStorage(frame), SampleStorage::kHighBits16);
}

}  // namespace
}  // namespace mimic::render
