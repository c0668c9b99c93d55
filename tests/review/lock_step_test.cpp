// Lock step (issue 12, build 2): the timeline clock between the master's pictures, the model
// follower's decisions (driven here by a follower that decodes a frame list in order and seeks
// exactly, as media::Player's pull does), frame steps on both files, loops, and the drift
// measure the benchmark prints.
#include "review/lock_step.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>

namespace mimic::review {
namespace {

using std::chrono::microseconds;
using std::chrono::milliseconds;

FrameTimes frames(std::int64_t first_us, int count, double fps) {
    std::vector<std::int64_t> pts;
    for (int i = 0; i < count; ++i)
        pts.push_back(first_us + std::llround(i * 1e6 / fps));
    return FrameTimes(pts);
}

// A follower over a frame list: seeks land on the last frame at or before the target (the
// first frame before it), frames come one by one in order after that.
class ListFollower {
  public:
    explicit ListFollower(const FrameTimes& frames) : frames_(frames.all()) {}

    // Runs the decisions for `timeline_us` until the follower settles; returns the frame shown.
    std::optional<std::int64_t> settle(const ReviewTimeline& timeline, std::int64_t timeline_us) {
        for (int guard = 0; guard < 10000; ++guard) {
            const FollowDecision d = followModel(timeline, timeline_us, view());
            if (!d.due_pts_us) shown_.reset();
            switch (d.action) {
                case FollowAction::kKeep:
                case FollowAction::kClear:
                    return shown_;
                case FollowAction::kTakeNext:
                    shown_ = next_;
                    next_.reset();
                    break;
                case FollowAction::kPull:
                    ++pulls;
                    if (cursor_ < frames_.size()) {
                        next_ = frames_[cursor_++];
                    } else {
                        ended_ = true;
                    }
                    break;
                case FollowAction::kSeek: {
                    ++seeks;
                    const auto it = std::upper_bound(frames_.begin(), frames_.end(), d.seek_to_us);
                    cursor_ = it == frames_.begin()
                                  ? 0
                                  : static_cast<std::size_t>(it - frames_.begin() - 1);
                    shown_.reset();
                    next_.reset();
                    ended_ = false;
                    break;
                }
            }
        }
        ADD_FAILURE() << "the follower never settled at " << timeline_us;
        return shown_;
    }

    FollowerView view() const { return {shown_, next_, ended_}; }
    int pulls = 0;
    int seeks = 0;

  private:
    std::vector<std::int64_t> frames_;
    std::size_t cursor_ = 0;
    std::optional<std::int64_t> shown_;
    std::optional<std::int64_t> next_;
    bool ended_ = false;
};

TEST(TimelineClock, AdvancesAtTheRateAndNeverPassesTheMastersNextFrame) {
    const auto t0 = std::chrono::steady_clock::time_point{} + std::chrono::seconds(100);
    TimelineClock clock;
    clock.shown(2'000'000, t0);
    EXPECT_EQ(clock.now(t0 + milliseconds(50)), 2'000'000);  // paused at first
    clock.setPaused(false, t0);
    EXPECT_EQ(clock.now(t0 + milliseconds(20)), 2'020'000);
    clock.setRate(0.5);
    EXPECT_EQ(clock.now(t0 + milliseconds(20)), 2'010'000);
    EXPECT_EQ(clock.now(t0 + milliseconds(200), 2'040'000), 2'039'999);  // held at the next
    EXPECT_EQ(clock.now(t0 - milliseconds(5)), 2'000'000);  // never behind the shown frame
    clock.setPaused(true, t0 + milliseconds(40));
    EXPECT_EQ(clock.now(t0 + milliseconds(400)), 2'020'000);  // frozen where it paused
    clock.setPaused(false, t0 + milliseconds(400));
    EXPECT_EQ(clock.now(t0 + milliseconds(420)), 2'030'000);
    clock.jumped(500'000, t0 + milliseconds(420));
    EXPECT_EQ(clock.now(t0 + milliseconds(440)), 510'000);
}

// 60 s of a 30 fps recording against a 25 fps model that starts 1.3 s into it, at every
// millisecond and at 1x and 0.5x steps of the master: the model frame shown is always the one
// due, reached by decoding in order (one seek for the whole run, after the start).
TEST(FollowModel, ContinuousPlayShowsTheDueFrameWithoutSeeking) {
    const FrameTimes practice = frames(0, 1800, 30.0);
    const FrameTimes model = frames(0, 1500, 25.0);
    for (const std::int64_t step_us : {1000, 16'667, 8'333}) {
        ReviewTimeline timeline(model, practice, Alignment{1'300'000, 0, 0});
        ListFollower follower(model);
        for (std::int64_t t = 0; t <= 60'000'000; t += step_us) {
            const std::optional<std::int64_t> shown = follower.settle(timeline, t);
            ASSERT_EQ(shown, model.atOrBefore(timeline.modelTime(t))) << "at " << t;
            ASSERT_EQ(framesOff(model, timeline.modelTime(t), shown), 0);
        }
        EXPECT_EQ(follower.seeks, 0) << "step " << step_us;
        // Every frame up to the last one due decoded once (the first while it was not due).
        const auto due_frames = std::upper_bound(model.all().begin(), model.all().end(),
                                                 timeline.modelTime(60'000'000)) -
                                model.all().begin();
        EXPECT_EQ(follower.pulls, due_frames);
    }
}

TEST(FollowModel, BeforeTheModelStartsNothingShowsAndItsFirstFrameWaits) {
    const FrameTimes practice = frames(0, 300, 30.0);
    const FrameTimes model = frames(40'000, 100, 25.0);
    ReviewTimeline timeline(model, practice, Alignment{2'000'000, 40'000, 0});
    ListFollower follower(model);
    EXPECT_FALSE(follower.settle(timeline, 500'000));
    EXPECT_EQ(follower.view().next_pts_us, 40'000);  // ready
    EXPECT_EQ(follower.settle(timeline, 2'000'000), 40'000);
    EXPECT_EQ(follower.settle(timeline, 2'100'000), 120'000);
    // Back before the start: nothing shown, and the first frame made ready again.
    EXPECT_FALSE(follower.settle(timeline, 1'000'000));
    EXPECT_EQ(follower.view().next_pts_us, 40'000);
    EXPECT_EQ(follower.seeks, 1);
}

TEST(FollowModel, JumpsBackOrFarAheadSeekShortOnesDecode) {
    const FrameTimes practice = frames(0, 900, 30.0);
    const FrameTimes model = frames(0, 750, 25.0);
    ReviewTimeline timeline(model, practice, Alignment{0, 0, 0});
    ListFollower follower(model);
    EXPECT_EQ(follower.settle(timeline, 10'000'000), 10'000'000);
    const int seeks = follower.seeks;
    EXPECT_EQ(follower.settle(timeline, 10'300'000), 10'280'000);  // 0.3 s on: decoded
    EXPECT_EQ(follower.seeks, seeks);
    EXPECT_EQ(follower.settle(timeline, 10'270'000), 10'240'000);  // one frame back: a seek
    EXPECT_EQ(follower.seeks, seeks + 1);
    EXPECT_EQ(follower.settle(timeline, 20'000'000), 20'000'000);  // 10 s on: a seek
    EXPECT_EQ(follower.seeks, seeks + 2);
    EXPECT_EQ(follower.settle(timeline, 99'000'000), 29'960'000);  // past the end: the last
    EXPECT_EQ(follower.settle(timeline, 99'500'000), 29'960'000);
}

TEST(FollowModel, ANudgedOffsetMovesTheModelFrameDue) {
    const FrameTimes practice = frames(0, 300, 30.0);
    const FrameTimes model = frames(0, 250, 25.0);
    ReviewTimeline timeline(model, practice, Alignment{1'000'000, 0, 0});
    ListFollower follower(model);
    EXPECT_EQ(follower.settle(timeline, 3'000'000), 2'000'000);
    timeline.setOffset(100'000);  // the model 0.1 s later
    EXPECT_EQ(follower.settle(timeline, 3'000'000), 1'880'000);
    timeline.setOffset(-40'000);  // a frame earlier
    EXPECT_EQ(follower.settle(timeline, 3'000'000), 2'040'000);
}

TEST(StepTarget, StepsToTheNearerFrameOfEitherFile) {
    // Practice at 30 fps, model at 25 fps starting 10 ms into the practice.
    const FrameTimes practice = frames(0, 90, 30.0);
    const FrameTimes model = frames(0, 75, 25.0);
    ReviewTimeline timeline(model, practice, Alignment{10'000, 0, 0});
    EXPECT_EQ(stepTarget(timeline, 0, true), 10'000);  // the model's first frame
    EXPECT_EQ(stepTarget(timeline, 10'000, true), 33'333);
    EXPECT_EQ(stepTarget(timeline, 33'333, true), 50'000);
    EXPECT_EQ(stepTarget(timeline, 50'000, true), 66'667);
    EXPECT_EQ(stepTarget(timeline, 50'000, false), 33'333);
    EXPECT_EQ(stepTarget(timeline, 33'333, false), 10'000);
    EXPECT_EQ(stepTarget(timeline, 10'000, false), 0);
    EXPECT_FALSE(stepTarget(timeline, 0, false));
    EXPECT_FALSE(stepTarget(timeline, 99'000'000, true));
    // Every forward step changes what one of the two panes shows.
    std::int64_t t = 0;
    for (int i = 0; i < 200; ++i) {
        const std::optional<std::int64_t> next = stepTarget(timeline, t, true);
        if (!next) break;
        const OnScreen before = timeline.at(t);
        const OnScreen after = timeline.at(*next);
        EXPECT_TRUE(before.model_pts_us != after.model_pts_us ||
                    before.practice_pts_us != after.practice_pts_us);
        t = *next;
    }
    EXPECT_EQ(t, timeline.timelineOfModel(model.last()));
}

TEST(LoopRange, WrapsAtItsOutAndBeforeItsIn) {
    const LoopRange loop{2'000'000, 4'000'000};
    EXPECT_FALSE(loop.wrap(2'000'000));
    EXPECT_FALSE(loop.wrap(3'999'999));
    EXPECT_EQ(loop.wrap(4'000'000), 2'000'000);
    EXPECT_EQ(loop.wrap(1'000'000), 2'000'000);
}

TEST(FramesOff, CountsFramesBetweenTheShownAndTheDue) {
    const FrameTimes f = frames(0, 10, 25.0);
    EXPECT_EQ(framesOff(f, 100'000, 80'000), 0);
    EXPECT_EQ(framesOff(f, 100'000, 40'000), 1);
    EXPECT_EQ(framesOff(f, 100'000, 160'000), 2);
    EXPECT_EQ(framesOff(f, -5, std::nullopt), 0);
    EXPECT_EQ(framesOff(f, 0, std::nullopt), 1);
}

}  // namespace
}  // namespace mimic::review
