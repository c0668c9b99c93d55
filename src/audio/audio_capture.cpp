#include "audio/audio_capture.h"

#include <SDL.h>

#include <atomic>
#include <cassert>
#include <cstring>

#include "audio/level_meter.h"
#include "audio/sdl_audio.h"
#include "common/bounded_queue.h"

namespace mimic::audio {

namespace {

// Frames per device buffer: ~21 ms at 48 kHz. The buffer's arrival stamps its samples, so
// smaller is more precise; this is small enough for lip-sync and large enough for a busy
// machine's scheduler.
constexpr Uint16 kDeviceBufferFrames = 1024;
// ~2.7 s of 21 ms buffers: the consumer may stall on a slow disk without losing sound.
constexpr std::size_t kQueueBuffers = 128;
constexpr int kMaxChannels = 8;
// SDL's audio thread must never wait on a lock, so the level it hands over is a lock-free atomic.
static_assert(std::atomic<float>::is_always_lock_free);

// Owns one reference to SDL's audio subsystem.
struct AudioSubsystem {
    bool started = false;
    Status start() {
        if (startSdlAudio() != 0) return Error{SDL_GetError()};
        started = true;
        return {};
    }
    ~AudioSubsystem() {
        if (started) SDL_QuitSubSystem(SDL_INIT_AUDIO);
    }
};

}  // namespace

MicrophoneSpec parseMicrophoneSpec(const std::string& text) {
    if (text.empty() || text == "none") return {};
    if (text == "default") return {MicrophoneSpec::Kind::kDefault, {}};
    return {MicrophoneSpec::Kind::kNamed, text};
}

struct AudioCapture::Impl {
    AudioSubsystem subsystem;  // first member: quit last
    SDL_AudioDeviceID device = 0;
    int sample_rate = 0;
    int channels = 0;
    std::string description;
    BoundedQueue<CapturedAudio> queue{kQueueBuffers};
    std::atomic<std::int64_t> dropped{0};
    std::atomic<float> level_peak{0.0f};  // since the last takeLevel()

    ~Impl() {
        // Closing waits for the callback to return, so nothing touches `queue` afterwards.
        if (device != 0) SDL_CloseAudioDevice(device);
    }

    // SDL's audio thread. Stamp first: the arrival time is the point of the exercise.
    static void SDLCALL callback(void* user, Uint8* stream, int len) {
        const Clock::time_point arrival = Clock::now();
        auto* self = static_cast<Impl*>(user);
        CapturedAudio buffer;
        buffer.arrival = arrival;
        buffer.samples.resize(static_cast<std::size_t>(len) / sizeof(float));
        std::memcpy(buffer.samples.data(), stream, buffer.samples.size() * sizeof(float));
        // A lock-free maximum: the reader only ever swaps in 0.
        const float level = meterLevelOf(buffer.samples);
        float peak = self->level_peak.load(std::memory_order_relaxed);
        while (level > peak &&
               !self->level_peak.compare_exchange_weak(peak, level, std::memory_order_relaxed)) {
        }
        if (!self->queue.tryPush(std::move(buffer))) ++self->dropped;
    }
};

Result<AudioCapture> AudioCapture::open(const MicrophoneSpec& spec, int sample_rate, int channels) {
    const std::string who =
        spec.kind == MicrophoneSpec::Kind::kNamed ? "microphone '" + spec.name + "'" : "microphone";
    if (spec.kind == MicrophoneSpec::Kind::kNone) return Error{"no microphone was asked for"};
    if (sample_rate <= 0 || channels < 1 || channels > kMaxChannels) {
        return Error{who + " cannot be opened: unsupported format (" + std::to_string(sample_rate) +
                     " Hz, " + std::to_string(channels) + " channels)"};
    }
    auto impl = std::make_unique<Impl>();
    if (Status s = impl->subsystem.start(); !s) return Error{"no microphone: " + s.error().message};
    const char* driver = SDL_GetCurrentAudioDriver();
    const std::string driver_name = driver != nullptr ? driver : "?";

    SDL_AudioSpec want{};
    want.freq = sample_rate;
    want.format = AUDIO_F32SYS;
    want.channels = static_cast<Uint8>(channels);
    want.samples = kDeviceBufferFrames;
    want.callback = &Impl::callback;
    want.userdata = impl.get();
    SDL_AudioSpec have{};
    const char* name = spec.kind == MicrophoneSpec::Kind::kNamed ? spec.name.c_str() : nullptr;
    // No allowed changes: SDL converts, so buffers are always in the format asked for.
    impl->device = SDL_OpenAudioDevice(name, /*iscapture=*/1, &want, &have, 0);
    if (impl->device == 0) {
        if (spec.kind == MicrophoneSpec::Kind::kDefault) {
            return Error{"no microphone: " + std::string(SDL_GetError()) + " (audio driver " +
                         driver_name + ")"};
        }
        return Error{who + " cannot be opened: " + SDL_GetError() + " (audio driver " +
                     driver_name + ")"};
    }
    impl->sample_rate = sample_rate;
    impl->channels = channels;
    impl->description = (spec.kind == MicrophoneSpec::Kind::kNamed ? who : "default microphone") +
                        " (" + driver_name + ")";
    SDL_PauseAudioDevice(impl->device, 0);
    return AudioCapture(std::move(impl));
}

AudioCapture::AudioCapture(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
AudioCapture::AudioCapture(AudioCapture&&) noexcept = default;
AudioCapture& AudioCapture::operator=(AudioCapture&&) noexcept = default;
AudioCapture::~AudioCapture() = default;

std::optional<CapturedAudio> AudioCapture::popFor(std::chrono::milliseconds timeout) {
    assert(impl_ != nullptr);
    return impl_->queue.popFor(timeout);
}

int AudioCapture::sampleRate() const {
    return impl_->sample_rate;
}
int AudioCapture::channels() const {
    return impl_->channels;
}
std::int64_t AudioCapture::droppedBuffers() const {
    return impl_->dropped.load();
}
float AudioCapture::takeLevel() {
    return impl_->level_peak.exchange(0.0f, std::memory_order_relaxed);
}
std::string AudioCapture::description() const {
    return impl_->description;
}

Result<std::vector<std::string>> AudioCapture::deviceNames() {
    AudioSubsystem subsystem;
    if (Status s = subsystem.start(); !s) return Error{"no audio: " + s.error().message};
    std::vector<std::string> names;
    const int count = SDL_GetNumAudioDevices(/*iscapture=*/1);
    for (int i = 0; i < count; ++i) {
        if (const char* n = SDL_GetAudioDeviceName(i, 1)) names.emplace_back(n);
    }
    return names;
}

}  // namespace mimic::audio
