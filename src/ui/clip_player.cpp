#include "ui/clip_player.h"

#include <algorithm>
#include <utility>

#include "common/log.h"
#include "media/picture_description.h"
#include "ui/picture_view.h"
#include "ui/player_sound.h"

namespace mimic::ui {
namespace {

// Longest sleep while playing when the engine names no earlier time: follows the clock.
constexpr int kMaxSleepMs = 20;
// While paused, how often to ask the engine whether a seek's or step's picture has come.
constexpr int kAwaitPollMs = 5;

}  // namespace

ClipPlayer::~ClipPlayer() {
    stop();
}

void ClipPlayer::stop() {
    sound_.reset();  // SDL's audio thread stops before the engine goes
    engine_.reset();
}

void ClipPlayer::play(const std::filesystem::path& path) {
    start(path, std::nullopt);
}

void ClipPlayer::playSegment(const std::filesystem::path& path, std::int64_t in_us,
                             std::int64_t out_us) {
    start(path, std::pair{in_us, out_us});
}

void ClipPlayer::start(const std::filesystem::path& path,
                       std::optional<std::pair<std::int64_t, std::int64_t>> segment) {
    stop();
    has_picture_ = false;
    awaiting_picture_ = false;
    pending_steps_ = 0;
    texture_stale_ = true;
    stats_ = PlayerStats{};
    message_.clear();
    path_ = path;

    auto opened = media::Player::open(path);
    if (!opened) {
        fail(opened.error().message);
        return;
    }
    engine_.emplace(std::move(*opened));
    if (segment) engine_->setSegment(segment->first, segment->second, /*loop=*/false);
    sound_ = attachSound(*engine_);
    stats_.audio_played = sound_.has_value();
    engine_->play();
    if (sound_) sound_->pause(false);
    played_since_ = Clock::now();
    next_due_ = played_since_;
    state_ = State::kPlaying;
}

void ClipPlayer::close() {
    stop();
    state_ = State::kIdle;
    has_picture_ = false;
    texture_stale_ = true;
}

void ClipPlayer::fail(const std::string& line) {
    log::warning(line);
    message_ = line;
    state_ = State::kFailed;
    stop();
}

void ClipPlayer::pauseEngine() {
    engine_->pause();
    stats_.seconds_played +=
        std::chrono::duration<double>(Clock::now() - played_since_).count() * engine_->rate();
    state_ = State::kPaused;
}

bool ClipPlayer::openPaused() {
    auto opened = media::Player::open(path_);
    if (!opened) {
        fail(opened.error().message);
        return false;
    }
    engine_.emplace(std::move(*opened));
    sound_ = attachSound(*engine_);
    if (sound_) sound_->pause(false);
    state_ = State::kPaused;
    return true;
}

void ClipPlayer::seekPaused(std::int64_t t_us) {
    if (path_.empty() || state_ == State::kFailed) return;
    if (!engine_ && !openPaused()) return;
    if (state_ == State::kPlaying) pauseEngine();
    state_ = State::kPaused;
    engine_->seek(std::max<std::int64_t>(0, t_us), media::SeekMode::kExact);
    awaiting_picture_ = true;
    pending_steps_ = 0;
}

void ClipPlayer::stepFrame(bool forward) {
    if (path_.empty() || state_ == State::kFailed) return;
    if (!engine_) {
        // Finished: open again on the picture that stayed; the step comes after it.
        seekPaused(shown_pts_us_);
        pending_steps_ = forward ? 1 : -1;
        return;
    }
    if (state_ == State::kPlaying) pauseEngine();
    if (awaiting_picture_) {
        pending_steps_ += forward ? 1 : -1;
        return;
    }
    if (forward) {
        engine_->stepForward();
    } else {
        engine_->stepBack();
    }
    awaiting_picture_ = true;
}

std::optional<std::int64_t> ClipPlayer::shownPts_us() const {
    if (!has_picture_) return std::nullopt;
    return shown_pts_us_;
}

void ClipPlayer::togglePause() {
    switch (state_) {
        case State::kPlaying:
            pauseEngine();
            break;
        case State::kPaused:
            engine_->play();
            played_since_ = Clock::now();
            next_due_ = played_since_;
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

bool ClipPlayer::showPicture(media::VideoFrame frame) {
    shown_pts_us_ = frame.pts_us();
    auto drawable = media::toDrawable(std::move(frame));
    if (!drawable) {
        fail(path_.filename().string() + ": " + drawable.error().message);
        return false;
    }
    if (!renderer_) {
        auto created = render::VideoRenderer::create();
        if (!created) {
            fail(created.error().message);
            return false;
        }
        renderer_.emplace(std::move(*created));
    }
    auto view = frameView(*drawable, engine_->info().video);
    Status uploaded = view ? renderer_->upload(*view) : Status(view.error());
    if (!uploaded) {
        fail(path_.filename().string() + ": " + uploaded.error().message);
        return false;
    }
    has_picture_ = true;
    texture_stale_ = true;
    return true;
}

bool ClipPlayer::update() {
    if (state_ == State::kPaused && awaiting_picture_ && engine_) {
        // A paused engine still presents the picture a seek or step lands on.
        media::Presentation shown = engine_->present(Clock::now());
        if (!shown.frame) {
            // A step past the last picture: it stays.
            if (shown.ended) awaiting_picture_ = false;
            if (shown.ended) pending_steps_ = 0;
            return shown.ended;
        }
        awaiting_picture_ = false;
        if (!showPicture(std::move(*shown.frame))) return true;
        if (pending_steps_ != 0) {
            const bool forward = pending_steps_ > 0;
            pending_steps_ += forward ? -1 : 1;
            stepFrame(forward);
        }
        return true;
    }
    if (state_ != State::kPlaying) return false;
    const auto now = Clock::now();
    media::Presentation shown = engine_->present(now);
    next_due_ = shown.next_due;
    stats_.seconds_played +=
        std::chrono::duration<double>(now - played_since_).count() * engine_->rate();
    played_since_ = now;
    bool changed = false;
    if (shown.frame) {
        if (!showPicture(std::move(*shown.frame))) return true;
        changed = true;
    }
    const media::PlayerStats counts = engine_->stats();
    stats_.pictures_shown = counts.frames_shown;
    stats_.pictures_dropped = counts.frames_dropped;
    if (shown.ended) {
        if (!has_picture_) {
            fail("Clip " + path_.string() + " has no picture to show");
            return true;
        }
        state_ = State::kFinished;
        stop();  // the last picture stays in the renderer
        changed = true;
    }
    return changed;
}

int ClipPlayer::millisecondsUntilDue() const {
    if (awaiting_picture_ && state_ == State::kPaused) return kAwaitPollMs;
    if (state_ != State::kPlaying) return -1;
    const auto wait =
        std::chrono::duration_cast<std::chrono::milliseconds>(next_due_ - Clock::now());
    return static_cast<int>(std::clamp<std::int64_t>(wait.count(), 0, kMaxSleepMs));
}

std::optional<render::Size> ClipPlayer::pictureSize() const {
    if (!has_picture_ || !renderer_) return std::nullopt;
    return renderer_->displaySize();
}

std::optional<unsigned int> ClipPlayer::pictureTexture(render::Size size) {
    if (!has_picture_ || !renderer_ || size.width <= 0 || size.height <= 0) return std::nullopt;
    if (texture_ && !texture_stale_ && texture_size_ == size) return texture_;
    auto texture = renderer_->renderToTexture(size);
    if (!texture) {
        fail(path_.filename().string() + ": " + texture.error().message);
        has_picture_ = false;
        return std::nullopt;
    }
    texture_ = *texture;
    texture_size_ = size;
    texture_stale_ = false;
    return texture_;
}

}  // namespace mimic::ui
