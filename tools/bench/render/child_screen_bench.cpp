// The child's screen at 720p30: a 720p30 model clip plays on ChildScreen (1280x720 window)
// while a synthetic 720p30 camera is open and feeds a PreviewSlot on its own thread, as in a
// session (the camera opens before the first model and stays open). Prints the pictures
// shown and dropped against the clip's frame count. Issue 11's figure: no frame dropped
// (build with the release preset to measure).
//
//   SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy bench_child_screen [seconds=10]
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>

#include "capture/camera_source.h"
#include "capture/preview.h"
#include "ui/child_screen.h"

namespace {

int run(const std::string& command) {
    return std::system(command.c_str());
}

long long countFrames(const std::filesystem::path& clip) {
    const std::string command =
        "ffprobe -v error -count_frames -select_streams v:0 "
        "-show_entries stream=nb_read_frames -of csv=p=0 '" +
        clip.string() + "'";
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) return 0;
    long long frames = 0;
    if (std::fscanf(pipe, "%lld", &frames) != 1) frames = 0;
    pclose(pipe);
    return frames;
}

}  // namespace

int main(int argc, char** argv) {
    using namespace mimic;
    const int seconds = argc > 1 ? std::atoi(argv[1]) : 10;
    const auto dir = std::filesystem::temp_directory_path() / "mimic-bench-child-screen";
    std::filesystem::create_directories(dir);
    const auto clip = dir / "model-720p30.mp4";
    const std::string make =
        "ffmpeg -v error -y -f lavfi -i testsrc2=s=1280x720:r=30:d=" + std::to_string(seconds) +
        " -f lavfi -i sine=f=440:r=48000:d=" + std::to_string(seconds) +
        " -c:v libx264 -preset ultrafast -pix_fmt yuv420p -g 30 -c:a aac "
        "-shortest '" +
        clip.string() + "'";
    if (run(make) != 0) {
        std::fprintf(stderr, "cannot make the test clip with ffmpeg\n");
        return 1;
    }
    const long long clip_frames = countFrames(clip);

    capture::CameraSpec spec;
    spec.kind = capture::CameraKind::kSynthetic;
    spec.width = 1280;
    spec.height = 720;
    spec.frame_rate = 30;
    auto camera = capture::CameraSource::open(spec);
    if (!camera) {
        std::fprintf(stderr, "%s\n", camera.error().message.c_str());
        return 1;
    }
    capture::PreviewSlot slot;
    std::atomic<bool> stop{false};
    std::thread camera_thread([&] {
        while (!stop.load()) {
            auto frame = (*camera)->read();
            if (!frame) break;
            slot.offer(*frame);
        }
    });

    ui::ChildScreenOptions options;
    options.fullscreen = false;
    options.width = 1280;
    options.height = 720;
    auto screen = ui::ChildScreen::open(options);
    if (!screen) {
        stop = true;
        camera_thread.join();
        std::fprintf(stderr, "%s\n", screen.error().message.c_str());
        return 1;
    }
    // One frame first: the font atlas and the shaders are built before the clip starts.
    (void)(*screen)->poll(std::chrono::milliseconds(0));
    const auto started = std::chrono::steady_clock::now();
    if (Status s = (*screen)->playModel(clip, 0, 0); !s) {
        std::fprintf(stderr, "%s\n", s.error().message.c_str());
        stop = true;
        camera_thread.join();
        return 1;
    }
    bool ended = false;
    while (!ended) {
        auto events = (*screen)->poll(std::chrono::milliseconds(50));
        if (!events) break;
        for (const auto& e : *events)
            ended = ended || e.kind == ui::ScreenEventKind::kModelEnded;
    }
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    stop = true;
    camera_thread.join();
    const long long shown = (*screen)->modelPicturesShown();
    const long long dropped = (*screen)->modelPicturesDropped();
    std::printf("child screen 720p30 model + synthetic 720p30 camera into a preview slot\n");
    std::printf(
        "clip frames %lld  shown %lld  dropped %lld  shown/clip %.3f  wall %.2f s  "
        "camera frames offered %lld  screen frames drawn %lld\n",
        clip_frames, shown, dropped,
        clip_frames > 0 ? static_cast<double>(shown) / static_cast<double>(clip_frames) : 0.0, wall,
        static_cast<long long>(slot.offered()), static_cast<long long>((*screen)->framesDrawn()));
    std::filesystem::remove_all(dir);
    return dropped == 0 ? 0 : 2;
}
