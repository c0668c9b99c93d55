// The review timeline (issue 12, build 1): practice time to model time, by default (the
// model's first frame at the practice start), nudged, and with video prompting (the step's
// segment start at the practice start); which frame of each file is on screen; the strip.
#include "review/timeline.h"

#include <gtest/gtest.h>

#include <cmath>

#include "review/timeline_strip.h"

namespace mimic::review {
namespace {

// `count` frames at `fps` from `first_us`, as a muxer stamps them (rounded to µs).
FrameTimes frames(std::int64_t first_us, int count, double fps = 30.0) {
    std::vector<std::int64_t> pts;
    for (int i = 0; i < count; ++i)
        pts.push_back(first_us + std::llround(i * 1e6 / fps));
    return FrameTimes(pts);
}

TEST(FrameTimes, TheFrameOnScreenIsTheLastAtOrBefore) {
    const FrameTimes f({66667, 0, 33333, 100000, 33333});  // any order, a repeat
    EXPECT_EQ(f.size(), 4u);
    EXPECT_EQ(f.first(), 0);
    EXPECT_EQ(f.last(), 100000);
    EXPECT_FALSE(f.atOrBefore(-1));
    EXPECT_EQ(f.atOrBefore(0), 0);
    EXPECT_EQ(f.atOrBefore(33332), 0);
    EXPECT_EQ(f.atOrBefore(33333), 33333);
    EXPECT_EQ(f.atOrBefore(5'000'000), 100000);  // the last frame stays on screen
    EXPECT_EQ(f.after(33333), 66667);
    EXPECT_FALSE(f.after(100000));
    EXPECT_EQ(f.before(66667), 33333);
    EXPECT_EQ(f.before(66668), 66667);
    EXPECT_FALSE(f.before(0));
    EXPECT_FALSE(FrameTimes().atOrBefore(0));
}

// A recording whose first frame is 40 ms in (the audio starts at 0) and whose practice began
// 1.5 s after that frame; a 3 s model from 0.
class TimelineTest : public ::testing::Test {
  protected:
    FrameTimes model_ = frames(0, 90);
    FrameTimes practice_ = frames(40'000, 120);
    TrialTiming timing_{1500, 1530, std::nullopt, 0};
};

TEST_F(TimelineTest, ByDefaultTheModelStartsAtThePracticeStart) {
    const Alignment alignment = alignTrial(timing_, model_, practice_);
    EXPECT_EQ(alignment.practice_origin_us, 1'540'000);
    EXPECT_EQ(alignment.model_origin_us, 0);
    const ReviewTimeline timeline(model_, practice_, alignment);

    OnScreen screen = timeline.at(1'540'000);
    EXPECT_EQ(screen.model_time_us, 0);
    EXPECT_EQ(screen.model_pts_us, 0);
    EXPECT_EQ(screen.practice_pts_us, 40'000 + std::llround(45 * 1e6 / 30));  // frame 45
    // 0.1 s later both are 3 frames on; the model's third frame is at 100000.
    screen = timeline.at(1'640'000);
    EXPECT_EQ(screen.model_pts_us, 100'000);
    EXPECT_EQ(screen.practice_pts_us, 1'640'000);
    // A hair before a model frame, the one before it is still on screen.
    EXPECT_EQ(timeline.at(1'540'000 + 99'999).model_pts_us, 66'667);
    // Before the practice start the model has not begun; before the recording's first frame
    // there is no practice picture either.
    screen = timeline.at(1'000'000);
    EXPECT_EQ(screen.model_time_us, -540'000);
    EXPECT_FALSE(screen.model_pts_us);
    EXPECT_EQ(screen.practice_pts_us, 40'000 + std::llround(28 * 1e6 / 30));
    EXPECT_FALSE(timeline.at(39'999).practice_pts_us);
    // Past either file's end its last frame stays.
    EXPECT_EQ(timeline.at(60'000'000).model_pts_us, model_.last());
    EXPECT_EQ(timeline.at(60'000'000).practice_pts_us, practice_.last());
    EXPECT_EQ(timeline.practiceStart_us(), 1'540'000);
}

TEST_F(TimelineTest, ANudgeMovesTheModelAgainstThePractice) {
    timing_.offset_us = 200'000;  // the child started 0.2 s late
    ReviewTimeline timeline(model_, practice_, alignTrial(timing_, model_, practice_));
    EXPECT_FALSE(timeline.at(1'700'000).model_pts_us);
    EXPECT_EQ(timeline.at(1'740'000).model_pts_us, 0);
    EXPECT_EQ(timeline.at(1'740'000).practice_pts_us, 1'740'000);
    EXPECT_EQ(timeline.modelTime(2'740'000), 1'000'000);
    EXPECT_EQ(timeline.timelineOfModel(1'000'000), 2'740'000);
    // Negative: the model runs ahead; the practice is untouched.
    timeline.setOffset(-500'000);
    EXPECT_EQ(timeline.at(1'540'000).model_time_us, 500'000);
    EXPECT_EQ(timeline.at(1'540'000).model_pts_us, 500'000);
    EXPECT_EQ(timeline.at(1'540'000).practice_pts_us, practice_.atOrBefore(1'540'000));
}

TEST_F(TimelineTest, WithVideoPromptingTheStepStartsAtThePracticeStart) {
    timing_.step_in_ms = 1200;  // step 2's segment begins 1.2 s into the clip
    const Alignment alignment = alignTrial(timing_, model_, practice_);
    EXPECT_EQ(alignment.model_origin_us, 1'200'000);
    const ReviewTimeline timeline(model_, practice_, alignment);
    EXPECT_EQ(timeline.at(1'540'000).model_pts_us, 1'200'000);  // frame 36, on the dot
    EXPECT_EQ(timeline.at(1'539'999).model_pts_us, std::llround(35 * 1e6 / 30));
    // Before the step the clip's earlier frames are what the mapping reaches.
    EXPECT_EQ(timeline.at(540'000).model_pts_us, 200'000);
}

TEST_F(TimelineTest, OlderTrialsFallBackToThePracticeStartOrTheFirstFrame) {
    timing_.attempt_offset_ms.reset();
    EXPECT_EQ(alignTrial(timing_, model_, practice_).practice_origin_us, 40'000 + 1'530'000);
    timing_.practice_start_ms.reset();
    EXPECT_EQ(alignTrial(timing_, model_, practice_).practice_origin_us, 40'000);
    // The model's first frame, where it is not at 0.
    const FrameTimes late = frames(21'333, 30);
    EXPECT_EQ(alignTrial(timing_, late, practice_).model_origin_us, 21'333);
}

TEST_F(TimelineTest, TheSpanCoversBothFilesOnTheTimeline) {
    // The 3 s model from the practice start (1.54 s) ends after the 4 s recording.
    const ReviewTimeline timeline(model_, practice_, alignTrial(timing_, model_, practice_));
    EXPECT_EQ(timeline.begin_us(), 40'000);  // the recording's first frame
    EXPECT_EQ(timeline.end_us(), 1'540'000 + model_.last());
    // A 1 s model ends within the recording; nudged 2 s early it begins before it.
    const FrameTimes short_model = frames(0, 30);
    ReviewTimeline shorter(short_model, practice_, alignTrial(timing_, short_model, practice_));
    EXPECT_EQ(shorter.end_us(), practice_.last());
    shorter.setOffset(-2'000'000);
    EXPECT_EQ(shorter.begin_us(), 1'540'000 - 2'000'000);
}

TEST_F(TimelineTest, TheStripPlacesFilesEventsAndThePlayhead) {
    const ReviewTimeline timeline(model_, practice_, alignTrial(timing_, model_, practice_));
    std::vector<store::CodedEvent> events(3);
    events[0].record = {1, 1, "B", 2000, std::nullopt, ""};
    events[1].record = {1, 2, "A", 1600, 3000, ""};
    events[2].record = {1, 1, "A", 10'000, std::nullopt, ""};  // past both files
    const TimelineStrip strip = timelineStrip(timeline, 1'540'000, events);
    EXPECT_EQ(strip.begin_us, 40'000);
    EXPECT_EQ(strip.end_us, 10'000'000);  // widened to the last event
    const auto at = [&](std::int64_t us) {
        return double(us - 40'000) / double(10'000'000 - 40'000);
    };
    EXPECT_DOUBLE_EQ(strip.playhead, at(1'540'000));
    EXPECT_DOUBLE_EQ(strip.practice_start, at(1'540'000));
    EXPECT_DOUBLE_EQ(strip.model.from, at(1'540'000));
    EXPECT_DOUBLE_EQ(strip.model.to, at(1'540'000 + model_.last()));
    EXPECT_DOUBLE_EQ(strip.practice.from, 0.0);
    ASSERT_EQ(strip.rows.size(), 2u);
    EXPECT_EQ(strip.rows[0].coder, "A");
    ASSERT_EQ(strip.rows[0].events.size(), 2u);
    EXPECT_FALSE(strip.rows[0].events[0].point);
    EXPECT_DOUBLE_EQ(strip.rows[0].events[0].span.to, at(3'000'000));
    EXPECT_TRUE(strip.rows[0].events[1].point);
    EXPECT_DOUBLE_EQ(strip.rows[0].events[1].span.from, 1.0);
    EXPECT_EQ(strip.rows[1].coder, "B");
}

}  // namespace
}  // namespace mimic::review
