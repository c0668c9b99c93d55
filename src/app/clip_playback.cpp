#include "app/clip_playback.h"

#include <optional>
#include <thread>

#include "audio/audio_output.h"
#include "common/clock.h"
#include "ui/player_sound.h"

namespace mimic::app {
namespace {

// Longest sleep of the real-time loop between presentation checks.
constexpr std::chrono::milliseconds kPollInterval{4};

}  // namespace

Result<PlaybackReport> playClip(const std::filesystem::path& clip) {
    auto played = playInRealTime(clip, RealTimeSettings{}, nullptr);
    if (!played) return played.error();
    PlaybackReport report;
    report.frames_shown = played->stats.frames_shown;
    report.decode_errors = played->stats.decode_errors;
    report.seconds = played->seconds;
    report.audio_played = played->audio_played;
    return report;
}

Result<RealTimeReport> playInRealTime(const std::filesystem::path& clip,
                                      const RealTimeSettings& settings,
                                      const FrameObserver& observe) {
    media::PlayerOptions options;
    options.decode_audio = settings.audio;
    options.rate = settings.rate;
    auto player = media::Player::open(clip, options);
    if (!player) return player.error();
    media::Player& engine = *player;
    const std::int64_t start_us = settings.start_us.value_or(0);
    if (settings.end_us || settings.loop) {
        const std::int64_t end_us = settings.end_us.value_or(INT64_MAX);
        engine.setSegment(start_us, end_us, settings.loop);
    } else if (settings.start_us) {
        engine.seek(start_us, media::SeekMode::kExact);
    }

    RealTimeReport report;
    std::optional<audio::AudioOutput> output = ui::attachSound(engine);
    if (output) {
        report.audio_played = true;
        report.audio_driver = output->driverName();
    }
    const auto started = Clock::now();
    engine.play();
    if (output) output->pause(false);
    for (;;) {
        const auto now = Clock::now();
        auto shown = engine.present(now);
        if (shown.frame && observe && !observe(*shown.frame, now)) break;
        if (shown.ended) break;
        if (settings.limit && now - started > *settings.limit) break;
        // Wake for the next frame; a few ms at most, so the clock's progress is followed.
        std::this_thread::sleep_until(std::min(shown.next_due, now + kPollInterval));
    }
    output.reset();  // stops the audio thread before the engine goes away
    report.seconds = std::chrono::duration<double>(Clock::now() - started).count();
    report.stats = engine.stats();
    return report;
}

}  // namespace mimic::app
