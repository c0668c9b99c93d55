// mimic snapshot: the frame on screen at a time, drawn by the GL renderer offscreen and
// written as a PNG at display size (sample aspect ratio and rotation applied).
#include <cmath>
#include <cstdlib>
#include <memory>

#include "app/cli.h"
#include "app/recording_view.h"
#include "render/image.h"
#include "ui/snapshot.h"

namespace mimic::app {

namespace {

struct SnapshotOptions {
    std::filesystem::path data_dir;
    std::filesystem::path file;
    double at_s = 0.0;
    std::filesystem::path out;
    int width = 0;
};

Status runSnapshot(const SnapshotOptions& options) {
    if (Status s = auditRecordingView(options.data_dir, options.file, "snapshot"); !s) return s;
    // Offscreen GL needs no display; a caller may still choose another driver.
    ::setenv("SDL_VIDEODRIVER", "offscreen", /*overwrite=*/0);
    const auto at_us = static_cast<std::int64_t>(std::llround(options.at_s * 1e6));
    auto image = ui::renderSnapshot(options.file, at_us, options.width);
    if (!image) return image.error();
    return render::writePng(*image, options.out);
}

}  // namespace

void addSnapshotCommand(Cli& cli) {
    auto options = std::make_shared<SnapshotOptions>();
    CLI::App* command = cli.app.add_subcommand(
        "snapshot", "Write the frame on screen at a time as a PNG, drawn by the renderer");
    cli.addDataDirOption(command);
    command->add_option("FILE", options->file, "Media file")->required();
    command->add_option("--at", options->at_s, "Time of the frame (seconds, exact)")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    command->add_option("--out", options->out, "PNG file to write")->required();
    command
        ->add_option("--width", options->width,
                     "Width in pixels (default: the display width); keeps the shape")
        ->check(CLI::PositiveNumber);
    command->callback([&cli, options] {
        options->data_dir = cli.dataDir();
        cli.status = runSnapshot(*options);
    });
}

}  // namespace mimic::app
