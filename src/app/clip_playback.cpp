#include "app/clip_playback.h"

#include <algorithm>
#include <optional>
#include <span>
#include <thread>
#include <variant>

#include "audio/audio_output.h"
#include "common/clock.h"
#include "common/log.h"

namespace mimic::app {
namespace {

// How far ahead of the picture clock audio may be queued: enough to ride out a slow
// decode, small enough that stopping early does not leave seconds of sound playing.
constexpr double kMaxQueuedAudioSeconds = 0.5;
// How long to let queued audio finish after the last picture.
constexpr std::chrono::seconds kAudioDrainLimit{2};
// Longest sleep of the real-time loop between presentation checks.
constexpr std::chrono::milliseconds kPollInterval{4};

}  // namespace

Result<PlaybackReport> playClip(const std::filesystem::path& clip, const PictureSink& show) {
    if (!show) {
        // Nothing to draw: the engine plays it (audio master clock, counted drops).
        auto played = playInRealTime(clip, RealTimeSettings{}, nullptr);
        if (!played) return played.error();
        PlaybackReport report;
        report.frames_shown = played->stats.frames_shown;
        report.decode_errors = played->stats.decode_errors;
        report.seconds = played->seconds;
        report.audio_played = played->audio_played;
        return report;
    }
    auto reader = media::ClipReader::open(clip);
    if (!reader) return reader.error();

    std::optional<audio::AudioOutput> output;
    if (reader->info().has_audio) {
        auto opened = audio::AudioOutput::open(reader->info().audio_sample_rate,
                                               reader->info().audio_channels);
        if (opened) {
            output.emplace(std::move(*opened));
        } else {
            log::warning(opened.error().message + "; playing the clip without sound");
        }
    }

    PlaybackReport report;
    report.audio_played = output.has_value();
    std::optional<Clock::time_point> start;  // wall time of pts 0
    bool stopped = false;
    while (!stopped) {
        auto item = reader->next();
        if (!item) return item.error();
        if (std::holds_alternative<media::EndOfClip>(*item)) break;
        if (auto* chunk = std::get_if<media::AudioChunk>(&*item)) {
            if (!output) continue;
            if (!start) start = Clock::now() - Microseconds(chunk->pts_us);
            while (output->queuedSeconds() > kMaxQueuedAudioSeconds) {
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
            }
            if (Status queued = output->queue(chunk->samples); !queued) return queued.error();
            ++report.audio_chunks;
            continue;
        }
        const auto& picture = std::get<media::RgbaPicture>(*item);
        if (!start) start = Clock::now() - Microseconds(picture.pts_us);
        std::this_thread::sleep_until(*start + Microseconds(picture.pts_us));
        ++report.frames_shown;
        if (show && !show(picture)) stopped = true;
    }
    if (output && !stopped) {
        const auto deadline = Clock::now() + kAudioDrainLimit;
        while (output->queuedSeconds() > 0.0 && Clock::now() < deadline) {
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
    }
    report.decode_errors = reader->stats().decode_errors;
    if (start) {
        report.seconds = std::chrono::duration<double>(Clock::now() - *start).count();
    }
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
    std::optional<audio::AudioOutput> output;
    if (const auto format = engine.audioFormat()) {
        auto opened = audio::AudioOutput::openPull(
            format->sample_rate, format->channels,
            [&engine](std::span<float> out, Clock::time_point heard_at) {
                engine.fillAudio(out, heard_at);
            });
        if (opened) {
            output.emplace(std::move(*opened));
            engine.attachAudio();
            report.audio_played = true;
            report.audio_driver = output->driverName();
        } else {
            log::warning(opened.error().message + "; playing the clip without sound");
        }
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
