// The GL pipeline against the ffmpeg CLI as oracle: raw frames made by ffmpeg in each layout,
// depth, matrix and range are drawn offscreen and compared with ffmpeg's own conversion of the
// same frame (swscale, accurate rounding, full chroma interpolation), both reduced to a quarter
// of their width and height by area averaging. Geometry (rotation, mirror, anamorphic,
// letterbox) and the failure paths (bad frames, GL errors, unwritable PNG) too.
#include <epoxy/gl.h>
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "gl_test_context.h"
#include "media/media_test_util.h"
#include "picture_compare.h"
#include "render/video_renderer.h"

namespace mimic::render {
namespace {

using media::testing::ffmpegMake;
using media::testing::ffprobeJson;
using media::testing::shellQuoted;
using media::testing::TempDir;
using mimic::testing::psnr;
using mimic::testing::quarterPsnr;

std::vector<std::uint8_t> readFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// One raw frame as ffmpeg writes it (planes back to back, rows packed).
struct RawFrame {
    std::vector<std::uint8_t> bytes;
    FrameView view;
};

RawFrame rawFrame(std::vector<std::uint8_t> bytes, PixelLayout layout, int bit_depth, int width,
                  int height) {
    RawFrame raw{std::move(bytes), {}};
    FrameView& v = raw.view;
    v.layout = layout;
    v.bit_depth = bit_depth;
    v.width = width;
    v.height = height;
    const int sample = (bit_depth > 8 || layout == PixelLayout::kP010) ? 2 : 1;
    const auto [sx, sy] = chromaShift(layout);
    const int cw = (width + (1 << sx) - 1) >> sx;
    const int ch = (height + (1 << sy) - 1) >> sy;
    std::size_t offset = 0;
    auto addPlane = [&](int index, int row_bytes, int rows) {
        v.planes[static_cast<std::size_t>(index)] = {raw.bytes.data() + offset, row_bytes};
        offset += static_cast<std::size_t>(row_bytes) * static_cast<std::size_t>(rows);
    };
    switch (layout) {
        case PixelLayout::kRgb24:
            addPlane(0, width * 3, height);
            break;
        case PixelLayout::kRgba:
            addPlane(0, width * 4, height);
            break;
        case PixelLayout::kNv12:
        case PixelLayout::kP010:
            addPlane(0, width * sample, height);
            addPlane(1, cw * 2 * sample, ch);
            break;
        default:
            addPlane(0, width * sample, height);
            addPlane(1, cw * sample, ch);
            addPlane(2, cw * sample, ch);
            break;
    }
    EXPECT_EQ(offset, raw.bytes.size()) << "raw frame size does not match its layout";
    return raw;
}

RgbImage rgbFile(const std::filesystem::path& path, int width, int height) {
    RgbImage image{width, height, readFile(path)};
    EXPECT_EQ(image.pixels.size(),
              static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 3);
    return image;
}

std::string sizeArg(int width, int height) {
    return std::to_string(width) + "x" + std::to_string(height);
}

class RenderTest : public ::testing::Test {
  protected:
    void SetUp() override {
        auto& gl = testing::GlTestContext::current();
        ASSERT_TRUE(gl.error.empty()) << gl.error;
        auto renderer = VideoRenderer::create();
        ASSERT_TRUE(renderer.ok()) << renderer.error().message;
        renderer_ = std::make_unique<VideoRenderer>(std::move(*renderer));
    }
    void TearDown() override {
        if (renderer_) {
            Status errors = renderer_->takeGlErrors();
            EXPECT_TRUE(errors.ok()) << errors.error().message;
        }
    }

    // Uploads and renders `frame` at `size` (its display size if empty); fails the test on
    // any error.
    RgbImage render(const FrameView& frame, Size size = {}) {
        Status uploaded = renderer_->upload(frame);
        EXPECT_TRUE(uploaded.ok()) << uploaded.error().message;
        if (size.width == 0) size = renderer_->displaySize();
        auto image = renderer_->renderToImage(size);
        EXPECT_TRUE(image.ok()) << image.error().message;
        return image.ok() ? std::move(*image) : RgbImage{};
    }

    TempDir dir_{"render-test"};
    std::unique_ptr<VideoRenderer> renderer_;
};

// --- Colour: the matrix against ffmpeg ---------------------------------------------------

struct ColourCase {
    const char* name;
    const char* pix_fmt;
    PixelLayout layout;
    int bit_depth;
    const char* ff_matrix;
    ColourMatrix matrix;
    const char* ff_range;
    ColourRange range;
    int width;
    int height;
    ChromaSiting siting;
};

std::ostream& operator<<(std::ostream& out, const ColourCase& c) {
    return out << c.name;
}

using PL = PixelLayout;
using CM = ColourMatrix;
using CR = ColourRange;
using CS = ChromaSiting;

// An 8-bit 4:2:0 BT.601 limited-range picture of the given size (the geometry tests' kind).
ColourCase plain420(const char* name, int width, int height) {
    return {name, "yuv420p",    PL::kYuv420p, 8,      "bt601",    CM::kBt601,
            "tv", CR::kLimited, width,        height, CS::kCentre};
}

class ColourTest : public RenderTest, public ::testing::WithParamInterface<ColourCase> {};

// ffmpeg's testsrc2 (colour bars, gradients, moving text), or `source` if given, converted to
// the case's layout with its matrix and range.
RawFrame makeSource(const TempDir& dir, const ColourCase& c, const std::string& source = "") {
    const auto path = dir / (std::string(c.name) + ".raw");
    const std::string input =
        source.empty() ? "testsrc2=s=" + sizeArg(c.width, c.height) + ":r=5" : source;
    EXPECT_TRUE(ffmpegMake(
        path, "-f lavfi -i " + input + ",format=rgb24 -frames:v 1 -vf scale=out_color_matrix=" +
                  c.ff_matrix + ":out_range=" + c.ff_range +
                  ":flags=accurate_rnd+full_chroma_int,format=" + c.pix_fmt + " -f rawvideo"));
    RawFrame raw = rawFrame(readFile(path), c.layout, c.bit_depth, c.width, c.height);
    raw.view.colour = {c.matrix, c.range, c.siting};
    return raw;
}

// ffmpeg's RGB conversion of the raw frame, told its matrix, range and chroma siting, then
// `extra_filters` (a turn, a mirror, a resize) giving a picture of `out`.
RgbImage oracle(const TempDir& dir, const ColourCase& c, const std::string& extra_filters = "",
                Size out = {}) {
    const auto source = dir / (std::string(c.name) + ".raw");
    const auto path = dir / (std::string(c.name) + ".rgb");
    std::string siting;
    if (c.siting == ChromaSiting::kLeft) siting = ":in_h_chr_pos=0:in_v_chr_pos=128";
    if (c.siting == ChromaSiting::kTopLeft) siting = ":in_h_chr_pos=0:in_v_chr_pos=0";
    EXPECT_TRUE(ffmpegMake(path, std::string("-f rawvideo -pix_fmt ") + c.pix_fmt + " -s " +
                                     sizeArg(c.width, c.height) + " -i " + shellQuoted(source) +
                                     " -vf scale=in_color_matrix=" + c.ff_matrix +
                                     ":in_range=" + c.ff_range + siting +
                                     ":flags=accurate_rnd+full_chroma_int+bicubic,format=rgb24" +
                                     extra_filters + " -f rawvideo"));
    if (out.width == 0) out = {c.width, c.height};
    return rgbFile(path, out.width, out.height);
}

TEST_P(ColourTest, MatchesFfmpegConversion) {
    const ColourCase& c = GetParam();
    const RawFrame raw = makeSource(dir_, c);
    const RgbImage expected = oracle(dir_, c);
    const RgbImage actual = render(raw.view);
    ASSERT_EQ(actual.width, c.width);
    ASSERT_EQ(actual.height, c.height);
    const double psnr = quarterPsnr(actual, expected);
    RecordProperty("psnr_db", std::to_string(psnr));
    std::printf("[ psnr     ] %s: %.1f dB\n", c.name, psnr);
    EXPECT_GE(psnr, 35.0);
}

INSTANTIATE_TEST_SUITE_P(
    Matrix, ColourTest,
    ::testing::Values(ColourCase{"yuv420p_601_tv", "yuv420p", PL::kYuv420p, 8, "bt601", CM::kBt601,
                                 "tv", CR::kLimited, 320, 240, CS::kCentre},
                      ColourCase{"yuv420p_709_tv", "yuv420p", PL::kYuv420p, 8, "bt709", CM::kBt709,
                                 "tv", CR::kLimited, 320, 240, CS::kCentre},
                      ColourCase{"yuv420p_2020_tv", "yuv420p", PL::kYuv420p, 8, "bt2020",
                                 CM::kBt2020Ncl, "tv", CR::kLimited, 320, 240, CS::kCentre},
                      ColourCase{"yuv420p_709_pc", "yuv420p", PL::kYuv420p, 8, "bt709", CM::kBt709,
                                 "pc", CR::kFull, 320, 240, CS::kCentre},
                      ColourCase{"yuv420p_601_tv_left_sited", "yuv420p", PL::kYuv420p, 8, "bt601",
                                 CM::kBt601, "tv", CR::kLimited, 320, 240, CS::kLeft},
                      ColourCase{"yuv422p_709_tv", "yuv422p", PL::kYuv422p, 8, "bt709", CM::kBt709,
                                 "tv", CR::kLimited, 320, 240, CS::kCentre},
                      ColourCase{"yuv422p_601_pc", "yuv422p", PL::kYuv422p, 8, "bt601", CM::kBt601,
                                 "pc", CR::kFull, 320, 240, CS::kCentre},
                      ColourCase{"yuv444p_601_pc", "yuv444p", PL::kYuv444p, 8, "bt601", CM::kBt601,
                                 "pc", CR::kFull, 320, 240, CS::kCentre},
                      ColourCase{"yuv444p_2020_tv", "yuv444p", PL::kYuv444p, 8, "bt2020",
                                 CM::kBt2020Ncl, "tv", CR::kLimited, 320, 240, CS::kCentre},
                      ColourCase{"yuv420p10_2020_tv", "yuv420p10le", PL::kYuv420p, 10, "bt2020",
                                 CM::kBt2020Ncl, "tv", CR::kLimited, 320, 240, CS::kCentre},
                      ColourCase{"yuv420p10_709_pc", "yuv420p10le", PL::kYuv420p, 10, "bt709",
                                 CM::kBt709, "pc", CR::kFull, 320, 240, CS::kCentre},
                      ColourCase{"yuv422p10_601_tv", "yuv422p10le", PL::kYuv422p, 10, "bt601",
                                 CM::kBt601, "tv", CR::kLimited, 320, 240, CS::kCentre},
                      ColourCase{"yuv444p10_709_tv", "yuv444p10le", PL::kYuv444p, 10, "bt709",
                                 CM::kBt709, "tv", CR::kLimited, 320, 240, CS::kCentre},
                      ColourCase{"yuv420p12_2020_pc", "yuv420p12le", PL::kYuv420p, 12, "bt2020",
                                 CM::kBt2020Ncl, "pc", CR::kFull, 320, 240, CS::kCentre},
                      ColourCase{"nv12_709_tv", "nv12", PL::kNv12, 8, "bt709", CM::kBt709, "tv",
                                 CR::kLimited, 320, 240, CS::kCentre},
                      ColourCase{"nv12_601_pc", "nv12", PL::kNv12, 8, "bt601", CM::kBt601, "pc",
                                 CR::kFull, 320, 240, CS::kCentre},
                      ColourCase{"p010_2020_tv", "p010le", PL::kP010, 10, "bt2020", CM::kBt2020Ncl,
                                 "tv", CR::kLimited, 320, 240, CS::kCentre},
                      ColourCase{"p010_709_tv_left_sited", "p010le", PL::kP010, 10, "bt709",
                                 CM::kBt709, "tv", CR::kLimited, 320, 240, CS::kLeft}),
    [](const ::testing::TestParamInfo<ColourCase>& param_info) {
        return std::string(param_info.param.name);
    });

// The same comparison catches a wrong matrix and a wrong range: proof that the 35 dB bar
// means something.
TEST_F(RenderTest, WrongMatrixOrRangeFallsFarBelowTheBar) {
    ColourCase c = plain420("control_709_tv", 320, 240);
    c.ff_matrix = "bt709";
    c.matrix = CM::kBt709;
    RawFrame raw = makeSource(dir_, c);
    const RgbImage expected = oracle(dir_, c);
    const double right = quarterPsnr(render(raw.view), expected);

    raw.view.colour.matrix = ColourMatrix::kBt601;
    const double wrong_matrix = quarterPsnr(render(raw.view), expected);
    raw.view.colour.matrix = ColourMatrix::kBt709;
    raw.view.colour.range = ColourRange::kFull;
    const double wrong_range = quarterPsnr(render(raw.view), expected);
    std::printf("[ psnr     ] right %.1f dB, wrong matrix %.1f dB, wrong range %.1f dB\n", right,
                wrong_matrix, wrong_range);
    EXPECT_GE(right, 35.0);
    EXPECT_LT(wrong_matrix, 30.0);
    EXPECT_LT(wrong_range, 30.0);
}

// A stream that does not say its colours is shown as BT.601 limited, chroma left-sited,
// below 577 lines.
TEST_F(RenderTest, UnknownColourIsBt601LimitedForSd) {
    ColourCase c = plain420("unknown_sd", 320, 240);
    c.siting = CS::kLeft;  // ffmpeg is told bt601, tv, left-sited chroma
    RawFrame raw = makeSource(dir_, c);
    raw.view.colour = {};  // the renderer is told nothing
    EXPECT_GE(quarterPsnr(render(raw.view), oracle(dir_, c)), 35.0);
}

// Chroma siting moves chroma by half a luma pixel: at full size the declared siting matches
// ffmpeg told the same siting better than the other one does.
TEST_F(RenderTest, ChromaSitingShiftsChroma) {
    ColourCase c = plain420("siting", 320, 240);
    c.siting = CS::kLeft;
    RawFrame raw = makeSource(dir_, c);
    const RgbImage expected = oracle(dir_, c);  // told: left
    const double left = psnr(render(raw.view), expected, 1);
    raw.view.colour.chroma_siting = ChromaSiting::kCentre;
    const double centre = psnr(render(raw.view), expected, 1);
    std::printf("[ psnr     ] full size, left-sited oracle: left %.1f dB, centre %.1f dB\n", left,
                centre);
    EXPECT_GT(left, centre + 1.0);
}

// An odd-sized picture is the top-left part of an even-sized coded one (as H.264 crops it):
// chroma sample i stays over luma column 2i..2i+1, it is not stretched over the odd width.
// The oracle converts the even-sized picture and crops it.
TEST_F(RenderTest, OddSizedPictureKeepsChromaOverItsLuma) {
    const ColourCase coded = plain420("odd_coded", 322, 244);
    RawFrame raw = makeSource(dir_, coded);
    raw.view.width = 321;
    raw.view.height = 243;
    const RgbImage actual = render(raw.view);
    ASSERT_EQ(actual.width, 321);
    ASSERT_EQ(actual.height, 243);
    const double psnr = quarterPsnr(actual, oracle(dir_, coded, ",crop=321:243:0:0", {321, 243}));
    std::printf("[ psnr     ] odd size 321x243: %.1f dB\n", psnr);
    EXPECT_GE(psnr, 35.0);
}

// --- Geometry: turns, mirror, anamorphic, letterbox --------------------------------------

bool isRed(const std::uint8_t* p) {
    return p[0] > 180 && p[1] < 80 && p[2] < 80;
}

// Which corners of `image` hold the red marker, as "TL TR BL BR" flags (8 px in from each).
std::string redCorners(const RgbImage& image) {
    const int in = 8;
    std::string s;
    s += isRed(image.at(in, in)) ? "TL" : "--";
    s += isRed(image.at(image.width - 1 - in, in)) ? " TR" : " --";
    s += isRed(image.at(in, image.height - 1 - in)) ? " BL" : " --";
    s += isRed(image.at(image.width - 1 - in, image.height - 1 - in)) ? " BR" : " --";
    return s;
}

struct TurnCase {
    const char* name;
    int rotation_degrees;
    bool hflip;
    const char* ff_filters;  // what ffmpeg does to show it upright
    const char* red_corner;  // where the stored picture's top-left marker ends up
};

class TurnTest : public RenderTest, public ::testing::WithParamInterface<TurnCase> {};

TEST_P(TurnTest, ShowsThePictureTheRightWayUp) {
    const TurnCase& t = GetParam();
    // A 320x180 picture: testsrc2 with a red square in its top-left corner.
    const ColourCase c = plain420(t.name, 320, 180);
    // The other corners are painted grey so only the marker is red.
    RawFrame raw = makeSource(dir_, c,
                              "testsrc2=s=320x180:r=5,drawbox=x=0:y=0:w=40:h=40:color=red:t=fill,"
                              "drawbox=x=280:y=0:w=40:h=40:color=gray:t=fill,"
                              "drawbox=x=0:y=140:w=40:h=40:color=gray:t=fill,"
                              "drawbox=x=280:y=140:w=40:h=40:color=gray:t=fill");
    raw.view.rotation_degrees = t.rotation_degrees;
    raw.view.hflip = t.hflip;
    const bool sideways = t.rotation_degrees % 180 != 0;
    const Size display = sideways ? Size{180, 320} : Size{320, 180};
    const RgbImage actual = render(raw.view);
    EXPECT_EQ(actual.width, display.width);
    EXPECT_EQ(actual.height, display.height);
    EXPECT_EQ(redCorners(actual), t.red_corner);
    const double psnr = quarterPsnr(actual, oracle(dir_, c, t.ff_filters, display));
    std::printf("[ psnr     ] %s: %.1f dB\n", t.name, psnr);
    EXPECT_GE(psnr, 35.0);
}

INSTANTIATE_TEST_SUITE_P(
    Turns, TurnTest,
    ::testing::Values(TurnCase{"upright", 0, false, "", "TL -- -- --"},
                      TurnCase{"clockwise_90", 90, false, ",transpose=clock", "-- TR -- --"},
                      TurnCase{"upside_down_180", 180, false, ",hflip,vflip", "-- -- -- BR"},
                      TurnCase{"clockwise_270", 270, false, ",transpose=cclock", "-- -- BL --"},
                      TurnCase{"mirrored", 0, true, ",hflip", "-- TR -- --"},
                      TurnCase{"mirrored_90", 90, true, ",hflip,transpose=clock", "-- -- -- BR"}),
    [](const ::testing::TestParamInfo<TurnCase>& param_info) {
        return std::string(param_info.param.name);
    });

TEST_F(RenderTest, AnamorphicPictureIsWidened) {
    // 352x288 with 16:11 samples shows 512x288 (PAL-style 16:9 CIF).
    const ColourCase c = plain420("anamorphic", 352, 288);
    RawFrame raw = makeSource(dir_, c);
    raw.view.sample_aspect_num = 16;
    raw.view.sample_aspect_den = 11;
    const RgbImage actual = render(raw.view);
    EXPECT_NEAR(actual.width, 512, 2);
    EXPECT_NEAR(actual.height, 288, 2);
    const double psnr =
        quarterPsnr(actual, oracle(dir_, c, ",scale=512:288:flags=bicubic", {512, 288}));
    std::printf("[ psnr     ] anamorphic: %.1f dB\n", psnr);
    EXPECT_GE(psnr, 35.0);
}

TEST_F(RenderTest, AnamorphicAndTurnedHasTheDisplaySize) {
    const ColourCase c = plain420("anamorphic_turned", 352, 288);
    RawFrame raw = makeSource(dir_, c);
    raw.view.sample_aspect_num = 16;
    raw.view.sample_aspect_den = 11;
    raw.view.rotation_degrees = 270;
    const RgbImage actual = render(raw.view);
    EXPECT_NEAR(actual.width, 288, 2);
    EXPECT_NEAR(actual.height, 512, 2);
}

TEST_F(RenderTest, OtherShapesAreLetterboxedOrPillarboxed) {
    const ColourCase c = plain420("boxed", 320, 240);
    const RawFrame raw = makeSource(dir_, c, "color=c=white:s=320x240:r=5");
    // 4:3 in 400x200: a 267 px wide picture in the middle, black bars left and right.
    const RgbImage wide = render(raw.view, {400, 200});
    ASSERT_EQ(wide.width, 400);
    const Rect rect = fitRect({320, 240}, {400, 200});
    EXPECT_EQ(wide.at(rect.x - 2, 100)[0], 0);
    EXPECT_EQ(wide.at(rect.x + rect.width + 1, 100)[0], 0);
    EXPECT_GT(wide.at(rect.x + 2, 100)[0], 240);
    EXPECT_GT(wide.at(rect.x + rect.width - 3, 100)[0], 240);
    // In 200x400: bars above and below.
    const RgbImage tall = render(raw.view, {200, 400});
    const Rect tall_rect = fitRect({320, 240}, {200, 400});
    EXPECT_EQ(tall.at(100, tall_rect.y - 2)[1], 0);
    EXPECT_EQ(tall.at(100, tall_rect.y + tall_rect.height + 1)[1], 0);
    EXPECT_GT(tall.at(100, tall_rect.y + 2)[1], 240);
}

// --- Layout details ----------------------------------------------------------------------

// Planes whose rows are padded (as FFmpeg allocates them, and an rgb24 stride that is not a
// whole number of pixels) draw the same as packed ones.
TEST_F(RenderTest, PaddedRowsDrawLikePackedOnes) {
    const ColourCase c = plain420("padded", 100, 60);
    const RawFrame raw = makeSource(dir_, c);
    const RgbImage packed = render(raw.view);

    std::vector<std::uint8_t> padded;
    FrameView view = raw.view;
    const int pad = 35;
    std::vector<std::size_t> offsets;
    for (int i = 0; i < 3; ++i) {
        const int rows = i == 0 ? 60 : 30;
        const Plane& p = raw.view.planes[static_cast<std::size_t>(i)];
        offsets.push_back(padded.size());
        for (int row = 0; row < rows; ++row) {
            const auto* src = static_cast<const std::uint8_t*>(p.data) + row * p.stride_bytes;
            padded.insert(padded.end(), src, src + p.stride_bytes);
            padded.insert(padded.end(), pad, 0xEE);
        }
    }
    for (std::size_t i = 0; i < 3; ++i) {
        view.planes[i] = {padded.data() + offsets[i], raw.view.planes[i].stride_bytes + pad};
    }
    EXPECT_EQ(render(view).pixels, packed.pixels);

    // rgb24 with a 301-byte stride (not a multiple of 3), from the picture just drawn.
    std::vector<std::uint8_t> rgb;
    for (int row = 0; row < packed.height; ++row) {
        rgb.insert(rgb.end(), packed.at(0, row), packed.at(0, row) + packed.width * 3);
        rgb.push_back(0xEE);
    }
    FrameView rgb_view;
    rgb_view.layout = PixelLayout::kRgb24;
    rgb_view.width = packed.width;
    rgb_view.height = packed.height;
    rgb_view.planes[0] = {rgb.data(), packed.width * 3 + 1};
    EXPECT_EQ(render(rgb_view).pixels, packed.pixels);
}

TEST_F(RenderTest, RgbaIsShownAsItIs) {
    std::vector<std::uint8_t> rgba(8 * 4 * 4);
    for (std::size_t i = 0; i < rgba.size(); i += 4) {
        rgba[i] = 10;
        rgba[i + 1] = 200;
        rgba[i + 2] = 77;
        rgba[i + 3] = 0;  // alpha is ignored
    }
    FrameView view;
    view.layout = PixelLayout::kRgba;
    view.width = 8;
    view.height = 4;
    view.planes[0] = {rgba.data(), 32};
    const RgbImage image = render(view);
    ASSERT_EQ(image.width, 8);
    EXPECT_EQ(image.at(3, 2)[0], 10);
    EXPECT_EQ(image.at(3, 2)[1], 200);
    EXPECT_EQ(image.at(3, 2)[2], 77);
}

// --- Failures ----------------------------------------------------------------------------

TEST_F(RenderTest, MalformedFramesAreRefusedWithOneLine) {
    std::vector<std::uint8_t> bytes(64 * 64 * 2);
    FrameView good;
    good.layout = PixelLayout::kNv12;
    good.width = 64;
    good.height = 32;
    good.planes[0] = {bytes.data(), 64};
    good.planes[1] = {bytes.data() + 64 * 32, 64};
    EXPECT_TRUE(renderer_->upload(good).ok());

    FrameView none = good;
    none.layout = PixelLayout::kNone;
    FrameView missing = good;
    missing.planes[1].data = nullptr;
    FrameView short_stride = good;
    short_stride.planes[1].stride_bytes = 40;
    FrameView deep = good;
    deep.bit_depth = 10;
    FrameView empty = good;
    empty.height = 0;
    for (const FrameView& bad : {none, missing, short_stride, deep, empty}) {
        Status status = renderer_->upload(bad);
        ASSERT_FALSE(status.ok());
        EXPECT_EQ(status.error().message.rfind("cannot show the picture", 0), 0u)
            << status.error().message;
        EXPECT_EQ(status.error().message.find('\n'), std::string::npos);
    }
    // The picture uploaded before is kept.
    EXPECT_EQ(renderer_->displaySize(), (Size{64, 32}));
}

TEST_F(RenderTest, GlErrorsAreReported) {
    // Binding a name that was never generated is an error in a core profile.
    glBindTexture(GL_TEXTURE_2D, 0xBADu);
    Status status = renderer_->takeGlErrors();
    ASSERT_FALSE(status.ok());
    EXPECT_NE(status.error().message.find("OpenGL reported an error"), std::string::npos);
    std::printf("[ gl error ] %s\n", status.error().message.c_str());
    EXPECT_TRUE(renderer_->takeGlErrors().ok());  // reported once
}

TEST_F(RenderTest, NothingUploadedDrawsBlack) {
    auto image = renderer_->renderToImage({16, 8});
    ASSERT_TRUE(image.ok()) << image.error().message;
    EXPECT_FALSE(renderer_->hasPicture());
    EXPECT_EQ(image->at(8, 4)[0] + image->at(8, 4)[1] + image->at(8, 4)[2], 0);
    EXPECT_FALSE(renderer_->renderToImage({0, 8}).ok());
}

// --- Snapshot path: renderFrame + PNG ----------------------------------------------------

TEST_F(RenderTest, RenderFrameWritesAPngAtDisplaySize) {
    const ColourCase c = plain420("png", 352, 288);
    RawFrame raw = makeSource(dir_, c);
    raw.view.sample_aspect_num = 16;
    raw.view.sample_aspect_den = 11;
    raw.view.rotation_degrees = 90;
    auto image = renderFrame(raw.view);
    ASSERT_TRUE(image.ok()) << image.error().message;
    const auto png = dir_ / "snapshot.png";
    ASSERT_TRUE(writePng(*image, png).ok());
    const auto probe = ffprobeJson(png, "-show_entries stream=width,height,pix_fmt");
    ASSERT_TRUE(probe.contains("streams")) << probe.dump();
    EXPECT_EQ(probe["streams"][0]["width"], 288);
    EXPECT_EQ(probe["streams"][0]["height"], 512);
    EXPECT_EQ(probe["streams"][0]["pix_fmt"], "rgb24");

    auto narrow = renderFrame(raw.view, 144);
    ASSERT_TRUE(narrow.ok()) << narrow.error().message;
    EXPECT_EQ(narrow->width, 144);
    EXPECT_EQ(narrow->height, 256);
}

TEST_F(RenderTest, UnwritablePngNamesTheFile) {
    const RgbImage image{2, 2, std::vector<std::uint8_t>(12, 128)};
    const auto path = dir_ / "no-such-folder" / "x.png";
    Status status = writePng(image, path);
    ASSERT_FALSE(status.ok());
    EXPECT_NE(status.error().message.find(path.string()), std::string::npos);
    EXPECT_FALSE(writePng(RgbImage{}, dir_ / "empty.png").ok());
}

}  // namespace
}  // namespace mimic::render
