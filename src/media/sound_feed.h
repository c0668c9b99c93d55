// Internal to the player engine: the audio device thread's side of playback (ffplay's
// sdl_audio_callback). It copies the sound that is due into the device's buffer and sets
// the master clock from when that sound will be heard; it plays silence while paused,
// muted, starved or ended, and before the presenter has shown the first picture of the
// current start or seek (the clock starts with the picture, not a decode time ahead of it).
// It never blocks.
//
// Threads: the audio device thread only (Player::fillAudio). It borrows the queues, the
// seek control, the controls and the clock, which outlive it.
#pragma once

#include <cstddef>
#include <optional>
#include <span>

#include "common/clock.h"
#include "media/master_clock.h"
#include "media/playback_state.h"
#include "media/player.h"

namespace mimic::media {

class SoundFeed {
  public:
    SoundFeed(const AudioFormat& format, PlaybackQueues& queues, const SeekControl& seeks,
              PlaybackControls& controls, MasterClock& clock);

    // Fills `out` (interleaved float in the format given) with what is due; out[0] will be
    // heard at `heard_at`.
    void fill(std::span<float> out, Clock::time_point heard_at);

  private:
    const AudioFormat format_;
    PlaybackQueues& queues_;
    const SeekControl& seeks_;
    PlaybackControls& controls_;
    MasterClock& clock_;
    std::optional<AudioItem> current_;  // the chunk being played
    std::size_t offset_ = 0;            // samples of it already played
};

}  // namespace mimic::media
