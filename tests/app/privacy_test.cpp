// An encrypted data folder end to end (issue 14): `mimic init --encrypt`, users and roles, a
// session, coding and search, then every file under the folder searched for what was typed;
// recordings and clips play through mimic and not through ffprobe; wrong passphrases change
// nothing; a session killed mid-recording leaves a sealed file that plays and is recovered.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>

#include <nlohmann/json.hpp>

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

    // "WAVEfmt ", bytes 8-15 of every WAV file: the cue voice's copy is sealed (not "RIFF",
    // which four random bytes of a few MB of ciphertext match about once in a thousand runs).
    for (const char* word : {"c-zebrafinch", "zebrafinch", "Quokka", "trains", "Wombat", "Pangolin",
                             "greeting", "Hello", "WAVEfmt ", "Mum says"}) {
        EXPECT_EQ(filesHolding(word), std::vector<std::string>{}) << word;
    }
    // The recording and the clip play through mimic, and FFmpeg alone cannot read them.
    const fs::path recording = onlyFile(data_ / "recordings", ".mkv");
    ASSERT_FALSE(recording.empty());
    const std::string recording_frames = framesOf(recording);
    EXPECT_GT(std::count(recording_frames.begin(), recording_frames.end(), '\n'), 30);
    EXPECT_FALSE(testing::ffmpegOpensAsMimicsContainer(recording));
    const fs::path clip = onlyFile(data_ / "library", ".mp4");
    ASSERT_FALSE(clip.empty());
    EXPECT_EQ(framesOf(clip), framesOf(clips_ / "hello.mp4"));  // the same frames as its source
    EXPECT_FALSE(testing::ffmpegOpensAsMimicsContainer(clip));
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

// Acceptance 2: a session's recording in an encrypted folder holds the same pictures, frame by
// frame, as one in a plain folder recorded from the same FIFO camera. The camera shows a still
// picture at 30 fps (so when a practice starts does not change what it sees). Each recording
// places the camera's own frame times from where its practice began, which differs between
// two runs by a little (a few ms here): the times agree but for that one shift.
TEST_F(PrivacyTest, AnEncryptedRecordingHoldsThePicturesOfAPlainOneOfTheSameFifo) {
    const fs::path still = scratch_ / "still.png";
    ASSERT_EQ(runCommand("ffmpeg -v error -f lavfi -i testsrc2=s=320x240 -frames:v 1 " +
                             shellQuoted(still),
                         scratch_)
                  .exit_code,
              0);
    // One session of one practice, its camera a FIFO that ffmpeg feeds in real time (it ends
    // when the session closes the FIFO). The still is read at 30 pictures a second: read at
    // image2's 25 and sent at -r 30 into nut (a variable-rate format), every sixth picture's
    // slot stays empty, and two sessions that start at different places in that pattern (a
    // loaded machine) compare picture by picture a frame apart every fifth picture.
    auto recordFrom = [&](const std::string& name) {
        const fs::path fifo = scratch_ / (name + ".fifo");
        EXPECT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
        return runCommand("(ffmpeg -v error -nostdin -re -framerate 30 -loop 1 -i " +
                              shellQuoted(still) +
                              " -t 60 -r 30 -c:v rawvideo -pix_fmt yuv420p -f nut -y " +
                              shellQuoted(fifo) + " >/dev/null 2>&1 &); SDL_AUDIODRIVER=dummy " +
                              kMimic + " --data-dir " + shellQuoted(data_) +
                              " session --headless --trials 1 --mic none --practice-seconds 2 "
                              "--child c-1 --behaviour greeting --camera " +
                              shellQuoted(fifo),
                          scratch_);
    };
    // The folder's library, child and consent, a session, and `mimic frames` of its recording
    // (empty on failure); whether ffprobe can read the recording must be `readable`.
    auto framesOfASession = [&](const std::string& name, bool readable) -> std::string {
        install("greeting");
        addChildWithConsent("c-1");
        auto ran = recordFrom(name);
        EXPECT_EQ(ran.exit_code, 0) << ran.err;
        const fs::path recording = onlyFile(data_ / "recordings", ".mkv");
        if (recording.empty()) return {};
        EXPECT_EQ(testing::ffmpegOpensAsMimicsContainer(recording), readable) << name;
        return framesOf(recording);
    };
    const std::string sealed_frames = framesOfASession("sealed", false);
    const fs::path sealed_folder = data_;
    data_ = scratch_ / "plain";  // the same steps in a plain folder
    const std::string plain_frames = framesOfASession("plain", true);
    data_ = sealed_folder;

    // `<seconds> <md5>` lines: the same pictures in the same order, at the same frame times.
    auto lines = [](const std::string& text) {
        std::vector<std::pair<double, std::string>> out;
        std::istringstream in(text);
        double t = 0;
        std::string md5;
        while (in >> t >> md5)
            out.emplace_back(t, md5);
        return out;
    };
    const auto a = lines(sealed_frames);
    const auto b = lines(plain_frames);
    ASSERT_GT(a.size(), 50u) << sealed_frames;
    ASSERT_GT(b.size(), 50u) << plain_frames;
    // The practice ends on a clock of its own: a frame more or less at the end.
    EXPECT_LE(a.size() > b.size() ? a.size() - b.size() : b.size() - a.size(), 2u);
    const std::size_t compared = std::min(a.size(), b.size()) - 3;
    // Both start at 0; from the second frame on, the camera's own times, shifted by where each
    // practice began and by the least delay the frames came with so far (capture/
    // stamp_clock.h), which a frame that comes quicker than any before lowers by a few
    // milliseconds on a busy machine: one shift for every frame, give or take a quarter of a
    // frame period.
    EXPECT_EQ(a[0].first, 0.0);
    EXPECT_EQ(b[0].first, 0.0);
    const double shift = a[1].first - b[1].first;
    for (std::size_t i = 0; i < compared; ++i) {
        EXPECT_EQ(a[i].second, b[i].second) << "frame " << i;
        if (i > 0) {
            EXPECT_NEAR(a[i].first - b[i].first, shift, 0.25 / 30) << "frame " << i;
        }
    }
}

TEST_F(PrivacyTest, AKilledEncryptedRecordingPlaysAndIsRecovered) {
    install("greeting");
    ASSERT_EQ(mimic("child add c-kingfisher --details 'brother Axolotl'").exit_code, 0);
    ASSERT_EQ(mimic("consent grant c-kingfisher --scope record --by 'parent: Narwhal'").exit_code,
              0);
    const pid_t pid = startSession("c-kingfisher", 30);
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
    // As the crash left it (the database's WAL not checkpointed, the recording cut): nothing
    // of the child in any file.
    for (const char* word : {"kingfisher", "Axolotl", "Narwhal"})
        EXPECT_EQ(filesHolding(word), std::vector<std::string>{}) << word;
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
    for (const char* word : {"kingfisher", "Axolotl", "Narwhal"})
        EXPECT_EQ(filesHolding(word), std::vector<std::string>{}) << word;
}

// A child erased on request (acceptance 5): after a session, coding, a cue voice and a
// consent, nothing of the child is left in any file of the folder; the other child's record
// is whole; the audit chain verifies; a legal hold stops it; only admins may.
TEST_F(PrivacyTest, AnErasedChildLeavesNothingAndTheChainHolds) {
    install("greeting");
    for (const char* code : {"c-zebrafinch", "c-otter"}) {
        ASSERT_EQ(mimic(std::string("child add ") + code + " --details 'details of " + code + "'")
                      .exit_code,
                  0);
        ASSERT_EQ(mimic(std::string("consent grant ") + code +
                        " --scope record --by 'parent: Wombat Jones'")
                      .exit_code,
                  0);
    }
    const fs::path voice = scratch_ / "Mum says your turn.wav";
    ASSERT_EQ(
        runCommand("ffmpeg -v error -f lavfi -i sine=f=300:d=1 " + shellQuoted(voice), scratch_)
            .exit_code,
        0);
    ASSERT_EQ(mimic("child prefs c-zebrafinch --cue-voice " + shellQuoted(voice)).exit_code, 0);
    signIn("Theo", kTherapistPhrase);
    for (const char* code : {"c-zebrafinch", "c-otter"}) {
        auto ran = session(code, "greeting", 1);
        ASSERT_EQ(ran.exit_code, 0) << ran.err;
    }
    ASSERT_EQ(mimic("code scheme add greeting wave --type point --key w").exit_code, 0);
    ASSERT_EQ(mimic("code add --trial 1 --coder Theo --behaviour wave --at 0.5").exit_code, 0);
    ASSERT_EQ(mimic("code add --trial 2 --coder Theo --behaviour wave --at 0.7").exit_code, 0);
    std::vector<fs::path> media_before;
    for (const auto& entry : fs::recursive_directory_iterator(data_))
        if (entry.path().extension() == ".mkv" || entry.path().extension() == ".wav")
            media_before.push_back(entry.path());
    ASSERT_EQ(media_before.size(), 3u) << "two recordings and the cue voice";

    // Therapists may not; a hold stops it; without --yes nothing changes.
    EXPECT_NE(mimic("child erase c-zebrafinch --yes").exit_code, 0);
    EXPECT_NE(mimic("retention set --recordings 30").exit_code, 0);
    EXPECT_NE(mimic("child hold c-zebrafinch --on").exit_code, 0);
    signIn("Ada", kAdminPhrase);
    ASSERT_EQ(mimic("child hold c-zebrafinch --on").exit_code, 0);
    auto held = mimic("child erase c-zebrafinch --yes");
    EXPECT_NE(held.exit_code, 0);
    EXPECT_NE(held.err.find("legal hold"), std::string::npos) << held.err;
    ASSERT_EQ(mimic("child hold c-zebrafinch --off").exit_code, 0);
    auto asked = mimic("child erase c-zebrafinch");
    EXPECT_NE(asked.exit_code, 0);
    EXPECT_NE(asked.out.find("1 sessions, 1 trials, 1 recordings, 1 coded events"),
              std::string::npos)
        << asked.out;
    EXPECT_EQ(mimic("child list").out.find("c-zebrafinch") != std::string::npos, true);

    auto erased = mimic("child erase c-zebrafinch --yes");
    ASSERT_EQ(erased.exit_code, 0) << erased.err;
    signIn("Theo", kTherapistPhrase);
    for (const char* word : {"zebrafinch", "Wombat", "details of c-zebrafinch", "Mum says"}) {
        EXPECT_EQ(filesHolding(word), std::vector<std::string>{}) << word;
    }
    EXPECT_EQ(mimic("child list").out.find("zebrafinch"), std::string::npos);
    std::vector<fs::path> media_after;
    for (const auto& entry : fs::recursive_directory_iterator(data_))
        if (entry.path().extension() == ".mkv" || entry.path().extension() == ".wav")
            media_after.push_back(entry.path());
    ASSERT_EQ(media_after.size(), 1u) << "only the other child's recording";
    // The other child: its record, its codes and its recording as before.
    auto other = mimic("child show c-otter --json");
    ASSERT_EQ(other.exit_code, 0) << other.err;
    EXPECT_NE(other.out.find("\"trials\""), std::string::npos);
    EXPECT_NE(mimic("code list --trial 2").out.find("wave"), std::string::npos);
    const std::string other_frames = framesOf(media_after[0]);
    EXPECT_GT(std::count(other_frames.begin(), other_frames.end(), '\n'), 30);
    // Search still works, and the chain holds with one entry saying what happened.
    EXPECT_EQ(mimic("library search greet").exit_code, 0);
    signIn("Ada", kAdminPhrase);
    auto verified = mimic("audit verify");
    EXPECT_EQ(verified.exit_code, 0) << verified.err << verified.out;
    auto listed = mimic("audit list");
    EXPECT_NE(listed.out.find("erase child"), std::string::npos) << listed.out;
    EXPECT_EQ(listed.out.find("zebrafinch"), std::string::npos) << listed.out;
    EXPECT_NE(listed.out.find("c-otter"), std::string::npos);
}

// The same on a plain folder, where the bytes themselves tell: after a session, coding, a
// cue voice and a consent, no file of the folder (the database, its WAL, the media) holds the
// child's code, details or consent text once the child is erased.
TEST_F(RecordsTest, AnErasedChildLeavesNoByteInAPlainFolder) {
    install("greeting");
    ASSERT_EQ(mimic("child add c-zebrafinch --details 'sister Quokka, likes trains'").exit_code, 0);
    ASSERT_EQ(
        mimic("consent grant c-zebrafinch --scope record --by 'parent: Wombat Jones'").exit_code,
        0);
    addChildWithConsent("c-otter");
    const fs::path voice = scratch_ / "voice.wav";
    ASSERT_EQ(
        runCommand("ffmpeg -v error -f lavfi -i sine=f=300:d=1 " + shellQuoted(voice), scratch_)
            .exit_code,
        0);
    ASSERT_EQ(mimic("child prefs c-zebrafinch --cue-voice " + shellQuoted(voice)).exit_code, 0);
    ASSERT_EQ(session("c-zebrafinch", "greeting").exit_code, 0);
    ASSERT_EQ(session("c-otter", "greeting").exit_code, 0);
    ASSERT_EQ(mimic("code scheme add greeting wave --type point --key w").exit_code, 0);
    ASSERT_EQ(mimic("code add --trial 1 --coder Pangolin --behaviour wave --at 0.5").exit_code, 0);
    for (const char* word : {"zebrafinch", "Quokka", "Wombat", "Pangolin"})
        ASSERT_FALSE(filesHolding(word).empty()) << word << " is in the folder before";

    auto erased = mimic("child erase c-zebrafinch --yes");
    ASSERT_EQ(erased.exit_code, 0) << erased.err;
    for (const char* word : {"zebrafinch", "Quokka", "trains", "Wombat", "Pangolin"})
        EXPECT_EQ(filesHolding(word), std::vector<std::string>{}) << word;
    EXPECT_EQ(files(data_ / "child-media"), std::set<std::string>{});
    EXPECT_EQ(files(data_ / "recordings").size(), 1u);
    EXPECT_FALSE(filesHolding("c-otter").empty());
    auto verified = mimic("audit verify");
    EXPECT_EQ(verified.exit_code, 0) << verified.err;
    auto again = mimic("child erase c-zebrafinch --yes");
    EXPECT_NE(again.exit_code, 0);
    EXPECT_NE(again.err.find("no child"), std::string::npos) << again.err;
}

// Retention (issue 14, point 3): recordings older than the days set are overwritten and
// removed by `retention apply` and at the start of a session, trials and scores stay, a
// child on legal hold keeps theirs; everything audited.
TEST_F(RecordsTest, RetentionRemovesOldRecordingsButNotAHeldChilds) {
    install("greeting");
    for (const char* code : {"c-old", "c-held", "c-new"})
        addChildWithConsent(code);
    for (const char* code : {"c-old", "c-held", "c-new"})
        ASSERT_EQ(session(code, "greeting").exit_code, 0);
    ASSERT_EQ(files(data_ / "recordings").size(), 3u);
    {
        // Two recordings made long ago: the first two children's.
        auto database = db();
        ASSERT_TRUE(database.connection()
                        .exec("UPDATE recordings SET started_at = '2020-01-01T10:00:00Z' "
                              "WHERE id IN (SELECT recording_id FROM trials WHERE id IN (1, 2))")
                        .ok());
    }
    auto shown = mimic("retention show --json");
    EXPECT_EQ(shown.out, "{\"due\":0,\"recordings_days\":null}\n") << shown.out << shown.err;
    EXPECT_NE(mimic("retention set --recordings 0").exit_code, 0);
    ASSERT_EQ(mimic("retention set --recordings 30").exit_code, 0);
    ASSERT_EQ(mimic("child hold c-held --on").exit_code, 0);
    EXPECT_EQ(mimic("retention show --json").out, "{\"due\":1,\"recordings_days\":30}\n");
    const auto before = files(data_ / "recordings");
    auto applied = mimic("retention apply --json");
    ASSERT_EQ(applied.exit_code, 0) << applied.err;
    EXPECT_EQ(applied.out, "{\"failed\":0,\"removed\":1}\n");
    EXPECT_EQ(files(data_ / "recordings").size(), 2u);
    EXPECT_EQ(trial(1)->recording_path, std::nullopt) << "the trial stays, without its recording";
    EXPECT_TRUE(trial(2)->recording_path.has_value()) << "a held child's recording stays";
    EXPECT_TRUE(trial(3)->recording_path.has_value()) << "a new recording stays";
    auto audit = mimic("audit list");
    EXPECT_NE(audit.out.find("retention: kept 30 days"), std::string::npos) << audit.out;
    // Lifted: the next session's start removes it.
    ASSERT_EQ(mimic("child hold c-held --off").exit_code, 0);
    ASSERT_EQ(session("c-new", "greeting").exit_code, 0);
    EXPECT_EQ(trial(2)->recording_path, std::nullopt);
    EXPECT_EQ(files(data_ / "recordings").size(), 2u) << "c-new's two recordings";
    EXPECT_EQ(mimic("audit verify").exit_code, 0);
}

// The md5 column of `mimic frames`: the pictures, whatever container carries them.
std::string pictureHashes(const std::string& frames) {
    std::istringstream lines(frames);
    std::string hashes;
    for (std::string line; std::getline(lines, line);)
        hashes += line.substr(line.find(' ')) + "\n";
    return hashes;
}

// Identifiable exports (issue 14, point 4): a recording leaves an encrypted folder only for a
// therapist with the consent for the purpose, readable by any program, with the same pictures,
// audited; never into the data folder, never over a file without --force.
TEST_F(PrivacyTest, ARecordingLeavesOnlyWithConsentAndAsTheSamePictures) {
    install("greeting");
    ASSERT_EQ(mimic("child add c-7").exit_code, 0);
    ASSERT_EQ(mimic("consent grant c-7 --scope record --by parent").exit_code, 0);
    signIn("Theo", kTherapistPhrase);
    ASSERT_EQ(session("c-7", "greeting", 2).exit_code, 0);
    const fs::path out = scratch_ / "for parents.mp4";
    const std::string exporting = "export recording --trial 1 --out " + shellQuoted(out);
    auto refused = mimic(exporting);
    EXPECT_NE(refused.exit_code, 0);
    EXPECT_NE(refused.err.find("no current share-with-parents consent (none is on file)"),
              std::string::npos)
        << refused.err;
    EXPECT_FALSE(fs::exists(out));
    ASSERT_EQ(mimic("consent grant c-7 --scope share-with-parents --by parent").exit_code, 0);
    EXPECT_NE(mimic(exporting + " --purpose training").exit_code, 0);
    signIn("Olga", kObserverPhrase);
    EXPECT_NE(mimic(exporting).exit_code, 0) << "observers never";
    EXPECT_FALSE(fs::exists(out));
    signIn("Theo", kTherapistPhrase);
    auto inside = mimic("export recording --trial 1 --out " + shellQuoted(data_ / "copy.mp4"));
    EXPECT_NE(inside.exit_code, 0);
    EXPECT_FALSE(fs::exists(data_ / "copy.mp4"));
    auto exported = mimic(exporting);
    ASSERT_EQ(exported.exit_code, 0) << exported.err;
    EXPECT_EQ(runCommand("ffprobe -v error " + shellQuoted(out), scratch_).exit_code, 0);
    const fs::path recording = onlyFile(data_ / "recordings", ".mkv");
    EXPECT_FALSE(testing::ffmpegOpensAsMimicsContainer(recording));
    const std::string stored = pictureHashes(framesOf(recording));
    EXPECT_GT(std::count(stored.begin(), stored.end(), '\n'), 30);
    EXPECT_EQ(pictureHashes(framesOf(out)), stored);
    EXPECT_NE(mimic(exporting).exit_code, 0) << "no overwrite without --force";
    EXPECT_EQ(mimic(exporting + " --force").exit_code, 0);
    signIn("Ada", kAdminPhrase);
    auto audit = mimic("audit list");
    EXPECT_NE(audit.out.find("export recording"), std::string::npos) << audit.out;
    EXPECT_NE(audit.out.find("purpose parents"), std::string::npos);
}

// A self-modelling clip (issue 16) cut in an encrypted folder is sealed like the recording it
// comes from, reads back through mimic, is a therapist's to make and goes with the child.
TEST_F(PrivacyTest, ASelfModellingClipIsSealedAndErasedWithTheChild) {
    install("greeting");
    ASSERT_EQ(mimic("child add c-7").exit_code, 0);
    ASSERT_EQ(mimic("consent grant c-7 --scope record --by parent").exit_code, 0);
    signIn("Theo", kTherapistPhrase);
    ASSERT_EQ(session("c-7", "greeting", 2).exit_code, 0);
    const std::string making =
        "library make-clip --from-trial 1 --keep 0.2-1.2 --behaviour greeting --title mine --json";
    signIn("Olga", kObserverPhrase);
    EXPECT_NE(mimic(making).exit_code, 0) << "observers never";
    signIn("Theo", kTherapistPhrase);
    auto made = mimic(making);
    ASSERT_EQ(made.exit_code, 0) << made.err;
    const fs::path clip = nlohmann::json::parse(made.out)["path"].get<std::string>();
    ASSERT_TRUE(fs::exists(clip));
    EXPECT_FALSE(testing::ffmpegOpensAsMimicsContainer(clip)) << "sealed at rest";
    const std::string frames = framesOf(clip);
    EXPECT_NEAR(static_cast<double>(std::count(frames.begin(), frames.end(), '\n')), 30.0, 1.0);
    signIn("Ada", kAdminPhrase);
    ASSERT_EQ(mimic("child erase c-7 --yes").exit_code, 0);
    EXPECT_FALSE(fs::exists(clip));
}

// A plain folder made encrypted: a sealed copy checked, swapped in, the plain copy kept until
// confirmed; everything reads as before through a sign-in.
TEST_F(RecordsTest, APlainFolderIsEncryptedInPlace) {
    install("greeting");
    ASSERT_EQ(mimic("child add c-aardvark --details 'brother Narwhal'").exit_code, 0);
    ASSERT_EQ(mimic("consent grant c-aardvark --scope record --by parent").exit_code, 0);
    auto ran = session("c-aardvark", "greeting", 2);
    ASSERT_EQ(ran.exit_code, 0) << ran.err;
    fs::path recording;
    for (const auto& entry : fs::directory_iterator(data_ / "recordings"))
        recording = entry.path();
    const std::string frames_before = mimic("frames " + shellQuoted(recording)).out;
    ASSERT_FALSE(frames_before.empty());

    auto encrypted = runCommand("MIMIC_NEW_PASSPHRASE='first admin phrase' " + kMimic +
                                    " encrypt --admin Ada --data-dir " + shellQuoted(data_),
                                scratch_);
    ASSERT_EQ(encrypted.exit_code, 0) << encrypted.err;
    EXPECT_NE(encrypted.out.find("the plain copy is kept in"), std::string::npos) << encrypted.out;
    // The plain copy beside it, and nothing readable in the folder itself.
    std::vector<fs::path> beside;
    for (const auto& entry : fs::directory_iterator(scratch_)) {
        if (entry.path().filename().string().rfind("data.plain-", 0) == 0)
            beside.push_back(entry.path());
    }
    ASSERT_EQ(beside.size(), 1u);
    EXPECT_TRUE(fs::exists(beside[0] / "mimic.db"));
    for (const auto& entry : fs::recursive_directory_iterator(data_)) {
        if (!entry.is_regular_file()) continue;
        std::ifstream in(entry.path(), std::ios::binary);
        const std::string bytes{std::istreambuf_iterator<char>(in),
                                std::istreambuf_iterator<char>()};
        EXPECT_EQ(bytes.find("aardvark"), std::string::npos) << entry.path();
        EXPECT_EQ(bytes.find("Narwhal"), std::string::npos) << entry.path();
    }
    ::setenv("MIMIC_USER", "Ada", 1);
    ::setenv("MIMIC_PASSPHRASE", "first admin phrase", 1);
    auto listed = mimic("child list");
    EXPECT_NE(listed.out.find("c-aardvark"), std::string::npos) << listed.out << listed.err;
    EXPECT_EQ(mimic("frames " + shellQuoted(recording)).out, frames_before);
    EXPECT_EQ(mimic("audit verify").exit_code, 0);
    // Again: refused, nothing changed.
    auto again =
        runCommand(kMimic + " encrypt --admin Ada --data-dir " + shellQuoted(data_), scratch_);
    EXPECT_EQ(again.errLines(),
              std::vector<std::string>{"mimic: " + data_.string() + " is encrypted already"});
    ::unsetenv("MIMIC_USER");
    ::unsetenv("MIMIC_PASSPHRASE");
}

}  // namespace
}  // namespace mimic
