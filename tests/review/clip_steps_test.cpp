#include "review/clip_steps.h"

#include <gtest/gtest.h>

namespace mimic::review {
namespace {

// 29.97 fps: frame times that are not whole milliseconds.
FrameTimes ntscFrames(int count) {
    std::vector<std::int64_t> pts;
    for (int i = 0; i < count; ++i)
        pts.push_back(static_cast<std::int64_t>(i) * 1'001'000 / 30);
    return FrameTimes(pts);
}

TEST(ClipSteps, StoredMsSeeksBackToTheSameFrame) {
    const FrameTimes frames = ntscFrames(300);
    for (std::int64_t pts : frames.all()) {
        const std::int64_t ms = storedMsOfFrame(pts);
        EXPECT_GE(ms * 1000, pts);
        EXPECT_EQ(frameOfStoredMs(frames, ms), pts) << "frame at " << pts << " us";
    }
    // Rounding to nearest would land on the frame before: 33.366 ms is stored as 34.
    EXPECT_EQ(storedMsOfFrame(33'366), 34);
    EXPECT_EQ(storedMsOfFrame(40'000), 40);
    EXPECT_EQ(storedMsOfFrame(0), 0);
}

TEST(ClipSteps, NearestFrameSnapsEitherWay) {
    const FrameTimes frames({0, 40'000, 80'000});
    EXPECT_EQ(nearestFrame(frames, 19'000), 0);
    EXPECT_EQ(nearestFrame(frames, 21'000), 40'000);
    EXPECT_EQ(nearestFrame(frames, -5'000), 0);
    EXPECT_EQ(nearestFrame(frames, 500'000), 80'000);
    EXPECT_EQ(nearestFrame(FrameTimes{}, 0), std::nullopt);
}

TEST(ClipSteps, CheckRefusesBadRangesWithOneLine) {
    const std::vector<StepSegment> steps{{1, 0, 1000, 1, "reach"}, {2, 2000, 3000, 2, "grasp"}};
    EXPECT_TRUE(checkStep(steps, {0, 1000, 2000, 3, ""}, 5000).ok());  // touching is fine
    EXPECT_FALSE(checkStep(steps, {0, 1500, 1500, 3, ""}, 5000).ok());
    EXPECT_FALSE(checkStep(steps, {0, 1500, 1200, 3, ""}, 5000).ok());
    EXPECT_FALSE(checkStep(steps, {0, 4000, 6000, 3, ""}, 5000).ok());
    const Status overlap = checkStep(steps, {0, 2500, 3500, 3, ""}, 5000);
    ASSERT_FALSE(overlap.ok());
    EXPECT_EQ(overlap.error().message, "the range overlaps step 2 (grasp)");
    // A step may be changed over its own old range.
    EXPECT_TRUE(checkStep(steps, {2, 2100, 3900, 2, "grasp"}, 5000).ok());
    // Unknown duration: not checked.
    EXPECT_TRUE(checkStep(steps, {0, 4000, 60'000, 3, ""}, 0).ok());
}

TEST(ClipSteps, OrderAndMove) {
    const std::vector<StepSegment> steps{
        {7, 2000, 3000, 5, "c"}, {8, 0, 1000, 2, "a"}, {9, 1000, 2000, 2, "b"}};
    EXPECT_EQ(nextStepNumber(steps), 6);
    EXPECT_EQ(nextStepNumber({}), 1);
    const std::vector<StepSegment> ordered = renumberedSteps(steps);
    ASSERT_EQ(ordered.size(), 3u);
    EXPECT_EQ(ordered[0].label, "a");
    EXPECT_EQ(ordered[1].label, "b");
    EXPECT_EQ(ordered[2].label, "c");
    EXPECT_EQ(ordered[2].step, 3);

    const std::vector<StepSegment> later = movedStep(steps, 8, +1);
    EXPECT_EQ(later[0].label, "b");
    EXPECT_EQ(later[1].label, "a");
    EXPECT_EQ(later[1].step, 2);
    const std::vector<StepSegment> stays = movedStep(steps, 8, -1);
    EXPECT_EQ(stays[0].label, "a");
    EXPECT_EQ(stays[0].step, 1);
    EXPECT_EQ(movedStep(steps, 42, 1)[2].label, "c");
}

}  // namespace
}  // namespace mimic::review
