#include "ui/layout.h"

#include <gtest/gtest.h>

namespace mimic::ui {
namespace {

TEST(FitPicture, WidePictureInTallAreaGetsBarsAboveAndBelow) {
    const Rect r = fitPicture(1920, 1080, Rect{10.0f, 20.0f, 800.0f, 800.0f});
    EXPECT_FLOAT_EQ(r.width, 800.0f);
    EXPECT_FLOAT_EQ(r.height, 450.0f);
    EXPECT_FLOAT_EQ(r.x, 10.0f);
    EXPECT_FLOAT_EQ(r.y, 20.0f + 175.0f);
}

TEST(FitPicture, NarrowPictureInWideAreaGetsBarsLeftAndRight) {
    const Rect r = fitPicture(320, 240, Rect{0.0f, 0.0f, 1000.0f, 600.0f});
    EXPECT_FLOAT_EQ(r.height, 600.0f);
    EXPECT_FLOAT_EQ(r.width, 800.0f);
    EXPECT_FLOAT_EQ(r.x, 100.0f);
    EXPECT_FLOAT_EQ(r.y, 0.0f);
}

TEST(FitPicture, SameAspectFillsTheArea) {
    const Rect r = fitPicture(640, 360, Rect{5.0f, 5.0f, 1280.0f, 720.0f});
    EXPECT_FLOAT_EQ(r.x, 5.0f);
    EXPECT_FLOAT_EQ(r.y, 5.0f);
    EXPECT_FLOAT_EQ(r.width, 1280.0f);
    EXPECT_FLOAT_EQ(r.height, 720.0f);
}

TEST(FitPicture, EmptyPictureOrAreaGivesNothingToDraw) {
    const Rect no_picture = fitPicture(0, 240, Rect{0.0f, 0.0f, 100.0f, 50.0f});
    EXPECT_FLOAT_EQ(no_picture.width, 0.0f);
    EXPECT_FLOAT_EQ(no_picture.height, 0.0f);
    EXPECT_FLOAT_EQ(no_picture.x, 50.0f);
    EXPECT_FLOAT_EQ(no_picture.y, 25.0f);
    const Rect no_area = fitPicture(320, 240, Rect{0.0f, 0.0f, 0.0f, 50.0f});
    EXPECT_FLOAT_EQ(no_area.width, 0.0f);
}

TEST(FormatDuration, ReadsAsMinutesAndSeconds) {
    EXPECT_EQ(formatDuration(0), "0:00");
    EXPECT_EQ(formatDuration(-5'000'000), "0:00");
    EXPECT_EQ(formatDuration(200'000), "0:01");  // a short clip is never "0:00"
    EXPECT_EQ(formatDuration(7'400'000), "0:07");
    EXPECT_EQ(formatDuration(7'600'000), "0:08");
    EXPECT_EQ(formatDuration(65'000'000), "1:05");
    EXPECT_EQ(formatDuration(3'723'000'000), "1:02:03");
}

}  // namespace
}  // namespace mimic::ui
