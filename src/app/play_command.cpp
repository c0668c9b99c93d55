// mimic play: plays a clip in real time through the player engine: in the player window
// (renderer + transport keys, ui::runPlayerWindow), or --headless (audio to SDL's current
// driver, e.g. dummy or disk, no pictures drawn).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <vector>

#include "app/cli.h"
#include "app/clip_playback.h"
#include "app/recording_view.h"
#include "app/window.h"
#include "ui/player_window.h"

namespace mimic::app {

namespace {

struct PlayOptions {
    std::filesystem::path data_dir;
    std::filesystem::path file;
    std::optional<double> start_s;
    std::optional<double> end_s;
    std::optional<double> for_s;
    double rate = 1.0;
    bool loop = false;
    bool headless = false;
    bool stats = false;
    bool child_view = false;
    bool trace_keys = false;
    bool pacing = false;
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

void printStats(const media::PlayerStats& s, double seconds, const std::string& audio) {
    std::printf("played %.2f s, audio %s\n", seconds, audio.c_str());
    std::printf("frames shown %lld, dropped %lld, mistimed %lld, decode errors %lld\n",
                static_cast<long long>(s.frames_shown), static_cast<long long>(s.frames_dropped),
                static_cast<long long>(s.frames_mistimed), static_cast<long long>(s.decode_errors));
    std::printf("A-V difference: %s\n", percentiles(s.av_difference_us, true).c_str());
    std::printf("seek latency: %s\n", percentiles(s.seek_latency_us, false).c_str());
}

// D10: a clip none of whose pictures could be decoded was not played, however long the sound
// or the clock ran. No picture and no decode error (a --for that ended before the first
// picture was due) is not a failure.
Status requireSomethingDecoded(const std::filesystem::path& file, const media::PlayerStats& s) {
    if (s.frames_shown + s.frames_dropped > 0 || s.decode_errors == 0) return {};
    return Error{"nothing in " + file.string() + " could be decoded (" +
                 std::to_string(s.decode_errors) + " decode errors, no picture)"};
}

Status runPlayWindow(const PlayOptions& options) {
    if (!displayAvailable()) {
        return Error{"no display to open the player window on; add --headless to play '" +
                     options.file.string() + "' without one"};
    }
    ui::PlayerWindowOptions window;
    window.title = "mimic: " + options.file.filename().string();
    if (options.start_s) window.start_us = toMicroseconds(*options.start_s);
    if (options.end_s) window.end_us = toMicroseconds(*options.end_s);
    window.loop = options.loop;
    window.rate = options.rate;
    window.child_view = options.child_view;
    window.trace_keys = options.trace_keys;
    if (options.for_s) window.limit = std::chrono::microseconds(toMicroseconds(*options.for_s));
    auto played = ui::runPlayerWindow(options.file, window);
    if (!played) return played.error();
    if (options.stats) {
        printStats(played->stats, played->seconds,
                   played->audio_played ? played->audio_driver : "none (wall clock)");
        std::printf("window draws %lld\n", static_cast<long long>(played->draws));
    }
    if (options.pacing) {
        const auto& p = played->pacing;
        std::printf(
            "pacing: %lld frames, presentation vs schedule SD %.2f ms, max %.2f ms, "
            "draw+swap %.2f ms\n",
            static_cast<long long>(p.frames), p.sd_ms, p.max_abs_ms, p.mean_draw_ms);
    }
    return requireSomethingDecoded(options.file, played->stats);
}

Status runPlay(const PlayOptions& options) {
    if (Status s = auditRecordingView(options.data_dir, options.file, "play"); !s) return s;
    if (!options.headless) return runPlayWindow(options);
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
        printStats(played->stats, played->seconds,
                   played->audio_played ? played->audio_driver : "none (wall clock)");
    }
    return requireSomethingDecoded(options.file, played->stats);
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
    command->add_flag("--child-view", options->child_view,
                      "Window: open in the child view (full screen, no controls)");
    command->add_flag("--trace-keys", options->trace_keys,
                      "Window: print one line per handled key with the resulting state");
    command->add_flag("--pacing", options->pacing,
                      "Window: print presentation-time jitter against the schedule");
    command->add_flag("--stats", options->stats,
                      "Print frames shown/dropped/mistimed, A-V difference, seek latency");
    command->callback([&cli, options] {
        options->data_dir = cli.dataDir();
        cli.status = runPlay(*options);
    });
}

}  // namespace mimic::app
