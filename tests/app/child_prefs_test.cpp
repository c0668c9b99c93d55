// `mimic child prefs`: each child's screen choices (issue 11: a recorded cue voice, a favourite
// clip or sound, a quiet mode) stored from the command line, shown, refused in one line when
// they cannot be used, and used by the session. Real parts: the `mimic` binary, WAV files and
// clips made by the ffmpeg CLI, a real SQLite file.
#include <nlohmann/json.hpp>

#include <regex>
#include <sstream>

#include "records_fixture.h"
#include "test_clips.h"

namespace mimic {
namespace {

using nlohmann::json;

class ChildPrefsCommandTest : public RecordsTest {
  protected:
    void SetUp() override {
        RecordsTest::SetUp();
        install();
        media_ = scratch_ / "given";
        fs::create_directories(media_);
    }
    // A sine tone of `seconds` as a WAV in the test's own folder (not the data folder).
    fs::path wav(const std::string& name, double seconds) {
        const fs::path file = media_ / name;
        EXPECT_TRUE(testing::ffmpegMake(
            file, "-f lavfi -i sine=f=440:d=" + std::to_string(seconds) + " -ar 22050"));
        return file;
    }
    // `mimic child prefs ARGS`, expected to be refused: one line on stderr holding `expected`,
    // exit 1 (2 for a wrong command line), and the data folder and the child's choices as they
    // were.
    void expectRefused(const std::string& args, const std::string& expected, int exit_code = 1) {
        const auto before = files(data_);
        const json choices_before = choices("demo");
        auto result = mimic("child prefs " + args);
        EXPECT_EQ(result.exit_code, exit_code) << args;
        ASSERT_EQ(result.errLines().size(), 1u) << args << ": " << result.err;
        EXPECT_NE(result.err.find(expected), std::string::npos) << args << ": " << result.err;
        EXPECT_EQ(result.out, "") << args;
        EXPECT_EQ(files(data_), before) << args;
        EXPECT_EQ(choices("demo"), choices_before) << args;
    }
    json choices(const std::string& child) {
        auto shown = mimic("child prefs " + shellQuoted(child) + " --json");
        EXPECT_EQ(shown.exit_code, 0) << shown.err;
        return shown.exit_code == 0 ? json::parse(shown.out) : json();
    }
    std::int64_t auditEntries() {
        auto listed = mimic("audit list --json");
        EXPECT_EQ(listed.exit_code, 0) << listed.err;
        return static_cast<std::int64_t>(json::parse(listed.out).size());
    }

    fs::path media_;
};

TEST_F(ChildPrefsCommandTest, ChoicesAreCopiedInStoredShownAndReplaced) {
    // Without a choice: stars, and the cue spoken by the computer.
    auto shown = mimic("child prefs demo");
    ASSERT_EQ(shown.exit_code, 0) << shown.err;
    EXPECT_EQ(shown.out, "child demo: reward: stars; cue: spoken by the computer\n");

    const fs::path voice = wav("Mum says your turn.wav", 2.0);
    const fs::path chime = wav("chime.wav", 3.0);
    auto set = mimic("child prefs demo --reward sound --reward-file " + shellQuoted(chime) +
                     " --cue-voice " + shellQuoted(voice) + " --json");
    ASSERT_EQ(set.exit_code, 0) << set.err;
    const json stored = json::parse(set.out);
    EXPECT_EQ(stored["child"], "demo");
    EXPECT_EQ(stored["reward"], "sound");
    const std::regex named(R"(child-media/(voice|reward)-[0-9a-f]{16}\.wav)");
    const std::string voice_copy = stored["cue_voice"];
    const std::string chime_copy = stored["reward_file"];
    EXPECT_TRUE(std::regex_match(voice_copy, named)) << voice_copy;
    EXPECT_TRUE(std::regex_match(chime_copy, named)) << chime_copy;
    EXPECT_EQ(voice_copy.rfind("child-media/voice-", 0), 0u);
    // Copies, byte for byte, private to the account; the given files are untouched.
    EXPECT_EQ(md5(data_ / voice_copy), md5(voice));
    EXPECT_EQ(md5(data_ / chime_copy), md5(chime));
    for (const std::string& copy : {voice_copy, chime_copy}) {
        struct stat info {};
        ASSERT_EQ(::stat((data_ / copy).c_str(), &info), 0) << copy;
        EXPECT_EQ(info.st_mode & 0777, 0600u) << copy;
    }
    struct stat folder {};
    ASSERT_EQ(::stat((data_ / "child-media").c_str(), &folder), 0);
    EXPECT_EQ(folder.st_mode & 0777, 0700u);
    EXPECT_TRUE(fs::exists(voice) && fs::exists(chime));

    // Shown with the child's record.
    auto show = mimic("child show demo --json");
    ASSERT_EQ(show.exit_code, 0) << show.err;
    EXPECT_EQ(json::parse(show.out)["screen"],
              (json{{"reward", "sound"}, {"reward_file", chime_copy}, {"cue_voice", voice_copy}}));
    auto show_text = mimic("child show demo");
    EXPECT_NE(show_text.out.find("  screen: reward: sound (" + chime_copy +
                                 "); cue: recorded voice (" + voice_copy + ")\n"),
              std::string::npos)
        << show_text.out;
    // `library check` knows the copies: nothing missing, nothing orphaned.
    auto check = mimic("library check");
    EXPECT_EQ(check.exit_code, 0) << check.out << check.err;

    // Only the reward changes: the voice stays; the sound no longer used is removed.
    const std::int64_t entries = auditEntries();
    auto confetti = mimic("child prefs demo --reward confetti --json");
    ASSERT_EQ(confetti.exit_code, 0) << confetti.err;
    EXPECT_EQ(json::parse(confetti.out), (json{{"child", "demo"},
                                               {"reward", "confetti"},
                                               {"reward_file", nullptr},
                                               {"cue_voice", voice_copy}}));
    EXPECT_FALSE(fs::exists(data_ / chime_copy));
    EXPECT_TRUE(fs::exists(data_ / voice_copy));
    EXPECT_EQ(auditEntries(), entries + 1);

    // The spoken cue again, and the quiet mode: no copy is left.
    auto quiet = mimic("child prefs demo --reward quiet --cue-voice-default");
    ASSERT_EQ(quiet.exit_code, 0) << quiet.err;
    EXPECT_EQ(quiet.out, "child demo: reward: quiet; cue: spoken by the computer\n");
    EXPECT_EQ(files(data_ / "child-media"), std::set<std::string>{});
}

TEST_F(ChildPrefsCommandTest, AFavouriteClipMustDecodeAndBeShort) {
    ASSERT_EQ(testing::makeTestClip("smptebars", "160x120", 30, 2, media_ / "Bubbles.MP4"), 0);
    auto set = mimic("child prefs demo --reward clip --reward-file " +
                     shellQuoted(media_ / "Bubbles.MP4") + " --json");
    ASSERT_EQ(set.exit_code, 0) << set.err;
    const std::string copy = json::parse(set.out)["reward_file"];
    EXPECT_TRUE(std::regex_match(copy, std::regex(R"(child-media/reward-[0-9a-f]{16}\.mp4)")))
        << copy;

    ASSERT_EQ(testing::makeTestClip("testsrc2", "160x120", 10, 16, media_ / "long.mp4"), 0);
    expectRefused("demo --reward clip --reward-file " + shellQuoted(media_ / "long.mp4"),
                  "lasts 16.0 s, and a favourite clip lasts at most 15 s");
    // A sound is not a clip, and a clip is not a sound.
    expectRefused("demo --reward clip --reward-file " + shellQuoted(wav("beep.wav", 1.0)),
                  "it is not a video whose pictures decode");
    expectRefused("demo --reward sound --reward-file " + shellQuoted(media_ / "Bubbles.MP4"),
                  "it is not a WAV file that decodes");
    // Damaged: the first bytes of a clip only.
    {
        std::ifstream in(media_ / "Bubbles.MP4", std::ios::binary);
        std::string head(600, '\0');
        in.read(head.data(), static_cast<std::streamsize>(head.size()));
        std::ofstream(media_ / "cut.mp4", std::ios::binary) << head;
    }
    expectRefused("demo --reward clip --reward-file " + shellQuoted(media_ / "cut.mp4"),
                  "cannot use a favourite clip");
}

TEST_F(ChildPrefsCommandTest, BadFilesAreRefusedInOneLineAndNothingIsStored) {
    const fs::path voice = wav("voice.wav", 1.0);
    std::ofstream(media_ / "notes.wav") << "RIFF but not really a sound\n";
    const fs::path long_voice = wav("speech.wav", 11.0);
    const fs::path long_sound = wav("song.wav", 16.0);

    expectRefused("demo --cue-voice " + shellQuoted(media_ / "missing.wav"),
                  "cannot use the cue voice '" + (media_ / "missing.wav").string() +
                      "': there is no such file");
    expectRefused("demo --cue-voice " + shellQuoted(media_), "it is not a file");
    expectRefused("demo --cue-voice " + shellQuoted(media_ / "notes.wav"),
                  "it is not a WAV file that decodes");
    expectRefused("demo --cue-voice " + shellQuoted(long_voice),
                  "lasts 11.0 s, and the cue voice lasts at most 10 s");
    expectRefused("demo --reward sound --reward-file " + shellQuoted(long_sound),
                  "lasts 16.0 s, and a favourite sound lasts at most 15 s");
    // One bad file of two: neither is kept.
    expectRefused("demo --cue-voice " + shellQuoted(voice) + " --reward sound --reward-file " +
                      shellQuoted(media_ / "notes.wav"),
                  "cannot use a favourite sound");
    // Choices that do not fit together.
    expectRefused("demo --reward sound", "a favourite sound needs its file");
    expectRefused("demo --reward clip", "a favourite clip needs its file");
    expectRefused("demo --reward stars --reward-file " + shellQuoted(voice),
                  "a reward file is a favourite clip or sound");
    expectRefused("demo --reward-file " + shellQuoted(voice),
                  "a reward file is a favourite clip or sound");
    expectRefused("demo --reward sparkles", "unknown reward 'sparkles' (use stars, confetti");
    expectRefused("demo --cue-voice " + shellQuoted(voice) + " --cue-voice-default", "excludes",
                  /*exit_code=*/2);
    EXPECT_FALSE(fs::exists(data_ / "child-media") && !fs::is_empty(data_ / "child-media"));
}

TEST_F(ChildPrefsCommandTest, UnknownAndHostileChildrenAndFileNamesNeverBecomePaths) {
    const fs::path voice = wav("voice.wav", 1.0);
    expectRefused("nobody --reward quiet", "no child with code 'nobody'");
    expectRefused("'../../x' --cue-voice " + shellQuoted(voice), "no child with code '../../x'");
    // A control character is escaped in the one line, never sent to the terminal.
    const auto before = files(data_);
    auto hostile = mimic("child prefs \"$(printf 'c\\033[2J')\" --reward quiet");
    EXPECT_EQ(hostile.exit_code, 1);
    ASSERT_EQ(hostile.errLines().size(), 1u) << hostile.err;
    EXPECT_EQ(hostile.err.find('\x1b'), std::string::npos);
    EXPECT_NE(hostile.err.find("\\x1b[2J"), std::string::npos) << hostile.err;
    EXPECT_EQ(files(data_), before);

    // A child whose code is shaped like a path (stored by an older mimic), and a file whose
    // name holds an escape: the copy is named by mimic, in child-media/ and nowhere else.
    {
        auto database = db();
        auto insert = database.connection().prepare(
            "INSERT INTO children (code, created_at) VALUES ('../../../escape', "
            "'2026-01-01T00:00:00Z')");
        ASSERT_TRUE(insert.ok());
        ASSERT_TRUE(insert->run().ok());
    }
    const fs::path odd = media_ / "v\x1b[31m;rm -rf.wav";
    fs::copy_file(voice, odd);
    auto set = mimic("child prefs ../../../escape --cue-voice " + shellQuoted(odd) + " --json");
    ASSERT_EQ(set.exit_code, 0) << set.err;
    const std::string copy = json::parse(set.out)["cue_voice"];
    EXPECT_TRUE(std::regex_match(copy, std::regex(R"(child-media/voice-[0-9a-f]{16}\.wav)")))
        << copy;
    auto after = files(data_);
    for (const std::string& file : after) {
        if (before.contains(file) || file.rfind("mimic.db", 0) == 0) continue;
        EXPECT_EQ(file, copy) << "a new file outside child-media/";
    }
    EXPECT_FALSE(fs::exists(scratch_ / "escape"));
    // A missing file with an escape in its name is named escaped.
    auto missing = mimic("child prefs demo --cue-voice " + shellQuoted(media_ / "\x1b[2Jgone.wav"));
    EXPECT_EQ(missing.exit_code, 1);
    EXPECT_EQ(missing.err.find('\x1b'), std::string::npos) << missing.err;
    EXPECT_NE(missing.err.find("\\x1b[2Jgone.wav"), std::string::npos) << missing.err;
}

TEST_F(ChildPrefsCommandTest, LibraryCheckTakesAStrayCopyAndKeepsTheChildsOwn) {
    auto set =
        mimic("child prefs demo --cue-voice " + shellQuoted(wav("voice.wav", 1.0)) + " --json");
    ASSERT_EQ(set.exit_code, 0) << set.err;
    const std::string copy = json::parse(set.out)["cue_voice"];
    // Left by a change that crashed before its row was stored.
    fs::copy_file(data_ / copy, data_ / "child-media" / "voice-0000000000000000.wav");
    auto check = mimic("library check");
    EXPECT_EQ(check.exit_code, 1);
    EXPECT_NE(check.out.find("orphan: child-media/voice-0000000000000000.wav"), std::string::npos)
        << check.out;
    auto repair = mimic("library check --repair");
    EXPECT_EQ(repair.exit_code, 0) << repair.err;
    EXPECT_FALSE(fs::exists(data_ / "child-media" / "voice-0000000000000000.wav"));
    EXPECT_TRUE(fs::exists(data_ / copy));
    // A copy the record names that has gone is reported missing.
    fs::remove(data_ / copy);
    auto gone = mimic("library check");
    EXPECT_EQ(gone.exit_code, 1);
    EXPECT_NE(gone.out.find("missing: " + copy), std::string::npos) << gone.out;
}

// Milliseconds from the first `from` trace line to the first `to` line after it (the lines
// give whole milliseconds: counted as integers, so 3.000 s is never 2.9999).
std::int64_t msBetween(const std::string& trace, const std::string& from, const std::string& to) {
    static const std::regex line(R"(^(\d+)\.(\d{3}) (\w+) trial=(\d+)$)");
    std::optional<std::int64_t> start;
    std::istringstream in(trace);
    for (std::string text; std::getline(in, text);) {
        std::smatch m;
        if (!std::regex_match(text, m, line)) continue;
        const std::int64_t at = std::stoll(m[1]) * 1000 + std::stoll(m[2]);
        if (!start && m[3] == from) start = at;
        if (start && m[3] == to) return at - *start;
    }
    ADD_FAILURE() << "no " << from << " then " << to << " in:\n" << trace;
    return 0;
}

// The session uses the stored choices: the cue lasts as long as the recorded voice (4 s, where
// the spoken cue takes 1.5 s) and the reward as long as the favourite sound (3 s, where stars
// take 1 s headless), and the run's log names both copies.
TEST_F(ChildPrefsCommandTest, ASessionUsesTheChildsVoiceAndReward) {
    auto set = mimic("child prefs demo --reward sound --reward-file " +
                     shellQuoted(wav("chime.wav", 3.0)) + " --cue-voice " +
                     shellQuoted(wav("voice.wav", 4.0)) + " --json");
    ASSERT_EQ(set.exit_code, 0) << set.err;
    const json stored = json::parse(set.out);
    auto run = runCommand("SDL_AUDIODRIVER=dummy MIMIC_LOG=info " + kMimic + " --data-dir " +
                              shellQuoted(data_) +
                              " session --headless --trials 1 --camera synthetic --mic none "
                              "--practice-seconds 1 --child demo --behaviour greeting "
                              "--score independent --trace",
                          scratch_);
    ASSERT_EQ(run.exit_code, 0) << run.err;
    EXPECT_GE(msBetween(run.out, "turn", "practice"), 4000) << run.out;
    EXPECT_GE(msBetween(run.out, "reward", "end"), 3000) << run.out;
    EXPECT_NE(run.err.find("the child's screen: reward: sound (" +
                           stored["reward_file"].get<std::string>() + "); cue: recorded voice (" +
                           stored["cue_voice"].get<std::string>() + ")"),
              std::string::npos)
        << run.err;
}

// The same on the child's screen (SDL's offscreen display, sound to the dummy driver, which
// plays in real time): the screen speaks the cue in the recorded voice and ends the cue only
// when the voice has been heard. No key can be pressed here, so the run stops at the score.
TEST_F(ChildPrefsCommandTest, TheChildsScreenSpeaksTheCueInTheRecordedVoice) {
    auto set = mimic("child prefs demo --cue-voice " + shellQuoted(wav("voice.wav", 4.0)));
    ASSERT_EQ(set.exit_code, 0) << set.err;
    const std::string out = shellQuoted(scratch_ / "window.out");
    auto run = runCommand(
        "SDL_AUDIODRIVER=dummy " + kMimic + " --data-dir " + shellQuoted(data_) +
            " session --child demo --behaviour greeting --camera synthetic --mic none --trials 1"
            " --practice-seconds 1 --trace >" +
            out + " 2>&1 & pid=$!; for i in $(seq 1200); do grep -q ' score trial=1$' " + out +
            " && break; kill -0 $pid || break; sleep 0.05; done; kill -KILL $pid; cat " + out,
        scratch_);
    // The voice is heard once SDL has taken its last buffer, which may be a buffer (a few tens
    // of milliseconds) before its 4 s are over; the spoken cue would end after 1.5 s.
    EXPECT_GE(msBetween(run.out, "turn", "practice"), 3800) << run.out;
}

}  // namespace
}  // namespace mimic
