// The analysis worker of a session (app/background_analysis.h) on a real recording made with
// FFmpeg: what is added is measured on the worker and comes back in order, its status says
// what runs, and a file that cannot be read comes back as an error, not a crash.
#include "app/background_analysis.h"

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "run_command.h"
#include "shell_quote.h"
#include "temp_dir.h"

namespace mimic::app {
namespace {

namespace fs = std::filesystem;

TEST(BackgroundAnalysis, RecordingsAreMeasuredInOrderAndStatusSaysWhichRuns) {
    testing::TempDir dir("background-analysis");
    // A square that sits still until 1.5 s, then slides right: motion onset 1.5 s.
    const fs::path file = dir / "practice.mkv";
    auto made = testing::runCommand(
        "ffmpeg -v error -nostdin -f lavfi -i color=c=0x406080:s=320x240:r=30:d=3 -f lavfi -i "
        "color=c=white:s=60x60:r=30 -filter_complex "
        "'[0:v][1:v]overlay=x=if(lt(t\\,1.5)\\,20\\,20+(t-1.5)*300):y=60:shortest=1' "
        "-c:v libx264 -pix_fmt yuv420p -y " +
            testing::shellQuoted(file),
        dir.path());
    ASSERT_EQ(made.exit_code, 0) << made.err;
    std::ofstream(dir / "broken.mkv") << std::string(4000, 'x');

    BackgroundAnalysis worker;
    EXPECT_TRUE(worker.idle());
    EXPECT_EQ(worker.status(), "");
    for (int number : {1, 2, 3}) {
        AnalysisJob job;
        job.trial.trial_id = 10 + number;
        job.number = number;
        job.recording = number == 2 ? dir / "broken.mkv" : file;
        job.from_s = number == 3 ? 1.0 : 0.0;
        worker.add(job);
    }
    EXPECT_FALSE(worker.idle());
    std::vector<AnalysisDone> done;
    bool saw_status = false;
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::minutes(2);
    while (done.size() < 3 && std::chrono::steady_clock::now() < give_up) {
        const std::string status = worker.status();
        saw_status = saw_status || status.rfind("analysing trial ", 0) == 0;
        for (AnalysisDone& d : worker.takeDone())
            done.push_back(std::move(d));
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    ASSERT_EQ(done.size(), 3u);
    EXPECT_TRUE(worker.idle());
    EXPECT_EQ(worker.status(), "");
    EXPECT_TRUE(saw_status);
    EXPECT_EQ(done[0].job.trial.trial_id, 11);
    EXPECT_EQ(done[1].job.trial.trial_id, 12);
    EXPECT_EQ(done[2].job.trial.trial_id, 13);
    ASSERT_TRUE(done[0].found.ok()) << done[0].found.error().message;
    ASSERT_TRUE(done[0].found->motion_onset.has_value());
    EXPECT_NEAR(*done[0].found->motion_onset, 1.5, 0.15);
    EXPECT_FALSE(done[1].found.ok()) << "an unreadable recording is an error";
    ASSERT_TRUE(done[2].found.ok());
    ASSERT_TRUE(done[2].found->latency.has_value());
    EXPECT_NEAR(*done[2].found->latency, 0.5, 0.15);
}

}  // namespace
}  // namespace mimic::app
