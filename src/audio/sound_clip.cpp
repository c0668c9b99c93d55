#include "audio/sound_clip.h"

#include <SDL.h>

#include <cstring>

namespace mimic::audio {
namespace {

struct WavBuffer {
    Uint8* data = nullptr;
    WavBuffer() = default;
    WavBuffer(const WavBuffer&) = delete;
    WavBuffer& operator=(const WavBuffer&) = delete;
    ~WavBuffer() {
        if (data != nullptr) SDL_FreeWAV(data);
    }
};

}  // namespace

double SoundClip::seconds() const {
    if (sample_rate <= 0 || channels <= 0) return 0.0;
    return static_cast<double>(samples.size()) / channels / sample_rate;
}

// The sound in `source` (closed here), named `name` in errors.
Result<SoundClip> loadFrom(SDL_RWops* source, const std::string& name);

Result<SoundClip> loadWav(const std::filesystem::path& path) {
    return loadFrom(SDL_RWFromFile(path.c_str(), "rb"), path.string());
}

Result<SoundClip> loadWavBytes(std::span<const std::uint8_t> bytes, const std::string& name) {
    return loadFrom(SDL_RWFromConstMem(bytes.data(), static_cast<int>(bytes.size())), name);
}

Result<SoundClip> loadFrom(SDL_RWops* source, const std::string& name) {
    const std::filesystem::path path = name;  // for the messages below
    if (source == nullptr) return Error{"cannot read the sound " + name + ": " + SDL_GetError()};
    SDL_AudioSpec spec{};
    WavBuffer wav;
    Uint32 length = 0;
    if (SDL_LoadWAV_RW(source, 1, &spec, &wav.data, &length) == nullptr) {
        return Error{"cannot read the sound " + path.string() + ": " + SDL_GetError()};
    }
    SDL_AudioCVT cvt;
    if (SDL_BuildAudioCVT(&cvt, spec.format, spec.channels, spec.freq, AUDIO_F32SYS, spec.channels,
                          spec.freq) < 0) {
        return Error{"cannot convert the sound " + path.string() + ": " + SDL_GetError()};
    }
    std::vector<Uint8> buffer(static_cast<std::size_t>(length) *
                              static_cast<std::size_t>(cvt.len_mult));
    std::memcpy(buffer.data(), wav.data, length);
    cvt.buf = buffer.data();
    cvt.len = static_cast<int>(length);
    if (cvt.needed != 0 && SDL_ConvertAudio(&cvt) < 0) {
        return Error{"cannot convert the sound " + path.string() + ": " + SDL_GetError()};
    }
    const std::size_t bytes = cvt.needed != 0 ? static_cast<std::size_t>(cvt.len_cvt) : length;
    SoundClip clip{spec.freq, spec.channels, std::vector<float>(bytes / sizeof(float))};
    std::memcpy(clip.samples.data(), buffer.data(), clip.samples.size() * sizeof(float));
    if (clip.samples.empty()) return Error{"the sound " + path.string() + " is empty"};
    return clip;
}

}  // namespace mimic::audio
