// End-to-end tests of `mimic record`, `mimic recover` and the session's recovery: the real
// binary, a FIFO camera fed by the ffmpeg CLI, SDL's disk driver as the microphone, kill -9,
// ffprobe as the judge and a real SQLite file.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <thread>
#include <vector>

#include "capture_test_util.h"
#include "store/clinical_repository.h"

namespace mimic {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
const std::string kMimic = MIMIC_EXE;

double ffprobeDouble(const std::string& args, const fs::path& file) {
    const std::string out =
        testing::capture("ffprobe -v error " + args + " -of csv=p=0 '" + file.string() + "'");
    return out.empty() ? -1.0 : std::stod(out);
}

TEST(RecordCommand, FifoCameraAndDiskMicrophoneFiguresAgreeWithFfprobe) {
    const auto dir = testing::scratchDir("record");
    testing::FifoCamera fifo(dir, 12.0, "640x480");
    const fs::path mic = dir / "mic.f32";
    ASSERT_EQ(std::system(("ffmpeg -v error -f lavfi -i sine=f=440:r=48000 -t 15 -f f32le '" +
                           mic.string() + "'")
                              .c_str()),
              0);
    const fs::path out = dir / "out.mkv";
    const std::string json =
        testing::capture("SDL_AUDIODRIVER=disk SDL_DISKAUDIOFILEIN='" + mic.string() + "' " +
                         kMimic + " record --camera '" + fifo.path().string() +
                         "' --seconds 8 --json --out '" + out.string() + "' 2>/dev/null");
    ASSERT_FALSE(json.empty());
    const auto number = [&](const std::string& key) {
        const auto at = json.find("\"" + key + "\": ");
        EXPECT_NE(at, std::string::npos) << key << " in " << json;
        return at == std::string::npos ? -1.0 : std::stod(json.substr(at + key.size() + 4));
    };
    const long frames = testing::probeFrameCount(out);
    EXPECT_GE(frames, 8 * 30 - 3);
    EXPECT_EQ(number("frames_written"), frames);
    EXPECT_EQ(number("file_video_frames"), frames);
    EXPECT_NEAR(number("audio_duration_s"), 8.0, 0.1);
    const double probe_audio_end =
        ffprobeDouble("-select_streams a -show_entries packet=pts_time -read_intervals 7.9%", out) +
        0.0;
    EXPECT_GT(probe_audio_end, 7.8);
    EXPECT_NEAR(number("file_duration_s"), ffprobeDouble("-show_entries format=duration", out),
                0.002);
    EXPECT_LE(testing::probeMaxKeyframeGap(out), 30);
    if (::testing::Test::HasFailure()) return;
    fs::remove_all(dir);
}

// A FIFO camera nobody writes to: `mimic record` gives up after the camera's open timeout
// (10 s) with one line and exit status 1, and writes no file.
TEST(RecordCommand, FifoCameraWithoutAWriterFailsInOneLineAndWritesNothing) {
    const auto dir = testing::scratchDir("record-no-writer");
    const fs::path fifo = dir / "camera.fifo";
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    const fs::path out = dir / "out.mkv";
    const auto started = Clock::now();
    // Killed after 60 s: a hang fails the test rather than holding the suite.
    const auto r = testing::runCommand("timeout -s KILL 60 " + kMimic + " record --data-dir '" +
                                       (dir / "data").string() + "' --camera '" + fifo.string() +
                                       "' --mic none --seconds 2 --out '" + out.string() + "'");
    const auto took = Clock::now() - started;
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_EQ(r.err, "mimic: camera " + fifo.string() +
                         " cannot be opened: no video came from it within 10 s (is anything "
                         "writing to it?)\n");
    EXPECT_EQ(r.out, "");
    EXPECT_GE(took, std::chrono::seconds(10));
    EXPECT_LT(took, std::chrono::seconds(30));
    std::vector<fs::path> left;
    for (const auto& entry : fs::directory_iterator(dir))
        left.push_back(entry.path());
    EXPECT_EQ(left, std::vector<fs::path>{fifo}) << "only the FIFO stays";
    if (::testing::Test::HasFailure()) return;
    fs::remove_all(dir);
}

TEST(RecordCommand, KilledSessionIsPlayableAndRecoveredAsInterrupted) {
    const auto dir = testing::scratchDir("kill");
    const fs::path data = dir / "data";
    ASSERT_EQ(std::system(("ffmpeg -v error -f lavfi -i testsrc2=s=320x240:r=30 -t 0.5 -c:v "
                           "libx264 -pix_fmt yuv420p '" +
                           (dir / "hello.mp4").string() + "'")
                              .c_str()),
              0);
    std::ofstream(dir / "manifest.json") << R"({"version": 1, "clips": [
      {"file": "hello.mp4", "title": "Hello", "model_kind": "peer",
       "behaviour": {"name": "greeting", "domain": "communication", "definition": "Says hello."}}]})";
    ASSERT_EQ(std::system((kMimic + " demo install --data-dir '" + data.string() +
                           "' --manifest '" + (dir / "manifest.json").string() + "' >/dev/null")
                              .c_str()),
              0);

    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        ::setenv("SDL_AUDIODRIVER", "dummy", 1);
        const std::string data_arg = data.string();
        ::execl(kMimic.c_str(), "mimic", "session", "--headless", "--trials", "1", "--data-dir",
                data_arg.c_str(), "--child", "demo", "--behaviour", "greeting", "--camera",
                "synthetic", "--mic", "none", "--practice-seconds", "30",
                static_cast<char*>(nullptr));
        ::_exit(127);
    }
    // The .partial is made (empty) before the camera starts, and gets its header when
    // recording starts; kill 4 s after that.
    const auto give_up = Clock::now() + std::chrono::seconds(20);
    fs::path partial;
    while (partial.empty() && Clock::now() < give_up) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        std::error_code ec;
        for (auto it = fs::recursive_directory_iterator(data / "recordings", ec);
             !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
            std::error_code size_ec;
            if (it->path().extension() == ".partial" && fs::file_size(it->path(), size_ec) > 0)
                partial = it->path();
        }
    }
    ASSERT_FALSE(partial.empty()) << "the session never started recording";
    std::this_thread::sleep_for(std::chrono::seconds(4));
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);

    ASSERT_TRUE(fs::exists(partial));
    // Measured in the camera's time, not in frames: how many frames the synthetic camera draws
    // in 4 s depends on the CPU (59 under ASan on a loaded machine).
    const long frames = testing::probeFrameCount(partial);
    EXPECT_GE(testing::probeVideoSpan(partial), 4.0 - 0.5)
        << "what a kill -9 loses must stay under 0.5 s";

    const std::string recovered =
        testing::capture(kMimic + " recover --data-dir '" + data.string() + "' 2>&1");
    EXPECT_NE(recovered.find("marked interrupted"), std::string::npos) << recovered;
    EXPECT_FALSE(fs::exists(partial));
    const fs::path final_path = partial.parent_path() / partial.stem();
    ASSERT_TRUE(fs::exists(final_path)) << "recovery keeps the file under its final name";
    EXPECT_EQ(testing::probeFrameCount(final_path), frames);

    auto db = store::Database::open(data / "mimic.db");
    ASSERT_TRUE(db.ok());
    auto trial = store::ClinicalRepository(*db).findTrial(1);
    ASSERT_TRUE(trial.ok());
    ASSERT_TRUE(trial->has_value());
    EXPECT_EQ((*trial)->recording_status, store::RecordingStatus::kInterrupted);
    EXPECT_EQ((*trial)->child_code, "demo");
    EXPECT_EQ((*trial)->behaviour_name, "greeting");
    EXPECT_GE((*trial)->recording_duration_ms.value_or(0), 3500);
    EXPECT_EQ((*trial)->recording_video_frames.value_or(0), frames);
    // Recovery runs once: the next start-up finds nothing left.
    const std::string again =
        testing::capture(kMimic + " recover --data-dir '" + data.string() + "' 2>&1");
    EXPECT_NE(again.find("no interrupted recordings"), std::string::npos) << again;
    if (::testing::Test::HasFailure()) return;
    fs::remove_all(dir);
}

}  // namespace
}  // namespace mimic
