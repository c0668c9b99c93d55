#include "ui/player_sound.h"

#include <span>
#include <utility>

#include "common/log.h"

namespace mimic::ui {

std::optional<audio::AudioOutput> attachSound(media::Player& player) {
    const auto format = player.audioFormat();
    if (!format) return std::nullopt;
    auto device =
        audio::AudioOutput::openPull(format->sample_rate, format->channels,
                                     [&player](std::span<float> out, Clock::time_point heard_at) {
                                         player.fillAudio(out, heard_at);
                                     });
    if (!device) {
        log::warning(device.error().message + "; playing the clip without sound");
        return std::nullopt;
    }
    player.attachAudio();
    return std::move(*device);
}

}  // namespace mimic::ui
