// `mimic analyse FILE [--from SEC] [--json]` (issue 15, build 2): the JSON keys scripts read,
// null where nothing was found, and bad files refused in one line.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "records_fixture.h"

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

}  // namespace
}  // namespace mimic::app
