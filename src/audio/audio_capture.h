// AudioCapture: a microphone through SDL2 audio capture (any driver: a real device, or
// "disk" with SDL_DISKAUDIOFILEIN as a real-time microphone in tests).
//
// Threads: SDL's audio thread runs the capture callback, which stamps each buffer with the
// steady clock on arrival, measures its level (audio/level_meter.h) and hands it over through
// a bounded queue; one consumer thread (the recorder's) pops, and one other thread (the
// session's strip) may take the level. open/close belong to one owner thread. Ownership: owns the
// SDL capture device and keeps SDL's audio subsystem initialised while it lives.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/result.h"

namespace mimic::audio {

// One buffer from the microphone. `arrival` is when SDL handed it over, i.e. just after its
// last sample was captured: its first sample was captured `frames / sample_rate` earlier.
struct CapturedAudio {
    Clock::time_point arrival;
    std::vector<float> samples;  // interleaved float
};

// What `--mic` names: "none", "default" (the system's default input) or a device name.
struct MicrophoneSpec {
    enum class Kind { kNone = 0, kDefault, kNamed };
    Kind kind = Kind::kNone;
    std::string name;  // kNamed
};
MicrophoneSpec parseMicrophoneSpec(const std::string& text);

class AudioCapture {
  public:
    // Opens the microphone and starts capturing at once: buffers queue up until popped (about
    // 2.7 s of them; when the consumer falls further behind, new ones are dropped and counted).
    // Errors read "no microphone: <why>" or "microphone 'NAME' cannot be opened: <why>".
    static Result<AudioCapture> open(const MicrophoneSpec& spec, int sample_rate, int channels);

    AudioCapture(AudioCapture&&) noexcept;
    AudioCapture& operator=(AudioCapture&&) noexcept;
    ~AudioCapture();  // stops and closes the device

    // The next buffer, waiting at most `timeout`; nullopt when none arrived in time.
    std::optional<CapturedAudio> popFor(std::chrono::milliseconds timeout);

    int sampleRate() const;
    int channels() const;
    // Buffers lost because nobody popped them in time.
    std::int64_t droppedBuffers() const;
    // The meter level (0..1, audio/level_meter.h) of the loudest buffer that arrived since the
    // previous call, or 0 when none did; measured as buffers arrive, whether or not anyone
    // pops them. For one reader (a peak since the last look, so a meter read every 100 ms
    // misses no syllable).
    float takeLevel();
    // For people: "default microphone (disk)", "microphone 'USB Audio' (pulseaudio)".
    std::string description() const;

    // Names of the capture devices SDL sees (may be empty, e.g. on a machine without one).
    static Result<std::vector<std::string>> deviceNames();

  private:
    struct Impl;
    explicit AudioCapture(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace mimic::audio
