// The microphone for a recording, as `--mic` asks: "none", "default" or a device name.
#pragma once

#include <memory>
#include <string>

#include "audio/audio_capture.h"
#include "common/result.h"

namespace mimic::app {

// 48 kHz mono: speech, and what the AAC encoder takes without resampling.
inline constexpr int kMicrophoneSampleRate = 48000;
inline constexpr int kMicrophoneChannels = 1;

// Opens the microphone `--mic` names; null for "none". A missing *default* microphone is not
// an error: practice without sound is still evidence, so the recording goes on with video
// only and one warning line is printed. A microphone asked for by name that cannot be opened
// is an error (the therapist chose it).
Result<std::unique_ptr<audio::AudioCapture>> openMicrophone(const std::string& mic);

}  // namespace mimic::app
