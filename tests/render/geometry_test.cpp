#include <gtest/gtest.h>

#include "render/geometry.h"

namespace mimic::render {
namespace {

TEST(Geometry, SampleAspectRatioWidensTheWidth) {
    EXPECT_EQ(displaySize(720, 576, 16, 11, 0), (Size{1047, 576}));   // PAL 16:9
    EXPECT_EQ(displaySize(720, 480, 8, 9, 0), (Size{640, 480}));      // NTSC 4:3
    EXPECT_EQ(displaySize(1440, 1080, 4, 3, 0), (Size{1920, 1080}));  // HDV
    EXPECT_EQ(displaySize(640, 480, 1, 1, 0), (Size{640, 480}));
}

TEST(Geometry, InvalidSampleAspectRatioCountsAsSquare) {
    EXPECT_EQ(displaySize(640, 480, 0, 0, 0), (Size{640, 480}));
    EXPECT_EQ(displaySize(640, 480, 0, 1, 0), (Size{640, 480}));
    EXPECT_EQ(displaySize(640, 480, -4, 3, 0), (Size{640, 480}));
}

TEST(Geometry, QuarterTurnsSwapTheSides) {
    EXPECT_EQ(displaySize(1920, 1080, 1, 1, 90), (Size{1080, 1920}));
    EXPECT_EQ(displaySize(1920, 1080, 1, 1, 270), (Size{1080, 1920}));
    EXPECT_EQ(displaySize(1920, 1080, 1, 1, -90), (Size{1080, 1920}));
    EXPECT_EQ(displaySize(1920, 1080, 1, 1, 180), (Size{1920, 1080}));
    EXPECT_EQ(displaySize(1920, 1080, 1, 1, 360), (Size{1920, 1080}));
    // Anamorphic and turned: the ratio applies to the stored width, then the turn.
    EXPECT_EQ(displaySize(720, 576, 16, 11, 90), (Size{576, 1047}));
}

TEST(Geometry, EmptyPictureHasNoDisplaySize) {
    EXPECT_EQ(displaySize(0, 480, 1, 1, 0), (Size{}));
    FrameView frame;
    EXPECT_EQ(displaySize(frame), (Size{}));
}

TEST(Geometry, FitRectPillarboxesAWideWindow) {
    // 4:3 in 16:9: bars left and right.
    EXPECT_EQ(fitRect({640, 480}, {1920, 1080}), (Rect{240, 0, 1440, 1080}));
}

TEST(Geometry, FitRectLetterboxesATallWindow) {
    // 16:9 in a square: bars above and below, 1000 * 9 / 16 = 562.5 -> 563.
    EXPECT_EQ(fitRect({1920, 1080}, {1000, 1000}), (Rect{0, 218, 1000, 563}));
    // A portrait phone video in a landscape window is pillarboxed.
    EXPECT_EQ(fitRect({1080, 1920}, {1280, 720}), (Rect{437, 0, 405, 720}));
}

TEST(Geometry, FitRectFillsASameShapeTarget) {
    EXPECT_EQ(fitRect({640, 360}, {1280, 720}), (Rect{0, 0, 1280, 720}));
    EXPECT_EQ(fitRect({3, 2}, {3, 2}), (Rect{0, 0, 3, 2}));
}

TEST(Geometry, FitRectOfNothingIsEmpty) {
    EXPECT_EQ(fitRect({0, 0}, {640, 480}), (Rect{}));
    EXPECT_EQ(fitRect({640, 480}, {0, 480}), (Rect{}));
}

TEST(Geometry, FitRectNeverDegenerates) {
    const Rect thin = fitRect({10000, 1}, {100, 100});
    EXPECT_EQ(thin.height, 1);
    EXPECT_EQ(thin.width, 100);
}

TEST(Geometry, ScaledToWidthKeepsTheShape) {
    EXPECT_EQ(scaledToWidth({1920, 1080}, 640), (Size{640, 360}));
    EXPECT_EQ(scaledToWidth({1080, 1920}, 320), (Size{320, 569}));
    EXPECT_EQ(scaledToWidth({0, 0}, 320), (Size{}));
}

}  // namespace
}  // namespace mimic::render
