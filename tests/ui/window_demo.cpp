// ui_window_demo: opens the library window on a small made-up library whose clips are the
// files given on the command line, for trying the window as a person (under xvfb-run,
// with screenshots) and for manual checks. Not a test; built with the ui tests.
//
//   ui_window_demo CLIP... [--seconds N] [--autoplay] [--snapshot FILE.png --at S]
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "media/media_info.h"
#include "ui/library_window.h"

int main(int argc, char** argv) {
    using namespace mimic;
    ui::WindowOptions options;
    std::vector<std::string> clips;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--seconds" && i + 1 < argc) {
            options.quit_after_seconds = std::atof(argv[++i]);
        } else if (arg == "--autoplay") {
            options.autoplay_first_clip = true;
        } else if (arg == "--snapshot" && i + 1 < argc) {
            options.snapshot_png = argv[++i];
        } else if (arg == "--at" && i + 1 < argc) {
            options.snapshot_after_seconds = std::atof(argv[++i]);
        } else {
            clips.push_back(arg);
        }
    }
    const char* titles[] = {"Wave at a friend", "Wave from far away", "Wave and say hello"};
    ui::BehaviourEntry waving{"Waving hello", "Social communication", {}};
    for (std::size_t i = 0; i < clips.size(); ++i) {
        const Result<media::MediaInfo> info = media::probeMedia(clips[i]);
        waving.clips.push_back(
            ui::ClipEntry{i < 3 ? titles[i] : clips[i], clips[i], info ? info->duration_us : 0});
    }
    const std::vector<ui::BehaviourEntry> library = {
        waving,
        {"Taking turns", "Play", {}},
        {"Asking for help", "Social communication", {}},
        {"Sharing a toy", "Play", {}},
        {"Saying thank you", "Manners", {}},
    };
    if (!ui::displayAvailable()) {
        std::fprintf(stderr, "ui_window_demo: no display (set DISPLAY or SDL_VIDEODRIVER)\n");
        return 1;
    }
    const Result<ui::WindowReport> report = ui::runLibraryWindow(library, options);
    if (!report) {
        std::fprintf(stderr, "ui_window_demo: %s\n", report.error().message.c_str());
        return 1;
    }
    std::printf("pictures shown %lld, dropped %lld, played %.2f s, frames drawn %lld%s%s\n",
                static_cast<long long>(report->pictures_shown),
                static_cast<long long>(report->pictures_dropped), report->seconds_played,
                static_cast<long long>(report->frames_drawn),
                report->message.empty() ? "" : ", message: ", report->message.c_str());
    return 0;
}
