// AudioCapture with SDL's disk driver as a real-time microphone (docs/architecture.md,
// "Testing without hardware"): the samples read back must be the file's, in order, at
// real-time pace.
#include "audio/audio_capture.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <numbers>
#include <optional>
#include <thread>
#include <vector>

namespace mimic::audio {
namespace {

namespace fs = std::filesystem;
constexpr int kRate = 48000;

class AudioCaptureTest : public ::testing::Test {
  protected:
    void SetUp() override {
        file_ = fs::temp_directory_path() / ("mimic-mic-" + std::to_string(::getpid()) + ".f32");
    }
    void TearDown() override {
        ::setenv("SDL_AUDIODRIVER", "dummy", 1);
        ::unsetenv("SDL_DISKAUDIOFILEIN");
        fs::remove(file_);
    }
    // The default microphone becomes SDL's disk driver reading `sound` in real time.
    std::optional<AudioCapture> hear(const std::vector<float>& sound) {
        std::ofstream(file_, std::ios::binary)
            .write(reinterpret_cast<const char*>(sound.data()),
                   static_cast<std::streamsize>(sound.size() * sizeof(float)));
        ::setenv("SDL_AUDIODRIVER", "disk", 1);
        ::setenv("SDL_DISKAUDIOFILEIN", file_.c_str(), 1);
        auto mic = AudioCapture::open(parseMicrophoneSpec("default"), kRate, 1);
        EXPECT_TRUE(mic.ok()) << mic.error().message;
        if (!mic.ok()) return std::nullopt;
        return std::move(*mic);
    }
    fs::path file_;
};

TEST(MicrophoneSpec, ParsesNoneDefaultAndNames) {
    EXPECT_EQ(parseMicrophoneSpec("none").kind, MicrophoneSpec::Kind::kNone);
    EXPECT_EQ(parseMicrophoneSpec("default").kind, MicrophoneSpec::Kind::kDefault);
    const MicrophoneSpec named = parseMicrophoneSpec("USB Audio");
    EXPECT_EQ(named.kind, MicrophoneSpec::Kind::kNamed);
    EXPECT_EQ(named.name, "USB Audio");
}

TEST_F(AudioCaptureTest, DiskDriverDeliversTheFileInRealTime) {
    // A ramp of 1 s: every sample is distinct, so order and completeness can be checked.
    std::vector<float> ramp(kRate);
    for (int i = 0; i < kRate; ++i)
        ramp[static_cast<std::size_t>(i)] = static_cast<float>(i) / kRate;
    auto mic = hear(ramp);
    ASSERT_TRUE(mic);
    EXPECT_NE(mic->description().find("disk"), std::string::npos) << mic->description();
    std::vector<float> got;
    std::optional<Clock::time_point> first, last;
    while (got.size() < ramp.size()) {
        auto buffer = mic->popFor(std::chrono::milliseconds(1000));
        ASSERT_TRUE(buffer.has_value()) << "the microphone stopped after " << got.size();
        if (!first) first = buffer->arrival;
        last = buffer->arrival;
        got.insert(got.end(), buffer->samples.begin(), buffer->samples.end());
    }
    got.resize(ramp.size());
    EXPECT_EQ(got, ramp);
    // ~1 s of sound minus the first buffer (~21 ms): a loaded machine may be late, not early.
    const double elapsed_s = std::chrono::duration<double>(*last - *first).count();
    EXPECT_GT(elapsed_s, 0.9);
    EXPECT_LT(elapsed_s, 2.0);
    EXPECT_EQ(mic->droppedBuffers(), 0);
}

TEST_F(AudioCaptureTest, LevelIsTheLoudestBufferSinceTheLastLook) {
    // 2 s of silence, then 1 s of a sine of amplitude 0.5 (-9.03 dBFS: 0.849 on the meter).
    std::vector<float> sound(static_cast<std::size_t>(2 * kRate), 0.0f);
    for (int i = 0; i < kRate; ++i) {
        sound.push_back(0.5f *
                        static_cast<float>(std::sin(2.0 * std::numbers::pi * 750.0 * i / kRate)));
    }
    auto mic = hear(sound);
    ASSERT_TRUE(mic);
    // The level is measured as buffers arrive, popped or not. Looked at 0.5 s in, only
    // silence can have arrived (the sine is 1.5 s of real time away); after the whole file, the
    // sine's level is there.
    std::size_t got = 0;
    std::optional<float> during_silence;
    while (got < sound.size()) {
        auto buffer = mic->popFor(std::chrono::milliseconds(1000));
        ASSERT_TRUE(buffer.has_value()) << "the microphone stopped after " << got;
        got += buffer->samples.size();
        if (!during_silence && got >= static_cast<std::size_t>(kRate / 2))
            during_silence = mic->takeLevel();
    }
    ASSERT_TRUE(during_silence);
    EXPECT_EQ(*during_silence, 0.0f);
    EXPECT_NEAR(mic->takeLevel(), 0.8495f, 0.002) << "the sine's level";
    // Taken: what arrived since is the disk driver's silence after the end of the file.
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    EXPECT_EQ(mic->takeLevel(), 0.0f);
}

TEST_F(AudioCaptureTest, AbsentDeviceIsExplainedInOneLine) {
    ::setenv("SDL_AUDIODRIVER", "dummy", 1);
    auto named = AudioCapture::open(parseMicrophoneSpec("No Such Mic"), kRate, 1);
    ASSERT_FALSE(named.ok());
    EXPECT_EQ(named.error().message.rfind("microphone 'No Such Mic' cannot be opened: ", 0), 0u)
        << named.error().message;
    EXPECT_EQ(named.error().message.find('\n'), std::string::npos);
    EXPECT_FALSE(AudioCapture::open(parseMicrophoneSpec("none"), kRate, 1).ok());
}

}  // namespace
}  // namespace mimic::audio
