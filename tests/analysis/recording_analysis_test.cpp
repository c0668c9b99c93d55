// What a recording shows by itself (issue 15, acceptance 1), on recordings made here with
// FFmpeg: a real photograph of a face (scikit-image's astronaut, from Debian's python3-skimage)
// composited in at known times and places, the same with pictures that are not faces (a cat, a
// cup of coffee), a shape that starts to move at a known time, and words spoken by espeak-ng
// at a known time over a quiet noise floor. Real decoding (FFmpeg), real detection (OpenCV's
// cascade from opencv-data, through the plugin).
#include "analysis/recording_analysis.h"

#include <gtest/gtest.h>

#include <string>

#include "face_video.h"
#include "run_command.h"
#include "shell_quote.h"
#include "temp_dir.h"

namespace mimic::analysis {
namespace {

namespace fs = std::filesystem;
using test::kHead;
using test::kSkimageData;
using testing::runCommand;
using testing::shellQuoted;

class RecordingAnalysisTest : public ::testing::Test {
  protected:
    void SetUp() override {
        ASSERT_TRUE(fs::exists(kSkimageData / "astronaut.png"))
            << "the test pictures come from Debian's python3-skimage (tools/packages.txt)";
    }
    fs::path makeVideo(const std::string& name, const std::string& picture,
                       const std::string& filter, double seconds = 5.0) {
        return test::makeFaceVideo(dir_.path(), name, picture, filter, seconds);
    }
    RecordingAnalysis analyse(const fs::path& file, double from = 0.0) {
        AnalysisOptions options;
        options.from_s = from;
        auto found = analyseRecording(file, options);
        EXPECT_TRUE(found.ok()) << (found.ok() ? "" : found.error().message);
        return found.ok() ? *found : RecordingAnalysis{};
    }

    testing::TempDir dir_{"analysis"};
};

TEST_F(RecordingAnalysisTest, AFaceIsFoundWhereAndWhenItIs) {
    // On screen from 1.0 s to 3.5 s at one place, then from 4.0 s to 5.5 s at another.
    const fs::path file =
        makeVideo("face", "astronaut.png",
                  "[1:v]" + kHead +
                      "[f];[0:v][f]overlay=x=80:y=60:enable=between(t\\,1\\,3.4999)[a];"
                      "[1:v]" +
                      kHead + "[g];[a][g]overlay=x=380:y=200:enable=between(t\\,4\\,5.4999)[v]",
                  6.0);
    const RecordingAnalysis found = analyse(file);
    const std::vector<cues::Interval> truth{{1.0, 3.5}, {4.0, 5.5}};
    EXPECT_GE(cues::intervalIou(found.faces, truth), 0.8);
    ASSERT_EQ(found.faces.size(), 2u);
    EXPECT_NEAR(found.facing_ratio, 4.0 / 6.0, 0.1);
    // Where: the boxes found at 2 s cover the face's place.
    bool placed = false;
    for (const FacesAt& check : found.face_checks) {
        if (check.time < 1.5 || check.time > 3.0) continue;
        for (const FaceBox& box : check.boxes) {
            const int cx = box.x + box.width / 2;
            const int cy = box.y + box.height / 2;
            placed = placed || (cx > 80 && cx < 280 && cy > 60 && cy < 288);
        }
    }
    EXPECT_TRUE(placed);
}

TEST_F(RecordingAnalysisTest, PicturesThatAreNotFacesAreNotFaces) {
    for (const char* picture : {"chelsea.png", "coffee.png", "astronaut.png"}) {
        // The astronaut upside down is no frontal face either.
        const std::string turn = std::string(picture) == "astronaut.png" ? ",vflip" : "";
        const fs::path file =
            makeVideo(std::string("not-a-face-") + picture, picture,
                      "[1:v]scale=300:-2" + turn + "[f];[0:v][f]overlay=x=150:y=80[v]", 3.0);
        const RecordingAnalysis found = analyse(file);
        EXPECT_TRUE(found.faces.empty()) << picture << ": " << found.faces.size() << " found";
        EXPECT_EQ(found.facing_ratio, 0.0) << picture;
    }
}

TEST_F(RecordingAnalysisTest, MovementIsFoundWhenItStarts) {
    // The cat sits still until 2.4 s, then slides right.
    const fs::path file = makeVideo(
        "motion", "chelsea.png",
        "[1:v]scale=200:-2[f];[0:v][f]overlay=x=if(lt(t\\,2.4)\\,60\\,60+(t-2.4)*300):y=100[v]",
        4.0);
    const RecordingAnalysis found = analyse(file, 1.0);
    ASSERT_TRUE(found.motion_onset.has_value());
    EXPECT_NEAR(*found.motion_onset, 2.4, 0.15);
    ASSERT_TRUE(found.latency.has_value());
    EXPECT_NEAR(*found.latency, 2.4 - 1.0, 0.15);
    // Nothing moves after 3.9 s... and before 2.4 s: from 0 it is the same onset.
    EXPECT_NEAR(*analyse(file, 0.0).motion_onset, 2.4, 0.15);
}

TEST_F(RecordingAnalysisTest, SpeechIsFoundWhenItStarts) {
    const fs::path words = dir_ / "words.wav";
    auto spoken =
        runCommand("espeak-ng -w " + shellQuoted(words) + " 'hello, can I play too'", dir_.path());
    ASSERT_EQ(spoken.exit_code, 0) << spoken.err;
    // A still picture; then its sound: the words from 1.7 s (their own leading silence cut),
    // over a quiet hiss.
    makeVideo("voice", "chelsea.png", "[1:v]scale=200:-2[f];[0:v][f]overlay=x=60:y=100[v]", 5.0);
    const fs::path voiced = dir_ / "voiced.mkv";
    auto mixed = runCommand(
        "ffmpeg -v error -nostdin -i " + shellQuoted(dir_ / "voice.mkv") + " -i " +
            shellQuoted(words) +
            " -f lavfi -i anoisesrc=r=48000:a=0.002:c=pink:d=5 -filter_complex "
            "'[1:a]silenceremove=start_periods=1:start_threshold=-50dB,aresample=48000,"
            "adelay=1700:all=1[w];[w][2:a]amix=inputs=2:normalize=0:duration=longest[a]' "
            "-map 0:v -map '[a]' -t 5 -c:v copy -c:a flac -y " +
            shellQuoted(voiced),
        dir_.path());
    ASSERT_EQ(mixed.exit_code, 0) << mixed.err;
    const RecordingAnalysis found = analyse(voiced, 1.0);
    ASSERT_TRUE(found.has_sound);
    ASSERT_TRUE(found.voice_onset.has_value());
    EXPECT_NEAR(*found.voice_onset, 1.7, 0.1);
    EXPECT_FALSE(found.motion_onset.has_value());  // the cat never moves
    ASSERT_TRUE(found.latency.has_value());
    EXPECT_NEAR(*found.latency, 0.7, 0.1);
}

TEST_F(RecordingAnalysisTest, AStoppedAnalysisEndsWithAnErrorNotAResult) {
    const fs::path file = makeVideo("stopped", "chelsea.png",
                                    "[1:v]scale=200:-2[f];[0:v][f]overlay=x=60:y=100[v]", 2.0);
    std::stop_source stop;
    stop.request_stop();
    AnalysisOptions options;
    options.stop = stop.get_token();
    auto found = analyseRecording(file, options);
    ASSERT_FALSE(found.ok());
    EXPECT_NE(found.error().message.find("stopped"), std::string::npos) << found.error().message;
    EXPECT_TRUE(analyseRecording(file).ok()) << "without a stop it runs to the end";
}

TEST(GreyPictures, LumaIsAveragedOverBlocksAndMotionIsTheMeanDifference) {
    // 4x2 RGBA: white, black, red, green / four mid greys.
    const std::vector<std::uint8_t> rgba{255, 255, 255, 255, 0,   0,   0,   255, 255, 0,   0,
                                         255, 0,   255, 0,   255, 100, 100, 100, 255, 100, 100,
                                         100, 255, 100, 100, 100, 255, 100, 100, 100, 255};
    const GreyPicture full = greyFromRgba(rgba.data(), 4, 2, 1);
    EXPECT_EQ(full.pixels, (std::vector<std::uint8_t>{255, 0, 76, 149, 100, 100, 100, 100}));
    const GreyPicture half = greyFromRgba(rgba.data(), 4, 2, 2);
    ASSERT_EQ(half.width, 2);
    ASSERT_EQ(half.height, 1);
    EXPECT_EQ(half.pixels,
              (std::vector<std::uint8_t>{(255 + 0 + 100 + 100) / 4, (76 + 149 + 100 + 100) / 4}));
    EXPECT_EQ(motionEnergy(full, full), 0.0);
    GreyPicture brighter = full;
    for (auto& p : brighter.pixels)
        p = static_cast<std::uint8_t>(std::min(255, p + 10));
    EXPECT_NEAR(motionEnergy(full, brighter), (0 + 10 + 10 + 10 + 40) / 8.0, 1e-9);
    EXPECT_EQ(motionEnergy(full, half), 0.0);  // sizes differ: nothing to compare
}

}  // namespace
}  // namespace mimic::analysis
