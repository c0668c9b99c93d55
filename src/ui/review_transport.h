// ReviewTransport: the model clip and the practice recording on one transport, in lock step
// (review/lock_step.h). The practice recording plays in real time on a media::Player with
// its sound (the only sound; its audio is the master clock, or the wall clock when it has
// none); the model is a second media::Player that never plays on its own clock: its frames
// are pulled in order and shown when the timeline time mapped onto the model reaches them,
// and it is seeked again only when the mapping jumps (a seek, a step, a loop, a nudge).
// Without a practice recording (missing or unreadable), the timeline runs on the wall clock
// and the model follows it alone.
//
// No GL here: update() hands out the frames to show, so the review window draws them and the
// lock-step benchmark (tools/bench/review) measures the same code without a window.
//
// Threads: the owner's thread calls everything; the players' threads and SDL's audio thread
// run beside it. Ownership: owns both players and the audio device (which goes first);
// neither copied nor moved (the audio device holds the practice player's address).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "audio/audio_output.h"
#include "common/clock.h"
#include "media/player.h"
#include "review/lock_step.h"
#include "review/timeline.h"

namespace mimic::ui {

struct ReviewFrames {
    std::optional<media::VideoFrame> model;     // a new model picture to show
    std::optional<media::VideoFrame> practice;  // a new practice picture to show
    bool model_cleared = false;                 // before the model's start: show none
    bool changed = false;                       // the playhead or a state moved
};

class ReviewTransport {
  public:
    // Opens both files (paused at `start_us` on the timeline). A file that does not open
    // leaves its pane empty with its message; `sound` false plays the practice silently.
    ReviewTransport(review::ReviewTimeline timeline, const std::filesystem::path& model,
                    const std::filesystem::path& practice, std::int64_t start_us,
                    bool sound = true);
    ReviewTransport(const ReviewTransport&) = delete;
    ReviewTransport& operator=(const ReviewTransport&) = delete;
    ~ReviewTransport();

    void play();
    void pause();
    void togglePause() { paused_ ? play() : pause(); }
    bool paused() const { return paused_; }
    // An exact seek of both to `timeline_us` (clamped to the timeline's span).
    void seek(std::int64_t timeline_us);
    // One frame on (or back) on the timeline: the nearer frame of either file; pauses.
    void step(bool forward);
    // 0.25 .. 1 (the practice keeps its pitch).
    void setRate(double rate);
    double rate() const { return clock_.rate(); }
    // Plays [in, out) again and again; nullopt stops looping.
    void setLoop(std::optional<review::LoopRange> loop);
    const std::optional<review::LoopRange>& loop() const { return loop_; }
    // A new nudge of the model against the recording; the model is lined up again at once.
    void setOffset(std::int64_t offset_us);

    // Takes what is due now from both players.
    ReviewFrames update(Clock::time_point now);
    // When update() has work next (a frame of the master due, or the follower's).
    Clock::time_point nextDue() const { return next_due_; }

    // The playhead: the timeline time now.
    std::int64_t playhead_us(Clock::time_point now) const;
    const review::ReviewTimeline& timeline() const { return timeline_; }
    std::optional<std::int64_t> modelShown() const { return model_shown_; }
    std::optional<std::int64_t> practiceShown() const { return practice_shown_; }
    bool hasModel() const { return model_ != nullptr; }
    bool hasPractice() const { return practice_ != nullptr; }
    const media::VideoStreamInfo* modelStream() const;
    const media::VideoStreamInfo* practiceStream() const;
    // One line each when a file could not be opened or played (empty when fine).
    const std::string& modelMessage() const { return model_message_; }
    const std::string& practiceMessage() const { return practice_message_; }
    bool soundPlaying() const { return sound_.has_value(); }
    // The practice player's counts (its A-V difference per shown frame); empty without one.
    media::PlayerStats practiceStats() const {
        return practice_ ? practice_->stats() : media::PlayerStats{};
    }

  private:
    std::int64_t clampToSpan(std::int64_t t_us) const;
    std::optional<std::int64_t> masterLimit() const;
    // Brings the model to the frame due at `t_us`; fills `frames`.
    void followTo(std::int64_t t_us, ReviewFrames& frames);

    review::ReviewTimeline timeline_;
    review::TimelineClock clock_;
    std::optional<review::LoopRange> loop_;
    bool paused_ = true;
    bool practice_ended_ = false;
    // The audio device goes before the player it pulls from (reverse declaration order).
    std::unique_ptr<media::Player> practice_;
    std::unique_ptr<media::Player> model_;
    std::optional<audio::AudioOutput> sound_;
    std::optional<std::int64_t> practice_shown_;
    std::optional<std::int64_t> seek_target_;  // until the practice shows the seek's picture
    std::optional<std::int64_t> model_shown_;
    std::optional<media::VideoFrame> model_next_;  // decoded, not yet due
    bool model_ended_ = false;
    Clock::time_point next_due_{};
    std::string model_message_;
    std::string practice_message_;
};

}  // namespace mimic::ui
