// make-demo-library: renders the demo behaviour clips listed in a manifest.
//   make-demo-library --manifest media/demo/manifest.json --out media/demo
// A clip is skipped when its .mp4 and .srt are newer than both the manifest and this program,
// so running it again is cheap. Errors: one line on stderr and exit status 1.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include <CLI/CLI.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "audio/narrator.h"
#include "clip_renderer.h"
#include "drawing.h"
#include "manifest.h"

namespace fs = std::filesystem;

namespace {

constexpr const char* kProgram = "make-demo-library";
// Narration speed: a little slower than espeak's default 175 wpm, for young listeners.
constexpr int kNarrationWpm = 145;

int fail(const std::string& message) {
    std::fprintf(stderr, "%s: error: %s\n", kProgram, message.c_str());
    return 1;
}

// True when `path` exists and was written after `than`.
bool newerThan(const fs::path& path, fs::file_time_type than) {
    std::error_code ec;
    const auto time = fs::last_write_time(path, ec);
    return !ec && time > than;
}

// Writes one PNG per narration line (mid-line) and one of the ending: for looking at the
// pictures without encoding.
mimic::Status writePreviews(const mimic::demo::DemoClip& clip, const mimic::demo::ClipPlan& plan,
                            const fs::path& dir) {
    const cv::Mat background = mimic::demo::makeBackground();
    cv::Mat frame;
    std::vector<double> times;
    for (const auto& line : plan.timeline.lines) {
        times.push_back((line.start_s + line.speech_end_s) / 2);
    }
    times.push_back(plan.timeline.duration_s - 0.1);
    for (std::size_t i = 0; i < times.size(); ++i) {
        mimic::demo::drawClipFrame(frame, background, clip, plan, times[i]);
        fs::path png = dir / fs::path(clip.file).stem();
        png += "-" + std::to_string(i) + ".png";
        if (!cv::imwrite(png.string(), frame)) {
            return mimic::Error{"cannot write preview " + png.string()};
        }
    }
    return mimic::okStatus();
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Renders the demo behaviour clips described by a manifest.", kProgram};
    std::string manifest_arg;
    std::string out_arg;
    std::string preview_arg;
    bool force = false;
    app.add_option("--manifest", manifest_arg, "manifest JSON (media/demo/manifest.json)")
        ->required();
    app.add_option("--out", out_arg, "folder for the .mp4 and .srt files")->required();
    app.add_option("--preview-png", preview_arg,
                   "only write PNG frames of each clip into this folder (no encoding)");
    app.add_flag("--force", force, "render every clip even if it is up to date");
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        return fail(std::string(e.what()) + " (see --help)");
    }

    const fs::path manifest_path(manifest_arg);
    auto manifest = mimic::demo::loadManifest(manifest_path);
    if (!manifest) {
        return fail(manifest.error().message);
    }
    const fs::path out_dir = preview_arg.empty() ? fs::path(out_arg) : fs::path(preview_arg);
    std::error_code ec;
    fs::create_directories(out_dir, ec);
    if (ec || !fs::is_directory(out_dir)) {
        return fail("cannot create output folder " + out_dir.string() + ": " +
                    (ec ? ec.message() : "not a folder"));
    }

    // Output older than the manifest or than this program (whose drawing may have changed)
    // is rendered again.
    fs::file_time_type inputs_time = fs::last_write_time(manifest_path, ec);
    const auto exe_time = fs::last_write_time(fs::read_symlink("/proc/self/exe", ec), ec);
    if (!ec) {
        inputs_time = std::max(inputs_time, exe_time);
    }

    std::optional<mimic::audio::Narrator> narrator;  // started only if something needs speech
    const auto count = manifest->clips.size();
    for (std::size_t i = 0; i < count; ++i) {
        const auto& clip = manifest->clips[i];
        const std::string counter =
            "[" + std::to_string(i + 1) + "/" + std::to_string(count) + "] ";
        const fs::path out_path = out_dir / clip.file;
        fs::path srt_path = out_path;
        srt_path.replace_extension(".srt");
        if (preview_arg.empty() && !force && newerThan(out_path, inputs_time) &&
            newerThan(srt_path, inputs_time)) {
            std::printf("%s: %s%s is up to date\n", kProgram, counter.c_str(), clip.file.c_str());
            std::fflush(stdout);
            continue;
        }
        const auto started = std::chrono::steady_clock::now();
        if (!narrator) {
            auto opened = mimic::audio::Narrator::open(kNarrationWpm);
            if (!opened) {
                return fail(opened.error().message);
            }
            narrator.emplace(std::move(opened).value());
        }
        auto plan = mimic::demo::planClip(clip, *narrator);
        if (!plan) {
            return fail(plan.error().message);
        }
        const mimic::Status status = preview_arg.empty()
                                         ? mimic::demo::renderClip(clip, *plan, out_path)
                                         : writePreviews(clip, *plan, out_dir);
        if (!status) {
            return fail(status.error().message);
        }
        const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
        std::printf("%s: %s%s %s (%.1f s clip, %zu lines) in %.1f s\n", kProgram, counter.c_str(),
                    clip.file.c_str(), preview_arg.empty() ? "rendered" : "previewed",
                    plan->timeline.duration_s, clip.lines.size(), took.count());
        std::fflush(stdout);
    }
    return 0;
}
