#include "audio/audio_output.h"
#include "audio/sdl_audio.h"

#include <SDL.h>

#include <cassert>
#include <cstring>
#include <string>

namespace mimic::audio {

namespace {

// Frames per device buffer: ~21 ms at 48 kHz, small enough for a responsive clock, large
// enough not to underrun on a busy machine.
constexpr Uint16 kDeviceBufferFrames = 1024;
constexpr int kMaxChannels = 8;
// Pull mode: device buffers of the largest power of two of frames up to 25 ms (1024 at
// 44.1/48 kHz). Powers of two suit sound cards and the "disk" driver's stdio blocks.
constexpr int kPullMaxBuffersPerSecond = 40;

int pullBufferFrames(int sample_rate) {
    int frames = 64;
    while (frames * 2 <= sample_rate / kPullMaxBuffersPerSecond)
        frames *= 2;
    return frames;
}

Error noAudio(const std::string& why) {
    return Error{"no audio output: " + why};
}

}  // namespace

struct AudioOutput::Impl {
    bool subsystem_started = false;  // balanced by SDL_QuitSubSystem
    SDL_AudioDeviceID device = 0;
    int sample_rate = 0;
    int channels = 0;
    std::int64_t queued_bytes_total = 0;
    FillFunction fill;  // pull mode only; called on SDL's audio thread
    std::int64_t latency_us = 0;

    ~Impl() {
        // Closing the device stops and joins SDL's audio thread, so `fill` is not running.
        if (device != 0) SDL_CloseAudioDevice(device);
        if (subsystem_started) SDL_QuitSubSystem(SDL_INIT_AUDIO);
    }

    std::int64_t bytesPerFrame() const {
        return static_cast<std::int64_t>(channels) * static_cast<std::int64_t>(sizeof(float));
    }
};

Result<AudioOutput> AudioOutput::open(int sample_rate, int channels) {
    if (sample_rate <= 0 || channels < 1 || channels > kMaxChannels) {
        return noAudio("unsupported format (" + std::to_string(sample_rate) + " Hz, " +
                       std::to_string(channels) + " channels)");
    }
    auto impl = std::make_unique<Impl>();
    if (startSdlAudio() != 0) return noAudio(SDL_GetError());
    impl->subsystem_started = true;

    SDL_AudioSpec want{};
    want.freq = sample_rate;
    want.format = AUDIO_F32SYS;
    want.channels = static_cast<Uint8>(channels);
    want.samples = kDeviceBufferFrames;
    want.callback = nullptr;  // SDL_QueueAudio
    SDL_AudioSpec have{};
    // No allowed changes: SDL converts to whatever the device really takes, so the queue is
    // always in the caller's format.
    impl->device = SDL_OpenAudioDevice(nullptr, 0, &want, &have, 0);
    if (impl->device == 0) return noAudio(SDL_GetError());
    impl->sample_rate = sample_rate;
    impl->channels = channels;
    SDL_PauseAudioDevice(impl->device, 0);
    return AudioOutput(std::move(impl));
}

namespace {

void pullCallback(void* userdata, Uint8* stream, int len) {
    const auto now = Clock::now();
    auto* fill = static_cast<AudioOutput::FillFunction*>(userdata);
    auto* samples = reinterpret_cast<float*>(stream);
    const auto count = static_cast<std::size_t>(len) / sizeof(float);
    (*fill)(std::span<float>(samples, count), now);
}

}  // namespace

Result<AudioOutput> AudioOutput::openPull(int sample_rate, int channels, FillFunction fill) {
    if (sample_rate <= 0 || channels < 1 || channels > kMaxChannels || !fill) {
        return noAudio("unsupported format (" + std::to_string(sample_rate) + " Hz, " +
                       std::to_string(channels) + " channels)");
    }
    auto impl = std::make_unique<Impl>();
    if (startSdlAudio() != 0) return noAudio(SDL_GetError());
    impl->subsystem_started = true;
    impl->sample_rate = sample_rate;
    impl->channels = channels;
    const int buffer_frames = pullBufferFrames(sample_rate);
    // The callback adds the device latency to its call time; it reads it via the function.
    impl->fill = [fill = std::move(fill), latency = &impl->latency_us](
                     std::span<float> out, Clock::time_point called_at) {
        fill(out, called_at + Microseconds(*latency));
    };
    SDL_AudioSpec want{};
    want.freq = sample_rate;
    want.format = AUDIO_F32SYS;
    want.channels = static_cast<Uint8>(channels);
    want.samples = static_cast<Uint16>(buffer_frames);
    want.callback = &pullCallback;
    want.userdata = &impl->fill;
    SDL_AudioSpec have{};
    impl->device = SDL_OpenAudioDevice(nullptr, 0, &want, &have, 0);
    if (impl->device == 0) return noAudio(SDL_GetError());
    const std::string driver = SDL_GetCurrentAudioDriver() ? SDL_GetCurrentAudioDriver() : "";
    if (driver != "disk" && driver != "dummy")
        impl->latency_us = static_cast<std::int64_t>(have.samples) * 1'000'000 / have.freq;
    return AudioOutput(std::move(impl));
}

std::int64_t AudioOutput::deviceLatencyMicroseconds() const {
    assert(impl_ != nullptr);
    return impl_->latency_us;
}

AudioOutput::AudioOutput(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
AudioOutput::AudioOutput(AudioOutput&&) noexcept = default;
AudioOutput& AudioOutput::operator=(AudioOutput&&) noexcept = default;
AudioOutput::~AudioOutput() = default;

Status AudioOutput::queue(std::span<const float> interleaved) {
    assert(impl_ != nullptr);
    if (impl_->fill) return Error{"audio output: queue() on an output SDL pulls from"};
    if (interleaved.size() % static_cast<std::size_t>(impl_->channels) != 0) {
        return Error{"audio output: " + std::to_string(interleaved.size()) +
                     " samples are not whole " + std::to_string(impl_->channels) +
                     "-channel frames"};
    }
    const auto bytes = static_cast<Uint32>(interleaved.size_bytes());
    if (SDL_QueueAudio(impl_->device, interleaved.data(), bytes) != 0)
        return Error{std::string("audio output failed: ") + SDL_GetError()};
    impl_->queued_bytes_total += bytes;
    return okStatus();
}

void AudioOutput::pause(bool paused) {
    assert(impl_ != nullptr);
    SDL_PauseAudioDevice(impl_->device, paused ? 1 : 0);
}

double AudioOutput::queuedSeconds() const {
    assert(impl_ != nullptr);
    const auto bytes = static_cast<double>(SDL_GetQueuedAudioSize(impl_->device));
    return bytes / static_cast<double>(impl_->bytesPerFrame() * impl_->sample_rate);
}

std::int64_t AudioOutput::playedMicroseconds() const {
    assert(impl_ != nullptr);
    const std::int64_t played_bytes =
        impl_->queued_bytes_total -
        static_cast<std::int64_t>(SDL_GetQueuedAudioSize(impl_->device));
    const std::int64_t frames = played_bytes / impl_->bytesPerFrame();
    return frames * 1'000'000 / impl_->sample_rate;
}

const char* AudioOutput::driverName() const {
    const char* name = SDL_GetCurrentAudioDriver();
    return name != nullptr ? name : "";
}

}  // namespace mimic::audio
