// Plays a modelling clip to the child before practice. First version: decodes with
// media::ClipReader, sends audio to audio::AudioOutput, and paces pictures against the
// clock (the threaded engine of issue "Playback engine" replaces the pacing here).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>

#include "common/result.h"
#include "media/clip_reader.h"

namespace mimic::app {

struct PlaybackReport {
    std::int64_t frames_shown = 0;
    std::int64_t audio_chunks = 0;
    std::int64_t decode_errors = 0;
    double seconds = 0.0;  // wall time from first picture to end of audio
    bool audio_played = false;
};

// Called on the playing thread with each picture when it is due. Returning false stops.
using PictureSink = std::function<bool(const media::RgbaPicture&)>;

// Plays `clip` in real time from start to end. Audio goes to SDL's current driver (the
// caller chooses "dummy" for headless runs); when no audio device can be opened it plays
// silently on the wall clock and says so once.
Result<PlaybackReport> playClip(const std::filesystem::path& clip, const PictureSink& show);

}  // namespace mimic::app
