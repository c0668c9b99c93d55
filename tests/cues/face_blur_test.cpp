// Where a de-identified export blurs (cues/face_blur.h): proven on detections given as
// numbers, so every case (a face moving between detections, a missed detection, a head that
// turns away or towards the camera, two faces, the picture's edges) is exact.
#include "cues/face_blur.h"

#include <gtest/gtest.h>

namespace mimic::cues {
namespace {

// True when `inner` lies inside one of `regions`.
bool covered(const std::vector<Box>& regions, const Box& inner) {
    for (const Box& r : regions) {
        if (inner.x >= r.x && inner.y >= r.y && inner.x + inner.width <= r.x + r.width &&
            inner.y + inner.height <= r.y + r.height) {
            return true;
        }
    }
    return false;
}

// Detections ten times a second from `from` to `to` of a face at `box`.
std::vector<Detection> seen(double from, double to, Box box, double dx_per_s = 0.0) {
    std::vector<Detection> out;
    for (double t = from; t <= to + 1e-9; t += 0.1) {
        Box moved = box;
        moved.x += dx_per_s * (t - from);
        out.push_back({t, {moved}});
    }
    return out;
}

// The same boxes found at `time` and on the next picture (a face, not a blip).
std::vector<Detection> twice(double time, const std::vector<Box>& boxes) {
    return {{time, boxes}, {time + 1.0 / 30, boxes}};
}

TEST(FaceBlur, ABoxFoundGrowsByItsMarginsOnEverySide) {
    const std::vector<Detection> found = twice(1.0, {{100, 100, 50, 60}});
    const auto regions = blurRegions(found, 1.0, 640, 480,
                                     {.margin_x = 0.2, .margin_top = 0.5, .margin_bottom = 1.0});
    ASSERT_EQ(regions.size(), 1u);
    EXPECT_DOUBLE_EQ(regions[0].x, 90);
    EXPECT_DOUBLE_EQ(regions[0].y, 70);
    EXPECT_DOUBLE_EQ(regions[0].width, 70);
    EXPECT_DOUBLE_EQ(regions[0].height, 150);
}

TEST(FaceBlur, AFaceMovingBetweenDetectionsStaysCoveredOnEveryFrame) {
    // 300 px/s: 30 px between detections, a 50 px face; frames at 30 fps between them.
    const std::vector<Detection> found = seen(0.0, 2.0, {100, 100, 50, 50}, 300.0);
    for (double t = 0.0; t <= 2.0; t += 1.0 / 30) {
        const Box truth{100 + 300 * t, 100, 50, 50};
        EXPECT_TRUE(covered(blurRegions(found, t, 1920, 480), truth)) << t;
    }
}

TEST(FaceBlur, AMissedDetectionDoesNotUncoverTheFace) {
    std::vector<Detection> found = seen(0.0, 2.0, {200, 100, 80, 80});
    found[10].boxes.clear();  // 1.0 s: the detector missed it
    for (double t = 0.9; t <= 1.1; t += 1.0 / 30)
        EXPECT_TRUE(covered(blurRegions(found, t, 640, 480), {200, 100, 80, 80})) << t;
}

TEST(FaceBlur, AFaceTurningAwayStaysBlurredForTheHoldAndThenNot) {
    std::vector<Detection> found = seen(0.0, 1.0, {200, 100, 80, 80});
    for (double t = 1.1; t < 5.0; t += 0.1)
        found.push_back({t, {}});  // turned away: no frontal face found
    const BlurRule rule{.hold_s = 1.0};
    EXPECT_TRUE(covered(blurRegions(found, 1.9, 640, 480, rule), {200, 100, 80, 80}));
    EXPECT_TRUE(blurRegions(found, 2.1, 640, 480, rule).empty());
}

TEST(FaceBlur, AFaceTurningTowardsTheCameraIsBlurredBeforeItIsFound) {
    std::vector<Detection> found;
    for (double t = 0.0; t < 2.0; t += 0.1)
        found.push_back({t, {}});
    const auto after = seen(2.0, 3.0, {300, 200, 60, 60});
    found.insert(found.end(), after.begin(), after.end());
    EXPECT_TRUE(covered(blurRegions(found, 1.1, 640, 480), {300, 200, 60, 60}));
    EXPECT_TRUE(blurRegions(found, 0.9, 640, 480).empty());
}

TEST(FaceBlur, AFaceIsNotSmearedAcrossTheHoldWhileItIsStillSeen) {
    // While a face is seen it is followed: a face that jumped is not blurred at its old place
    // a second later.
    std::vector<Detection> found = seen(0.0, 1.0, {50, 50, 60, 60});
    const auto jumped = seen(1.1, 3.0, {400, 300, 60, 60});
    found.insert(found.end(), jumped.begin(), jumped.end());
    // At 1.5 s the old place is still held (its face vanished there at 1.0 s)...
    EXPECT_TRUE(covered(blurRegions(found, 1.5, 640, 480), {50, 50, 60, 60}));
    // ...and at 2.5 s only the new one is blurred.
    const auto regions = blurRegions(found, 2.5, 640, 480);
    ASSERT_EQ(regions.size(), 1u);
    EXPECT_TRUE(covered(regions, {400, 300, 60, 60}));
}

TEST(FaceBlur, AFollowedFaceIsBlurredWhereItIsNotWhereItWas) {
    // 400 px/s: 40 px between detections; half way, the region is half way.
    const std::vector<Detection> found = seen(0.0, 1.0, {100, 100, 50, 50}, 400.0);
    const auto regions = blurRegions(found, 0.45, 1920, 480, {.margin_x = 0.0});
    ASSERT_EQ(regions.size(), 1u);
    EXPECT_NEAR(regions[0].x, 100 + 400 * 0.45, 1e-6);
    EXPECT_NEAR(regions[0].width, 50, 1e-6);
    // Detections too far apart are not followed: each is held where it was.
    const std::vector<Detection> sparse{{0.0, {{100, 100, 50, 50}}},
                                        {0.1, {{100, 100, 50, 50}}},
                                        {2.0, {{120, 100, 50, 50}}},
                                        {2.1, {{120, 100, 50, 50}}}};
    const auto held = blurRegions(sparse, 0.5, 640, 480, {.margin_x = 0.0});
    ASSERT_EQ(held.size(), 1u);
    EXPECT_NEAR(held[0].x, 100, 1e-6);
}

TEST(FaceBlur, ABoxSeenOnceIsAPatternAndTwiceAFace) {
    std::vector<Detection> found;
    for (double t = 0.0; t < 3.0; t += 0.1)
        found.push_back({t, {}});
    found[15].boxes.push_back({70, 128, 300, 300});  // 1.5 s: a pattern that looked like one
    for (const double t : {1.3, 1.5, 1.55, 1.7})
        EXPECT_TRUE(blurRegions(found, t, 640, 480).empty()) << t;
    // Seen again on the next picture (the analysis looks again when a face appears): a face.
    found.insert(found.begin() + 16, Detection{1.5 + 1.0 / 30, {{72, 128, 300, 300}}});
    for (const double t : {0.6, 1.5, 1.55, 2.4})
        EXPECT_EQ(blurRegions(found, t, 640, 480).size(), 1u) << t;
    // A box of another size next to a face is not that face moving.
    std::vector<Detection> face = seen(0.0, 1.0, {300, 60, 100, 100});
    face.push_back({1.1, {{70, 128, 300, 300}}});
    face.push_back({1.1 + 1.0 / 30, {{70, 128, 300, 300}}});
    for (double t = 1.2; t < 3.0; t += 0.1)
        face.push_back({t, {}});
    const auto at = blurRegions(face, 1.05, 640, 480);
    EXPECT_TRUE(covered(at, {300, 60, 100, 100})) << "the face is held where it was";
    EXPECT_TRUE(covered(blurRegions(face, 1.6, 640, 480), {300, 60, 100, 100}));
}

TEST(FaceBlur, TwoFacesAreTwoRegionsAndOverlappingOnesOne) {
    const std::vector<Detection> two = twice(1.0, {{10, 10, 50, 50}, {300, 300, 50, 50}});
    EXPECT_EQ(blurRegions(two, 1.0, 640, 480).size(), 2u);
    const std::vector<Detection> close = twice(1.0, {{10, 10, 50, 50}, {50, 20, 50, 50}});
    const auto one = blurRegions(close, 1.0, 640, 480);
    ASSERT_EQ(one.size(), 1u);
    EXPECT_TRUE(covered(one, {10, 10, 50, 50}));
    EXPECT_TRUE(covered(one, {50, 20, 50, 50}));
}

TEST(FaceBlur, RegionsStayInsideThePicture) {
    const std::vector<Detection> edge = twice(0.0, {{-10, 440, 50, 50}});
    const auto regions = blurRegions(edge, 0.0, 640, 480);
    ASSERT_EQ(regions.size(), 1u);
    EXPECT_GE(regions[0].x, 0.0);
    EXPECT_LE(regions[0].y + regions[0].height, 480.0);
    const std::vector<Detection> outside = twice(0.0, {{700, 10, 50, 50}});
    EXPECT_TRUE(blurRegions(outside, 0.0, 640, 480).empty());
    EXPECT_TRUE(blurRegions({}, 1.0, 640, 480).empty());
}

}  // namespace
}  // namespace mimic::cues
