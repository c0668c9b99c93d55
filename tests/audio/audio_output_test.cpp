#include "audio/audio_output.h"

#include <SDL.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <numbers>
#include <thread>
#include <vector>

namespace mimic::audio {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr int kRate = 48000;

std::vector<float> tone(int frames, int channels) {
    std::vector<float> out(static_cast<std::size_t>(frames * channels));
    for (int i = 0; i < frames; ++i) {
        const auto v = static_cast<float>(0.25 * std::sin(2 * std::numbers::pi * 440 * i / kRate));
        for (int c = 0; c < channels; ++c)
            out[static_cast<std::size_t>(i * channels + c)] = v;
    }
    return out;
}

// Waits until everything queued has been handed to the driver, or `limit` passes.
bool waitUntilPlayed(const AudioOutput& output, std::chrono::milliseconds limit) {
    const auto deadline = Clock::now() + limit;
    while (output.queuedSeconds() > 0) {
        if (Clock::now() > deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return true;
}

// Each test picks its SDL driver; the suite default (tests/CMakeLists.txt) is "dummy".
class AudioOutputTest : public ::testing::Test {
  protected:
    void TearDown() override {
        ::setenv("SDL_AUDIODRIVER", "dummy", 1);
        ::unsetenv("SDL_DISKAUDIOFILE");
    }
};

TEST_F(AudioOutputTest, DiskDriverWritesTheToneAtRealTimePace) {
    const fs::path file =
        fs::temp_directory_path() / ("mimic-audio-" + std::to_string(::getpid()) + ".raw");
    ::setenv("SDL_AUDIODRIVER", "disk", 1);
    ::setenv("SDL_DISKAUDIOFILE", file.c_str(), 1);
    const auto samples = tone(kRate / 2, 2);
    {
        auto output = AudioOutput::open(kRate, 2);
        ASSERT_TRUE(output.ok()) << output.error().message;
        EXPECT_STREQ(output->driverName(), "disk");
        const auto start = Clock::now();
        ASSERT_TRUE(output->queue(samples).ok());
        EXPECT_NEAR(output->queuedSeconds(), 0.5, 0.05);
        ASSERT_TRUE(waitUntilPlayed(*output, std::chrono::seconds(5)));
        const auto elapsed = std::chrono::duration<double>(Clock::now() - start).count();
        EXPECT_EQ(output->playedMicroseconds(), 500'000);
        // The disk driver paces itself like a sound card: half a second of audio takes
        // roughly half a second (loose: the machine is shared).
        EXPECT_GT(elapsed, 0.3);
        EXPECT_LT(elapsed, 3.0);
    }
    // The file holds raw float32 frames in device order: silence until the queue had data,
    // then exactly our tone.
    std::ifstream in(file, std::ios::binary);
    std::vector<float> written(fs::file_size(file) / sizeof(float));
    in.read(reinterpret_cast<char*>(written.data()),
            static_cast<std::streamsize>(written.size() * sizeof(float)));
    fs::remove(file);
    std::size_t first = 0;
    while (first < written.size() && written[first] == 0.0F)
        ++first;
    // The tone starts at sin(0) = 0: back up to the frame before the first non-zero sample.
    first = first >= 2 ? first - 2 : 0;
    ASSERT_GE(written.size() - first, samples.size());
    for (std::size_t i = 0; i < samples.size(); ++i) {
        ASSERT_EQ(written[first + i], samples[i]) << "sample " << i;
    }
}

TEST_F(AudioOutputTest, PauseHoldsThePlayedPosition) {
    auto output = AudioOutput::open(kRate, 1);
    ASSERT_TRUE(output.ok()) << output.error().message;
    EXPECT_STREQ(output->driverName(), "dummy");
    output->pause(true);
    ASSERT_TRUE(output->queue(tone(kRate / 5, 1)).ok());
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
    EXPECT_EQ(output->playedMicroseconds(), 0);
    EXPECT_NEAR(output->queuedSeconds(), 0.2, 1e-6);
    output->pause(false);
    ASSERT_TRUE(waitUntilPlayed(*output, std::chrono::seconds(5)));
    EXPECT_EQ(output->playedMicroseconds(), 200'000);
}

TEST_F(AudioOutputTest, MissingDriverAndBadFormatsSayWhy) {
    ::setenv("SDL_AUDIODRIVER", "no-such-driver", 1);
    auto output = AudioOutput::open(kRate, 2);
    ASSERT_FALSE(output.ok());
    EXPECT_EQ(output.error().message.rfind("no audio output: ", 0), 0U) << output.error().message;
    EXPECT_GT(output.error().message.size(), std::string("no audio output: ").size());

    ::setenv("SDL_AUDIODRIVER", "dummy", 1);
    EXPECT_FALSE(AudioOutput::open(kRate, 0).ok());
    auto stereo = AudioOutput::open(kRate, 2);
    ASSERT_TRUE(stereo.ok()) << stereo.error().message;
    const std::vector<float> odd(3, 0.0F);
    EXPECT_FALSE(stereo->queue(odd).ok());
}

// On a machine without a sound card (this one, CI) the ALSA driver fails to open; ALSA's
// own messages must not spill onto the terminal beside our one line. With a card the open
// succeeds, and the terminal stays clean as well.
TEST_F(AudioOutputTest, AlsaWithoutASoundCardPrintsNothingOfItsOwn) {
    ::setenv("SDL_AUDIODRIVER", "alsa", 1);
    ::testing::internal::CaptureStderr();
    auto output = AudioOutput::open(kRate, 2);
    const std::string printed = ::testing::internal::GetCapturedStderr();
    EXPECT_EQ(printed.find("ALSA lib"), std::string::npos) << printed;
    if (!output.ok()) {
        EXPECT_EQ(output.error().message.rfind("no audio output: ", 0), 0U)
            << output.error().message;
        EXPECT_EQ(output.error().message.find('\n'), std::string::npos);
    }
}

TEST_F(AudioOutputTest, MovesAndDestructionReleaseDeviceAndSdl) {
    {
        auto a = AudioOutput::open(kRate, 1);
        ASSERT_TRUE(a.ok()) << a.error().message;
        AudioOutput moved = std::move(*a);
        ASSERT_TRUE(moved.queue(tone(480, 1)).ok());
        ASSERT_TRUE(waitUntilPlayed(moved, std::chrono::seconds(5)));
        EXPECT_EQ(moved.playedMicroseconds(), 10'000);
        EXPECT_NE(SDL_WasInit(SDL_INIT_AUDIO), 0U);
        // The dummy driver has one device: a second output must wait for the first to close.
        EXPECT_FALSE(AudioOutput::open(44100, 2).ok());
    }
    EXPECT_EQ(SDL_WasInit(SDL_INIT_AUDIO), 0U);
    auto again = AudioOutput::open(44100, 2);
    ASSERT_TRUE(again.ok()) << again.error().message;
    EXPECT_EQ(again->playedMicroseconds(), 0);
}

TEST_F(AudioOutputTest, PullModeWritesWhatTheSourceFillsAtRealTimePace) {
    const fs::path file =
        fs::temp_directory_path() / ("mimic-audio-pull-" + std::to_string(::getpid()) + ".raw");
    ::setenv("SDL_AUDIODRIVER", "disk", 1);
    ::setenv("SDL_DISKAUDIOFILE", file.c_str(), 1);
    std::atomic<std::int64_t> frames_filled{0};
    std::atomic<std::int64_t> calls{0};
    std::atomic<bool> times_increase{true};
    std::atomic<std::int64_t> last_heard_ns{0};
    {
        auto output =
            AudioOutput::openPull(kRate, 1, [&](std::span<float> out, Clock::time_point heard_at) {
                // A ramp that continues across calls, so the file shows nothing was lost.
                const std::int64_t first = frames_filled.load();
                for (std::size_t i = 0; i < out.size(); ++i)
                    out[i] =
                        static_cast<float>((first + static_cast<std::int64_t>(i)) % 1000) / 1000.0F;
                frames_filled += static_cast<std::int64_t>(out.size());
                const std::int64_t ns = heard_at.time_since_epoch().count();
                if (ns <= last_heard_ns.exchange(ns)) times_increase = false;
                ++calls;
            });
        ASSERT_TRUE(output.ok()) << output.error().message;
        EXPECT_EQ(output->deviceLatencyMicroseconds(), 0);  // the disk driver "plays" at once
        EXPECT_FALSE(output->queue(tone(10, 1)).ok());      // pull mode refuses queue()
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        EXPECT_EQ(calls.load(), 0);  // starts paused
        const auto start = Clock::now();
        output->pause(false);
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
        output->pause(true);
        const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
        // Real-time pace: ~0.5 s of frames for ~0.5 s (loose only towards slower).
        const double seconds_filled = static_cast<double>(frames_filled.load()) / kRate;
        EXPECT_GT(seconds_filled, 0.25);
        EXPECT_LT(seconds_filled, elapsed + 0.1);
    }
    EXPECT_TRUE(times_increase.load());
    std::ifstream in(file, std::ios::binary);
    std::vector<float> written(fs::file_size(file) / sizeof(float));
    in.read(reinterpret_cast<char*>(written.data()),
            static_cast<std::streamsize>(written.size() * sizeof(float)));
    fs::remove(file);
    // The filled ramp appears in order and whole (silence before and after it while paused).
    std::size_t first = 0;
    while (first < written.size() && written[first] == 0.0F)
        ++first;
    ASSERT_GT(written.size(), first + 1000);
    for (std::size_t i = 1; i < 1000; ++i)
        ASSERT_FLOAT_EQ(written[first + i - 1], static_cast<float>(i) / 1000.0F) << i;
}

}  // namespace
}  // namespace mimic::audio
