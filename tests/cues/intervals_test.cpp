// Face intervals from per-frame detections: short losses bridged, blips dropped, ends at the
// end of the last frame; coverage and IoU.
#include "cues/intervals.h"

#include <gtest/gtest.h>

#include <string>

namespace mimic::cues {
namespace {

// Frames at 10 fps from a pattern: '#' a face, '.' none.
std::vector<FaceSample> frames(const std::string& pattern) {
    std::vector<FaceSample> samples;
    for (std::size_t i = 0; i < pattern.size(); ++i)
        samples.push_back({static_cast<double>(i) * 0.1, pattern[i] == '#'});
    return samples;
}

void expectIntervals(const std::vector<Interval>& got, const std::vector<Interval>& want) {
    ASSERT_EQ(got.size(), want.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
        EXPECT_NEAR(got[i].start, want[i].start, 1e-9) << i;
        EXPECT_NEAR(got[i].end, want[i].end, 1e-9) << i;
    }
}

TEST(FaceIntervals, AFaceLostForOneOrTwoFramesIsStillThere) {
    expectIntervals(faceIntervals(frames("..####.##..###....")), {{0.2, 1.4}});
    // Three frames lost: two faces.
    expectIntervals(faceIntervals(frames("..####...####.")), {{0.2, 0.6}, {0.9, 1.3}});
}

TEST(FaceIntervals, BlipsShorterThanThreeFramesAreNotFaces) {
    expectIntervals(faceIntervals(frames("#....##.....###...")), {{1.2, 1.5}});
    EXPECT_TRUE(faceIntervals(frames("..#...##...#...")).empty());
    EXPECT_TRUE(faceIntervals(frames("")).empty());
}

TEST(FaceIntervals, TheLastFrameEndsOneSpacingLater) {
    expectIntervals(faceIntervals(frames("...#####")), {{0.3, 0.8}});
    expectIntervals(faceIntervals(frames("########")), {{0.0, 0.8}});
}

TEST(FaceIntervals, UnevenFrameTimesEndAtTheNextFrame) {
    const std::vector<FaceSample> samples{
        {0.0, false}, {0.05, true}, {0.2, true}, {0.21, true}, {0.5, false}};
    expectIntervals(faceIntervals(samples), {{0.05, 0.5}});
}

TEST(FaceIntervals, RulesCanBeStricterOrLooser) {
    expectIntervals(faceIntervals(frames("###.###"), {.bridge_frames = 0, .min_frames = 1}),
                    {{0.0, 0.3}, {0.4, 0.7}});
    expectIntervals(faceIntervals(frames("#.#"), {.bridge_frames = 1, .min_frames = 3}),
                    {{0.0, 0.3}});
}

TEST(Coverage, ShareOfARangeAndIou) {
    const std::vector<Interval> found{{1.0, 2.0}, {3.0, 5.0}};
    EXPECT_NEAR(coveredRatio(found, 0.0, 10.0), 0.3, 1e-12);
    EXPECT_NEAR(coveredRatio(found, 1.5, 3.5), 0.5, 1e-12);
    EXPECT_EQ(coveredRatio(found, 2.0, 2.0), 0.0);
    const std::vector<Interval> truth{{1.0, 2.0}, {3.0, 4.0}};
    EXPECT_NEAR(intervalIou(found, truth), 2.0 / 3.0, 1e-12);
    EXPECT_NEAR(intervalIou(found, found), 1.0, 1e-12);
    EXPECT_EQ(intervalIou({}, {}), 1.0);
    EXPECT_EQ(intervalIou(found, {}), 0.0);
}

}  // namespace
}  // namespace mimic::cues
