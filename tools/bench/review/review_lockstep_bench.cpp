// Lock-step benchmark (issue 12, figure 1): the model clip and the practice recording on one
// transport (ui::ReviewTransport, the review window's) drift apart by at most one frame over
// a 60 s review at 1x and at 0.5x.
//
// Two 60 s clips are made with the ffmpeg CLI: the "practice" at 30 fps with a tone (its sound
// is the master clock, pulled by SDL's dummy audio driver in real time) and the "model" at
// 25 fps without sound, lined up 0.5 s apart. The transport plays them as the window does; at
// every update that shows a picture it records, per pane, how many frames the picture on screen
// is from the frame due at the timeline time (review::framesOff: the model's at the mapped
// time), and for the practice also its own picture time against its audio clock (the player's
// A-V difference per shown frame, in frames). Max drift <= 1 frame: PASS.
// Usage: review_lockstep_bench [work-dir]   (the clips are made there, then kept)
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>

#include "media/frame_times.h"
#include "review/lock_step.h"
#include "review/timeline.h"
#include "ui/review_transport.h"

namespace fs = std::filesystem;
using mimic::Clock;

namespace {

constexpr double kPracticeFps = 30.0;
constexpr double kModelFps = 25.0;
constexpr int kSeconds = 60;

bool makeClip(const fs::path& out, double fps, bool sound) {
    if (fs::exists(out)) return true;
    std::string command = "ffmpeg -v error -nostdin -y -f lavfi -i testsrc2=s=640x480:r=" +
                          std::to_string(static_cast<int>(fps));
    if (sound) command += " -f lavfi -i sine=f=440:r=48000 -c:a aac";
    command += " -t " + std::to_string(kSeconds) + " -c:v libx264 -preset veryfast -g " +
               std::to_string(static_cast<int>(fps)) + " -pix_fmt yuv420p '" + out.string() + "'";
    return std::system(command.c_str()) == 0;
}

struct Drift {
    std::int64_t model_frames = 0;     // max over shown pictures
    std::int64_t practice_frames = 0;  // max over shown pictures
    double practice_av_frames = 0.0;   // max |picture - audio clock| of the practice, frames
    double relative_frames = 0.0;      // max |model lag - practice lag| in model frames
    std::int64_t model_pictures = 0;
    std::int64_t practice_pictures = 0;
    double seconds = 0.0;
    bool sound = false;
};

Drift run(const mimic::review::ReviewTimeline& timeline, const fs::path& model,
          const fs::path& practice, double rate) {
    mimic::ui::ReviewTransport transport(timeline, model, practice, timeline.practiceStart_us());
    Drift drift;
    drift.sound = transport.soundPlaying();
    transport.setRate(rate);
    // Let the paused seek's first pictures arrive, as the window does before the person plays.
    for (int i = 0; i < 100 && !(transport.practiceShown() && transport.modelShown()); ++i) {
        transport.update(Clock::now());
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    const auto start = Clock::now();
    transport.play();
    const auto limit = start + std::chrono::duration<double>(kSeconds / rate + 10.0);
    while (!transport.paused() && Clock::now() < limit) {
        std::this_thread::sleep_until(
            std::min(transport.nextDue(), Clock::now() + std::chrono::milliseconds(8)));
        const auto now = Clock::now();
        mimic::ui::ReviewFrames frames = transport.update(now);
        if (!frames.model && !frames.practice) continue;
        const std::int64_t t = transport.playhead_us(now);
        const std::int64_t model_time = timeline.modelTime(t);
        if (frames.model) ++drift.model_pictures;
        if (frames.practice) ++drift.practice_pictures;
        if (model_time >= timeline.model().first() && model_time <= timeline.model().last()) {
            drift.model_frames = std::max(
                drift.model_frames,
                mimic::review::framesOff(timeline.model(), model_time, transport.modelShown()));
        }
        drift.practice_frames =
            std::max(drift.practice_frames,
                     mimic::review::framesOff(timeline.practice(), t, transport.practiceShown()));
        if (transport.modelShown() && transport.practiceShown()) {
            // How far behind its due time each pane's picture is, compared: the two panes'
            // lag differs by less than a frame when neither waits for the other.
            const double model_lag = static_cast<double>(model_time - *transport.modelShown());
            const double practice_lag = static_cast<double>(t - *transport.practiceShown());
            drift.relative_frames = std::max(
                drift.relative_frames, std::abs(model_lag - practice_lag) / (1e6 / kModelFps));
        }
    }
    drift.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    for (const std::int64_t av : transport.practiceStats().av_difference_us) {
        drift.practice_av_frames = std::max(
            drift.practice_av_frames, std::abs(static_cast<double>(av)) / (1e6 / kPracticeFps));
    }
    return drift;
}

}  // namespace

int main(int argc, char** argv) {
    // No sound card needed: SDL's dummy driver pulls the practice's sound in real time.
    setenv("SDL_AUDIODRIVER", "dummy", 0);
    const fs::path dir =
        argc > 1 ? fs::path(argv[1]) : fs::temp_directory_path() / "mimic-review-bench";
    fs::create_directories(dir);
    const fs::path practice = dir / "practice-30fps.mp4";
    const fs::path model = dir / "model-25fps.mp4";
    if (!makeClip(practice, kPracticeFps, true) || !makeClip(model, kModelFps, false)) {
        std::fprintf(stderr, "ffmpeg could not make the clips in %s\n", dir.c_str());
        return 2;
    }
    auto practice_times = mimic::media::videoFrameTimes(practice);
    auto model_times = mimic::media::videoFrameTimes(model);
    if (!practice_times || !model_times) {
        std::fprintf(stderr, "cannot read the clips' frame times\n");
        return 2;
    }
    mimic::review::FrameTimes practice_frames(std::move(*practice_times));
    mimic::review::FrameTimes model_frames(std::move(*model_times));
    // The model lines up 0.5 s into the recording (a practice that started after the cue).
    const mimic::review::Alignment alignment{practice_frames.first() + 500'000,
                                             model_frames.first(), 0};
    const mimic::review::ReviewTimeline timeline(model_frames, practice_frames, alignment);

    bool pass = true;
    std::printf("lock step over %d s: practice %.0f fps with sound (master), model %.0f fps\n",
                kSeconds, kPracticeFps, kModelFps);
    for (const double rate : {1.0, 0.5}) {
        const Drift d = run(timeline, model, practice, rate);
        const bool ok = d.model_frames <= 1 && d.practice_frames <= 1 && d.relative_frames <= 1.0 &&
                        d.model_pictures > 0 && d.practice_pictures > 0;
        pass = pass && ok;
        std::printf(
            "  %.2fx: %.1f s, pictures model %lld practice %lld, sound %s; max drift: model %lld "
            "frame(s), practice %lld frame(s), between the panes %.2f frame(s), practice picture "
            "vs its audio clock %.2f frame(s)  %s\n",
            rate, d.seconds, static_cast<long long>(d.model_pictures),
            static_cast<long long>(d.practice_pictures), d.sound ? "yes" : "no",
            static_cast<long long>(d.model_frames), static_cast<long long>(d.practice_frames),
            d.relative_frames, d.practice_av_frames, ok ? "PASS" : "FAIL");
    }
    std::printf("%s: two players in lock step drift apart by at most one frame\n",
                pass ? "PASS" : "FAIL");
    return pass ? 0 : 1;
}
