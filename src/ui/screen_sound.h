// The child's screen's short sounds: the spoken cue (espeak-ng through audio::Narrator, or
// a recorded WAV voice read by loadSound) and a favourite reward sound (WAV), played
// once through SDL's audio output in queue mode. Internal to ui.
//
// Threads: the UI thread; SDL's audio thread drains the queue beside it.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "audio/audio_output.h"
#include "audio/sound_clip.h"
#include "common/result.h"

namespace mimic::ui {

using audio::SoundClip;

// `words` spoken by espeak-ng (English voice, a little slower than usual for young ears).
Result<SoundClip> speakWords(const std::string& words);
// A WAV of the child's (a recorded cue voice, a favourite sound): sealed in an encrypted data
// folder, so read through the media key (media/media_key.h).
Result<SoundClip> loadSound(const std::filesystem::path& path);

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
