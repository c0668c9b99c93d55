// The child's screen's short sounds: the spoken cue (espeak-ng through audio::Narrator, or
// a recorded WAV voice) and a favourite reward sound (WAV), played once through SDL's audio
// output in queue mode. Internal to ui.
//
// Threads: the UI thread; SDL's audio thread drains the queue beside it.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "audio/audio_output.h"
#include "common/result.h"

namespace mimic::ui {

struct SoundClip {
    int sample_rate = 0;
    int channels = 0;
    std::vector<float> samples;  // interleaved float

    double seconds() const;
};

// `words` spoken by espeak-ng (English voice, a little slower than usual for young ears).
Result<SoundClip> speakWords(const std::string& words);
// A WAV file (any format SDL reads) as float at its own rate and channels.
Result<SoundClip> loadWav(const std::filesystem::path& path);

// Plays one SoundClip at a time.
class SoundPlayer {
  public:
    // Starts `clip` from its start (stopping what played). Fails with "no audio output: ..."
    // when no device opens.
    Status start(const SoundClip& clip);
    void pause(bool paused);
    // True while queued sound is still to be heard.
    bool playing() const;
    void stop();

  private:
    std::optional<audio::AudioOutput> output_;
    int sample_rate_ = 0;
    int channels_ = 0;
};

}  // namespace mimic::ui
