// mimic record: records a camera (and a microphone) into a crash-safe file and says what
// happened to every frame.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <memory>

#include "app/cli.h"
#include "app/data_context.h"
#include "app/microphone.h"
#include "capture/recorder.h"
#include "media/media_info.h"
#include "media/recording_scan.h"

namespace mimic::app {

namespace fs = std::filesystem;

namespace {

struct RecordOptions {
    std::string camera;
    std::string mic = "default";
    double seconds = 10;
    fs::path out;
    std::string size;
    int fps = 30;
    bool json = false;
    bool force = false;
    fs::path data_dir;
};

// `mimic record` writes a file for a person to look at, never a child's record: inside the
// data folder only sessions record (their files are tied to rows and locked while written),
// and an existing file is replaced only when asked.
Status checkRecordTarget(const RecordOptions& options) {
    if (insideDataFolder(options.out, options.data_dir)) {
        return Error{"--out " + options.out.string() + " is inside the data folder " +
                     options.data_dir.string() +
                     "; only sessions record there (choose a file elsewhere)"};
    }
    std::error_code ec;
    for (const fs::path& existing : {options.out, capture::partialPath(options.out)}) {
        if (!fs::exists(existing, ec)) continue;
        if (!options.force) {
            return Error{existing.string() + " already exists; add --force to replace it"};
        }
        if (existing != options.out && !fs::remove(existing, ec)) {
            return Error{"cannot remove " + existing.string() + ": " + ec.message()};
        }
    }
    return {};
}

Result<std::pair<int, int>> parseSize(const std::string& text) {
    int width = 0, height = 0;
    char x = 0, extra = 0;
    if (std::sscanf(text.c_str(), "%d%c%d%c", &width, &x, &height, &extra) != 3 || x != 'x' ||
        width < 16 || height < 16 || width > 7680 || height > 4320 || width % 2 || height % 2) {
        return Error{"--size must be WIDTHxHEIGHT with even numbers, e.g. 640x480 (got '" + text +
                     "')"};
    }
    return std::pair{width, height};
}

// `file_s` is the container's duration as players and ffprobe read it.
void printReport(const capture::RecordingReport& r, const media::RecordingScan& file, double file_s,
                 const std::string& mic, bool json) {
    if (json) {
        nlohmann::json out = {
            {"path", r.path.string()},
            {"frames_captured", r.frames_captured},
            {"frames_written", r.frames_written},
            {"frames_dropped",
             {{"camera_gaps", r.frames_missing_camera},
              {"encoder_queue_full", r.frames_dropped_queue_full},
              {"bad_timestamps", r.frames_dropped_timestamps}}},
            {"video_duration_s", static_cast<double>(r.duration_us) / 1e6},
            {"microphone", mic},
            {"audio_duration_s", static_cast<double>(r.audio_duration_us) / 1e6},
            {"av_start_offset_ms",
             r.has_audio ? nlohmann::json(r.av_start_offset_us / 1e3) : nlohmann::json(nullptr)},
            {"file_duration_s", file_s},
            {"file_video_frames", file.video_frames},
            {"file_audio_duration_s", static_cast<double>(file.audio_end_us) / 1e6},
            {"bytes", r.bytes_written}};
        std::printf("%s\n", out.dump(2).c_str());
        return;
    }
    std::printf("recorded %s\n", r.path.c_str());
    std::printf(
        "frames: %lld captured, %lld written; dropped: %lld by the camera (timestamp "
        "gaps), %lld with the encoder behind, %lld with bad timestamps\n",
        static_cast<long long>(r.frames_captured), static_cast<long long>(r.frames_written),
        static_cast<long long>(r.frames_missing_camera),
        static_cast<long long>(r.frames_dropped_queue_full),
        static_cast<long long>(r.frames_dropped_timestamps));
    if (r.has_audio) {
        std::printf(
            "audio: %.3f s from %s; A/V start offset %+.1f ms (positive: sound starts after the "
            "picture)\n",
            static_cast<double>(r.audio_duration_us) / 1e6, mic.c_str(),
            static_cast<double>(r.av_start_offset_us) / 1e3);
    } else {
        std::printf("audio: none\n");
    }
    std::printf(
        "file: %.3f s; video %.3f s (%lld frames), audio %.3f s, %lld bytes\n", file_s,
        static_cast<double>(file.video_end_us) / 1e6, static_cast<long long>(file.video_frames),
        static_cast<double>(file.audio_end_us) / 1e6, static_cast<long long>(r.bytes_written));
}

Status runRecord(const RecordOptions& options) {
    capture::CameraSpec spec = capture::parseCameraSpec(options.camera);
    if (!options.size.empty()) {
        auto size = parseSize(options.size);
        if (!size) return size.error();
        spec.width = size->first;
        spec.height = size->second;
    }
    spec.frame_rate = options.fps;
    if (options.out.extension() != ".mkv") {
        return Error{"--out must name a Matroska file ending in .mkv (crash-safe), not " +
                     options.out.string()};
    }
    if (Status s = checkRecordTarget(options); !s) return s;
    auto mic = openMicrophone(options.mic);
    if (!mic) return mic.error();
    auto camera = capture::CameraSource::open(spec);
    if (!camera) return camera.error();

    capture::RecordingSettings settings;
    settings.duration = std::chrono::milliseconds(std::llround(options.seconds * 1000));
    auto report = capture::record(**camera, mic->get(), options.out, settings);
    if (!report) return report.error();
    auto file = media::scanRecording(options.out);
    if (!file) return file.error();
    // The container's own duration (the muxer's), else where the last packet ends.
    auto probed = media::probeMedia(options.out);
    const double file_s =
        probed && probed->duration_us > 0
            ? static_cast<double>(probed->duration_us) / 1e6
            : static_cast<double>(std::max(file->video_end_us, file->audio_end_us)) / 1e6;
    printReport(*report, *file, file_s, *mic ? (*mic)->description() : "", options.json);
    return {};
}

}  // namespace

void addRecordCommand(Cli& cli) {
    auto options = std::make_shared<RecordOptions>();
    CLI::App* command = cli.app.add_subcommand(
        "record", "Record a camera and microphone into a crash-safe .mkv, and report every frame");
    cli.addDataDirOption(command);
    command
        ->add_option("--camera", options->camera,
                     "Camera: a device index, a video file or FIFO path, or 'synthetic'")
        ->required();
    command
        ->add_option("--mic", options->mic,
                     "Microphone: 'default', a device name, or 'none' (a missing default "
                     "microphone gives a warning and a video-only recording)")
        ->capture_default_str();
    command->add_option("--seconds", options->seconds, "How long to record")
        ->required()
        ->check(CLI::Range(0.1, 36000.0));
    command->add_option("--out", options->out, "The recording to write (.mkv)")->required();
    command->add_option("--size", options->size,
                        "Picture size asked of a camera device or the synthetic camera, WxH");
    command->add_option("--fps", options->fps, "Frame rate asked of a device or synthetic camera")
        ->check(CLI::Range(1, 120))
        ->capture_default_str();
    command->add_flag("--json", options->json, "Print the report as JSON");
    command->add_flag("--force", options->force, "Replace --out if it exists");
    command->callback([&cli, options] {
        options->data_dir = cli.dataDir();
        cli.status = runRecord(*options);
    });
}

}  // namespace mimic::app
