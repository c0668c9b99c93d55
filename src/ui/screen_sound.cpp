#include "ui/screen_sound.h"

#include <SDL.h>

#include <cstring>
#include <memory>
#include <mutex>
#include <optional>

#include "audio/narrator.h"

namespace mimic::ui {
namespace {

// Young listeners follow slower speech; espeak's default is 175 words a minute.
constexpr int kCueWordsPerMinute = 140;

struct WavBuffer {
    Uint8* data = nullptr;
    ~WavBuffer() {
        if (data != nullptr) SDL_FreeWAV(data);
    }
};

}  // namespace

double SoundClip::seconds() const {
    if (sample_rate <= 0 || channels <= 0) return 0.0;
    return static_cast<double>(samples.size()) / channels / sample_rate;
}

Result<SoundClip> speakWords(const std::string& words) {
    // espeak-ng cannot start again in a process it was terminated in (espeak_Synchronize
    // then waits forever), and each ChildScreen speaks: one narrator lives as long as the
    // process, used under a lock.
    static std::mutex mutex;
    static std::optional<audio::Narrator> narrator;
    static std::optional<Error> failed;
    const std::lock_guard lock(mutex);
    if (!narrator && !failed) {
        auto opened = audio::Narrator::open(kCueWordsPerMinute);
        if (opened) {
            narrator.emplace(std::move(*opened));
        } else {
            failed = opened.error();
        }
    }
    if (failed) return *failed;
    auto samples = narrator->speak(words);
    if (!samples) return samples.error();
    return SoundClip{narrator->sampleRate(), 1, std::move(*samples)};
}

Result<SoundClip> loadWav(const std::filesystem::path& path) {
    SDL_AudioSpec spec{};
    WavBuffer wav;
    Uint32 length = 0;
    if (SDL_LoadWAV(path.c_str(), &spec, &wav.data, &length) == nullptr) {
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

Status SoundPlayer::start(const SoundClip& clip) {
    // One device per format: a cue and a reward sound of another rate reopen it.
    if (!output_ || sample_rate_ != clip.sample_rate || channels_ != clip.channels) {
        output_.reset();
        auto opened = audio::AudioOutput::open(clip.sample_rate, clip.channels);
        if (!opened) return opened.error();
        output_.emplace(std::move(*opened));
        sample_rate_ = clip.sample_rate;
        channels_ = clip.channels;
    } else {
        // Drop what is left of the previous sound: reopening is the one way SDL clears it.
        output_.reset();
        auto opened = audio::AudioOutput::open(clip.sample_rate, clip.channels);
        if (!opened) return opened.error();
        output_.emplace(std::move(*opened));
    }
    return output_->queue(clip.samples);
}

void SoundPlayer::pause(bool paused) {
    if (output_) output_->pause(paused);
}

bool SoundPlayer::playing() const {
    return output_ && output_->queuedSeconds() > 0.0;
}

void SoundPlayer::stop() {
    output_.reset();
}

}  // namespace mimic::ui
