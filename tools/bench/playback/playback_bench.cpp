// Playback benchmarks (not tests): each figure is printed beside a reference measured in
// the same run, since the machine is shared.
//   1. CPU of `mimic frames` vs `ffmpeg -f framemd5` on a 1080p H.264 clip (target <= 1.10)
//   2. exact-seek latency p50/p95 at 1 s and 10 s keyframe intervals (1080p), keyframe-seek
//      latency, vs ffmpeg's own accurate seek (-ss before -i, one frame) in a new process
//   3. open-to-first-frame time
//   4. peak memory of `mimic play --headless` on the 1080p clip vs ffmpeg decoding it
// Usage: playback_bench [work-dir]   (clips are made there with the ffmpeg CLI, then kept)
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "media/player.h"

namespace fs = std::filesystem;
using mimic::media::Player;
using mimic::media::SeekMode;
using SteadyClock = std::chrono::steady_clock;

namespace {

struct ChildCost {
    double cpu_s = 0;
    double wall_s = 0;
    long max_rss_kib = 0;
    int status = -1;
};

// Runs `command` with /bin/sh and returns its CPU time (user + system), wall time and peak
// resident memory, from wait4.
ChildCost runChild(const std::string& command) {
    ChildCost cost;
    const auto start = SteadyClock::now();
    const pid_t pid = fork();
    if (pid == 0) {
        execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    rusage usage{};
    int status = 0;
    wait4(pid, &status, 0, &usage);
    cost.wall_s = std::chrono::duration<double>(SteadyClock::now() - start).count();
    cost.cpu_s = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                 static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
    cost.max_rss_kib = usage.ru_maxrss;
    cost.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return cost;
}

double percentile(std::vector<double> v, double q) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(q * static_cast<double>(v.size())))];
}

bool makeClip(const fs::path& path, int gop) {
    if (fs::exists(path)) return true;
    const std::string command =
        "ffmpeg -v error -nostdin -y -f lavfi -i testsrc2=s=1920x1080:r=25:d=12 -f lavfi -i "
        "sine=d=12 -c:v libx264 -preset ultrafast -g " +
        std::to_string(gop) + " -keyint_min " + std::to_string(gop) +
        " -sc_threshold 0 -pix_fmt yuv420p -c:a aac '" + path.string() + "'";
    return std::system(command.c_str()) == 0;
}

// Seek latencies (ms) to `n` random times: seek(), then the first frame out of the engine.
std::vector<double> seekLatencies(const fs::path& clip, SeekMode mode, int n) {
    std::vector<double> ms;
    auto player = Player::open(clip, {.decode_audio = false});
    if (!player) return ms;
    player->nextFrame();
    std::mt19937 random(7);
    std::uniform_int_distribution<std::int64_t> t(0, 11'500'000);
    for (int i = 0; i < n; ++i) {
        const auto start = SteadyClock::now();
        player->seek(t(random), mode);
        if (!player->nextFrame()) continue;
        ms.push_back(std::chrono::duration<double, std::milli>(SteadyClock::now() - start).count());
    }
    return ms;
}

// ffmpeg's own accurate seek in a new process (includes start-up), for reference.
std::vector<double> ffmpegSeekLatencies(const fs::path& clip, int n) {
    std::vector<double> ms;
    std::mt19937 random(7);
    std::uniform_int_distribution<std::int64_t> t(0, 11'500'000);
    for (int i = 0; i < n; ++i) {
        const double s = static_cast<double>(t(random)) / 1e6;
        const auto cost = runChild("ffmpeg -v error -nostdin -ss " + std::to_string(s) + " -i '" +
                                   clip.string() + "' -map 0:v:0 -frames:v 1 -f null -");
        ms.push_back(cost.wall_s * 1000);
    }
    return ms;
}

}  // namespace

int main(int argc, char** argv) {
    const fs::path dir = argc > 1 ? fs::path(argv[1]) : fs::temp_directory_path() / "mimic-bench";
    fs::create_directories(dir);
    const fs::path gop1 = dir / "1080p-gop1s.mp4";
    const fs::path gop10 = dir / "1080p-gop10s.mp4";
    if (!makeClip(gop1, 25) || !makeClip(gop10, 250)) {
        std::fprintf(stderr, "playback_bench: ffmpeg could not make the clips in %s\n",
                     dir.c_str());
        return 1;
    }
    const std::string exe = MIMIC_EXE;

    // 1. Decode-and-hash CPU.
    const auto ours = runChild(exe + " frames '" + gop1.string() + "' >/dev/null");
    const auto theirs = runChild("ffmpeg -v error -nostdin -i '" + gop1.string() +
                                 "' -map 0:v:0 -fps_mode passthrough -f framemd5 - >/dev/null");
    std::printf(
        "decode+hash 1080p (300 frames): mimic frames %.2f s CPU (%.2f s wall), "
        "ffmpeg framemd5 %.2f s CPU (%.2f s wall): ratio %.3f (target <= 1.10)\n",
        ours.cpu_s, ours.wall_s, theirs.cpu_s, theirs.wall_s, ours.cpu_s / theirs.cpu_s);

    // 2. Seeks.
    constexpr int kSeeks = 20;
    for (const auto& [clip, name] : {std::pair{gop1, "1 s"}, std::pair{gop10, "10 s"}}) {
        const auto exact = seekLatencies(clip, SeekMode::kExact, kSeeks);
        const auto key = seekLatencies(clip, SeekMode::kKeyframe, kSeeks);
        const auto ref = ffmpegSeekLatencies(clip, 5);
        std::printf(
            "keyframe interval %s: exact seek p50 %.1f ms, p95 %.1f ms; keyframe seek "
            "p50 %.1f ms, p95 %.1f ms; reference ffmpeg -ss (new process) p50 %.1f ms\n",
            name, percentile(exact, 0.5), percentile(exact, 0.95), percentile(key, 0.5),
            percentile(key, 0.95), percentile(ref, 0.5));
    }

    // 3. Open to first frame.
    std::vector<double> open_ms;
    for (int i = 0; i < 10; ++i) {
        const auto start = SteadyClock::now();
        auto player = Player::open(gop1);
        if (player && player->nextFrame())
            open_ms.push_back(
                std::chrono::duration<double, std::milli>(SteadyClock::now() - start).count());
    }
    const auto ffmpeg_first = runChild("ffmpeg -v error -nostdin -i '" + gop1.string() +
                                       "' -map 0:v:0 -frames:v 1 -f null -");
    std::printf(
        "open to first frame (1080p): p50 %.1f ms, max %.1f ms; reference ffmpeg "
        "first frame in a new process %.1f ms\n",
        percentile(open_ms, 0.5), percentile(open_ms, 1.0), ffmpeg_first.wall_s * 1000);

    // 4. Peak memory while playing 1080p in real time (5 s) vs ffmpeg decoding it.
    const auto play = runChild("SDL_AUDIODRIVER=dummy " + exe + " play --headless --for 5 '" +
                               gop1.string() + "' >/dev/null");
    const auto decode =
        runChild("ffmpeg -v error -nostdin -i '" + gop1.string() + "' -f null - >/dev/null");
    std::printf(
        "peak memory: mimic play --headless 1080p %.1f MiB; ffmpeg decoding it %.1f "
        "MiB; ratio %.2f\n",
        static_cast<double>(play.max_rss_kib) / 1024.0,
        static_cast<double>(decode.max_rss_kib) / 1024.0,
        static_cast<double>(play.max_rss_kib) / static_cast<double>(decode.max_rss_kib));
    return 0;
}
