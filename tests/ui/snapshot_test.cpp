// mimic snapshot (ui::renderSnapshot and the command) against the ffmpeg CLI as oracle: a
// matrix of clips made by ffmpeg (4:2:0/4:2:2/4:4:4, 8 and 10 bit, BT.601/709/2020, limited
// and full range, rotated 90 and 270, anamorphic). Each snapshot must have the display size
// (+-2 px) and match ffmpeg's own conversion of the same frame (scale with the matching
// in_color_matrix/in_range and accurate_rnd+full_chroma_int, autorotate, SAR applied), both
// reduced to a quarter size by area averaging: PSNR >= 35 dB. A wrong time or a wrong matrix
// must score below (negative controls).
#include "ui/snapshot.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>

#include "media/media_test_util.h"
#include "picture_compare.h"

namespace mimic::ui {
namespace {

using media::testing::ffmpegMake;
using media::testing::ffprobeJson;
using media::testing::runCommand;
using media::testing::shellQuoted;
using media::testing::TempDir;
using mimic::testing::quarterPsnr;

constexpr double kMinPsnrDb = 35.0;
constexpr double kAtSeconds = 0.5;  // frame 5 of the 10 fps clips
constexpr int kAtFrame = 5;

struct SnapshotCase {
    const char* name;
    const char* pix_fmt;
    const char* matrix;  // ffmpeg's name: bt601 / bt709 / bt2020 (scale's in_color_matrix)
    const char* range;   // tv / pc
    const char* encode;  // codec and container options
    const char* extension;
    int width;
    int height;
    const char* after_encode;  // "" or ffmpeg output options on a stream copy (rotation)
    // The turn ffmpeg's own autorotation applies for the clip's display matrix, or "". (An
    // MP4 `rotate=90` tag written by FFmpeg 5.1 reads back as a 90-degree counter-clockwise
    // display rotation: the CLI turns such a clip with transpose=cclock, as we do.)
    const char* turn;
    const char* sar;  // "" or "16/11"
    int display_width;
    int display_height;
};

std::ostream& operator<<(std::ostream& out, const SnapshotCase& c) {
    return out << c.name;
}

// The tag name ffmpeg's -colorspace takes for scale's matrix name.
std::string colourspaceTag(const std::string& matrix) {
    if (matrix == "bt601") return "smpte170m";
    if (matrix == "bt2020") return "bt2020nc";
    return matrix;
}

std::vector<std::uint8_t> readFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Makes the case's clip: testsrc2 at 10 fps for 1 s, converted with the case's matrix and
// range, tagged with them, encoded, then (for rotations) re-muxed with the rotate tag.
std::filesystem::path makeClip(const TempDir& dir, const SnapshotCase& c) {
    const auto coded = dir / (std::string(c.name) + "-coded." + c.extension);
    std::string filters = std::string("scale=out_color_matrix=") + c.matrix +
                          ":out_range=" + c.range + ":flags=accurate_rnd+full_chroma_int," +
                          "format=" + c.pix_fmt;
    if (*c.sar != 0) filters += std::string(",setsar=") + c.sar;
    EXPECT_TRUE(ffmpegMake(coded, "-f lavfi -i testsrc2=s=" + std::to_string(c.width) + "x" +
                                      std::to_string(c.height) + ":r=10 -t 1 -vf " + filters +
                                      " -colorspace " + colourspaceTag(c.matrix) +
                                      " -color_range " + c.range + " " + c.encode));
    if (*c.after_encode == 0) return coded;
    const auto clip = dir / (std::string(c.name) + "." + c.extension);
    EXPECT_TRUE(ffmpegMake(clip, "-i " + shellQuoted(coded) + " -c copy " + c.after_encode));
    return clip;
}

// ffmpeg's picture of frame `frame`: converted in its stored orientation (so the chroma
// siting means what it says), then turned as the clip's rotation tag says, converted to RGB with
// the matrix and range told explicitly, stretched to the display size for anamorphic clips.
render::RgbImage oracle(const TempDir& dir, const std::filesystem::path& clip,
                        const SnapshotCase& c, const std::string& matrix, int frame, int width,
                        int height) {
    const auto out = dir / (std::string(c.name) + "-" + matrix + ".rgb");
    // Chroma sited left (H.264's default, what the renderer assumes for untagged 4:2:x);
    // the 4:4:0 clip is converted by swscale in media, which sites chroma in the centre.
    const std::string fmt = c.pix_fmt;
    const bool left_sited =
        fmt.find("420") != std::string::npos || fmt.find("422") != std::string::npos;
    const std::string chroma = left_sited ? ":in_h_chr_pos=0:in_v_chr_pos=128" : "";
    EXPECT_TRUE(ffmpegMake(
        out, "-noautorotate -i " + shellQuoted(clip) + " -vf 'select=eq(n\\," +
                 std::to_string(frame) + "),scale=in_color_matrix=" + matrix + ":in_range=" +
                 c.range + chroma + ":flags=accurate_rnd+full_chroma_int+bicubic,format=rgb24" +
                 c.turn + ",scale=" + std::to_string(width) + ":" + std::to_string(height) +
                 ":flags=bicubic' -frames:v 1 -f rawvideo"));
    render::RgbImage image{width, height, readFile(out)};
    EXPECT_EQ(image.pixels.size(), static_cast<std::size_t>(width * height * 3));
    return image;
}

class SnapshotTest : public ::testing::TestWithParam<SnapshotCase> {
  protected:
    TempDir dir_{"snapshot-test"};
};

TEST_P(SnapshotTest, HasDisplaySizeAndMatchesFfmpeg) {
    const SnapshotCase& c = GetParam();
    const auto clip = makeClip(dir_, c);
    auto image = renderSnapshot(clip, static_cast<std::int64_t>(kAtSeconds * 1e6));
    ASSERT_TRUE(image.ok()) << image.error().message;
    EXPECT_NEAR(image->width, c.display_width, 2);
    EXPECT_NEAR(image->height, c.display_height, 2);
    const auto expected = oracle(dir_, clip, c, c.matrix, kAtFrame, image->width, image->height);
    const double db = quarterPsnr(*image, expected);
    std::printf("[ psnr     ] %s: %.1f dB\n", c.name, db);
    EXPECT_GE(db, kMinPsnrDb);

    // Negative controls: the neighbouring frame, and (for YUV matrices that differ) another
    // matrix, must score below the bar, so the bar means something.
    const double neighbour = quarterPsnr(
        *image, oracle(dir_, clip, c, c.matrix, kAtFrame + 1, image->width, image->height));
    EXPECT_LT(neighbour, kMinPsnrDb) << "the next frame scores as well as the right one";
    const std::string other = std::string(c.matrix) == "bt709" ? "bt601" : "bt709";
    const double wrong =
        quarterPsnr(*image, oracle(dir_, clip, c, other, kAtFrame, image->width, image->height));
    std::printf("[ psnr     ] %s: next frame %.1f dB, %s matrix %.1f dB\n", c.name, neighbour,
                other.c_str(), wrong);
    EXPECT_LT(wrong, kMinPsnrDb) << "a wrong matrix scores as well as the right one";
}

// FFV1 keeps every layout and depth losslessly (so only the renderer is measured); H.264
// carries the rotation tags in MP4 as phones write them.
constexpr const char* kFfv1 = "-c:v ffv1 -f matroska";
constexpr const char* kX264 = "-c:v libx264 -crf 12 -f mp4";

INSTANTIATE_TEST_SUITE_P(
    Matrix, SnapshotTest,
    ::testing::Values(SnapshotCase{"yuv420p_bt601_tv", "yuv420p", "bt601", "tv", kFfv1, "mkv", 320,
                                   240, "", "", "", 320, 240},
                      SnapshotCase{"yuv420p_bt709_pc", "yuv420p", "bt709", "pc", kFfv1, "mkv", 320,
                                   240, "", "", "", 320, 240},
                      SnapshotCase{"yuv422p_bt709_tv", "yuv422p", "bt709", "tv", kFfv1, "mkv", 320,
                                   240, "", "", "", 320, 240},
                      SnapshotCase{"yuv444p_bt601_pc", "yuv444p", "bt601", "pc", kFfv1, "mkv", 320,
                                   240, "", "", "", 320, 240},
                      SnapshotCase{"yuv420p10_bt2020_tv", "yuv420p10le", "bt2020", "tv", kFfv1,
                                   "mkv", 320, 240, "", "", "", 320, 240},
                      SnapshotCase{"yuv422p10_bt709_pc", "yuv422p10le", "bt709", "pc", kFfv1, "mkv",
                                   320, 240, "", "", "", 320, 240},
                      SnapshotCase{"yuv444p10_bt2020_pc", "yuv444p10le", "bt2020", "pc", kFfv1,
                                   "mkv", 320, 240, "", "", "", 320, 240},
                      SnapshotCase{"h264_rotated_90", "yuv420p", "bt709", "tv", kX264, "mp4", 320,
                                   240, "-metadata:s:v rotate=90 -f mp4", ",transpose=cclock", "",
                                   240, 320},
                      SnapshotCase{"h264_rotated_270", "yuv420p", "bt601", "tv", kX264, "mp4", 320,
                                   240, "-metadata:s:v rotate=270 -f mp4", ",transpose=clock", "",
                                   240, 320},
                      SnapshotCase{"anamorphic_16_11", "yuv420p", "bt601", "tv", kFfv1, "mkv", 352,
                                   288, "", "", "16/11", 512, 288},
                      // Not drawn directly: converted once by swscale in media (4:4:0).
                      SnapshotCase{"yuv440p_converted", "yuv440p", "bt601", "tv", kFfv1, "mkv", 320,
                                   240, "", "", "", 320, 240}),
    [](const ::testing::TestParamInfo<SnapshotCase>& param) {
        return std::string(param.param.name);
    });

TEST(SnapshotCommand, WritesPngAtDisplaySizeAndWidth) {
    TempDir dir("snapshot-command");
    const auto clip = dir / "clip.mkv";
    ASSERT_TRUE(ffmpegMake(clip,
                           "-f lavfi -i testsrc2=s=352x288:r=10 -t 1 -vf setsar=16/11 "
                           "-c:v ffv1"));
    const std::string mimic = std::string(MIMIC_BINARY_DIR) + "/src/app/mimic";
    const auto png = dir / "shot.png";
    const auto run = runCommand(mimic + " snapshot " + shellQuoted(clip) + " --at 0.3 --out " +
                                shellQuoted(png) + " 2>&1");
    ASSERT_EQ(run.exit_code, 0) << run.out;
    const auto probed = ffprobeJson(png, "-show_entries stream=width,height");
    ASSERT_FALSE(probed["streams"].empty());
    EXPECT_NEAR(probed["streams"][0]["width"].get<int>(), 512, 2);
    EXPECT_EQ(probed["streams"][0]["height"].get<int>(), 288);

    const auto small = dir / "small.png";
    ASSERT_EQ(runCommand(mimic + " snapshot " + shellQuoted(clip) + " --at 0.3 --width 256 --out " +
                         shellQuoted(small))
                  .exit_code,
              0);
    const auto probed_small = ffprobeJson(small, "-show_entries stream=width,height");
    EXPECT_EQ(probed_small["streams"][0]["width"].get<int>(), 256);
    EXPECT_EQ(probed_small["streams"][0]["height"].get<int>(), 144);

    const auto missing = runCommand(mimic + " snapshot " + shellQuoted(dir / "nope.mkv") +
                                    " --out " + shellQuoted(dir / "x.png") + " 2>&1");
    EXPECT_NE(missing.exit_code, 0);
    EXPECT_NE(missing.out.find("nope.mkv"), std::string::npos) << missing.out;
    EXPECT_FALSE(std::filesystem::exists(dir / "x.png"));
}

}  // namespace
}  // namespace mimic::ui
