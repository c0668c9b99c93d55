// Real-time playback through the engine (the code `mimic play --headless` runs): A/V sync
// measured against what SDL's disk driver really wrote, and hostile input through the
// `mimic frames` / `mimic play` binaries.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include "app/clip_playback.h"
#include "command_runner.h"

namespace mimic::app {
namespace {

namespace fs = std::filesystem;
using mimic::testing::ffmpegMake;
using mimic::testing::runCommand;
using mimic::testing::shellQuoted;
using mimic::testing::TempDir;

// A 4 s clip: black, with three white frames starting exactly where a 50 ms 1 kHz beep
// starts, at 0.5, 1.5, 2.5 and 3.5 s (30 fps, so those are frame times; the filter window has
// 5 ms of rounding either side). Three frames, not one: under load at 1.5x a late picture is
// rightly dropped, and the flash must still be seen. PCM in Matroska: its millisecond stamps
// must not make audio drift.
constexpr int kFlashes = 4;
constexpr int kSampleRate = 48000;
const char* const kSyncClipArgs =
    "-f lavfi -i color=c=black:s=160x120:r=30:d=4 -f lavfi -i "
    "\"aevalsrc='0.5*sin(2*PI*1000*t)*between(mod(t+0.5\\,1)\\,0\\,0.05)':s=48000:d=4\" "
    "-vf \"drawbox=c=white:t=fill:enable='between(mod(t+0.505,1),0,0.095)'\" "
    "-c:v libx264 -g 30 -c:a pcm_s16le";

struct SizeAt {
    Clock::time_point at;
    std::uintmax_t bytes = 0;
};

// When each byte of the disk driver's file was handed to the driver. The driver writes one
// device buffer per "play" and then sleeps at least `min_period` (SDL_Delay of the buffer's
// whole milliseconds), but through stdio: glibc holds every other buffer back until the next
// one, so the file grows two buffers at a time. So buffer j was handed over no later than it
// appeared in the file, and no later than `min_period` before buffer j + 1 was handed over.
class HandedAt {
  public:
    HandedAt(const std::vector<SizeAt>& growth, std::uintmax_t buffer_bytes,
             std::uintmax_t bytes_per_second, Clock::duration min_period)
        : buffer_bytes_(buffer_bytes), bytes_per_second_(bytes_per_second) {
        if (growth.empty() || buffer_bytes == 0) return;
        const std::uintmax_t buffers = growth.back().bytes / buffer_bytes;
        std::size_t g = 0;
        for (std::uintmax_t j = 0; j < buffers; ++j) {
            while (growth[g].bytes < (j + 1) * buffer_bytes)
                ++g;
            handed_.push_back(growth[g].at);
        }
        for (std::size_t j = handed_.size(); j-- > 1;)
            handed_[j - 1] = std::min(handed_[j - 1], handed_[j] - min_period);
    }
    // Seconds after `origin` at which `byte` was handed over (-1 when it never was).
    double seconds(std::uintmax_t byte, Clock::time_point origin) const {
        const std::uintmax_t j = byte / buffer_bytes_;
        if (j >= handed_.size()) return -1.0;
        const double into =
            static_cast<double>(byte % buffer_bytes_) / static_cast<double>(bytes_per_second_);
        return std::chrono::duration<double>(handed_[j] - origin).count() + into;
    }

  private:
    std::uintmax_t buffer_bytes_;
    std::uintmax_t bytes_per_second_;
    std::vector<Clock::time_point> handed_;
};

struct SyncResult {
    std::vector<double> differences_ms;  // flash presented - beep heard, per flash
    RealTimeReport report;
};

SyncResult measureSync(const fs::path& clip, const fs::path& pcm, double rate) {
    ::setenv("SDL_AUDIODRIVER", "disk", 1);
    ::setenv("SDL_DISKAUDIOFILE", pcm.c_str(), 1);
    fs::remove(pcm);
    const auto origin = Clock::now();
    std::vector<SizeAt> growth;
    std::atomic<bool> stop{false};
    std::thread watcher([&] {
        std::uintmax_t last = 0;
        while (!stop.load()) {
            std::error_code ec;
            const auto size = fs::file_size(pcm, ec);
            if (!ec && size > last) {
                growth.push_back({Clock::now(), size});
                last = size;
            }
            std::this_thread::sleep_for(std::chrono::microseconds(250));
        }
    });
    std::vector<double> flashes_s;
    bool was_white = false;
    RealTimeSettings settings;
    settings.rate = rate;
    auto played =
        playInRealTime(clip, settings, [&](const media::VideoFrame& frame, Clock::time_point at) {
            const bool white = frame.meanFirstPlane() > 128.0;
            if (white && !was_white) {
                // When the flash's first picture was (or, had it not been dropped, would have
                // been) shown: this picture's time less its media distance from the flash.
                const double pts_s = static_cast<double>(frame.pts_us()) / 1e6;
                const double into_flash_s = pts_s - (std::floor(pts_s - 0.5) + 0.5);
                flashes_s.push_back(std::chrono::duration<double>(at - origin).count() -
                                    into_flash_s / rate);
            }
            was_white = white;
            return true;
        });
    stop = true;
    watcher.join();
    ::setenv("SDL_AUDIODRIVER", "dummy", 1);
    ::unsetenv("SDL_DISKAUDIOFILE");
    SyncResult result;
    EXPECT_TRUE(played.ok()) << (played.ok() ? "" : played.error().message);
    if (!played.ok()) return result;
    result.report = *played;
    EXPECT_TRUE(played->audio_played);
    EXPECT_EQ(played->audio_driver, "disk");

    std::ifstream in(pcm, std::ios::binary);
    std::vector<float> samples(fs::file_size(pcm) / sizeof(float));
    in.read(reinterpret_cast<char*>(samples.data()),
            static_cast<std::streamsize>(samples.size() * sizeof(float)));
    // Mono float (the clip is mono), in device buffers of the smallest growth seen (the
    // first buffer is written alone).
    std::uintmax_t buffer_bytes = 0;
    for (std::size_t i = 0; i < growth.size(); ++i) {
        const std::uintmax_t step = growth[i].bytes - (i == 0 ? 0 : growth[i - 1].bytes);
        if (buffer_bytes == 0 || step < buffer_bytes) buffer_bytes = step;
    }
    const std::uintmax_t bytes_per_second = kSampleRate * sizeof(float);
    const auto min_period = std::chrono::milliseconds(buffer_bytes * 1000 / bytes_per_second);
    const HandedAt handed(growth, buffer_bytes, bytes_per_second, min_period);
    // A beep starts where the signal rises after 0.3 s of quiet.
    std::vector<double> beeps_s;
    std::size_t quiet = 0;
    for (std::size_t i = 0; i < samples.size(); ++i) {
        if (std::fabs(samples[i]) > 0.1F) {
            if (quiet > kSampleRate * 3 / 10)
                beeps_s.push_back(handed.seconds(i * sizeof(float), origin));
            quiet = 0;
        } else {
            ++quiet;
        }
    }
    EXPECT_EQ(flashes_s.size(), static_cast<std::size_t>(kFlashes));
    EXPECT_EQ(beeps_s.size(), static_cast<std::size_t>(kFlashes));
    for (std::size_t i = 0; i < std::min(flashes_s.size(), beeps_s.size()); ++i)
        result.differences_ms.push_back((flashes_s[i] - beeps_s[i]) * 1000.0);
    return result;
}

// Nearest-rank percentile of |values|.
double percentile(std::vector<double> values, double q) {
    for (auto& v : values)
        v = std::fabs(v);
    std::sort(values.begin(), values.end());
    const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(values.size())));
    return values[std::clamp<std::size_t>(rank, 1, values.size()) - 1];
}

// How much `values` (equally spaced) change from the first to the last, by the Theil-Sen
// estimator: the median of the slopes between every pair, times the span. A single outlier
// moves only the slopes through it, so it cannot move the median far.
double trendOverSpan(const std::vector<double>& values) {
    std::vector<double> slopes;
    for (std::size_t i = 0; i < values.size(); ++i) {
        for (std::size_t j = i + 1; j < values.size(); ++j)
            slopes.push_back((values[j] - values[i]) / static_cast<double>(j - i));
    }
    if (slopes.empty()) return 0.0;
    std::sort(slopes.begin(), slopes.end());
    const std::size_t n = slopes.size();
    const double median = n % 2 ? slopes[n / 2] : (slopes[n / 2 - 1] + slopes[n / 2]) / 2.0;
    return median * static_cast<double>(values.size() - 1);
}

class PlaybackTest : public ::testing::Test {
  protected:
    TempDir dir_{"playback"};
};

TEST_F(PlaybackTest, FlashesMeetTheirBeepsWithin20msAtP95) {
    const fs::path clip = dir_.path() / "sync.mkv";
    ASSERT_TRUE(ffmpegMake(clip, kSyncClipArgs));
    for (const double rate : {1.0, 0.5, 1.5}) {
        SCOPED_TRACE("rate " + std::to_string(rate));
        const SyncResult r = measureSync(clip, dir_.path() / "out.raw", rate);
        ASSERT_EQ(r.differences_ms.size(), static_cast<std::size_t>(kFlashes));
        std::string figures;
        for (double d : r.differences_ms)
            figures += std::to_string(d).substr(0, 6) + " ";
        const double p95 = percentile(r.differences_ms, 0.95);
        std::printf(
            "[ sync     ] rate %.2f: flash - beep ms: %s| p95 |d| %.1f ms; shown %lld, "
            "dropped %lld, mistimed %lld; played %.2f s\n",
            rate, figures.c_str(), p95, static_cast<long long>(r.report.stats.frames_shown),
            static_cast<long long>(r.report.stats.frames_dropped),
            static_cast<long long>(r.report.stats.frames_mistimed), r.report.seconds);
        EXPECT_LE(p95, 20.0);
        // No drift: the offset's trend over the clip (a robust line through the flashes, so
        // one flash shown late by a busy machine is jitter, bounded above, not drift).
        EXPECT_LE(std::fabs(trendOverSpan(r.differences_ms)), 10.0);
        // Real time: 4 s of media at `rate` (loose only in the slower direction).
        EXPECT_GE(r.report.seconds, 4.0 / rate - 0.2);
        EXPECT_LT(r.report.seconds, 4.0 / rate + 3.0);
    }
}

TEST_F(PlaybackTest, SilentClipPlaysOnTheWallClock) {
    const fs::path clip = dir_.path() / "silent.mkv";
    ASSERT_TRUE(ffmpegMake(clip, "-f lavfi -i testsrc2=s=96x64:r=25:d=1 -c:v libx264 -g 10"));
    RealTimeSettings settings;
    settings.start_us = 400'000;
    auto played = playInRealTime(clip, settings, nullptr);
    ASSERT_TRUE(played.ok()) << played.error().message;
    EXPECT_FALSE(played->audio_played);
    EXPECT_EQ(played->stats.frames_shown, 15);
    EXPECT_EQ(played->stats.frames_dropped, 0);
    EXPECT_GE(played->seconds, 0.55);
    ASSERT_EQ(played->stats.seek_latency_us.size(), 1U);
}

// --- Hostile input, through the binary, each under `timeout` so a hang fails the test.

struct Hostile {
    std::string name;
    bool unreadable;  // true: one line on stderr and a non-zero exit
};

TEST_F(PlaybackTest, HostileInputNeverCrashesOrHangs) {
    const fs::path& d = dir_.path();
    const fs::path good = d / "good.mp4";
    ASSERT_TRUE(ffmpegMake(good,
                           "-f lavfi -i testsrc2=s=128x96:r=25:d=2 -f lavfi -i sine=d=2 -c:v "
                           "libx264 -g 10 -c:a aac"));
    std::ofstream(d / "empty.mp4").close();
    std::ofstream(d / "text.mp4") << "this is not a video, just some words\n";
    {
        // Cut short: with the index at the front the pictures before the cut still play;
        // with the index at the end (the default) nothing is left to read.
        const fs::path front = d / "front_index.mp4";
        ASSERT_TRUE(ffmpegMake(front, "-i " + shellQuoted(good) + " -c copy -movflags +faststart"));
        fs::copy_file(front, d / "truncated.mp4");
        fs::resize_file(d / "truncated.mp4", fs::file_size(front) * 2 / 3);
        fs::copy_file(good, d / "no_index.mp4");
        fs::resize_file(d / "no_index.mp4", fs::file_size(good) * 2 / 3);
    }
    {
        // Raw H.264 with bytes flipped all through the picture data (headers kept).
        const fs::path raw = d / "flipped.h264";
        ASSERT_TRUE(ffmpegMake(raw,
                               "-f lavfi -i testsrc2=s=128x96:r=25:d=2 -c:v libx264 -g 10 -bsf:v "
                               "noise=amount=200"));
    }
    {
        // A Y4M header that claims 60000x60000 with a few bytes of "picture".
        std::ofstream y4m(d / "huge.y4m", std::ios::binary);
        y4m << "YUV4MPEG2 W60000 H60000 F25:1 Ip A1:1 C420jpeg\nFRAME\n" << std::string(4096, 'x');
    }
    const std::vector<Hostile> cases = {{"missing.mp4", true},  {"empty.mp4", true},
                                        {"text.mp4", true},     {"huge.y4m", true},
                                        {"no_index.mp4", true}, {"truncated.mp4", false},
                                        {"flipped.h264", false}};
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        for (const std::string command : {"frames", "play --headless --stats"}) {
            SCOPED_TRACE(command);
            const auto r = runCommand("timeout -s KILL 30 " + std::string(MIMIC_EXE) + " " +
                                          command + " " + shellQuoted(d / c.name),
                                      d);
            EXPECT_NE(r.exit_code, 137) << "hung";
            EXPECT_LT(r.exit_code, 128) << "crashed";
            if (c.unreadable) {
                EXPECT_EQ(r.exit_code, 1);
                ASSERT_EQ(r.errLines().size(), 1U) << r.err;
                EXPECT_NE(r.errLines()[0].find(c.name), std::string::npos) << r.err;
            } else {
                EXPECT_EQ(r.exit_code, 0) << r.err;
                EXPECT_FALSE(r.out.empty());
            }
        }
    }
    // The damaged stream plays through and its concealed errors are counted.
    const auto flipped = runCommand(
        std::string(MIMIC_EXE) + " play --headless --stats " + shellQuoted(d / "flipped.h264"), d);
    EXPECT_EQ(flipped.out.find("decode errors 0"), std::string::npos) << flipped.out;
}

// D10 (issue 10): `play` exited 0 when nothing could be decoded (160 decode errors, 0 frames).
TEST_F(PlaybackTest, PlayFailsWhenNothingCouldBeDecoded) {
    const fs::path& d = dir_.path();
    // Every picture's bytes garbled by FFmpeg's noise filter; the stream's headers (in the
    // MP4's index) are intact, so the file opens and every packet fails to decode.
    const fs::path garbled = d / "garbled.mp4";
    ASSERT_TRUE(ffmpegMake(
        garbled,
        "-f lavfi -i testsrc2=s=128x96:r=25:d=2 -c:v libx264 -g 10 -bsf:v noise=amount=1"));
    const auto r = runCommand("timeout -s KILL 30 " + std::string(MIMIC_EXE) +
                                  " play --headless --stats " + shellQuoted(garbled),
                              d);
    EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
    ASSERT_EQ(r.errLines().size(), 1U) << r.err;
    EXPECT_NE(r.errLines()[0].find("nothing in " + garbled.string() + " could be decoded"),
              std::string::npos)
        << r.err;
}

TEST_F(PlaybackTest, FramesCommandMatchesTheOracleAndSeeks) {
    const fs::path clip = dir_.path() / "c.mkv";
    ASSERT_TRUE(ffmpegMake(clip, "-f lavfi -i testsrc2=s=96x64:r=25:d=1 -c:v libx264 -g 10 -bf 2"));
    const auto full =
        runCommand(std::string(MIMIC_EXE) + " frames " + shellQuoted(clip), dir_.path());
    ASSERT_EQ(full.exit_code, 0) << full.err;
    const fs::path md5_file = dir_.path() / "oracle.framemd5";
    const auto oracle =
        runCommand("ffmpeg -v error -nostdin -i " + shellQuoted(clip) +
                       " -map 0:v:0 -fps_mode passthrough -f framemd5 " + shellQuoted(md5_file),
                   dir_.path());
    std::vector<std::string> lines, md5s;
    {
        std::istringstream a(full.out), b(mimic::testing::readText(md5_file));
        for (std::string l; std::getline(a, l);)
            lines.push_back(l);
        for (std::string l; std::getline(b, l);)
            if (!l.empty() && l[0] != '#') md5s.push_back(l.substr(l.rfind(' ') + 1));
    }
    ASSERT_EQ(lines.size(), 25U);
    ASSERT_EQ(md5s.size(), 25U) << oracle.err;
    for (std::size_t i = 0; i < lines.size(); ++i)
        EXPECT_EQ(lines[i].substr(lines[i].find(' ') + 1), md5s[i]);
    // A few runs of --start T --count 3 equal the matching rows.
    for (const auto& [t, row] : std::vector<std::pair<std::string, std::size_t>>{
             {"0", 0}, {"0.41", 10}, {"0.5", 12}, {"0.999", 24}, {"-1", 0}}) {
        const auto part = runCommand(std::string(MIMIC_EXE) + " frames " + shellQuoted(clip) +
                                         " --start " + t + " --count 3",
                                     dir_.path());
        ASSERT_EQ(part.exit_code, 0) << part.err;
        std::string expected;
        for (std::size_t i = row; i < std::min(row + 3, lines.size()); ++i)
            expected += lines[i] + "\n";
        EXPECT_EQ(part.out, expected) << "--start " << t;
    }
}

}  // namespace
}  // namespace mimic::app
