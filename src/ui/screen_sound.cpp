#include "ui/screen_sound.h"

#include <memory>
#include <mutex>
#include <optional>

#include "audio/narrator.h"
#include "media/media_key.h"

namespace mimic::ui {
namespace {

// Young listeners follow slower speech; espeak's default is 175 words a minute.
constexpr int kCueWordsPerMinute = 140;

}  // namespace

Result<SoundClip> loadSound(const std::filesystem::path& path) {
    auto bytes = media::readMediaBytes(path);
    if (!bytes) {
        return Error{"cannot read the sound " + path.string() + ": " + bytes.error().message};
    }
    return audio::loadWavBytes(*bytes, path.string());
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
