// mimic frames: one line per decoded video frame, "<seconds> <md5>", the same figures as
// `ffmpeg -i FILE -map 0:v:0 -fps_mode passthrough -f framemd5 -` (frame-accuracy oracle).
#include <cmath>
#include <cstdio>
#include <memory>
#include <optional>

#include "app/cli.h"
#include "app/recording_view.h"
#include "media/player.h"

namespace mimic::app {

namespace {

struct FramesOptions {
    std::filesystem::path data_dir;
    std::filesystem::path file;
    std::optional<double> start_s;
    std::optional<std::int64_t> count;
};

Status runFrames(const FramesOptions& options) {
    // Decoding a child's recording reads its pictures, as watching it does.
    if (Status s = auditRecordingView(options.data_dir, options.file, "frames"); !s) return s;
    media::PlayerOptions player_options;
    player_options.decode_audio = false;
    auto player = media::Player::open(options.file, player_options);
    if (!player) return player.error();
    if (options.start_s) {
        const auto target_us = static_cast<std::int64_t>(std::llround(*options.start_s * 1e6));
        player->seek(target_us, media::SeekMode::kExact);
    }
    // Whole lines into a large buffer: printing must not cost more than hashing.
    static char buffer[1 << 16];
    std::setvbuf(stdout, buffer, _IOFBF, sizeof buffer);
    std::int64_t printed = 0;
    while (!options.count || printed < *options.count) {
        auto frame = player->nextFrame();
        if (!frame) break;
        const std::int64_t pts = frame->pts_us();
        std::printf("%s%lld.%06lld %s\n", pts < 0 ? "-" : "", std::llabs(pts) / 1'000'000LL,
                    std::llabs(pts) % 1'000'000LL, frame->md5Hex().c_str());
        ++printed;
    }
    std::fflush(stdout);
    if (printed == 0 && !options.start_s)
        return Error{"no video frame could be decoded from '" + options.file.string() + "'"};
    return {};
}

}  // namespace

void addFramesCommand(Cli& cli) {
    auto options = std::make_shared<FramesOptions>();
    CLI::App* command = cli.app.add_subcommand(
        "frames", "Print '<seconds> <md5>' for each decoded video frame (as ffmpeg framemd5)");
    cli.addDataDirOption(command);
    command->add_option("FILE", options->file, "Media file")->required();
    command->add_option("--start", options->start_s,
                        "Begin at the frame on screen at this time (seconds, exact seek)");
    command->add_option("--count", options->count, "Stop after this many frames")
        ->check(CLI::PositiveNumber);
    command->callback([&cli, options] {
        options->data_dir = cli.dataDir();
        cli.status = runFrames(*options);
    });
}

}  // namespace mimic::app
