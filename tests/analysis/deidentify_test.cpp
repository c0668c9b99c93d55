// De-identified exports (issue 15, acceptance 2), on recordings made here with FFmpeg: a real
// photograph of a face composited in at known places and times (still, then moving), the
// export made by analysis::writeDeidentified, both decoded again with FFmpeg and compared
// frame by frame: inside every true face box the detail (the variance of the Laplacian of
// the luma) drops by at least 70 %, and outside the face boxes the picture keeps a PSNR of at
// least 30 dB against the recording. The voice: removed, or moved in pitch and kept in time.
#include "analysis/deidentify.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <optional>
#include <variant>

#include "face_video.h"
#include "media/clip_reader.h"
#include "media/media_info.h"
#include "temp_dir.h"

namespace mimic::analysis {
namespace {

namespace fs = std::filesystem;
using test::kHead;

struct TruthBox {
    double from_s = 0.0;  // on screen from...
    double to_s = 0.0;    // ...to
    int x = 0;            // top left at from_s
    int y = 0;
    double dx_per_s = 0.0;  // moving right
    int width = 200;
    int height = 228;

    bool shownAt(double t) const { return t >= from_s && t < to_s; }
    // Within a frame and a half of its first or last: FFmpeg's overlay may switch a frame
    // early or late, so those frames are no one's truth.
    bool nearEdge(double t) const {
        return std::abs(t - from_s) < 0.05 || std::abs(t - to_s) < 0.05;
    }
    int xAt(double t) const { return x + static_cast<int>(std::floor(dx_per_s * (t - from_s))); }
};

// Every decoded picture's RGBA, in order.
std::vector<media::RgbaPicture> pictures(const fs::path& file) {
    std::vector<media::RgbaPicture> out;
    auto reader = media::ClipReader::open(file, /*decode_audio=*/false);
    EXPECT_TRUE(reader.ok()) << (reader.ok() ? "" : reader.error().message);
    if (!reader.ok()) return out;
    for (;;) {
        auto item = reader->next();
        if (!item.ok() || std::holds_alternative<media::EndOfClip>(*item)) break;
        if (auto* p = std::get_if<media::RgbaPicture>(&*item)) out.push_back(std::move(*p));
    }
    return out;
}

double luma(const media::RgbaPicture& p, int x, int y) {
    const std::uint8_t* px = p.pixels.data() + (static_cast<std::size_t>(y) * p.width + x) * 4;
    return 0.299 * px[0] + 0.587 * px[1] + 0.114 * px[2];
}

// The variance of the 4-neighbour Laplacian of the luma inside [x, x+w) x [y, y+h).
double laplacianVariance(const media::RgbaPicture& p, int x, int y, int w, int h) {
    double sum = 0.0;
    double sum2 = 0.0;
    int n = 0;
    for (int j = std::max(1, y + 1); j < std::min(p.height - 1, y + h - 1); ++j) {
        for (int i = std::max(1, x + 1); i < std::min(p.width - 1, x + w - 1); ++i) {
            const double l = 4 * luma(p, i, j) - luma(p, i - 1, j) - luma(p, i + 1, j) -
                             luma(p, i, j - 1) - luma(p, i, j + 1);
            sum += l;
            sum2 += l * l;
            ++n;
        }
    }
    if (n == 0) return 0.0;
    const double mean = sum / n;
    return sum2 / n - mean * mean;
}

// PSNR (dB, 8-bit RGB) of b against a over the pixels outside every box shown at `t`.
// PSNR (dB, 8-bit RGB) of b against a over the pixels outside every box shown at `t`, each
// box widened by `ring` of its size on every side.
double psnrOutside(const media::RgbaPicture& a, const media::RgbaPicture& b,
                   const std::vector<TruthBox>& boxes, double t, double ring = 0.0) {
    double squared = 0.0;
    std::int64_t n = 0;
    for (int y = 0; y < a.height; ++y) {
        for (int x = 0; x < a.width; ++x) {
            bool inside = false;
            for (const TruthBox& box : boxes) {
                const double rx = ring * box.width;
                const double ry = ring * box.height;
                inside = inside || (box.shownAt(t) && x >= box.xAt(t) - rx &&
                                    x < box.xAt(t) + box.width + rx && y >= box.y - ry &&
                                    y < box.y + box.height + ry);
            }
            if (inside) continue;
            const std::size_t at = (static_cast<std::size_t>(y) * a.width + x) * 4;
            for (int c = 0; c < 3; ++c) {
                const double d =
                    static_cast<double>(a.pixels[at + c]) - static_cast<double>(b.pixels[at + c]);
                squared += d * d;
                ++n;
            }
        }
    }
    const double mse = squared / std::max<std::int64_t>(1, n);
    return mse <= 0.0 ? 99.0 : 10.0 * std::log10(255.0 * 255.0 / mse);
}

class DeidentifyTest : public ::testing::Test {
  protected:
    void SetUp() override {
        ASSERT_TRUE(fs::exists(test::kSkimageData / "astronaut.png"))
            << "the test pictures come from Debian's python3-skimage (tools/packages.txt)";
    }

    // Checks every frame of `out` against `recording`; returns the frames checked with a face.
    // The picture outside the faces is compared on every frame but those within `settle_s` of
    // a face's coming or going (where the rule holds the blur on purpose).
    // `ring`: the outside starts that share of a face box's size away from it.
    int checkBlurred(const fs::path& recording, const fs::path& out,
                     const std::vector<TruthBox>& truth, double settle_s = 0.0, double ring = 0.0) {
        // Picture by picture: a container may start the pictures a little later (Matroska puts
        // AAC's priming before them), but every picture is there, in its order and spacing.
        const auto before = pictures(recording);
        const auto after = pictures(out);
        EXPECT_EQ(before.size(), after.size());
        if (before.empty() || after.size() != before.size()) return 0;
        const std::int64_t shift = after.front().pts_us - before.front().pts_us;
        EXPECT_LT(std::abs(shift), 30'000) << "the pictures start " << shift << " us late";
        int faces_checked = 0;
        double worst_ratio = 0.0;  // detail left inside a face box, the most of any frame
        double worst_psnr = 99.0;  // outside them, the least
        for (std::size_t i = 0; i < before.size(); ++i) {
            const media::RgbaPicture& original = before[i];
            const media::RgbaPicture& blurred = after[i];
            EXPECT_NEAR(static_cast<double>(blurred.pts_us - original.pts_us - shift), 0.0, 1'500.0)
                << "picture " << i;
            const double t = static_cast<double>(original.pts_us) / 1e6;
            if (std::any_of(truth.begin(), truth.end(),
                            [t](const TruthBox& box) { return box.nearEdge(t); })) {
                continue;
            }
            for (const TruthBox& box : truth) {
                if (!box.shownAt(t)) continue;
                const double was =
                    laplacianVariance(original, box.xAt(t), box.y, box.width, box.height);
                const double is =
                    laplacianVariance(blurred, box.xAt(t), box.y, box.width, box.height);
                EXPECT_LE(is, 0.3 * was) << "the face at " << t << " s keeps its detail";
                worst_ratio = std::max(worst_ratio, is / std::max(was, 1e-9));
                ++faces_checked;
            }
            if (std::any_of(truth.begin(), truth.end(), [&](const TruthBox& box) {
                    return std::abs(t - box.from_s) < settle_s || std::abs(t - box.to_s) < settle_s;
                })) {
                continue;
            }
            const double psnr = psnrOutside(original, blurred, truth, t, ring);
            EXPECT_GE(psnr, 30.0) << "the picture outside the faces changed at " << t << " s";
            worst_psnr = std::min(worst_psnr, psnr);
        }
        std::printf("%s: %d face boxes, detail kept at most %.1f%%; outside them PSNR >= %.1f dB\n",
                    out.filename().c_str(), faces_checked, worst_ratio * 100.0, worst_psnr);
        return faces_checked;
    }

    testing::TempDir dir_{"deidentify"};
};

TEST_F(DeidentifyTest, FacesAreBlurredOnEveryFrameAndTheRestIsKept) {
    // Still at one place from 1.0 s to 2.5 s; then moving right from 3.0 s to 4.5 s.
    const std::vector<TruthBox> truth{{1.0, 2.5, 80, 60}, {3.0, 4.5, 100, 200, 120.0}};
    const fs::path recording = test::makeFaceVideo(
        dir_.path(), "faces", "astronaut.png",
        "[1:v]" + kHead + "[f];[0:v][f]overlay=x=80:y=60:enable=between(t\\,1\\,2.4999)[a];[1:v]" +
            kHead +
            "[g];[a][g]overlay=x=100+floor(120*(t-3)):y=200:enable=between(t\\,3\\,4.4999)[v]",
        5.5);
    const fs::path out = dir_ / "shared.mp4";
    DeidentifyOptions options;
    options.voice = VoiceTreatment::kMute;
    auto written = writeDeidentified(recording, out, options);
    ASSERT_TRUE(written.ok()) << written.error().message;
    EXPECT_GT(written->frames_blurred, 0);
    EXPECT_FALSE(written->has_sound);
    EXPECT_GE(checkBlurred(recording, out, truth), 80);
    auto info = media::probeMedia(out);
    ASSERT_TRUE(info.ok());
    EXPECT_FALSE(info->audio.has_value()) << "--mute leaves the sound out";
    EXPECT_FALSE(fs::exists(dir_ / ".shared.partial.mp4"));
}

TEST_F(DeidentifyTest, OnABusyBackgroundOnlyTheFaceLosesItsDetail) {
    // A moving test pattern behind a face that comes in at the right and moves left. The rule
    // blurs a margin around a face (hair, ears, where the detector's box sits off centre), and
    // where the face is about to come or has just gone its place (a head turning); on this
    // pattern both show. So the outside starts a tenth of the face's size away from it, and
    // the frames of coming and going are compared inside the face only.
    const std::vector<TruthBox> truth{{0.5, 4.5, 400, 20, -60.0}};
    const fs::path recording = test::makeFaceVideo(
        dir_.path(), "busy", "astronaut.png",
        "[1:v]" + kHead +
            "[f];[0:v][f]overlay=x=400-floor(60*(t-0.5)):y=20:enable=between(t\\,0.5\\,4.4999)[v]",
        5.5, "", "testsrc2");
    const fs::path out = dir_ / "busy.mp4";
    const DeidentifyOptions options;
    auto written = writeDeidentified(recording, out, options);
    ASSERT_TRUE(written.ok()) << written.error().message;
    EXPECT_GE(checkBlurred(recording, out, truth, options.blur.hold_s + 0.15, 0.1), 100);
}

TEST_F(DeidentifyTest, AShiftedVoiceIsKeptInTimeAndTheFacesStillBlurred) {
    const std::vector<TruthBox> truth{{0.5, 2.0, 300, 150}};
    const fs::path recording = test::makeFaceVideo(
        dir_.path(), "voiced", "astronaut.png",
        "[1:v]" + kHead + "[f];[0:v][f]overlay=x=300:y=150:enable=between(t\\,0.5\\,1.9999)[v]",
        3.0, "sine=f=220:r=48000:d=3");
    const fs::path out = dir_ / "shared.mkv";
    DeidentifyOptions options;
    options.voice = VoiceTreatment::kShift;
    auto written = writeDeidentified(recording, out, options);
    ASSERT_TRUE(written.ok()) << written.error().message;
    EXPECT_TRUE(written->has_sound);
    checkBlurred(recording, out, truth);
    // The sound is as long as before and lower: the tone's upward zero crossings per second.
    auto reader = media::ClipReader::open(out, true);
    ASSERT_TRUE(reader.ok());
    std::vector<float> mono;
    int rate = 0;
    for (;;) {
        auto item = reader->next();
        ASSERT_TRUE(item.ok());
        if (std::holds_alternative<media::EndOfClip>(*item)) break;
        if (auto* sound = std::get_if<media::AudioChunk>(&*item)) {
            rate = sound->sample_rate;
            for (std::size_t i = 0; i < sound->samples.size(); i += sound->channels)
                mono.push_back(sound->samples[i]);
        }
    }
    ASSERT_GT(rate, 0);
    EXPECT_NEAR(static_cast<double>(mono.size()) / rate, 3.0, 0.1);
    int crossings = 0;
    for (std::size_t n = static_cast<std::size_t>(0.5 * rate) + 1;
         n < static_cast<std::size_t>(2.5 * rate) && n < mono.size(); ++n) {
        crossings += mono[n - 1] < 0.0F && mono[n] >= 0.0F ? 1 : 0;
    }
    EXPECT_NEAR(crossings / 2.0, 220.0 * options.voice_pitch, 220.0 * 0.05);
}

TEST_F(DeidentifyTest, PicturesWithoutFacesComeOutUnblurred) {
    for (const char* picture : {"chelsea.png", "coffee.png"}) {
        const fs::path recording =
            test::makeFaceVideo(dir_.path(), std::string("no-face-") + picture, picture,
                                "[1:v]scale=300:-2[f];[0:v][f]overlay=x=150:y=80[v]", 2.0);
        const fs::path out = dir_ / (std::string("shared-") + picture + ".mp4");
        auto written = writeDeidentified(recording, out, {});
        ASSERT_TRUE(written.ok()) << written.error().message;
        EXPECT_EQ(written->frames_blurred, 0) << picture;
        EXPECT_EQ(checkBlurred(recording, out, {}), 0);
    }
}

TEST_F(DeidentifyTest, BadInputIsOneLineAndWritesNothing) {
    const fs::path text = dir_ / "not-a-video.mp4";
    { std::ofstream(text) << "hello"; }
    auto refused = writeDeidentified(text, dir_ / "out.mp4", {});
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().message.find('\n'), std::string::npos);
    EXPECT_FALSE(fs::exists(dir_ / "out.mp4"));
    auto wrong_name = writeDeidentified(text, dir_ / "out.avi", {});
    ASSERT_FALSE(wrong_name.ok());
    EXPECT_NE(wrong_name.error().message.find(".mp4"), std::string::npos);
    EXPECT_TRUE(fs::directory_iterator(dir_.path()) != fs::directory_iterator());
    for (const auto& entry : fs::directory_iterator(dir_.path()))
        EXPECT_EQ(entry.path().filename().string().find(".partial"), std::string::npos);
}

TEST(BlurRegion, OnlyTheRegionChangesAndItsDetailIsGone) {
    // A checkerboard of 2-pixel squares, 64x48.
    media::RgbaPicture p;
    p.width = 64;
    p.height = 48;
    p.pixels.resize(64 * 48 * 4);
    for (int y = 0; y < 48; ++y)
        for (int x = 0; x < 64; ++x)
            for (int c = 0; c < 4; ++c)
                p.pixels[(y * 64 + x) * 4 + c] = ((x / 2 + y / 2) % 2) != 0 ? 230 : 20;
    const media::RgbaPicture original = p;
    blurRegion(p.pixels.data(), p.width, p.height, {10, 8, 32, 24});
    EXPECT_LT(laplacianVariance(p, 10, 8, 32, 24),
              0.01 * laplacianVariance(original, 10, 8, 32, 24));
    for (int y = 0; y < 48; ++y) {
        for (int x = 0; x < 64; ++x) {
            if (x >= 10 && x < 42 && y >= 8 && y < 32) continue;
            ASSERT_EQ(p.pixels[(y * 64 + x) * 4], original.pixels[(y * 64 + x) * 4])
                << x << "," << y;
        }
    }
    // A region partly or wholly outside the picture is clipped, not a crash.
    blurRegion(p.pixels.data(), p.width, p.height, {50, 40, 100, 100});
    blurRegion(p.pixels.data(), p.width, p.height, {-500, -500, 10, 10});
}

}  // namespace
}  // namespace mimic::analysis
