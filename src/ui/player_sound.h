// Sound for the player engine: SDL's current audio driver, opened in pull mode on the
// engine's audio format and attached to it, so the engine's audio is the master clock. Used
// by every place that plays a clip in real time (the windows and `mimic play --headless`).
//
// Threads: call on the engine's owner thread, before Player::play(). Ownership: the caller
// owns the returned output and must destroy it before the engine (its audio thread calls
// into the engine until then); it starts paused: pause(false) once the engine plays.
#pragma once

#include <optional>

#include "audio/audio_output.h"
#include "media/player.h"

namespace mimic::ui {

// The output playing `player`'s sound, attached to it. nullopt when the clip has no sound,
// or when no device opens: then one warning is logged and the clip plays silently on the
// wall clock.
std::optional<audio::AudioOutput> attachSound(media::Player& player);

}  // namespace mimic::ui
