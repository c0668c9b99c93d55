#include "ui/clip_player.h"

#include <algorithm>
#include <limits>
#include <span>
#include <utility>
#include <variant>

#include "common/log.h"

namespace mimic::ui {
namespace {

// Sound queued ahead of the speaker: enough to ride over a slow frame of decoding and
// drawing, little enough that pausing feels immediate.
constexpr double kAudioAheadSeconds = 0.5;
// Pictures decoded ahead: two so the next one's time is known; more only while the
// sound needs decoding past them (an RGBA 720p picture is 3.7 MB).
constexpr std::size_t kMinPicturesAhead = 2;
constexpr std::size_t kMaxPicturesAhead = 12;
// Longest sleep while playing: keeps the sound queue topped up between pictures.
constexpr int kMaxSleepMs = 20;
// A clip whose sound never drains (a driver that stopped) still finishes this long after
// its last picture.
constexpr std::int64_t kDrainGraceUs = 1'000'000;
// How often the end of the sound is checked once the last picture has shown.
constexpr int kDrainPollMs = 10;

}  // namespace

void ClipPlayer::play(const std::filesystem::path& path) {
    reader_.reset();
    audio_.reset();
    audio_unavailable_ = false;
    pictures_.clear();
    texture_ = VideoTexture();  // never show the previous clip's last picture
    end_of_clip_ = false;
    started_ = false;
    stats_ = PlayerStats{};
    message_.clear();
    path_ = path;

    Result<media::ClipReader> reader = media::ClipReader::open(path);
    if (!reader) {
        fail(reader.error().message);
        return;
    }
    reader_.emplace(std::move(reader).value());
    state_ = State::kPlaying;
}

void ClipPlayer::fail(const std::string& line) {
    log::warning(line);
    message_ = line;
    state_ = State::kFailed;
    reader_.reset();
    audio_.reset();
    pictures_.clear();
}

void ClipPlayer::togglePause() {
    switch (state_) {
        case State::kPlaying:
            paused_at_us_ = clockUs();
            if (audio_) audio_->pause(true);
            state_ = State::kPaused;
            break;
        case State::kPaused:
            anchor_pts_us_ = paused_at_us_;
            anchor_time_ = Clock::now();
            if (audio_ && started_) audio_->pause(false);
            state_ = State::kPlaying;
            break;
        case State::kFinished:
            play(path_);
            break;
        case State::kIdle:
        case State::kFailed:
            break;
    }
}

std::int64_t ClipPlayer::clockUs() const {
    if (!started_) return std::numeric_limits<std::int64_t>::min();
    if (state_ == State::kPaused) return paused_at_us_;
    return anchor_pts_us_ + microsecondsSince(anchor_time_);
}

void ClipPlayer::queueAudio(const media::AudioChunk& chunk) {
    if (audio_unavailable_ || chunk.samples.empty()) return;
    if (!audio_) {
        Result<audio::AudioOutput> output =
            audio::AudioOutput::open(chunk.sample_rate, chunk.channels);
        if (!output) {
            // The clip still plays, in silence; the person is told why once.
            audio_unavailable_ = true;
            message_ = "Playing without sound: " + output.error().message;
            log::warning(message_);
            return;
        }
        audio_.emplace(std::move(output).value());
        // Held until the first picture shows, so sound and picture start together.
        audio_->pause(!started_);
        audio_rate_ = chunk.sample_rate;
        audio_channels_ = chunk.channels;
    }
    if (chunk.sample_rate != audio_rate_ || chunk.channels != audio_channels_) {
        log::debug("dropping an audio chunk whose format changed mid-clip");
        return;
    }
    const Status queued = audio_->queue(std::span<const float>(chunk.samples));
    if (!queued) {
        message_ = "Sound stopped: " + queued.error().message;
        log::warning(message_);
        audio_.reset();
        audio_unavailable_ = true;
        return;
    }
    stats_.audio_played = true;
}

bool ClipPlayer::decodeAhead() {
    while (!end_of_clip_) {
        const bool need_picture = pictures_.size() < kMinPicturesAhead;
        const bool need_audio = audio_ && audio_->queuedSeconds() < kAudioAheadSeconds &&
                                pictures_.size() < kMaxPicturesAhead;
        if (!need_picture && !need_audio) break;
        Result<media::DecodedItem> item = reader_->next();
        if (!item) {
            fail(item.error().message);
            return false;
        }
        if (auto* picture = std::get_if<media::RgbaPicture>(&item.value())) {
            pictures_.push_back(std::move(*picture));
        } else if (const auto* chunk = std::get_if<media::AudioChunk>(&item.value())) {
            queueAudio(*chunk);
        } else {
            end_of_clip_ = true;
        }
    }
    return true;
}

bool ClipPlayer::update() {
    if (state_ != State::kPlaying) return false;
    if (!decodeAhead()) return true;  // failed: the window shows the message

    bool changed = false;
    if (!started_ && !pictures_.empty()) {
        started_ = true;
        first_pts_us_ = pictures_.front().pts_us;
        anchor_pts_us_ = first_pts_us_;
        anchor_time_ = Clock::now();
        if (audio_) audio_->pause(false);
    }
    if (started_) {
        const std::int64_t now_us = clockUs();
        // Late pictures whose successor is already due are skipped, not shown in a burst.
        while (pictures_.size() >= 2 && pictures_[1].pts_us <= now_us) {
            pictures_.pop_front();
            ++stats_.pictures_dropped;
        }
        if (!pictures_.empty() && pictures_.front().pts_us <= now_us) {
            texture_.upload(pictures_.front());
            last_shown_pts_us_ = pictures_.front().pts_us;
            pictures_.pop_front();
            ++stats_.pictures_shown;
            changed = true;
        }
        stats_.seconds_played = static_cast<double>(now_us - first_pts_us_) / 1e6;
        if (end_of_clip_ && pictures_.empty()) {
            const bool sound_done = !audio_ || audio_->queuedSeconds() <= 0.0;
            if (sound_done || now_us - last_shown_pts_us_ > kDrainGraceUs) {
                state_ = State::kFinished;
                audio_.reset();
                reader_.reset();
                changed = true;
            }
        }
    } else if (end_of_clip_) {
        fail("Clip " + path_.string() + " has no picture to show");
        changed = true;
    }
    return changed;
}

int ClipPlayer::millisecondsUntilDue() const {
    if (state_ != State::kPlaying) return -1;
    if (!started_) return 0;
    if (pictures_.empty()) return end_of_clip_ ? kDrainPollMs : 0;
    const std::int64_t wait_us = pictures_.front().pts_us - clockUs();
    return static_cast<int>(std::clamp<std::int64_t>(wait_us / 1000, 0, kMaxSleepMs));
}

}  // namespace mimic::ui
