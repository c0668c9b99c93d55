// mimic analyse FILE [--from SEC] [--json]: what a recording shows by itself (issue 15):
// the stretches with a face turned to the camera, the share of the practice with one, the
// first motion and voice onsets after --from, and the response latency (src/analysis).
// mimic analyse --trial N [--json]: the same for a trial's recording, from its practice
// start, stored on the trial as the coder "auto"'s events and its latency
// (app/trial_analysis.h).
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>

#include <nlohmann/json.hpp>

#include "analysis/recording_analysis.h"
#include "app/cli.h"
#include "app/data_context.h"
#include "app/recording_view.h"
#include "app/trial_analysis.h"

namespace mimic::app {

namespace {

struct AnalyseOptions {
    std::filesystem::path data_dir;
    std::filesystem::path file;
    std::optional<std::int64_t> trial;
    std::optional<double> from_s;
    bool json = false;
};

// Seconds to the millisecond, as every time mimic prints.
double rounded(double seconds) {
    return std::round(seconds * 1000.0) / 1000.0;
}

nlohmann::json seconds(const std::optional<double>& value) {
    return value ? nlohmann::json(rounded(*value)) : nlohmann::json(nullptr);
}

std::string text(const std::optional<double>& value) {
    if (!value) return "not found";
    char line[32];
    std::snprintf(line, sizeof line, "%.3f s", *value);
    return line;
}

// A line that counts up, on a terminal only (a script's log gets the result alone).
std::function<void(double)> progressLine(const AnalyseOptions& options) {
    if (options.json || ::isatty(STDERR_FILENO) != 1) return {};
    return [](double done) {
        std::fprintf(stderr, "\ranalysing... %3d%%", static_cast<int>(done * 100.0));
        std::fflush(stderr);
    };
}

void print(const AnalyseOptions& options, const analysis::RecordingAnalysis& found, double from_s,
           std::optional<std::int64_t> stored) {
    if (options.json) {
        nlohmann::json faces = nlohmann::json::array();
        for (const cues::Interval& face : found.faces)
            faces.push_back({{"start", rounded(face.start)}, {"end", rounded(face.end)}});
        nlohmann::json out = {{"faces", faces},
                              {"facing_ratio", rounded(found.facing_ratio)},
                              {"motion_onset", seconds(found.motion_onset)},
                              {"voice_onset", seconds(found.voice_onset)},
                              {"latency", seconds(found.latency)}};
        if (options.trial) {
            out["trial"] = *options.trial;
            out["from"] = rounded(from_s);
            out["events_stored"] = stored.value_or(0);
        }
        std::printf("%s\n", out.dump(2).c_str());
        return;
    }
    std::printf("faces turned to the camera: %zu stretch%s, %.0f%% of the time from %.3f s\n",
                found.faces.size(), found.faces.size() == 1 ? "" : "es", found.facing_ratio * 100.0,
                from_s);
    for (const cues::Interval& face : found.faces)
        std::printf("  %.3f - %.3f s\n", face.start, face.end);
    std::printf("first movement: %s\n", text(found.motion_onset).c_str());
    std::printf("first voice:    %s%s\n", text(found.voice_onset).c_str(),
                found.has_sound ? "" : " (no sound track)");
    std::printf("latency:        %s\n", text(found.latency).c_str());
    if (options.trial && stored) {
        std::printf("stored on trial %lld: %lld events by coder \"auto\" and the latency\n",
                    static_cast<long long>(*options.trial), static_cast<long long>(*stored));
    }
}

Status runAnalyseFile(const AnalyseOptions& options) {
    // Analysing a child's recording reads its pictures and sound, as watching it does.
    if (Status s = auditRecordingView(options.data_dir, options.file, "analyse"); !s) return s;
    const double from_s = options.from_s.value_or(0.0);
    const auto progress = progressLine(options);
    auto found = measureRecording(options.file, from_s, progress);
    if (progress) std::fprintf(stderr, "\r%20s\r", "");
    if (!found) return found.error();
    print(options, *found, from_s, std::nullopt);
    return {};
}

Status runAnalyseTrial(const AnalyseOptions& options) {
    auto data = openDataContext(options.data_dir, IfMissing::kRefuse);
    if (!data) return data.error();
    const std::string what = "trial " + std::to_string(*options.trial);
    auto trial = store::ReviewRepository(data->db).findReviewTrial(*options.trial);
    if (!trial) return trial.error();
    if (!*trial) return Error{"there is no " + what};
    if (!(*trial)->recording_path) {
        return Error{what + " has no recording (nothing was recorded, or it was deleted)"};
    }
    const double from_s = options.from_s.value_or(practiceStartSeconds(**trial));
    const auto progress = progressLine(options);
    auto found = measureRecording(data->dir.absolute(*(*trial)->recording_path), from_s, progress);
    if (progress) std::fprintf(stderr, "\r%20s\r", "");
    if (!found) return Error{what + ": " + found.error().message};
    auto stored = storeTrialAnalysis(data->db, **trial, *found);
    if (!stored) return stored.error();
    print(options, *found, from_s, *stored);
    return {};
}

}  // namespace

void addAnalyseCommand(Cli& cli) {
    auto options = std::make_shared<AnalyseOptions>();
    CLI::App* command = cli.app.add_subcommand(
        "analyse",
        "What a recording shows by itself: faces turned to the camera, when movement and voice "
        "start, and the response latency (times in seconds from the file's start)");
    cli.addDataDirOption(command);
    CLI::Option* file =
        command->add_option("FILE", options->file, "The recording (or any video file)");
    CLI::Option* trial = command->add_option(
        "--trial", options->trial,
        "A trial's recording, from its practice start; the result is stored on the trial as "
        "the coder \"auto\"'s events (a state \"facing camera\", points \"motion onset\" and "
        "\"voice onset\") and its latency, replacing an earlier analysis");
    file->excludes(trial);
    command
        ->add_option("--from", options->from_s,
                     "Onsets and latency count from this time (the \"your turn\" cue; with "
                     "--trial, the practice start unless given)")
        ->check(CLI::NonNegativeNumber);
    command->add_flag("--json", options->json,
                      "Print {\"faces\": [{\"start\", \"end\"}], \"facing_ratio\", "
                      "\"motion_onset\", \"voice_onset\", \"latency\"} (null when not found)");
    command->callback([&cli, options] {
        options->data_dir = cli.dataDir();
        if (!options->trial && options->file.empty()) {
            cli.status = Error{"analyse: give a FILE or --trial N"};
            return;
        }
        cli.status = options->trial ? runAnalyseTrial(*options) : runAnalyseFile(*options);
    });
}

}  // namespace mimic::app
