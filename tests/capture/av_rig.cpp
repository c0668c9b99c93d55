// mimic-av-rig: a camera and a microphone that flash and beep at the same instants, for
// measuring how well a recording lines picture and sound up (tools/bench/record/av_sync.sh).
//
//   mimic-av-rig CAMERA_FIFO MIC_FIFO SECONDS
//
// The camera is a YUV4MPEG2 stream (640x480, 30 fps, yuv420p) written to CAMERA_FIFO; the
// microphone is 48 kHz mono float (f32le) written to MIC_FIFO, for SDL's disk audio driver
// (SDL_DISKAUDIOFILEIN). Once a second the picture is white for 100 ms and the sound a 1 kHz
// beep for 100 ms, starting on the same instant.
//
// Why not ffmpeg -re: one ffmpeg process writes both outputs from one thread, so the sound
// waits behind every 460 KB picture until the camera's reader has drained the 64 KiB pipe,
// and reaches the microphone in bursts; how late depends on the machine. Here each stream
// has its own thread, paced on absolute deadlines of one steady clock: frame k is written at
// k/30 s, and each millisecond of sound just after it has happened, as a device delivers it.
// The rig measures itself: how late its writes finished is printed at the end, so a result
// can be told apart from a rig that could not keep time.
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <numbers>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

constexpr int kWidth = 640;
constexpr int kHeight = 480;
constexpr int kFps = 30;
constexpr int kRate = 48'000;
constexpr int kChunkSamples = kRate / 1000;  // sound is written a millisecond at a time
constexpr double kPulseSeconds = 0.1;        // flash and beep length, once a second
constexpr double kBeepHz = 1000.0;

bool inPulse(double t) {
    return std::fmod(t, 1.0) < kPulseSeconds;
}

// Writes all of `size` bytes; false when the reader went away.
bool writeAll(int fd, const void* data, std::size_t size) {
    const auto* p = static_cast<const char*>(data);
    while (size > 0) {
        const ssize_t n = ::write(fd, p, size);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        p += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

// How late writes finished after their deadlines, in microseconds.
struct Lateness {
    std::vector<std::int64_t> late_us;
    void add(Clock::time_point deadline) {
        late_us.push_back(
            std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - deadline).count());
    }
    std::string summary() const {
        if (late_us.empty()) return "none written";
        std::vector<std::int64_t> s = late_us;
        std::sort(s.begin(), s.end());
        const auto at = [&](double q) {
            return static_cast<double>(s[static_cast<std::size_t>(q * (s.size() - 1))]) / 1e3;
        };
        char line[160];
        std::snprintf(line, sizeof line, "%zu writes, late p50 %.2f ms, p99 %.2f ms, max %.2f ms",
                      s.size(), at(0.5), at(0.99), at(1.0));
        return line;
    }
};

void writeCamera(int fd, Clock::time_point t0, int frames, Lateness& lateness) {
    const std::size_t luma = std::size_t{kWidth} * kHeight;
    const std::string frame_header = "FRAME\n";
    // Full-range-looking black and white in limited range: Y 16 / 235, chroma neutral.
    std::vector<char> black(luma * 3 / 2, static_cast<char>(128));
    std::vector<char> white = black;
    std::fill_n(black.begin(), luma, static_cast<char>(16));
    std::fill_n(white.begin(), luma, static_cast<char>(235));
    for (int k = 0; k < frames; ++k) {
        const Clock::time_point deadline =
            t0 + std::chrono::microseconds(std::int64_t{k} * 1'000'000 / kFps);
        std::this_thread::sleep_until(deadline);
        const std::vector<char>& picture = inPulse(static_cast<double>(k) / kFps) ? white : black;
        if (!writeAll(fd, frame_header.data(), frame_header.size()) ||
            !writeAll(fd, picture.data(), picture.size()))
            return;
        lateness.add(deadline);
    }
}

void writeMicrophone(int fd, Clock::time_point t0, std::int64_t samples, Lateness& lateness) {
    std::vector<float> chunk(kChunkSamples);
    for (std::int64_t first = 0; first < samples; first += kChunkSamples) {
        for (int i = 0; i < kChunkSamples; ++i) {
            const double t = static_cast<double>(first + i) / kRate;
            chunk[static_cast<std::size_t>(i)] =
                inPulse(t) ? static_cast<float>(0.5 * std::sin(2 * std::numbers::pi * kBeepHz * t))
                           : 0.0f;
        }
        // A sample exists once its time has come: the chunk goes out when its last one has.
        const Clock::time_point deadline =
            t0 + std::chrono::microseconds((first + kChunkSamples) * 1'000'000 / kRate);
        std::this_thread::sleep_until(deadline);
        if (!writeAll(fd, chunk.data(), chunk.size() * sizeof(float))) return;
        lateness.add(deadline);
    }
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 4) {
        std::fprintf(stderr, "usage: mimic-av-rig CAMERA_FIFO MIC_FIFO SECONDS\n");
        return 2;
    }
    const double seconds = std::atof(argv[3]);
    if (!(seconds > 0)) {
        std::fprintf(stderr, "mimic-av-rig: SECONDS must be positive\n");
        return 2;
    }
    ::signal(SIGPIPE, SIG_IGN);  // a reader that leaves ends the stream, not the rig
    // The recorder opens its microphone before its camera; each open waits for its reader.
    const int mic = ::open(argv[2], O_WRONLY | O_CLOEXEC);
    if (mic < 0) {
        std::perror(argv[2]);
        return 1;
    }
    const int camera = ::open(argv[1], O_WRONLY | O_CLOEXEC);
    if (camera < 0) {
        std::perror(argv[1]);
        return 1;
    }
    char header[96];
    const int header_size = std::snprintf(
        header, sizeof header, "YUV4MPEG2 W%d H%d F%d:1 Ip A1:1 C420jpeg\n", kWidth, kHeight, kFps);
    if (!writeAll(camera, header, static_cast<std::size_t>(header_size))) return 1;

    const Clock::time_point t0 = Clock::now();
    Lateness video;
    Lateness sound;
    std::thread camera_thread(writeCamera, camera, t0, static_cast<int>(seconds * kFps),
                              std::ref(video));
    std::thread mic_thread(writeMicrophone, mic, t0, static_cast<std::int64_t>(seconds * kRate),
                           std::ref(sound));
    camera_thread.join();
    mic_thread.join();
    ::close(camera);
    ::close(mic);
    std::fprintf(stderr, "rig camera: %s\nrig microphone: %s\n", video.summary().c_str(),
                 sound.summary().c_str());
    return 0;
}
