// AudioOutput: plays interleaved float audio through SDL2 (any driver: a real device, or
// "dummy"/"disk" without hardware). Two ways to feed it:
//   - open(): the owner queues samples (SDL_QueueAudio); playedMicroseconds() is its clock.
//   - openPull(): SDL's audio thread asks a FillFunction for each device buffer, together
//     with the steady-clock time the buffer's first sample will be heard (the player
//     engine's master clock comes from this).
//
// Threads: one owner thread calls the member functions; in pull mode the FillFunction runs
// on SDL's audio thread (it must not block) until the output is destroyed or moved-from.
// Ownership: owns the SDL audio device and keeps SDL's audio subsystem initialised while
// it lives.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>

#include "common/clock.h"
#include "common/result.h"

namespace mimic::audio {

class AudioOutput {
  public:
    // Opens the default output device for `sample_rate` Hz and `channels` channels of float
    // (SDL converts if the device wants another format). Playback runs at once, so queued
    // audio is heard; pause(true) holds it. Errors read "no audio output: <why>".
    static Result<AudioOutput> open(int sample_rate, int channels);

    // Fills `out` (interleaved float, whole frames) for the device; `heard_at` is when
    // out[0] will be heard.
    using FillFunction = std::function<void(std::span<float> out, Clock::time_point heard_at)>;
    // Like open(), but SDL pulls from `fill` on its audio thread. Starts paused: call
    // pause(false) when the source is ready. queue() is refused in this mode.
    static Result<AudioOutput> openPull(int sample_rate, int channels, FillFunction fill);

    AudioOutput(AudioOutput&&) noexcept;
    AudioOutput& operator=(AudioOutput&&) noexcept;
    ~AudioOutput();

    Status queue(std::span<const float> interleaved);
    void pause(bool paused);
    // Seconds of audio queued but not yet played.
    double queuedSeconds() const;
    // Microseconds of audio already played since open (queued - still queued). Includes the
    // device buffer's worth (~20 ms) handed to the driver but maybe not yet audible.
    std::int64_t playedMicroseconds() const;
    // Time from a pull-mode buffer being filled to its first sample being heard: one
    // device buffer on a sound card; 0 for "disk" and "dummy", which consume at the fill.
    std::int64_t deviceLatencyMicroseconds() const;
    // The driver SDL chose (e.g. "pulseaudio", "dummy", "disk").
    const char* driverName() const;

  private:
    struct Impl;
    explicit AudioOutput(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace mimic::audio
