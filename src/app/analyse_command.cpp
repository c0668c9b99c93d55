// mimic analyse FILE [--from SEC] [--json]: what a recording shows by itself (issue 15):
// the stretches with a face turned to the camera, the share of the practice with one, the
// first motion and voice onsets after --from, and the response latency (src/analysis).
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <memory>
#include <optional>

#include <nlohmann/json.hpp>

#include "analysis/recording_analysis.h"
#include "app/cli.h"
#include "app/recording_view.h"

namespace mimic::app {

namespace {

struct AnalyseOptions {
    std::filesystem::path data_dir;
    std::filesystem::path file;
    double from_s = 0.0;
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

Status runAnalyse(const AnalyseOptions& options) {
    // Analysing a child's recording reads its pictures and sound, as watching it does.
    if (Status s = auditRecordingView(options.data_dir, options.file, "analyse"); !s) return s;
    analysis::AnalysisOptions settings;
    settings.from_s = options.from_s;
    // A line that counts up, on a terminal only (a script's log gets the result alone).
    const bool progress = !options.json && ::isatty(STDERR_FILENO) == 1;
    if (progress) {
        settings.progress = [](double done) {
            std::fprintf(stderr, "\ranalysing... %3d%%", static_cast<int>(done * 100.0));
            std::fflush(stderr);
        };
    }
    auto found = analysis::analyseRecording(options.file, settings);
    if (progress) std::fprintf(stderr, "\r%20s\r", "");
    if (!found) return found.error();
    if (options.json) {
        nlohmann::json faces = nlohmann::json::array();
        for (const cues::Interval& face : found->faces)
            faces.push_back({{"start", rounded(face.start)}, {"end", rounded(face.end)}});
        const nlohmann::json out = {{"faces", faces},
                                    {"facing_ratio", rounded(found->facing_ratio)},
                                    {"motion_onset", seconds(found->motion_onset)},
                                    {"voice_onset", seconds(found->voice_onset)},
                                    {"latency", seconds(found->latency)}};
        std::printf("%s\n", out.dump(2).c_str());
        return {};
    }
    std::printf("faces turned to the camera: %zu stretch%s, %.0f%% of the time from %.3f s\n",
                found->faces.size(), found->faces.size() == 1 ? "" : "es",
                found->facing_ratio * 100.0, options.from_s);
    for (const cues::Interval& face : found->faces)
        std::printf("  %.3f - %.3f s\n", face.start, face.end);
    std::printf("first movement: %s\n", text(found->motion_onset).c_str());
    std::printf("first voice:    %s%s\n", text(found->voice_onset).c_str(),
                found->has_sound ? "" : " (no sound track)");
    std::printf("latency:        %s\n", text(found->latency).c_str());
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
    command->add_option("FILE", options->file, "The recording (or any video file)")->required();
    command
        ->add_option("--from", options->from_s,
                     "Onsets and latency count from this time (the \"your turn\" cue)")
        ->check(CLI::NonNegativeNumber);
    command->add_flag("--json", options->json,
                      "Print {\"faces\": [{\"start\", \"end\"}], \"facing_ratio\", "
                      "\"motion_onset\", \"voice_onset\", \"latency\"} (null when not found)");
    command->callback([&cli, options] {
        options->data_dir = cli.dataDir();
        cli.status = runAnalyse(*options);
    });
}

}  // namespace mimic::app
