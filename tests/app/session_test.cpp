// End-to-end tests of the `mimic` binary: the demo set-up, a practice session, and bad input.
// Real parts: clips made by the ffmpeg CLI, a real SQLite file, real encoding, ffprobe as the
// judge of recordings.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>

#include "command_runner.h"
#include "store/clinical_repository.h"
#include "store/library_repository.h"

namespace mimic {
namespace {

namespace fs = std::filesystem;
using testing::runCommand;
using testing::shellQuoted;

const std::string kMimic = MIMIC_EXE;

// Clips and a manifest shared by every test: made once with the ffmpeg CLI.
class SessionTest : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        library_ = fs::temp_directory_path() / ("mimic-app-lib-" + std::to_string(::getpid()));
        fs::create_directories(library_);
        // Two different clips (same content would be one clip in the library).
        ASSERT_EQ(testing::makeTestClip("testsrc2", "320x240", 30, 1, library_ / "hello.mp4"), 0);
        ASSERT_EQ(testing::makeTestClip("smptebars", "320x240", 30, 1, library_ / "wait.mp4"), 0);
        std::ofstream(library_ / "manifest.json") << R"({"version": 1, "clips": [
          {"file": "hello.mp4", "title": "Hello", "model_kind": "peer",
           "behaviour": {"name": "greeting", "domain": "communication", "definition": "Says hello."}},
          {"file": "wait.mp4", "title": "Wait", "model_kind": "adult",
           "behaviour": {"name": "waiting", "domain": "social play", "definition": "Waits."}}]})";
    }
    static void TearDownTestSuite() { fs::remove_all(library_); }

    void SetUp() override {
        scratch_ = testing::makeScratch(
            "mimic-app", ::testing::UnitTest::GetInstance()->current_test_info()->name());
        data_ = scratch_ / "data";
    }
    void TearDown() override { fs::remove_all(scratch_); }

    testing::CommandResult mimic(const std::string& args) {
        return runCommand("SDL_AUDIODRIVER=dummy " + kMimic + " " + args, scratch_);
    }
    void installLibrary() {
        auto result = mimic("demo install --data-dir " + shellQuoted(data_) + " --manifest " +
                            shellQuoted(library_ / "manifest.json"));
        ASSERT_EQ(result.exit_code, 0) << result.err;
    }
    // Every file under the data directory with its size: "nothing left behind" is this
    // listing unchanged.
    std::set<std::string> listing() const {
        std::set<std::string> files;
        if (!fs::is_directory(data_)) return files;
        for (const auto& entry : fs::recursive_directory_iterator(data_)) {
            std::string line = fs::relative(entry.path(), data_).string();
            if (entry.is_regular_file()) {
                line += ' ';
                line += std::to_string(entry.file_size());
            }
            files.insert(line);
        }
        return files;
    }
    std::int64_t trialCount() {
        auto db = store::Database::open(data_ / "mimic.db");
        EXPECT_TRUE(db.ok());
        if (!db) return -1;
        auto count = store::ClinicalRepository(*db).countTrials();
        return count ? *count : -1;
    }
    // Runs a session expected to be refused; checks one stderr line containing `expected`,
    // a non-zero exit, and nothing changed on disk or in the database.
    void expectRefused(const std::string& args, const std::string& expected) {
        const auto before = listing();
        const std::int64_t trials_before = fs::exists(data_ / "mimic.db") ? trialCount() : 0;
        auto result = mimic("session --headless --data-dir " + shellQuoted(data_) + " " + args);
        EXPECT_NE(result.exit_code, 0);
        const auto lines = result.errLines();
        ASSERT_EQ(lines.size(), 1u) << result.err;
        EXPECT_NE(lines[0].find(expected), std::string::npos) << lines[0];
        EXPECT_EQ(result.out, "");
        EXPECT_EQ(listing(), before);
        if (fs::exists(data_ / "mimic.db")) {
            EXPECT_EQ(trialCount(), trials_before);
        }
    }

    static inline fs::path library_;
    fs::path scratch_;
    fs::path data_;
};

double ffprobeVideoSeconds(const fs::path& file, const fs::path& scratch) {
    auto probe = runCommand(
        "ffprobe -v error -count_frames -select_streams v:0 -show_entries "
        "stream=nb_read_frames,codec_name -show_entries format=duration "
        "-of default=nw=1 " +
            shellQuoted(file),
        scratch);
    EXPECT_EQ(probe.exit_code, 0) << probe.err;
    EXPECT_NE(probe.out.find("codec_name=h264"), std::string::npos) << probe.out;
    const auto at = probe.out.find("duration=");
    return at == std::string::npos ? 0.0 : std::stod(probe.out.substr(at + 9));
}

TEST_F(SessionTest, VersionAndHelp) {
    auto version = mimic("--version");
    EXPECT_EQ(version.exit_code, 0);
    EXPECT_NE(version.out.find("mimic "), std::string::npos);
    auto help = mimic("session --help");
    EXPECT_EQ(help.exit_code, 0);
    EXPECT_NE(help.out.find("--data-dir"), std::string::npos);
    EXPECT_NE(help.out.find("--practice-seconds"), std::string::npos);
}

TEST_F(SessionTest, UsageErrorsAreOneLine) {
    for (const std::string args : {"session --child demo", "demo",
                                   "session --child a "
                                   "--behaviour b --practice-seconds 0",
                                   "frobnicate"}) {
        auto result = mimic(args);
        EXPECT_EQ(result.exit_code, 2) << args;
        ASSERT_EQ(result.errLines().size(), 1u) << args << ": " << result.err;
        EXPECT_EQ(result.err.rfind("mimic: ", 0), 0u) << result.err;
    }
}

TEST_F(SessionTest, DemoInstallIsIdempotent) {
    installLibrary();
    installLibrary();
    auto db = store::Database::open(data_ / "mimic.db");
    ASSERT_TRUE(db.ok()) << db.error().message;
    store::LibraryRepository library(*db);
    EXPECT_EQ(*library.countClips(), 2);
    ASSERT_EQ(library.listBehaviours()->size(), 2u);
    store::ClinicalRepository clinical(*db);
    auto child = clinical.findChild("demo");
    ASSERT_TRUE(child.ok() && child->has_value());
    EXPECT_TRUE(*clinical.hasCurrentConsent((*child)->id, store::ConsentScope::kRecord,
                                            "2026-01-01T00:00:00Z"));
    for (const auto& clip : *library.listClips()) {
        EXPECT_TRUE(fs::exists(data_ / clip.record.path)) << clip.record.path;
        EXPECT_EQ(fs::path(clip.record.path).filename().string().substr(0, 64), clip.record.sha256);
    }
}

TEST_F(SessionTest, HeadlessSessionStoresTrialAndPlayableRecording) {
    installLibrary();
    const auto started = std::chrono::steady_clock::now();
    auto result = mimic("session --headless --data-dir " + shellQuoted(data_) +
                        " --child demo --behaviour greeting --camera synthetic --mic none "
                        "--trials 1 --practice-seconds 2");
    ASSERT_EQ(result.exit_code, 0) << result.err;
    // The 1 s clip is played in real time before the 2 s practice is recorded: a lower
    // bound only (a loaded machine may be slower, never faster).
    EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(2900));
    EXPECT_EQ(result.out.rfind("trial 1: recording recordings/", 0), 0u) << result.out;

    auto db = store::Database::open(data_ / "mimic.db");
    ASSERT_TRUE(db.ok());
    auto trial = store::ClinicalRepository(*db).findTrial(1);
    ASSERT_TRUE(trial.ok() && trial->has_value());
    EXPECT_EQ((*trial)->child_code, "demo");
    EXPECT_EQ((*trial)->behaviour_name, "greeting");
    ASSERT_TRUE((*trial)->recording_path.has_value());
    EXPECT_NE(result.out.find(*(*trial)->recording_path), std::string::npos);
    const fs::path recording = data_ / *(*trial)->recording_path;
    EXPECT_EQ(recording.extension(), ".mkv");
    EXPECT_FALSE(fs::exists(recording.string() + ".partial"));
    EXPECT_GE(ffprobeVideoSeconds(recording, scratch_), 1.9);
    EXPECT_GE(*(*trial)->recording_video_frames, 55);
}

// A window session (here on SDL's offscreen display, where no key can be pressed) plays the
// model, shows the cue, records the practice until --practice-seconds, and then waits for the
// therapist's score instead of inventing one. The keys on a real X server are
// tools/session-window-test's (CTest session_window).
TEST_F(SessionTest, SessionInAWindowOnTheOffscreenDisplayWaitsForTheScore) {
    installLibrary();
    const std::string out = shellQuoted(scratch_ / "window.out");
    auto result = runCommand(
        "SDL_AUDIODRIVER=dummy " + kMimic + " session --data-dir " + shellQuoted(data_) +
            " --child demo --behaviour greeting --camera synthetic --mic none --trials 1"
            " --practice-seconds 1 --trace >" +
            out + " 2>&1 & pid=$!; for i in $(seq 1200); do grep -q ' score trial=1$' " + out +
            " && break; kill -0 $pid || break; sleep 0.05; done; sleep 2; "
            "kill -0 $pid && echo still-waiting; kill -KILL $pid; cat " +
            out,
        scratch_);
    EXPECT_NE(result.out.find("still-waiting"), std::string::npos) << result.out;
    for (const std::string state :
         {" model trial=1", " turn trial=1", " practice trial=1", " score trial=1"}) {
        EXPECT_NE(result.out.find(state), std::string::npos) << state << ": " << result.out;
    }
    EXPECT_EQ(result.out.find(" end trial=1"), std::string::npos) << result.out;
    // The practice's recording was finished when the practice ended.
    EXPECT_EQ(trialCount(), 1);
    auto db = store::Database::open(data_ / "mimic.db");
    ASSERT_TRUE(db.ok());
    auto trial = store::ClinicalRepository(*db).findTrial(1);
    ASSERT_TRUE(trial.ok() && trial->has_value());
    ASSERT_TRUE((*trial)->recording_path.has_value());
    EXPECT_TRUE(fs::exists(data_ / *(*trial)->recording_path));
    EXPECT_FALSE(fs::exists(data_ / (*(*trial)->recording_path + ".partial")));
}

TEST_F(SessionTest, NoDisplayWithoutHeadlessIsExplained) {
    installLibrary();
    const auto before = listing();
    auto result = runCommand("env -u DISPLAY -u WAYLAND_DISPLAY SDL_VIDEODRIVER= " + kMimic +
                                 " session --data-dir " + shellQuoted(data_) +
                                 " --child demo --behaviour greeting --camera synthetic",
                             scratch_);
    EXPECT_NE(result.exit_code, 0);
    ASSERT_EQ(result.errLines().size(), 1u) << result.err;
    EXPECT_NE(result.err.find("no display to show the clip on; add --headless"), std::string::npos);
    EXPECT_EQ(listing(), before);
}

TEST_F(SessionTest, CameraFromAVideoFile) {
    // Long enough for the model (1 s), the turn cue (1.5 s) and the practice (1 s): a file
    // camera ends with its file.
    installLibrary();
    const fs::path camera = scratch_ / "camera.mkv";
    ASSERT_EQ(std::system(("ffmpeg -v error -f lavfi -i testsrc2=s=320x240:r=25 -t 8 -c:v "
                           "libx264 " +
                           shellQuoted(camera))
                              .c_str()),
              0);
    auto result =
        mimic("session --headless --data-dir " + shellQuoted(data_) +
              " --child demo --behaviour waiting --trials 1 --practice-seconds 1 --camera " +
              shellQuoted(camera));
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_NE(result.out.find("frames written"), std::string::npos);
}

TEST_F(SessionTest, UnknownChildIsRefused) {
    installLibrary();
    expectRefused("--child nobody --behaviour greeting --camera synthetic",
                  "no child with code 'nobody'");
}

TEST_F(SessionTest, UnknownBehaviourIsRefusedAndKnownOnesListed) {
    installLibrary();
    expectRefused("--child demo --behaviour juggling --camera synthetic",
                  "no behaviour 'juggling' in the library (known: greeting, waiting)");
}

TEST_F(SessionTest, CameraThatCannotBeOpenedIsNamed) {
    installLibrary();
    expectRefused("--child demo --behaviour greeting --camera 7",
                  "camera 7 (/dev/video7) cannot be opened");
    expectRefused("--child demo --behaviour greeting --camera /no/such/camera.mp4",
                  "camera /no/such/camera.mp4 cannot be opened: no such file");
    const fs::path text = scratch_ / "notes.txt";
    std::ofstream(text) << "not a video";
    expectRefused("--child demo --behaviour greeting --camera " + shellQuoted(text),
                  "cannot be opened: not a readable video stream");
}

TEST_F(SessionTest, ChildWithoutConsentIsRefused) {
    installLibrary();
    {
        auto db = store::Database::open(data_ / "mimic.db");
        ASSERT_TRUE(db.ok());
        store::ClinicalRepository clinical(*db);
        ASSERT_TRUE(clinical.addChild("c-017").ok());
        auto expired = clinical.addChild("c-018");
        ASSERT_TRUE(expired.ok());
        ASSERT_TRUE(clinical
                        .grantConsent(*expired, store::ConsentScope::kRecord, "parent",
                                      std::string("2020-01-01T00:00:00Z"))
                        .ok());
    }
    expectRefused("--child c-017 --behaviour greeting --camera synthetic",
                  "child 'c-017' has no current consent to be recorded");
    expectRefused("--child c-018 --behaviour greeting --camera synthetic",
                  "child 'c-018' has no current consent to be recorded");
}

TEST_F(SessionTest, UnwritableDataDirectoryIsRefused) {
    // Running as root, permission bits do not stop writes; a path through a regular file
    // and a recordings folder that is a file are unwritable for everyone.
    std::ofstream(scratch_ / "plain-file") << "x";
    data_ = scratch_ / "plain-file";
    expectRefused("--child demo --behaviour greeting --camera synthetic",
                  "cannot use data directory");

    data_ = scratch_ / "data";
    installLibrary();
    fs::remove_all(data_ / "recordings");
    std::ofstream(data_ / "recordings") << "in the way";
    expectRefused("--child demo --behaviour greeting --camera synthetic",
                  "cannot use data directory");
}

TEST_F(SessionTest, MissingLibraryCreatesNothing) {
    expectRefused("--child demo --behaviour greeting --camera synthetic", "no mimic library in");
    EXPECT_FALSE(fs::exists(data_));
}

}  // namespace
}  // namespace mimic
