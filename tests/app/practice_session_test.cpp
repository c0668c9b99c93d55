// `mimic session` as issue 11 defines it (acceptance 2): a scripted headless session of several
// trials on a real FIFO camera (an ffmpeg writer), stored in a real data folder; the
// recordings judged by ffprobe, the record by `mimic progress` and SQLite.
#include <nlohmann/json.hpp>

#include <regex>

#include "capture/camera_source.h"
#include "capture_test_util.h"
#include "records_fixture.h"
#include "store/session_repository.h"

namespace mimic {
namespace {

using nlohmann::json;

class PracticeSessionTest : public RecordsTest {
  protected:
    // A session of the demo child with the FIFO camera `camera`, headless, 1 s practices.
    testing::CommandResult practise(const fs::path& camera, const std::string& args) {
        return mimic("session --headless --child demo --camera " + shellQuoted(camera) +
                     " --mic none --practice-seconds 1 --therapist 'A. Jones' --setting clinic " +
                     args);
    }
    void setUpProgram() {
        install();
        // Mastery: 60 % in each of the last 2 sessions (so the second good session meets it).
        for (const std::string args :
             {"therapist add 'A. Jones'",
              "program add demo greeting --phase intervention --sessions 2 --accuracy 60"}) {
            auto done = mimic(args);
            ASSERT_EQ(done.exit_code, 0) << args << ": " << done.err;
        }
    }
    static json parse(const std::string& out) {
        // --trace lines come first; the JSON object is the rest.
        const auto at = out.find('{');
        EXPECT_NE(at, std::string::npos) << out;
        return at == std::string::npos ? json() : json::parse(out.substr(at));
    }
    // The recording in progress once it holds data (a `.partial` under recordings/), after a
    // complete one when `after_a_complete_one`; empty when none came within 60 s.
    fs::path liveRecording(bool after_a_complete_one) {
        const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        while (std::chrono::steady_clock::now() < give_up) {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
            bool complete = false;
            fs::path partial;
            std::error_code ec;
            for (auto it = fs::directory_iterator(data_ / "recordings", ec);
                 !ec && it != fs::directory_iterator(); it.increment(ec)) {
                if (it->path().extension() == ".mkv") complete = true;
                if (it->path().extension() == ".partial" && it->file_size(ec) > 0 && !ec)
                    partial = it->path();
            }
            if (!partial.empty() && (complete || !after_a_complete_one)) return partial;
        }
        return {};
    }
    std::int64_t trialRows() {
        auto database = db();
        auto count = store::ClinicalRepository(database).countTrials();
        return count ? *count : -1;
    }
};

struct TraceLine {
    double seconds = 0;
    std::string state;
    int trial = 0;
};

std::vector<TraceLine> traceLines(const std::string& out) {
    static const std::regex line(
        R"(^(\d+\.\d{3}) (model|turn|practice|score|reward|end) trial=(\d+)$)");
    std::vector<TraceLine> lines;
    std::istringstream in(out);
    for (std::string text; std::getline(in, text) && text != "{";) {
        std::smatch m;
        EXPECT_TRUE(std::regex_match(text, m, line)) << "not a trace line: " << text;
        if (!m.empty()) lines.push_back({std::stod(m[1]), m[2], std::stoi(m[3])});
    }
    return lines;
}

TEST_F(PracticeSessionTest, ScriptedSessionIsStoredAndProgressAgrees) {
    setUpProgram();
    testing::FifoCamera camera(scratch_, 120);
    auto first = practise(camera.path(),
                          "--trials 3 --score independent --score prompted:verbal "
                          "--score independent --trace --json");
    ASSERT_EQ(first.exit_code, 0) << first.err;

    // --trace: each state as it was entered, in order, with non-decreasing times. The
    // continuous schedule rewards the two independent trials, not the prompted one.
    const auto trace = traceLines(first.out);
    std::string states;
    for (std::size_t i = 0; i < trace.size(); ++i) {
        states += trace[i].state + std::to_string(trace[i].trial) + " ";
        if (i > 0) {
            EXPECT_GE(trace[i].seconds, trace[i - 1].seconds) << states;
        }
    }
    EXPECT_EQ(states,
              "model1 turn1 practice1 score1 reward1 model2 turn2 practice2 score2 "
              "model3 turn3 practice3 score3 reward3 end3 ");
    ASSERT_FALSE(trace.empty());
    EXPECT_EQ(trace.front().seconds, 0.0);

    const json out = parse(first.out);
    ASSERT_EQ(out["trials"].size(), 3u) << out.dump(1);
    const std::vector<std::string> outcomes{"independent", "prompted", "independent"};
    for (std::size_t i = 0; i < 3; ++i) {
        const json& t = out["trials"][i];
        EXPECT_EQ(t["outcome"], outcomes[i]) << t.dump();
        EXPECT_EQ(t["program"], 1);
        EXPECT_TRUE(t["step"].is_null());
        EXPECT_EQ(t["reinforced"], i != 1) << t.dump();
        EXPECT_EQ(t["prompt_level"], i == 1 ? json("verbal") : json(nullptr));
        EXPECT_GE(t["latency_ms"].get<int>(), 1000) << "the score came after the 1 s practice";
        ASSERT_TRUE(t["recording"].is_string()) << t.dump();
        const fs::path recording = data_ / t["recording"].get<std::string>();
        // Playable: the cue (1.5 s) and the practice (1 s) at 30 fps, decoded by ffprobe.
        EXPECT_GE(testing::probeFrameCount(recording), 45) << recording;
        EXPECT_FALSE(fs::exists(recording.string() + ".partial"));
    }
    EXPECT_EQ(out["mastery"].size(), 1u);
    EXPECT_EQ(out["mastery"][0]["behaviour"], "greeting");
    EXPECT_EQ(out["mastery"][0]["met"], false);
    EXPECT_TRUE(out["mastery"][0]["proposed_phase"].is_null());

    // One session with its seed; each trial's state changes from its start, in order.
    {
        auto database = db();
        store::SessionRepository sessions(database);
        auto session = sessions.findSession(out["session"].get<std::int64_t>());
        ASSERT_TRUE(session.ok() && *session);
        EXPECT_TRUE((*session)->record.reinforcement_seed.has_value());
        EXPECT_TRUE((*session)->record.ended_at.has_value());
        EXPECT_EQ((*session)->therapist, "A. Jones");
        auto practice = sessions.trialPractice(out["trials"][0]["trial"].get<std::int64_t>());
        ASSERT_TRUE(practice.ok());
        std::string events;
        std::int64_t previous = 0;
        for (const auto& e : practice->events) {
            events += e.state + " ";
            EXPECT_GE(e.at_ms, previous);
            previous = e.at_ms;
        }
        EXPECT_EQ(events, "model turn practice score reward ");
        EXPECT_EQ(practice->events.front().at_ms, 0);
        ASSERT_TRUE(practice->practice_start_ms);
        EXPECT_GE(*practice->practice_start_ms, 1500) << "practice starts after the 1.5 s cue";
        // The recording starts at the cue (its first frame is the camera's first after it,
        // a frame period later at most), and where the practice lies in it is stored.
        ASSERT_TRUE(practice->attempt_offset_ms);
        const std::int64_t cue_to_first_frame_ms =
            *practice->practice_start_ms - *practice->attempt_offset_ms;
        EXPECT_GE(cue_to_first_frame_ms, 0);
        EXPECT_LE(cue_to_first_frame_ms, 100) << "the practice recording starts within 100 ms "
                                                 "of the \"your turn\" cue";
    }

    auto progress = mimic("progress --child demo --behaviour greeting --json");
    ASSERT_EQ(progress.exit_code, 0) << progress.err;
    const json report = json::parse(progress.out);
    ASSERT_EQ(report["sessions"].size(), 1u);
    const json& line = report["sessions"][0];
    EXPECT_EQ(line["session"], out["session"]);
    EXPECT_EQ(line["trials"], 3);
    EXPECT_EQ(line["independent"], 2);
    EXPECT_EQ(line["prompted"], 1);
    EXPECT_EQ(line["accuracy"], 66.7);
    EXPECT_EQ(report["mastery"]["met"], false);

    // The second session reaches 60 % too: 2 sessions in a row, so mastery is met and the
    // next phase proposed; the therapist confirms it and the history keeps the date.
    // A FIFO serves one reader: the second session has a camera of its own.
    fs::create_directories(scratch_ / "second");
    testing::FifoCamera second_camera(scratch_ / "second", 120);
    auto second = practise(second_camera.path(),
                           "--behaviour greeting --trials 1 --score independent --json");
    ASSERT_EQ(second.exit_code, 0) << second.err;
    const json next = parse(second.out);
    ASSERT_EQ(next["mastery"].size(), 1u);
    EXPECT_EQ(next["mastery"][0]["met"], true) << next.dump(1);
    EXPECT_EQ(next["mastery"][0]["proposed_phase"], "maintenance");
    auto after = json::parse(mimic("progress --child demo --behaviour greeting --json").out);
    EXPECT_EQ(after["mastery"], (json{{"met", true},
                                      {"proposed_phase", "maintenance"},
                                      {"reason", next["mastery"][0]["reason"]}}));
    EXPECT_EQ(after["phase"], "intervention") << "proposed, not changed, until confirmed";
    auto confirmed =
        mimic("program set demo greeting --phase maintenance --therapist 'A. Jones' --reason met");
    ASSERT_EQ(confirmed.exit_code, 0) << confirmed.err;
    after = json::parse(mimic("progress --child demo --behaviour greeting --json").out);
    ASSERT_EQ(after["phase_history"].size(), 2u);
    EXPECT_EQ(after["phase_history"][1]["to"], "maintenance");
    EXPECT_EQ(after["phase_history"][1]["therapist"], "A. Jones");
    expectEveryRecordingOwned();
}

TEST_F(PracticeSessionTest, BadScoreIsRefusedBeforeAnythingIsRecorded) {
    setUpProgram();
    const auto before = files(data_);
    for (const auto& [args, expected] : std::vector<std::pair<std::string, std::string>>{
             {"--score great", "--score 'great' is not a score"},
             {"--score prompted:", "--score 'prompted:' is not a score"},
             {"--score independent --score prompted:shout", "prompted:shout (trial 2"},
             {"--score prompted:9", "no such prompt level"},
             {"--trials 1 --score independent --score independent", "2 --score values"},
             {"--child-display 2", "--child-display places the child's window; --headless"}}) {
        auto refused =
            mimic("session --headless --child demo --camera synthetic --mic none " + args);
        EXPECT_EQ(refused.exit_code, 1) << args;
        ASSERT_EQ(refused.errLines().size(), 1u) << refused.err;
        EXPECT_NE(refused.err.find(expected), std::string::npos) << refused.err;
        EXPECT_EQ(refused.out, "");
    }
    EXPECT_EQ(files(data_), before);
    EXPECT_EQ(trialRows(), 0);
}

// Consent withdrawn during the second trial's recording: that recording is deleted and its
// trial kept without media, the session stops (no third trial), and the first trial keeps
// its recording (withdrawal is not retroactive).
TEST_F(PracticeSessionTest, ConsentRevokedMidSessionKeepsEarlierTrials) {
    setUpProgram();
    testing::FifoCamera camera(scratch_, 120);
    const pid_t pid =
        startMimic({"session", "--headless", "--data-dir", data_.string(), "--child", "demo",
                    "--camera", camera.path().string(), "--mic", "none", "--trials", "3",
                    "--practice-seconds", "8", "--score", "independent", "--trace"});
    // Trial 2 records once trial 1's file is complete and a new `.partial` holds data.
    const fs::path live = liveRecording(/*after_a_complete_one=*/true);
    ASSERT_FALSE(live.empty()) << "trial 2 never recorded: " << sessionErr();
    auto revoked = mimic("consent revoke " + std::to_string(recordConsentId("demo")));
    ASSERT_EQ(revoked.exit_code, 0) << revoked.err;
    ASSERT_EQ(waitExitWithin(pid, std::chrono::seconds(40)), 1) << sessionErr();
    expectStoppedForConsent(live, 2, "was withdrawn");
    EXPECT_EQ(trialRows(), 2) << "the session went on after consent was withdrawn";
    EXPECT_EQ(sessionOut().find("model trial=3"), std::string::npos) << sessionOut();
    auto first = trial(1);
    ASSERT_TRUE(first && first->recording_path);
    EXPECT_GE(testing::probeFrameCount(data_ / *first->recording_path), 200)
        << "trial 1 keeps its 9.5 s recording";
    expectEveryRecordingOwned();
}

// A FIFO camera whose writer has opened it but never sends a picture (a stuck webcam feed):
// the session gives up after the camera's open timeout (10 s) with one line and exit status 1,
// and leaves no row, audit entry or file behind.
TEST_F(PracticeSessionTest, SilentFifoCameraFailsInOneLineAndStoresNothing) {
    setUpProgram();
    const fs::path fifo = scratch_ / "camera.fifo";
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    testing::BackgroundJob writer("exec sleep 120 >" + shellQuoted(fifo));
    const auto files_before = files(data_);
    const std::string audit_before = mimic("audit list --json").out;
    const auto started = std::chrono::steady_clock::now();
    const pid_t pid =
        startMimic({"session", "--headless", "--data-dir", data_.string(), "--child", "demo",
                    "--camera", fifo.string(), "--mic", "none", "--practice-seconds", "1"});
    // Killed after 60 s (a hang fails here rather than holding the suite).
    EXPECT_EQ(waitExitWithin(pid, std::chrono::seconds(60)), 1) << sessionErr();
    const auto took = std::chrono::steady_clock::now() - started;
    EXPECT_GE(took, capture::kCameraOpenTimeout);
    EXPECT_LT(took, 3 * capture::kCameraOpenTimeout);
    EXPECT_EQ(sessionErr(), "mimic: camera " + fifo.string() +
                                " cannot be opened: no video came from it within 10 s (is "
                                "anything writing to it?)\n");
    EXPECT_EQ(sessionOut(), "");
    EXPECT_EQ(files(data_), files_before);
    EXPECT_EQ(trialRows(), 0);
    EXPECT_EQ(mimic("audit list --json").out, audit_before) << "a session row was added";
}

// A camera that pauses during practice (its writer stopped for 1.5 s: a busy PC, a USB
// hiccup) does not end the child's session: the pictures held up in the pipe come after it,
// the trial is scored and its recording complete, covering the practice without a hole.
TEST_F(PracticeSessionTest, ACameraPausingDuringPracticeIsRiddenOut) {
    setUpProgram();
    testing::FifoCamera camera(scratch_, 120);
    const pid_t pid =
        startMimic({"session", "--headless", "--data-dir", data_.string(), "--child", "demo",
                    "--camera", camera.path().string(), "--mic", "none", "--trials", "1",
                    "--practice-seconds", "6", "--score", "independent", "--json"});
    ASSERT_FALSE(liveRecording(/*after_a_complete_one=*/false).empty()) << sessionErr();
    camera.signal("STOP");
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    camera.signal("CONT");
    ASSERT_EQ(waitExitWithin(pid, std::chrono::seconds(60)), 0) << sessionErr();
    const json report = parse(sessionOut());
    ASSERT_EQ(report["trials"].size(), 1U) << report.dump();
    EXPECT_EQ(report["trials"][0]["outcome"], "independent");
    auto practised = trial(1);
    ASSERT_TRUE(practised && practised->recording_path) << "the trial lost its recording";
    EXPECT_EQ(practised->recording_status, store::RecordingStatus::kComplete);
    // The recording runs from the cue to the practice's end (6 s and more); its pictures are
    // the camera's 30 a second throughout: the paused ones arrived late, not never.
    const fs::path file = data_ / *practised->recording_path;
    const double seconds = testing::probeVideoSpan(file);
    EXPECT_GE(seconds, 5.9);
    EXPECT_GE(testing::probeFrameCount(file), static_cast<std::int64_t>(seconds * 30 * 0.9))
        << seconds << " s";
    expectEveryRecordingOwned();
}

// A camera that stops for good during practice (its writer hangs, the FIFO stays open) ends
// the session once it has sent nothing for capture::kPracticeStallTimeout: one line saying so,
// exit status 1, and what was recorded is kept with its trial, marked interrupted.
TEST_F(PracticeSessionTest, ACameraHangingDuringPracticeEndsTheSessionKeepingTheRecording) {
    setUpProgram();
    testing::FifoCamera camera(scratch_, 120);
    const pid_t pid =
        startMimic({"session", "--headless", "--data-dir", data_.string(), "--child", "demo",
                    "--camera", camera.path().string(), "--mic", "none", "--trials", "2",
                    "--practice-seconds", "30", "--score", "independent"});
    ASSERT_FALSE(liveRecording(/*after_a_complete_one=*/false).empty()) << sessionErr();
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    camera.signal("STOP");
    const auto stopped = std::chrono::steady_clock::now();
    const int code = waitExitWithin(pid, std::chrono::seconds(60));
    const auto took = std::chrono::steady_clock::now() - stopped;
    camera.signal("KILL");
    ASSERT_EQ(code, 1) << sessionErr();
    EXPECT_GE(took, capture::kPracticeStallTimeout);
    EXPECT_NE(sessionErr().find("camera " + camera.path().string() +
                                " sent no picture for 3.00 s (stalled or unplugged)"),
              std::string::npos)
        << sessionErr();
    EXPECT_EQ(trialRows(), 1) << "the session went on without a camera";
    auto kept = trial(1);
    ASSERT_TRUE(kept && kept->recording_path) << "the trial lost what was recorded";
    EXPECT_EQ(kept->recording_status, store::RecordingStatus::kInterrupted);
    EXPECT_GE(testing::probeFrameCount(data_ / *kept->recording_path), 15);
    expectEveryRecordingOwned();
}

}  // namespace
}  // namespace mimic
