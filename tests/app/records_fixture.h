// The fixture of the issue 10 suites (records_test.cpp, audit_test.cpp): a scratch folder per
// test with a data folder, a one-clip library, and helpers that run the real `mimic` binary.
#pragma once

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <thread>
#include <vector>

#include "command_runner.h"
#include "store/clinical_repository.h"

namespace mimic {

namespace fs = std::filesystem;
using testing::runCommand;
using testing::shellQuoted;

inline const std::string kMimic = MIMIC_EXE;

// Every test has its own scratch folder holding the data folder and a one-clip library whose
// behaviour is named `behaviour_` (a name, sometimes shaped like a path).
class RecordsTest : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        clips_ = fs::temp_directory_path() / ("mimic-records-clips-" + std::to_string(::getpid()));
        fs::create_directories(clips_);
        ASSERT_EQ(testing::makeTestClip("testsrc2", "160x120", 30, 1, clips_ / "hello.mp4"), 0);
    }
    static void TearDownTestSuite() { fs::remove_all(clips_); }

    void SetUp() override {
        scratch_ = testing::makeScratch(
            "mimic-records", ::testing::UnitTest::GetInstance()->current_test_info()->name());
        data_ = scratch_ / "data";
    }
    void TearDown() override { fs::remove_all(scratch_); }

    testing::CommandResult mimic(const std::string& args) {
        return runCommand(
            "SDL_AUDIODRIVER=dummy " + kMimic + " --data-dir " + shellQuoted(data_) + " " + args,
            scratch_);
    }
    // The library with one clip of the behaviour `name`, and the demo child with consent.
    void install(const std::string& name = "greeting", const fs::path& clip = {}) {
        const fs::path manifest = scratch_ / "manifest.json";
        std::ofstream(manifest) << R"({"version": 1, "clips": [
          {"file": ")" << (clip.empty() ? clips_ / "hello.mp4" : clip).string()
                                << R"(", "title": "Hello", "model_kind": "peer",
           "behaviour": {"name": ")"
                                << name << R"(", "domain": "d", "definition": "x"}}]})";
        auto result = mimic("demo install --manifest " + shellQuoted(manifest));
        ASSERT_EQ(result.exit_code, 0) << result.err;
    }
    void addChildWithConsent(const std::string& code) {
        auto added = mimic("child add " + code);
        ASSERT_EQ(added.exit_code, 0) << added.err;
        auto granted = mimic("consent grant " + code + " --scope record --by parent");
        ASSERT_EQ(granted.exit_code, 0) << granted.err;
    }
    testing::CommandResult session(const std::string& child, const std::string& behaviour,
                                   int seconds = 1) {
        return mimic(
            "session --headless --trials 1 --camera synthetic --mic none --practice-seconds " +
            std::to_string(seconds) + " --child " + shellQuoted(child) + " --behaviour " +
            shellQuoted(behaviour));
    }
    store::Database db() {
        auto opened = store::Database::open(data_ / "mimic.db");
        EXPECT_TRUE(opened.ok()) << opened.error().message;
        return std::move(opened).value();
    }
    std::optional<store::TrialView> trial(std::int64_t id) {
        auto database = db();
        auto found = store::ClinicalRepository(database).findTrial(id);
        EXPECT_TRUE(found.ok());
        return found ? *found : std::nullopt;
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
    // Every regular file under `root`, relative, sorted.
    static std::set<std::string> files(const fs::path& root) {
        std::set<std::string> found;
        if (!fs::is_directory(root)) return found;
        for (const auto& entry : fs::recursive_directory_iterator(root)) {
            if (entry.is_regular_file()) found.insert(fs::relative(entry.path(), root).string());
        }
        return found;
    }
    static std::string md5(const fs::path& file) {
        return runCommand("md5sum " + shellQuoted(file) + " | cut -c1-32",
                          fs::temp_directory_path())
            .out;
    }

    // Starts `mimic ARGS...` in the background (fork + exec), for kills and races. Its stdout
    // and stderr go to sessionOut() and sessionErr(); `audio_file` set plays sound through
    // SDL's disk driver into that file (it grows while a clip plays), else the dummy driver.
    pid_t startMimic(const std::vector<std::string>& args, const fs::path& audio_file = {}) {
        fs::create_directories(logs());
        std::vector<char*> argv{const_cast<char*>("mimic")};
        for (const std::string& arg : args)
            argv.push_back(const_cast<char*>(arg.c_str()));
        argv.push_back(nullptr);
        const pid_t pid = ::fork();
        if (pid == 0) {
            if (audio_file.empty()) {
                ::setenv("SDL_AUDIODRIVER", "dummy", 1);
            } else {
                ::setenv("SDL_AUDIODRIVER", "disk", 1);
                ::setenv("SDL_DISKAUDIOFILE", audio_file.c_str(), 1);
            }
            const int out =
                ::open((logs() / "session.out").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
            const int err =
                ::open((logs() / "session.err").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
            ::dup2(out, 1);
            ::dup2(err, 2);
            ::execv(kMimic.c_str(), argv.data());
            ::_exit(127);
        }
        return pid;
    }
    // A one-trial headless session of `greeting` for `child`, recording `seconds`.
    pid_t startSession(const std::string& child, int seconds,
                       const std::string& camera = "synthetic", const fs::path& audio_file = {}) {
        return startMimic({"session", "--headless", "--trials", "1", "--data-dir", data_.string(),
                           "--child", child, "--behaviour", "greeting", "--camera", camera, "--mic",
                           "none", "--practice-seconds", std::to_string(seconds)},
                          audio_file);
    }
    // The test's own files (a background session's output), beside the data folder.
    fs::path logs() const { return scratch_ / "logs"; }
    std::string sessionOut() const { return testing::readText(logs() / "session.out"); }
    std::string sessionErr() const { return testing::readText(logs() / "session.err"); }
    static int waitExit(pid_t pid) {
        int status = 0;
        ::waitpid(pid, &status, 0);
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    // Waits up to `limit` for `pid` to end; kills it (and returns -1) when it has not.
    static int waitExitWithin(pid_t pid, std::chrono::seconds limit) {
        const auto give_up = std::chrono::steady_clock::now() + limit;
        while (std::chrono::steady_clock::now() < give_up) {
            int status = 0;
            if (::waitpid(pid, &status, WNOHANG) == pid)
                return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        ::kill(pid, SIGKILL);
        waitExit(pid);
        return -1;
    }
    // Every file outside the data folder (the scratch folder holds it) but the test's own
    // logs, for "nothing outside the data folder changed".
    std::set<std::string> filesOutsideData() const {
        auto all = files(scratch_);
        std::erase_if(all, [](const std::string& f) {
            return f.rfind("data/", 0) == 0 || f.rfind("logs/", 0) == 0;
        });
        return all;
    }
    // The id of the child's one recording consent.
    std::int64_t recordConsentId(const std::string& child) {
        auto database = db();
        store::ClinicalRepository clinical(database);
        auto found = clinical.findChild(child);
        EXPECT_TRUE(found.ok() && *found);
        if (!found.ok() || !*found) return 0;
        auto consents = clinical.listConsents((*found)->id);
        EXPECT_TRUE(consents.ok());
        if (!consents.ok() || consents->empty()) return 0;
        return consents->front().id;
    }
    // Waits until a `.partial` under recordings/ holds data (its row is committed and the
    // camera has started: the header is written after both). Empty path when none came.
    fs::path waitForLiveRecording() {
        const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        while (std::chrono::steady_clock::now() < give_up) {
            std::error_code ec;
            for (auto it = fs::directory_iterator(data_ / "recordings", ec);
                 !ec && it != fs::directory_iterator(); it.increment(ec)) {
                if (it->path().extension() == ".partial" && it->file_size(ec) > 0 && !ec) {
                    return it->path();
                }
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        return {};
    }
    // Build 3's outcome: the session said in one line that consent for 'demo' `ended`, the
    // recording `live` is gone under both its names, and the trial is kept without media,
    // stopped for consent.
    void expectStoppedForConsent(const fs::path& live, std::int64_t trial_id,
                                 const std::string& ended) {
        EXPECT_EQ(sessionErr(), "mimic: consent for 'demo' to be recorded " + ended +
                                    "; the recording in progress was deleted, the trial is "
                                    "kept without media\n");
        EXPECT_FALSE(fs::exists(live));
        EXPECT_FALSE(fs::exists(live.parent_path() / live.stem()));
        auto stopped = trial(trial_id);
        ASSERT_TRUE(stopped) << "the trial was not kept";
        EXPECT_FALSE(stopped->recording_path);
        EXPECT_TRUE(stopped->stopped_for_consent);
    }
    // Acceptance 2: every file under recordings/ belongs to exactly one recording row, every
    // row has its file, no row is left 'recording', and SQLite finds the database intact.
    void expectEveryRecordingOwned() {
        auto database = db();
        auto paths = store::ClinicalRepository(database).recordingPaths();
        ASSERT_TRUE(paths.ok());
        const std::set<std::string> rows(paths->begin(), paths->end());
        EXPECT_EQ(rows.size(), paths->size());
        std::set<std::string> owned;
        for (const auto& file : files(data_ / "recordings")) {
            const std::string relative = "recordings/" + file;
            EXPECT_TRUE(rows.contains(relative)) << relative << " belongs to no recording row";
            EXPECT_TRUE(owned.insert(relative).second);
        }
        EXPECT_EQ(owned, rows) << "a recording row without its file";
        auto in_progress = store::ClinicalRepository(database).recordingsInProgress();
        ASSERT_TRUE(in_progress.ok());
        EXPECT_TRUE(in_progress->empty());
        auto integrity = database.connection().queryText("PRAGMA integrity_check");
        ASSERT_TRUE(integrity.ok());
        EXPECT_EQ(integrity->value_or(""), "ok");
    }

    static inline fs::path clips_;
    fs::path scratch_;
    fs::path data_;
};

}  // namespace mimic
