// Internal to src/audio: starting SDL's audio subsystem for a device.
#pragma once

namespace mimic::audio {

// SDL_InitSubSystem(SDL_INIT_AUDIO), with ALSA's own error printing (a screenful of "ALSA
// lib ..." lines on stderr when a machine has no sound card) sent to the debug log: SDL
// already reports the failure as one line, which is what we show. Returns SDL's result
// (0 on success; SDL_GetError() says why not). Balance with SDL_QuitSubSystem.
int startSdlAudio();

}  // namespace mimic::audio
