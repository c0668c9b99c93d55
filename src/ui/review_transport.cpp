#include "ui/review_transport.h"

#include <algorithm>
#include <utility>

#include "common/log.h"
#include "ui/player_sound.h"

namespace mimic::ui {
namespace {

// Longest wait while playing: the follower's next frame is due at the mapped time, which the
// master's clock only approximates between its pictures.
constexpr auto kMaxWait = std::chrono::milliseconds(8);
// How many of the follower's frames one update may decode before the master's turn comes
// again (a seek's way to its frame is the decoder's, not counted here).
constexpr int kMaxPullsPerUpdate = 64;

}  // namespace

ReviewTransport::ReviewTransport(review::ReviewTimeline timeline,
                                 const std::filesystem::path& model,
                                 const std::filesystem::path& practice, std::int64_t start_us,
                                 bool sound)
    : timeline_(std::move(timeline)) {
    if (!practice.empty()) {
        auto opened = media::Player::open(practice);
        if (opened) {
            practice_ = std::make_unique<media::Player>(std::move(*opened));
        } else {
            practice_message_ = opened.error().message;
        }
    }
    // The model plays no sound: only the practice is heard.
    auto opened = media::Player::open(model, media::PlayerOptions{.decode_audio = false});
    if (opened) {
        model_ = std::make_unique<media::Player>(std::move(*opened));
    } else {
        model_message_ = opened.error().message;
    }
    if (practice_ && sound) {
        sound_ = attachSound(*practice_);
        if (sound_) sound_->pause(false);  // the engine gives silence while paused
    }
    seek(start_us);
}

ReviewTransport::~ReviewTransport() {
    sound_.reset();  // SDL's audio thread stops before the player it pulls from goes
}

const media::VideoStreamInfo* ReviewTransport::modelStream() const {
    return model_ ? &model_->info().video : nullptr;
}

const media::VideoStreamInfo* ReviewTransport::practiceStream() const {
    return practice_ ? &practice_->info().video : nullptr;
}

std::int64_t ReviewTransport::clampToSpan(std::int64_t t_us) const {
    return std::clamp(t_us, std::min<std::int64_t>(0, timeline_.begin_us()),
                      std::max(timeline_.begin_us(), timeline_.end_us()));
}

std::optional<std::int64_t> ReviewTransport::masterLimit() const {
    // The clock may not run past the master's next frame: the master shows it when its own
    // (audio) clock says, and the model must not be ahead of the picture beside it.
    if (!practice_ || practice_ended_ || !practice_shown_) return std::nullopt;
    return timeline_.practice().after(*practice_shown_);
}

std::int64_t ReviewTransport::playhead_us(Clock::time_point now) const {
    return clock_.now(now, masterLimit());
}

void ReviewTransport::play() {
    if (!paused_) return;
    const auto now = Clock::now();
    // At the end, play starts again where the practice starts.
    if (playhead_us(now) >= timeline_.end_us()) seek(timeline_.practiceStart_us());
    paused_ = false;
    clock_.setPaused(false, now);
    if (practice_) practice_->play();
    next_due_ = now;
}

void ReviewTransport::pause() {
    if (paused_) return;
    const auto now = Clock::now();
    paused_ = true;
    if (practice_) practice_->pause();
    clock_.setPaused(true, now);
}

void ReviewTransport::seek(std::int64_t timeline_us) {
    const std::int64_t t = clampToSpan(timeline_us);
    const auto now = Clock::now();
    clock_.jumped(t, now);
    practice_ended_ = false;
    practice_shown_.reset();
    seek_target_ = t;
    if (practice_) practice_->seek(t, media::SeekMode::kExact);
    next_due_ = now;
}

void ReviewTransport::step(bool forward) {
    pause();
    const std::int64_t now = playhead_us(Clock::now());
    // From the frame on screen, not from between frames: a step always shows a new picture.
    const std::optional<std::int64_t> target = review::stepTarget(timeline_, now, forward);
    if (target) seek(*target);
}

void ReviewTransport::setRate(double rate) {
    const double clamped = std::clamp(rate, 0.25, 1.0);
    if (clamped == clock_.rate()) return;
    const auto now = Clock::now();
    // The practice restarts from its frame on screen; the clock continues from there.
    const std::int64_t t = playhead_us(now);
    clock_.jumped(t, now);
    clock_.setRate(clamped);
    if (practice_) practice_->setRate(clamped);
}

void ReviewTransport::setLoop(std::optional<review::LoopRange> loop) {
    loop_ = loop;
    if (loop_ && loop_->wrap(playhead_us(Clock::now()))) seek(loop_->in_us);
}

void ReviewTransport::setOffset(std::int64_t offset_us) {
    timeline_.setOffset(offset_us);
    next_due_ = Clock::now();
}

void ReviewTransport::followTo(std::int64_t t_us, ReviewFrames& frames) {
    if (!model_) return;
    for (int pulls = 0; pulls <= kMaxPullsPerUpdate;) {
        review::FollowerView view;
        view.shown_pts_us = model_shown_;
        if (model_next_) view.next_pts_us = model_next_->pts_us();
        view.ended = model_ended_;
        const review::FollowDecision decision = review::followModel(timeline_, t_us, view);
        if (!decision.due_pts_us && model_shown_) {
            model_shown_.reset();
            frames.model.reset();
            frames.model_cleared = true;
            frames.changed = true;
        }
        switch (decision.action) {
            case review::FollowAction::kKeep:
            case review::FollowAction::kClear:
                return;
            case review::FollowAction::kTakeNext:
                model_shown_ = model_next_->pts_us();
                frames.model = std::move(model_next_);
                model_next_.reset();
                frames.model_cleared = false;
                frames.changed = true;
                break;
            case review::FollowAction::kPull:
                ++pulls;
                model_next_ = model_->nextFrame();
                if (!model_next_) model_ended_ = true;
                break;
            case review::FollowAction::kSeek:
                model_->seek(decision.seek_to_us, media::SeekMode::kExact);
                model_next_.reset();
                model_shown_.reset();
                model_ended_ = false;
                ++pulls;  // a seek counts: a follower that cannot land does not spin here
                break;
        }
    }
}

ReviewFrames ReviewTransport::update(Clock::time_point now) {
    ReviewFrames frames;
    next_due_ = now + (paused_ ? std::chrono::milliseconds(50) : kMaxWait);
    if (practice_) {
        media::Presentation shown = practice_->present(now);
        if (shown.frame) {
            practice_shown_ = shown.frame->pts_us();
            // A seek's first picture is the last frame at or before its target: the timeline
            // stays at the target (a step to the model's next frame must not fall back).
            clock_.shown(std::max(*practice_shown_, seek_target_.value_or(*practice_shown_)), now);
            seek_target_.reset();
            frames.practice = std::move(shown.frame);
            frames.changed = true;
        }
        if (shown.ended && !practice_ended_) {
            practice_ended_ = true;
            // The recording's end ends playing (a loop goes on from its start below).
            if (!loop_) {
                pause();
                frames.changed = true;
            }
        }
        next_due_ = std::min(next_due_, shown.next_due);
    } else if (!paused_ && playhead_us(now) >= timeline_.end_us()) {
        pause();  // without a recording, the model's end ends playing
        frames.changed = true;
    }
    std::int64_t t = playhead_us(now);
    if (loop_ && !paused_) {
        if (const std::optional<std::int64_t> back = loop_->wrap(t)) {
            seek(*back);
            t = *back;
            frames.changed = true;
        }
    }
    if (!paused_) frames.changed = true;  // the playhead moves
    followTo(t, frames);
    return frames;
}

}  // namespace mimic::ui
