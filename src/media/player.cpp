#include "media/player.h"

#include <algorithm>
#include <memory>
#include <stop_token>
#include <utility>

#include "media/audio_decoder.h"
#include "media/demuxer.h"
#include "media/master_clock.h"
#include "media/media_describe.h"
#include "media/media_input.h"
#include "media/playback_state.h"
#include "media/presenter.h"
#include "media/sound_feed.h"
#include "media/stream_decoders.h"
#include "media/video_decoder.h"

namespace mimic::media {

namespace {

constexpr double kMinRate = 0.25;
constexpr double kMaxRate = 2.0;

}  // namespace

// The engine's parts and what they share. Declaration order is teardown order in reverse:
// the threads (declared last) stop and join before anything they borrow goes.
struct Player::Impl {
    Impl(std::stop_source stopper, MediaInput opened)
        : stop(std::move(stopper)), input(std::move(opened)) {}

    ~Impl() {
        // Unblock every thread: FFmpeg's reads (the input's interrupt callback reads `stop`),
        // the demuxer waiting for a seek, and pushes and pops on the queues.
        stop.request_stop();
        seeks.wake();
        queues.closeAll();
    }

    std::stop_source stop;
    MediaInput input;
    MediaInfo info;
    std::optional<AudioFormat> audio_format;  // what fillAudio writes; none without sound

    PlaybackQueues queues;
    SeekControl seeks;
    PlaybackControls controls;
    MasterClock clock;
    Presenter presenter{queues, seeks, controls, clock};  // owner thread
    std::optional<SoundFeed> sound;                       // audio device thread

    std::unique_ptr<Demuxer> demuxer;
    std::unique_ptr<VideoDecoder> video;
    std::unique_ptr<AudioDecoder> audio;
};

Result<Player> Player::open(const std::filesystem::path& path, PlayerOptions options) {
    std::stop_source stop;
    InputOptions input_options;
    input_options.stop = stop.get_token();
    auto input = MediaInput::open(path, std::move(input_options));
    if (!input) return input.error();
    auto impl = std::make_unique<Impl>(std::move(stop), std::move(*input));
    auto decoders = openDecoders(impl->input, options.decode_audio);
    if (!decoders) return decoders.error();
    impl->info = describeMedia(impl->input, decoders->chosen);
    const std::int64_t start_time_us = impl->info.start_time_us;
    Impl& p = *impl;
    if (decoders->audio != nullptr) {
        const int channels = decoders->audio->ch_layout.nb_channels == 1 ? 1 : 2;
        p.audio_format = AudioFormat{decoders->audio->sample_rate, channels};
        p.sound.emplace(*p.audio_format, p.queues, p.seeks, p.controls, p.clock);
    }
    p.controls.rate.store(std::clamp(options.rate, kMinRate, kMaxRate));
    p.seeks.requestFirstPlay();
    // The threads start here, each in its part.
    p.demuxer = std::make_unique<Demuxer>(p.input, decoders->video_index, decoders->audio_index,
                                          start_time_us, p.queues, p.seeks);
    p.video = std::make_unique<VideoDecoder>(std::move(decoders->video),
                                             *p.input->streams[decoders->video_index],
                                             start_time_us, p.queues, p.seeks, p.controls);
    if (p.audio_format) {
        p.audio = std::make_unique<AudioDecoder>(
            std::move(decoders->audio), *p.input->streams[decoders->audio_index], start_time_us,
            *p.audio_format, p.input.path(), p.queues, p.seeks, p.controls);
    }
    return Player(std::move(impl));
}

Player::Player(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Player::Player(Player&&) noexcept = default;
Player& Player::operator=(Player&&) noexcept = default;
Player::~Player() = default;

const MediaInfo& Player::info() const {
    return impl_->info;
}

void Player::play() {
    if (!impl_->controls.paused.load()) return;
    impl_->presenter.resumeFromCache();
    if (impl_->controls.paused.exchange(false)) impl_->clock.resume();
}

void Player::pause() {
    if (!impl_->controls.paused.exchange(true)) impl_->clock.pause();
}

bool Player::paused() const {
    return impl_->controls.paused.load();
}

void Player::seek(std::int64_t target_us, SeekMode mode) {
    impl_->presenter.seek(target_us, mode);
}

void Player::stepForward() {
    if (!paused()) pause();
    impl_->presenter.step();
}

void Player::stepBack() {
    if (!paused()) pause();
    impl_->presenter.stepBack();
}

void Player::setRate(double rate) {
    const double clamped = std::clamp(rate, kMinRate, kMaxRate);
    if (clamped == impl_->controls.rate.load()) return;
    impl_->controls.rate.store(clamped);
    // The tempo filter restarts with the new rate from where we are.
    impl_->presenter.restart();
}

double Player::rate() const {
    return impl_->controls.rate.load();
}

void Player::setSegment(std::int64_t in_us, std::int64_t out_us, bool loop) {
    impl_->presenter.setSegment(in_us, out_us, loop);
}

void Player::clearSegment() {
    impl_->presenter.clearSegment();
}

void Player::setMuted(bool muted) {
    impl_->controls.muted.store(muted);
}

std::int64_t Player::position_us() const {
    return impl_->presenter.position_us();
}

Presentation Player::present(Clock::time_point now) {
    return impl_->presenter.present(now);
}

std::optional<VideoFrame> Player::nextFrame() {
    return impl_->presenter.nextFrame();
}

std::optional<AudioFormat> Player::audioFormat() const {
    return impl_->audio_format;
}

void Player::attachAudio() {
    if (impl_->sound) impl_->controls.audio_attached.store(true);
}

void Player::fillAudio(std::span<float> out, Clock::time_point heard_at) {
    if (impl_->sound) {
        impl_->sound->fill(out, heard_at);
    } else {
        std::fill(out.begin(), out.end(), 0.0F);
    }
}

PlayerStats Player::stats() const {
    PlayerStats s = impl_->presenter.stats();
    s.decode_errors = impl_->controls.decode_errors.load();
    s.frames_decoded = impl_->controls.frames_decoded.load();
    return s;
}

}  // namespace mimic::media
