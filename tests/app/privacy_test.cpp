// An encrypted data folder end to end (issue 14): `mimic init --encrypt`, users and roles, a
// session, coding and search, then every file under the folder searched for what was typed;
// recordings and clips play through mimic and not through ffprobe; wrong passphrases change
// nothing; a session killed mid-recording leaves a sealed file that plays and is recovered.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>

#include "records_fixture.h"

namespace mimic {
namespace {

constexpr const char* kAdminPhrase = "admin says hello";
constexpr const char* kTherapistPhrase = "therapist morning tea";
constexpr const char* kObserverPhrase = "observer quiet hours";

class PrivacyTest : public RecordsTest {
  protected:
    void SetUp() override {
        RecordsTest::SetUp();
        signIn("Ada", kAdminPhrase);
        auto made = mimic("init --encrypt --admin Ada", kAdminPhrase);
        ASSERT_EQ(made.exit_code, 0) << made.err;
        ASSERT_EQ(mimic("user add Theo --role therapist", kTherapistPhrase).exit_code, 0);
        ASSERT_EQ(mimic("user add Olga --role observer", kObserverPhrase).exit_code, 0);
    }
    void TearDown() override {
        ::unsetenv("MIMIC_USER");
        ::unsetenv("MIMIC_PASSPHRASE");
        RecordsTest::TearDown();
    }
    void signIn(const std::string& user, const std::string& phrase) {
        ::setenv("MIMIC_USER", user.c_str(), 1);
        ::setenv("MIMIC_PASSPHRASE", phrase.c_str(), 1);
    }
    // `mimic ARGS`, with `new_phrase` as the new passphrase a command asks for.
    testing::CommandResult mimic(const std::string& args, const std::string& new_phrase = "") {
        const std::string env =
            new_phrase.empty() ? "" : "MIMIC_NEW_PASSPHRASE=" + shellQuoted(new_phrase) + " ";
        return runCommand(env + "SDL_AUDIODRIVER=dummy " + kMimic + " --data-dir " +
                              shellQuoted(data_) + " " + args,
                          scratch_);
    }
    // The files under the data folder that hold `word` as bytes.
    std::vector<std::string> filesHolding(const std::string& word) {
        std::vector<std::string> found;
        for (const auto& entry : fs::recursive_directory_iterator(data_)) {
            if (!entry.is_regular_file()) continue;
            std::ifstream in(entry.path(), std::ios::binary);
            const std::string bytes{std::istreambuf_iterator<char>(in),
                                    std::istreambuf_iterator<char>()};
            if (bytes.find(word) != std::string::npos) found.push_back(entry.path().string());
        }
        return found;
    }
    std::string framesOf(const fs::path& file) {
        auto frames = mimic("frames " + shellQuoted(file));
        EXPECT_EQ(frames.exit_code, 0) << frames.err;
        return frames.out;
    }
    fs::path onlyFile(const fs::path& dir, const std::string& extension) {
        for (const auto& entry : fs::recursive_directory_iterator(dir)) {
            if (entry.path().extension() == extension) return entry.path();
        }
        return {};
    }
};

TEST_F(PrivacyTest, NothingTypedIsReadableInAnyFileOfTheFolder) {
    install("greeting");
    ASSERT_EQ(mimic("child add c-zebrafinch --details 'sister Quokka, likes trains'").exit_code, 0);
    ASSERT_EQ(
        mimic("consent grant c-zebrafinch --scope record --by 'parent: Wombat Jones'").exit_code,
        0);
    // A recorded cue voice: a copy kept in the folder, sealed like a recording.
    const fs::path voice = scratch_ / "Mum says your turn.wav";
    ASSERT_EQ(
        runCommand("ffmpeg -v error -f lavfi -i sine=f=300:d=1 " + shellQuoted(voice), scratch_)
            .exit_code,
        0);
    auto prefs = mimic("child prefs c-zebrafinch --cue-voice " + shellQuoted(voice));
    ASSERT_EQ(prefs.exit_code, 0) << prefs.err;
    signIn("Theo", kTherapistPhrase);
    auto ran = session("c-zebrafinch", "greeting", 2);
    ASSERT_EQ(ran.exit_code, 0) << ran.err;
    ASSERT_EQ(mimic("code scheme add greeting wave --type point --key w").exit_code, 0);
    signIn("Olga", kObserverPhrase);
    auto coded = mimic("code add --trial 1 --coder 'Olga Pangolin' --behaviour wave --at 0.5");
    ASSERT_EQ(coded.exit_code, 0) << coded.err;
    signIn("Theo", kTherapistPhrase);
    auto found = mimic("library search greet");
    EXPECT_EQ(found.exit_code, 0) << found.err;
    EXPECT_NE(found.out.find("Hello"), std::string::npos) << found.out;
    auto audit = mimic("audit verify");  // therapists may not read the audit log
    EXPECT_NE(audit.exit_code, 0);

    for (const char* word : {"c-zebrafinch", "zebrafinch", "Quokka", "trains", "Wombat", "Pangolin",
                             "greeting", "Hello", "RIFF", "Mum says"}) {
        EXPECT_EQ(filesHolding(word), std::vector<std::string>{}) << word;
    }
    // The recording and the clip play through mimic, and FFmpeg alone cannot read them.
    const fs::path recording = onlyFile(data_ / "recordings", ".mkv");
    ASSERT_FALSE(recording.empty());
    const std::string recording_frames = framesOf(recording);
    EXPECT_GT(std::count(recording_frames.begin(), recording_frames.end(), '\n'), 30);
    EXPECT_NE(runCommand("ffprobe -v error " + shellQuoted(recording), scratch_).exit_code, 0);
    const fs::path clip = onlyFile(data_ / "library", ".mp4");
    ASSERT_FALSE(clip.empty());
    EXPECT_EQ(framesOf(clip), framesOf(clips_ / "hello.mp4"));  // the same frames as its source
    EXPECT_NE(runCommand("ffprobe -v error " + shellQuoted(clip), scratch_).exit_code, 0);
    // The audit log names the users who signed in, and its chain holds.
    signIn("Ada", kAdminPhrase);
    auto verified = mimic("audit verify");
    EXPECT_EQ(verified.exit_code, 0) << verified.err;
    auto listed = mimic("audit list");
    EXPECT_NE(listed.out.find("Olga"), std::string::npos) << listed.out;
    EXPECT_NE(listed.out.find("Theo"), std::string::npos);
}

TEST_F(PrivacyTest, RolesAreEnforcedAndAWrongPassphraseChangesNothing) {
    install("greeting");
    signIn("Olga", kObserverPhrase);
    auto refused = mimic("child add c-1");
    EXPECT_EQ(refused.exit_code, 1);
    EXPECT_EQ(refused.errLines(),
              std::vector<std::string>{"mimic: 'Olga' is observer; only a therapist or an admin "
                                       "may run this command"});
    EXPECT_NE(mimic("user add Eve --role admin", "eve wants in").exit_code, 0);
    signIn("Theo", kTherapistPhrase);
    EXPECT_EQ(mimic("child add c-1").exit_code, 0);
    EXPECT_NE(mimic("user remove Olga").exit_code, 0);
    // A wrong passphrase: refused in one line, no file changed.
    const auto before = files(data_);
    std::map<std::string, std::string> sums;
    for (const auto& f : before)
        sums[f] = md5(data_ / f);
    signIn("Theo", "therapist evening tea");
    auto wrong = mimic("child add c-2");
    EXPECT_EQ(wrong.exit_code, 1);
    EXPECT_EQ(wrong.errLines(), std::vector<std::string>{"mimic: wrong passphrase for 'Theo'"});
    EXPECT_EQ(files(data_), before);
    for (const auto& f : before)
        EXPECT_EQ(md5(data_ / f), sums[f]) << f;
    // Nobody signed in.
    ::unsetenv("MIMIC_USER");
    auto anonymous = mimic("child list");
    EXPECT_EQ(anonymous.exit_code, 1);
    EXPECT_NE(anonymous.err.find("sign in with --user NAME"), std::string::npos) << anonymous.err;
    // A passphrase from stdin.
    auto piped = runCommand("printf '%s\\n' " + shellQuoted(kTherapistPhrase) + " | " + kMimic +
                                " --data-dir " + shellQuoted(data_) +
                                " child list --user Theo --passphrase-stdin",
                            scratch_);
    EXPECT_EQ(piped.exit_code, 0) << piped.err;
    EXPECT_NE(piped.out.find("c-1"), std::string::npos) << piped.out;
    // A passphrase changed by its owner: the old one no longer opens.
    signIn("Olga", kObserverPhrase);
    EXPECT_EQ(mimic("user passwd Olga", "observer new phrase").exit_code, 0);
    EXPECT_NE(mimic("code list --trial 1").err.find("wrong passphrase"), std::string::npos);
}

TEST_F(PrivacyTest, AKilledEncryptedRecordingPlaysAndIsRecovered) {
    install("greeting");
    ASSERT_EQ(mimic("child add c-7").exit_code, 0);
    ASSERT_EQ(mimic("consent grant c-7 --scope record --by parent").exit_code, 0);
    const pid_t pid = startSession("c-7", 30);
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    fs::path partial;
    while (partial.empty() && std::chrono::steady_clock::now() < give_up) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        std::error_code ec;
        for (auto it = fs::directory_iterator(data_ / "recordings", ec);
             !ec && it != fs::directory_iterator(); it.increment(ec)) {
            std::error_code size_ec;
            if (it->path().extension() == ".partial" && fs::file_size(it->path(), size_ec) > 64)
                partial = it->path();
        }
    }
    ASSERT_FALSE(partial.empty()) << "the session never started recording";
    std::this_thread::sleep_for(std::chrono::seconds(4));
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    // Readable up to less than 0.5 s before the kill: the last frame's time, in the file's
    // own clock (the synthetic camera stamps its frames as it draws them).
    std::istringstream lines(framesOf(partial));
    double last = 0.0;
    for (std::string line; std::getline(lines, line);)
        last = std::stod(line.substr(0, line.find(' ')));
    EXPECT_GE(last, 4.0 - 0.5 - 0.1) << "lost more than 0.5 s";
    auto recovered = mimic("recover");
    EXPECT_NE(recovered.out.find("marked interrupted"), std::string::npos)
        << recovered.out << recovered.err;
    EXPECT_TRUE(fs::exists(partial.parent_path() / partial.stem()));
}

}  // namespace
}  // namespace mimic
