// Test helpers for src/capture: scratch directories, ffprobe, and a FIFO camera fed by the
// ffmpeg CLI at real-time pace (docs/architecture.md, "Testing without hardware").
#pragma once

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "run_command.h"
#include "shell_quote.h"
#include "temp_dir.h"

namespace mimic::testing {

namespace fs = std::filesystem;

inline fs::path scratchDir(const std::string& name) {
    return freshDir("capture-" + name);
}

// Output of a command's stdout.
inline std::string capture(const std::string& command) {
    return runCommand(command).out;
}

// A file's frame times as ffprobe decodes them, in seconds from the container's start
// (pts_time minus the format's start_time: TECH_NOTES, "Timestamps and the ffmpeg CLI").
inline std::vector<double> ffprobeFrameTimes(const fs::path& file) {
    const std::string start = capture(
        "ffprobe -v error -show_entries format=start_time -of csv=p=0 " + shellQuoted(file));
    const double start_s = start.empty() ? 0.0 : std::stod(start);
    const std::string out =
        capture("ffprobe -v error -select_streams v:0 -show_entries frame=pts_time -of csv=p=0 " +
                shellQuoted(file));
    std::vector<double> times;
    std::istringstream in(out);
    for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line != "N/A") times.push_back(std::stod(line) - start_s);
    }
    std::sort(times.begin(), times.end());
    return times;
}

// Frames ffprobe decodes in the file's first video stream; -1 if unreadable.
inline long probeFrameCount(const fs::path& file) {
    const std::string out = capture(
        "ffprobe -v error -count_frames -select_streams v:0 -show_entries stream=nb_read_frames "
        "-of csv=p=0 '" +
        file.string() + "'");
    return out.empty() ? -1 : std::stol(out);
}

// Time of the last frame of the file's first video stream, in seconds from the stream's first
// frame, as ffprobe decodes it; -1 if unreadable.
inline double probeVideoSpan(const fs::path& file) {
    const std::string out =
        capture("ffprobe -v error -select_streams v:0 -show_entries frame=pts_time -of csv=p=0 '" +
                file.string() + "'");
    double first = -1, last = -1;
    for (std::size_t at = 0; at < out.size();) {
        const std::size_t end = out.find('\n', at);
        const std::string line = out.substr(at, end - at);
        if (!line.empty() && line != "N/A") {
            last = std::stod(line);
            if (first < 0) first = last;
        }
        if (end == std::string::npos) break;
        at = end + 1;
    }
    return first < 0 ? -1 : last - first;
}

// Largest gap in frames between keyframes, from ffprobe's packet flags.
inline int probeMaxKeyframeGap(const fs::path& file) {
    const std::string out = capture(
        "ffprobe -v error -select_streams v:0 -show_entries "
        "packet=flags -of csv=p=0 '" +
        file.string() + "'");
    int gap = 0, longest = 0;
    for (std::size_t at = 0; at < out.size();) {
        const std::size_t end = out.find('\n', at);
        const std::string line = out.substr(at, end - at);
        gap = line.find('K') != std::string::npos ? 0 : gap + 1;
        longest = std::max(longest, gap);
        if (end == std::string::npos) break;
        at = end + 1;
    }
    return longest + 1;
}

// The longest time, in seconds, between two consecutive keyframes of the file's first video
// stream, from ffprobe's packet times and key flags; -1 with fewer than two keyframes.
inline double probeMaxKeyframeGapSeconds(const fs::path& file) {
    const std::string out = capture(
        "ffprobe -v error -select_streams v:0 -show_entries packet=pts_time,flags "
        "-of csv=p=0 '" +
        file.string() + "'");
    double last_key = -1, longest = -1;
    for (std::size_t at = 0; at < out.size();) {
        const std::size_t end = out.find('\n', at);
        const std::string line = out.substr(at, end - at);
        const std::size_t comma = line.find(',');
        if (comma != std::string::npos && line.find('K', comma) != std::string::npos) {
            const double t = std::stod(line.substr(0, comma));
            if (last_key >= 0) longest = std::max(longest, t - last_key);
            last_key = t;
        }
        if (end == std::string::npos) break;
        at = end + 1;
    }
    // To the microsecond: ffprobe's times are decimals, and 1.533 - 1.033 is not quite 0.5
    // in binary.
    return longest < 0 ? longest : std::round(longest * 1e6) / 1e6;
}

// A shell job in the background, its output discarded, ended with SIGKILL when this goes (a
// writer blocked opening a FIFO that nobody reads ignores SIGTERM).
class BackgroundJob {
  public:
    explicit BackgroundJob(const std::string& job)
        : pid_(std::stoi(capture("( " + job + " ) >/dev/null 2>&1 & echo $!"))) {}
    ~BackgroundJob() { signal("KILL"); }
    BackgroundJob(const BackgroundJob&) = delete;
    BackgroundJob& operator=(const BackgroundJob&) = delete;
    // Sends the job a signal: KILL ends it, STOP stalls it.
    void signal(const std::string& name) {
        std::system(("kill -" + name + " " + std::to_string(pid_) + " 2>/dev/null").c_str());
    }

  private:
    int pid_ = 0;
};

// The ffmpeg command that writes `seconds` of testsrc2 in real time as NUT into `fifo`, the
// way a camera FIFO is fed.
inline std::string fifoCameraWriter(const fs::path& fifo, double seconds,
                                    const std::string& size = "320x240") {
    return "ffmpeg -v error -nostdin -y -re -f lavfi -i testsrc2=s=" + size + ":r=30 -t " +
           std::to_string(seconds) + " -f nut -c:v rawvideo -pix_fmt yuv420p '" + fifo.string() +
           "'";
}

// A named FIFO with an ffmpeg writer sending `seconds` of testsrc2 in real time as NUT; with
// `start_after_s`, the writer starts (and opens the FIFO) only that long after this is made.
class FifoCamera {
  public:
    FifoCamera(const fs::path& dir, double seconds, const std::string& size = "320x240",
               double start_after_s = 0.0)
        : path_(makeFifo(dir / "camera.fifo")),
          writer_((start_after_s > 0 ? "sleep " + std::to_string(start_after_s) + "; " : "") +
                  "exec " + fifoCameraWriter(path_, seconds, size)) {}
    // Sends the writer a signal: KILL loses the camera, STOP stalls it.
    void signal(const std::string& name) { writer_.signal(name); }
    const fs::path& path() const { return path_; }

  private:
    static fs::path makeFifo(const fs::path& path) {
        EXPECT_EQ(::mkfifo(path.c_str(), 0600), 0) << path;
        return path;
    }

    fs::path path_;
    BackgroundJob writer_;
};

}  // namespace mimic::testing
