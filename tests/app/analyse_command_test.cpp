// `mimic analyse FILE [--from SEC] [--json]` (issue 15, build 2): the JSON keys scripts read,
// null where nothing was found, and bad files refused in one line. `mimic analyse --trial N`:
// a session recorded from a camera that shows a real face (a video file as the camera), its
// analysis stored as the coder "auto"'s events that agreement compares like any coder's, and
// `mimic export recording --blur-faces --mute` (build 3) consent-gated and audited.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "records_fixture.h"
#include "store/review_repository.h"

namespace mimic::app {
namespace {

TEST_F(RecordsTest, AnalyseGivesItsKeysWithNullWhereNothingWasFound) {
    // A white square that sits still until 1.5 s, then slides right; no face, no sound.
    const fs::path file = scratch_ / "square.mkv";
    auto made = runCommand(
        "ffmpeg -v error -nostdin -f lavfi -i color=c=0x406080:s=320x240:r=30:d=3 -f lavfi -i "
        "color=c=white:s=120x120:r=30 -filter_complex "
        "'[0:v][1:v]overlay=x=if(lt(t\\,1.5)\\,20\\,20+(t-1.5)*300):y=60:shortest=1' "
        "-c:v libx264 -pix_fmt yuv420p -y " +
            shellQuoted(file),
        scratch_);
    ASSERT_EQ(made.exit_code, 0) << made.err;
    auto analysed = mimic("analyse " + shellQuoted(file) + " --from 1 --json");
    ASSERT_EQ(analysed.exit_code, 0) << analysed.err;
    EXPECT_EQ(analysed.err, "");  // no progress line where no person watches
    const auto found = nlohmann::json::parse(analysed.out);
    std::vector<std::string> keys;
    for (const auto& [key, value] : found.items())
        keys.push_back(key);
    EXPECT_EQ(keys, (std::vector<std::string>{"faces", "facing_ratio", "latency", "motion_onset",
                                              "voice_onset"}));
    EXPECT_TRUE(found["faces"].is_array() && found["faces"].empty()) << found.dump();
    EXPECT_EQ(found["facing_ratio"], 0.0);
    EXPECT_TRUE(found["voice_onset"].is_null());
    ASSERT_TRUE(found["motion_onset"].is_number()) << found.dump();
    EXPECT_NEAR(found["motion_onset"].get<double>(), 1.5, 0.1);
    EXPECT_NEAR(found["latency"].get<double>(), 0.5, 0.1);

    auto plain = mimic("analyse " + shellQuoted(file));
    ASSERT_EQ(plain.exit_code, 0) << plain.err;
    EXPECT_NE(plain.out.find("first voice:    not found (no sound track)"), std::string::npos)
        << plain.out;
}

TEST_F(RecordsTest, AnalyseRefusesWhatIsNoRecordingInOneLine) {
    const fs::path junk = scratch_ / "junk.mkv";
    std::ofstream(junk) << std::string(5000, 'x');
    for (const fs::path& file : {junk, scratch_ / "missing.mkv"}) {
        auto refused = mimic("analyse " + shellQuoted(file) + " --json");
        EXPECT_NE(refused.exit_code, 0) << file;
        EXPECT_EQ(refused.out, "") << file;
        ASSERT_EQ(refused.errLines().size(), 1u) << refused.err;
        EXPECT_NE(refused.err.find(file.filename().string()), std::string::npos) << refused.err;
    }
}

TEST_F(RecordsTest, AnalysingATrialStoresTheCoderAutoAndItsFacesCanBeBlurredOnExport) {
    install("greeting");
    addChildWithConsent("c-1");
    // The camera: the astronaut's face (Debian's python3-skimage) in front of a plain wall.
    const fs::path astronaut = "/usr/lib/python3/dist-packages/skimage/data/astronaut.png";
    ASSERT_TRUE(fs::exists(astronaut)) << "python3-skimage (tools/packages.txt)";
    const fs::path camera = scratch_ / "face camera.mkv";
    auto made = runCommand(
        "ffmpeg -v error -nostdin -f lavfi -i color=c=0x8a9a8c:s=640x480:r=30:d=12 -loop 1 -i " +
            shellQuoted(astronaut) +
            " -filter_complex '[1:v]crop=220:250:140:10,scale=200:228[f];[0:v][f]overlay=x=220:"
            "y=120:shortest=1[v]' -map '[v]' -t 12 -c:v libx264 -pix_fmt yuv420p -y " +
            shellQuoted(camera),
        scratch_);
    ASSERT_EQ(made.exit_code, 0) << made.err;
    auto ran = mimic("session --headless --trials 1 --camera " + shellQuoted(camera) +
                     " --mic none --practice-seconds 3 --child c-1 --behaviour greeting");
    ASSERT_EQ(ran.exit_code, 0) << ran.err;
    ASSERT_TRUE(trial(1)->recording_path.has_value());
    // The session analysed its recording in the background and stored it before it ended.
    EXPECT_NE(ran.out.find(", analysed: "), std::string::npos) << ran.out;
    const auto background =
        nlohmann::json::parse(mimic("code list --trial 1 --coder auto --json").out);
    ASSERT_FALSE(background.empty());
    EXPECT_EQ(background[0]["behaviour"], "facing camera");

    auto analysed = mimic("analyse --trial 1 --json");
    ASSERT_EQ(analysed.exit_code, 0) << analysed.err;
    const auto found = nlohmann::json::parse(analysed.out);
    ASSERT_FALSE(found["faces"].empty()) << found.dump();
    EXPECT_GT(found["facing_ratio"].get<double>(), 0.8) << found.dump();
    EXPECT_EQ(found["trial"], 1);
    const int stored = found["events_stored"].get<int>();
    EXPECT_GE(stored, 1);
    auto listed = mimic("code list --trial 1 --coder auto --json");
    ASSERT_EQ(listed.exit_code, 0) << listed.err;
    const auto events = nlohmann::json::parse(listed.out);
    ASSERT_EQ(static_cast<int>(events.size()), stored) << listed.out;
    EXPECT_EQ(events[0]["behaviour"], "facing camera");
    EXPECT_EQ(events[0]["coder"], "auto");
    {
        auto database = db();
        auto analysis = store::ReviewRepository(database).trialAnalysis(1);
        ASSERT_TRUE(analysis.ok() && analysis->has_value());
        EXPECT_FALSE((*analysis)->analysed_at.empty());
    }
    // Again: the earlier analysis is replaced, not doubled.
    ASSERT_EQ(mimic("analyse --trial 1 --json").exit_code, 0);
    EXPECT_EQ(nlohmann::json::parse(mimic("code list --trial 1 --coder auto --json").out).size(),
              events.size());
    // A person codes the same state; "auto" and the person agree like any pair.
    ASSERT_EQ(mimic("code add --trial 1 --coder Theo --behaviour 'facing camera' --at 0 --to 2.5")
                  .exit_code,
              0);
    auto agreement = mimic("agreement --trial 1 --coders Theo auto --interval 0.5 --json");
    ASSERT_EQ(agreement.exit_code, 0) << agreement.err;
    const auto agreed = nlohmann::json::parse(agreement.out);
    EXPECT_GT(agreed["slices"].get<int>(), 0) << agreement.out;
    EXPECT_GT(agreed["percent"].get<double>(), 0.0) << agreement.out;
    auto missing = mimic("analyse --trial 99");
    EXPECT_NE(missing.exit_code, 0);
    EXPECT_EQ(missing.errLines().size(), 1u) << missing.err;

    // De-identified export: consent-gated like any, faces blurred, no sound, audited.
    const fs::path out = scratch_ / "for training.mp4";
    const std::string exporting =
        "export recording --trial 1 --out " + shellQuoted(out) + " --blur-faces --mute";
    EXPECT_NE(mimic(exporting).exit_code, 0) << "no share-with-parents consent yet";
    EXPECT_FALSE(fs::exists(out));
    auto both = mimic(exporting + " --voice-shift");
    EXPECT_NE(both.exit_code, 0) << "--mute and --voice-shift exclude each other";
    ASSERT_EQ(mimic("consent grant c-1 --scope share-with-parents --by parent").exit_code, 0);
    auto exported = mimic(exporting);
    ASSERT_EQ(exported.exit_code, 0) << exported.err;
    auto streams = runCommand(
        "ffprobe -v error -show_entries stream=codec_type -of csv=p=0 " + shellQuoted(out),
        scratch_);
    EXPECT_EQ(streams.out, "video\n");
    auto audit = mimic("audit list");
    EXPECT_NE(audit.out.find("faces blurred, muted"), std::string::npos) << audit.out;
}

}  // namespace
}  // namespace mimic::app
