// A short sound held whole in memory: a WAV file read with SDL (the same reader whatever plays
// it), as float samples at the file's own rate and channels. The child's screen plays them
// (the cue's recorded voice, a favourite reward sound); the app reads one to check that a
// file a therapist gives decodes, and how long it lasts, before it is stored.
//
// Threads: any; SDL_LoadWAV and its conversion need no initialised SDL subsystem.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "common/result.h"

namespace mimic::audio {

struct SoundClip {
    int sample_rate = 0;
    int channels = 0;
    std::vector<float> samples;  // interleaved float

    double seconds() const;
};

// A WAV file (PCM, float, ADPCM, A-law or mu-law: what SDL reads) as float at its own rate and
// channels. Errors name the file: missing, not a WAV, not decodable, or without samples.
Result<SoundClip> loadWav(const std::filesystem::path& path);
// The same from a WAV file's bytes (a sealed file read by its owner); `name` names it in
// errors.
Result<SoundClip> loadWavBytes(std::span<const std::uint8_t> bytes, const std::string& name);

}  // namespace mimic::audio
