#include "audio/sdl_audio.h"

#include <SDL.h>
#include <alsa/asoundlib.h>

#include <cstdarg>
#include <cstdio>
#include <mutex>
#include <string>

#include "common/log.h"

namespace mimic::audio {
namespace {

// ALSA's handler type is C-variadic by its API.
void alsaToDebugLog(const char* file, int line, const char* function, int error, const char* format,
                    ...) {  // NOLINT(cert-dcl50-cpp)
    char text[512];
    va_list args;
    va_start(args, format);
    std::vsnprintf(text, sizeof text, format, args);
    va_end(args);
    std::string message = std::string("ALSA ") + (file ? file : "") + ":" + std::to_string(line) +
                          " " + (function ? function : "") + ": " + text;
    if (error != 0) message += std::string(" (") + snd_strerror(error) + ")";
    log::debug(message);
}

}  // namespace

int startSdlAudio() {
    // SDL loads the same libasound.so.2 with dlopen, so the handler set here is the one it
    // sees.
    static std::once_flag quiet;
    std::call_once(quiet, [] { snd_lib_error_set_handler(&alsaToDebugLog); });
    return SDL_InitSubSystem(SDL_INIT_AUDIO);
}

}  // namespace mimic::audio
