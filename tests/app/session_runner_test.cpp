// The session runner in process, on a real data folder (made by the `mimic` binary), the
// synthetic camera and a real microphone: SDL's disk driver reading a file of sound in real
// time (TECH_NOTES, "Audio without hardware"). What the therapist's strip was given is
// observed through a stage that passes every call on to the headless stage.
#include <cmath>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <numbers>

#include "app/data_context.h"
#include "app/headless_stage.h"
#include "app/session_runner.h"
#include "audio/audio_capture.h"
#include "capture/camera_source.h"
#include "common/termination.h"
#include "records_fixture.h"
#include "session/plan.h"
#include "store/library_repository.h"

namespace mimic {
namespace {

using app::StageStrip;
using std::chrono::milliseconds;

constexpr int kRate = 48000;

// The headless stage, with every strip it was given kept.
class ObservedStage final : public app::SessionStage {
  public:
    explicit ObservedStage(app::HeadlessStage::Options options) : inner_(std::move(options)) {}

    Status playModel(const fs::path& clip, std::int64_t in_ms, std::int64_t out_ms) override {
        return inner_.playModel(clip, in_ms, out_ms);
    }
    void showTurnCue() override { inner_.showTurnCue(); }
    void showPractice(capture::PreviewSlot* preview, bool recording) override {
        inner_.showPractice(preview, recording);
        if (recording && on_recording) on_recording();
    }
    void showAwaitScore() override { inner_.showAwaitScore(); }
    void showReward() override { inner_.showReward(); }
    void showEnd() override { inner_.showEnd(); }
    void setPaused(bool paused) override { inner_.setPaused(paused); }
    void setStrip(const StageStrip& strip) override {
        strips_.push_back(strip);
        inner_.setStrip(strip);
    }
    bool showsPreview() const override { return inner_.showsPreview(); }
    Result<std::vector<app::StageInput>> poll(Clock::time_point now,
                                              Clock::duration max_wait) override {
        return inner_.poll(now, max_wait);
    }

    const std::vector<StageStrip>& strips() const { return strips_; }
    std::function<void()> on_recording;  // when a trial's recording starts

  private:
    app::HeadlessStage inner_;
    std::vector<StageStrip> strips_;
};

class SessionRunnerTest : public RecordsTest {
  protected:
    void SetUp() override {
        RecordsTest::SetUp();
        install();
    }
    void TearDown() override {
        ::setenv("SDL_AUDIODRIVER", "dummy", 1);
        ::unsetenv("SDL_DISKAUDIOFILEIN");
        ::unsetenv("SDL_DISKAUDIOFILE");
        RecordsTest::TearDown();
    }

    std::vector<StageStrip> strips_;

    // SDL's disk driver as the microphone, hearing `seconds` of a 750 Hz sine of `amplitude`
    // (then silence); the model's sound goes to a file beside it.
    void fakeMicrophone(float amplitude, int seconds) {
        const fs::path heard = scratch_ / "microphone.f32";
        std::vector<float> sound(static_cast<std::size_t>(seconds * kRate));
        for (std::size_t i = 0; i < sound.size(); ++i) {
            sound[i] = amplitude * static_cast<float>(std::sin(2.0 * std::numbers::pi * 750.0 *
                                                               static_cast<double>(i) / kRate));
        }
        std::ofstream(heard, std::ios::binary)
            .write(reinterpret_cast<const char*>(sound.data()),
                   static_cast<std::streamsize>(sound.size() * sizeof(float)));
        ::setenv("SDL_AUDIODRIVER", "disk", 1);
        ::setenv("SDL_DISKAUDIOFILEIN", heard.c_str(), 1);
        ::setenv("SDL_DISKAUDIOFILE", (scratch_ / "speaker.f32").c_str(), 1);
    }

    // One headless trial of the demo child's greeting (cue 0.5 s, practice 2 s), unscored,
    // recorded from the synthetic camera and `microphone` (null: video only).
    std::vector<StageStrip> runTrial(audio::AudioCapture* microphone) {
        auto report = runSession(microphone, 1, {});
        if (report.ok()) {
            EXPECT_FALSE(report->stopped) << report->stopped->message;
            EXPECT_EQ(report->trials.size(), 1u);
        }
        return strips_;
    }

    // A headless session of `trials` trials; `on_recording` runs as each trial's recording
    // starts. The strips the stage was given are kept in strips_.
    Result<app::SessionRunReport> runSession(audio::AudioCapture* microphone, int trials,
                                             std::function<void()> on_recording) {
        auto data = app::openDataContext(data_, app::IfMissing::kRefuse);
        EXPECT_TRUE(data.ok()) << data.error().message;
        if (!data.ok()) return Error{"setup failed"};
        store::ClinicalRepository clinical(data->db);
        store::LibraryRepository library(data->db);
        auto child = clinical.findChild("demo");
        auto behaviour = library.findBehaviour("greeting");
        EXPECT_TRUE(child.ok() && *child && behaviour.ok() && *behaviour);
        if (!child.ok() || !*child || !behaviour.ok() || !*behaviour) return Error{"setup failed"};
        auto clips = library.clipsForBehaviour((*behaviour)->id);
        EXPECT_TRUE(clips.ok() && !clips->empty());
        if (!clips.ok() || clips->empty()) return Error{"setup failed"};

        session::PlanRequest request;
        request.child_id = (*child)->id;
        session::BehaviourClips offered;
        offered.behaviour_id = (*behaviour)->id;
        offered.name = (*behaviour)->name;
        app::SessionRunContext context;
        for (const store::Clip& clip : *clips) {
            offered.clips.push_back(
                {clip.id, session::ModelKind::kNone, clip.record.duration_ms, false, {}});
            context.clip_files[clip.id] = data->dir.absolute(clip.record.path);
        }
        request.behaviours.push_back(offered);
        request.named_behaviour_ids.push_back(offered.behaviour_id);
        request.trials_per_target = trials;
        auto plan = session::buildPlan(request);
        EXPECT_TRUE(plan.ok()) << plan.error().message;
        if (!plan.ok()) return Error{"setup failed"};

        auto camera = capture::CameraSource::open(capture::parseCameraSpec("synthetic"));
        EXPECT_TRUE(camera.ok()) << camera.error().message;
        if (!camera.ok()) return Error{"setup failed"};
        context.dir = &data->dir;
        context.db = &data->db;
        context.camera = camera->get();
        context.microphone = microphone;
        context.child_code = "demo";
        app::HeadlessStage::Options options;
        options.cue = milliseconds(500);
        options.practice = milliseconds(2000);
        ObservedStage stage(options);
        stage.on_recording = std::move(on_recording);
        auto report = app::runPracticeSession(context, *plan, stage);
        EXPECT_TRUE(report.ok()) << report.error().message;
        strips_ = stage.strips();
        return report;
    }
};

TEST_F(SessionRunnerTest, StripShowsTheMicrophonesLevelWhileATrialRecords) {
    // A sine of amplitude 0.5 is -9.03 dBFS: 0.849 on the meter.
    fakeMicrophone(0.5f, 20);
    auto mic = audio::AudioCapture::open(audio::parseMicrophoneSpec("default"), kRate, 1);
    ASSERT_TRUE(mic.ok()) << mic.error().message;
    const std::vector<StageStrip> strips = runTrial(&*mic);
    ASSERT_FALSE(strips.empty());

    int recording = 0;
    int heard = 0;
    float loudest = 0.0f;
    for (const StageStrip& strip : strips) {
        EXPECT_TRUE(strip.microphone);
        EXPECT_EQ(strip.child, "demo");
        if (!strip.recording) {
            EXPECT_FALSE(strip.mic_level) << "a level while nothing records";
            continue;
        }
        ++recording;
        ASSERT_TRUE(strip.mic_level) << "no level while recording";
        loudest = std::max(loudest, *strip.mic_level);
        if (*strip.mic_level > 0.8f) ++heard;
    }
    // 2.5 s recorded with a level every 100 ms: many strips, nearly all hearing the sine (a
    // loaded machine may delay a buffer past one look; the first strip of a recording is 0).
    EXPECT_GE(recording, 10);
    EXPECT_GE(heard, 5) << "of " << recording;
    EXPECT_NEAR(loudest, 0.849f, 0.01f);
    EXPECT_EQ(strips.back().state, session::State::kEnd);
}

TEST_F(SessionRunnerTest, WithoutAMicrophoneTheStripShowsNoLevel) {
    const std::vector<StageStrip> strips = runTrial(nullptr);
    ASSERT_FALSE(strips.empty());
    bool recorded = false;
    for (const StageStrip& strip : strips) {
        EXPECT_FALSE(strip.microphone);
        EXPECT_FALSE(strip.mic_level);
        recorded = recorded || strip.recording;
    }
    EXPECT_TRUE(recorded);
}

// A clinic PC shutting down, or an IT person's `kill`, sends SIGTERM. During a trial's
// practice it ends the session in order: the trial keeps its recording, the later trials are
// not run, the report says why, and no PIN is asked for (the stage gets the end, not a quit).
TEST_F(SessionRunnerTest, ASigtermEndsTheSessionInOrderAndKeepsTheTrial) {
    int raised = 0;
    auto report = runSession(nullptr, 3, [&] {
        ++raised;
        ::raise(SIGTERM);
    });
    ASSERT_TRUE(report.ok()) << report.error().message;
    EXPECT_EQ(raised, 1);
    ASSERT_TRUE(report->stopped) << "the session ran on after SIGTERM";
    EXPECT_NE(report->stopped->message.find("SIGTERM"), std::string::npos)
        << report->stopped->message;
    ASSERT_EQ(report->trials.size(), 1u);
    ASSERT_TRUE(report->trials[0].recording);
    EXPECT_GT(report->trials[0].frames, 0);
    EXPECT_TRUE(fs::is_regular_file(data_ / *report->trials[0].recording));
    ASSERT_FALSE(strips_.empty());
    EXPECT_EQ(strips_.back().state, session::State::kEnd);
    EXPECT_FALSE(TerminationGuard::caught()) << "the guard outlived the session";
}

}  // namespace
}  // namespace mimic
