// mimic play: plays a clip in real time through the player engine. Headless for now (audio
// to SDL's current driver, e.g. dummy or disk); the window player comes with the renderer.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <vector>

#include "app/cli.h"
#include "app/clip_playback.h"

namespace mimic::app {

namespace {

struct PlayOptions {
    std::filesystem::path file;
    std::optional<double> start_s;
    std::optional<double> end_s;
    std::optional<double> for_s;
    double rate = 1.0;
    bool loop = false;
    bool headless = false;
    bool stats = false;
};

std::int64_t toMicroseconds(double seconds) {
    return static_cast<std::int64_t>(std::llround(seconds * 1e6));
}

// "p50 a, p95 b, max c" in milliseconds over |values|; "n/a" when empty.
std::string percentiles(std::vector<std::int64_t> values, bool absolute) {
    if (values.empty()) return "n/a";
    if (absolute)
        for (auto& v : values)
            v = std::llabs(v);
    std::sort(values.begin(), values.end());
    const auto at = [&](double q) {
        const auto i = static_cast<std::size_t>(q * static_cast<double>(values.size() - 1) + 0.5);
        return static_cast<double>(values[i]) / 1000.0;
    };
    char text[128];
    std::snprintf(text, sizeof text, "p50 %.1f ms, p95 %.1f ms, max %.1f ms (%zu)", at(0.5),
                  at(0.95), static_cast<double>(values.back()) / 1000.0, values.size());
    return text;
}

Status runPlay(const PlayOptions& options) {
    if (!options.headless) {
        return Error{"the window player comes with the renderer; add --headless to play '" +
                     options.file.string() + "' without a window"};
    }
    ::setenv("SDL_AUDIODRIVER", "dummy", /*overwrite=*/0);
    RealTimeSettings settings;
    if (options.start_s) settings.start_us = toMicroseconds(*options.start_s);
    if (options.end_s) settings.end_us = toMicroseconds(*options.end_s);
    if (options.for_s) settings.limit = std::chrono::microseconds(toMicroseconds(*options.for_s));
    settings.rate = options.rate;
    settings.loop = options.loop;
    auto played = playInRealTime(options.file, settings, nullptr);
    if (!played) return played.error();
    if (options.stats) {
        const auto& s = played->stats;
        std::printf("played %.2f s, audio %s\n", played->seconds,
                    played->audio_played ? played->audio_driver.c_str() : "none (wall clock)");
        std::printf(
            "frames shown %lld, dropped %lld, mistimed %lld, decode errors %lld\n",
            static_cast<long long>(s.frames_shown), static_cast<long long>(s.frames_dropped),
            static_cast<long long>(s.frames_mistimed), static_cast<long long>(s.decode_errors));
        std::printf("A-V difference: %s\n", percentiles(s.av_difference_us, true).c_str());
        std::printf("seek latency: %s\n", percentiles(s.seek_latency_us, false).c_str());
    }
    return {};
}

}  // namespace

void addPlayCommand(Cli& cli) {
    auto options = std::make_shared<PlayOptions>();
    CLI::App* command = cli.app.add_subcommand("play", "Play a clip in real time");
    cli.addDataDirOption(command);
    command->add_option("FILE", options->file, "Media file")->required();
    command->add_option("--start", options->start_s, "Start at this time (seconds)");
    command->add_option("--end", options->end_s, "Stop (or loop) at this time (seconds)");
    command->add_option("--rate", options->rate, "Speed, 0.25 to 2 (pitch kept)")
        ->check(CLI::Range(0.25, 2.0))
        ->capture_default_str();
    command->add_flag("--loop", options->loop, "Loop [start, end) until --for runs out");
    command->add_option("--for", options->for_s, "Stop after this many seconds of wall time")
        ->check(CLI::PositiveNumber);
    command->add_flag("--headless", options->headless,
                      "No window: play in real time with audio to SDL's current driver");
    command->add_flag("--stats", options->stats,
                      "Print frames shown/dropped/mistimed, A-V difference, seek latency");
    command->callback([&cli, options] { cli.status = runPlay(*options); });
}

}  // namespace mimic::app
