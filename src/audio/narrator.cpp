#include "audio/narrator.h"

#include <espeak-ng/speak_lib.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <utility>

namespace mimic::audio {
namespace {

// Samples quieter than this (of 32768) count as the silence espeak pads lines with.
constexpr int kSilenceThreshold = 200;
// Quiet audio kept before and after the speech.
constexpr double kEdgeMarginS = 0.03;
// Peak level after normalising: headroom so the AAC encoder never clips.
constexpr float kPeakLevel = 0.7F;

// espeak calls this synchronously from inside espeak_Synth with each chunk of samples; the
// user data given to espeak_Synth arrives in every event of the chunk.
int collectSamples(short* wav, int sample_count, espeak_EVENT* events) {
    if (events == nullptr || events->user_data == nullptr) {
        return 1;  // abort: nowhere to put the samples (cannot happen with our espeak_Synth call)
    }
    auto* sink = static_cast<std::vector<std::int16_t>*>(events->user_data);
    if (wav != nullptr && sample_count > 0) {
        sink->insert(sink->end(), wav, wav + sample_count);
    }
    return 0;
}

}  // namespace

Result<Narrator> Narrator::open(int rate_wpm) {
    // DONT_EXIT: without it espeak-ng calls exit() when its data folder is missing.
    const int sample_rate =
        espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, nullptr, espeakINITIALIZE_DONT_EXIT);
    if (sample_rate <= 0) {
        return Error{"cannot start espeak-ng speech synthesis (is espeak-ng-data installed?)"};
    }
    Narrator narrator(sample_rate);
    espeak_SetSynthCallback(collectSamples);
    if (espeak_SetVoiceByName("en") != EE_OK) {
        return Error{"espeak-ng has no English voice \"en\" (is espeak-ng-data installed?)"};
    }
    if (espeak_SetParameter(espeakRATE, rate_wpm, 0) != EE_OK) {
        return Error{"espeak-ng refused a speech rate of " + std::to_string(rate_wpm) + " wpm"};
    }
    return narrator;
}

Narrator::Narrator(Narrator&& other) noexcept
    : sample_rate_(std::exchange(other.sample_rate_, 0)) {}

Narrator& Narrator::operator=(Narrator&& other) noexcept {
    if (this != &other) {
        if (sample_rate_ != 0) {
            espeak_Terminate();
        }
        sample_rate_ = std::exchange(other.sample_rate_, 0);
    }
    return *this;
}

Narrator::~Narrator() {
    if (sample_rate_ != 0) {
        espeak_Terminate();
    }
}

Result<std::vector<float>> Narrator::speak(const std::string& text) {
    std::vector<std::int16_t> pcm;
    const espeak_ERROR status = espeak_Synth(text.c_str(), text.size() + 1, 0, POS_CHARACTER, 0,
                                             espeakCHARS_UTF8, nullptr, &pcm);
    if (status != EE_OK || espeak_Synchronize() != EE_OK) {
        return Error{"espeak-ng could not speak \"" + text + "\""};
    }
    auto loud = [](std::int16_t s) { return std::abs(static_cast<int>(s)) > kSilenceThreshold; };
    auto first = std::find_if(pcm.begin(), pcm.end(), loud);
    auto last = std::find_if(pcm.rbegin(), pcm.rend(), loud).base();
    if (first >= last) {
        return Error{"espeak-ng produced silence for \"" + text + "\""};
    }
    // Keep a little of the quiet edges so soft consonants are not cut off.
    const auto margin = static_cast<std::ptrdiff_t>(sample_rate_ * kEdgeMarginS);
    first -= std::min(margin, first - pcm.begin());
    last += std::min(margin, pcm.end() - last);
    int peak = 0;
    for (auto it = first; it != last; ++it) {
        peak = std::max(peak, std::abs(static_cast<int>(*it)));
    }
    const float gain = kPeakLevel / static_cast<float>(peak);
    std::vector<float> samples;
    samples.reserve(static_cast<std::size_t>(last - first));
    for (auto it = first; it != last; ++it) {
        samples.push_back(static_cast<float>(*it) * gain);
    }
    return samples;
}

}  // namespace mimic::audio
