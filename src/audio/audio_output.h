// AudioOutput: plays interleaved float audio through SDL2 (any driver: a real device, or
// "dummy"/"disk" without hardware). The first version queues samples with
// SDL_QueueAudio; its playback position is the master clock of the simple player.
//
// Threads: one owner thread calls everything. Ownership: owns the SDL audio device and
// keeps SDL's audio subsystem initialised while it lives.
#pragma once

#include <cstdint>
#include <memory>
#include <span>

#include "common/result.h"

namespace mimic::audio {

class AudioOutput {
  public:
    // Opens the default output device for `sample_rate` Hz and `channels` channels of float
    // (SDL converts if the device wants another format). Playback runs at once, so queued
    // audio is heard; pause(true) holds it. Errors read "no audio output: <why>".
    static Result<AudioOutput> open(int sample_rate, int channels);

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
    // The driver SDL chose (e.g. "pulseaudio", "dummy", "disk").
    const char* driverName() const;

  private:
    struct Impl;
    explicit AudioOutput(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace mimic::audio
