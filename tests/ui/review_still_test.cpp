// The review still's layout (issue 12, build 5: `mimic review --out`), without GL: the two
// panes side by side with their pictures, a dark pane where a file has no frame yet, and the
// strip with the files, a coder's events and the playhead where the strip puts them.
#include "ui/review_still.h"

#include <gtest/gtest.h>

namespace mimic::ui {
namespace {

render::RgbImage solid(render::Size size, std::uint8_t r, std::uint8_t g, std::uint8_t b) {
    render::RgbImage image{size.width, size.height, {}};
    for (int i = 0; i < size.width * size.height; ++i)
        image.pixels.insert(image.pixels.end(), {r, g, b});
    return image;
}

std::array<int, 3> pixel(const render::RgbImage& image, int x, int y) {
    const std::uint8_t* p = image.at(x, y);
    return {p[0], p[1], p[2]};
}

TEST(ReviewStill, PanesSideBySideAndTheStripBelow) {
    const render::Size pane{64, 36};
    review::TimelineStrip strip;
    strip.model = {0.5, 1.0};
    strip.practice = {0.0, 0.75};
    strip.practice_start = 0.5;
    strip.playhead = 0.25;
    strip.rows.push_back({"A", {{{0.0, 0.1}, false}, {{0.9, 0.9}, true}}});
    const render::RgbImage image =
        composeReviewStill(solid(pane, 200, 10, 10), render::RgbImage{}, pane, strip);
    EXPECT_EQ(image.width, 8 + 64 + 8 + 64 + 8);
    const int strip_top = 8 + 36 + 3 + 8;
    EXPECT_EQ(image.height, strip_top + 2 * 14 + 18 + 8);
    EXPECT_EQ(pixel(image, 8 + 30, 8 + 18), (std::array<int, 3>{200, 10, 10}));       // the model
    EXPECT_EQ(pixel(image, 8 + 64 + 8 + 30, 8 + 18), (std::array<int, 3>{0, 0, 0}));  // none yet
    // Track from x 8, 136 wide: the model's row is coloured from its middle on, not before.
    const int track = 152 - 16;
    const auto x = [&](double at) { return 8 + static_cast<int>(at * track); };
    EXPECT_NE(pixel(image, x(0.75), strip_top + 5), pixel(image, x(0.4), strip_top + 5));
    // The coder's state bar at the start, its point near the end, the playhead at a quarter.
    const int coder_row = strip_top + 2 * 14;
    EXPECT_NE(pixel(image, x(0.05), coder_row + 7), pixel(image, x(0.5), coder_row + 7));
    EXPECT_NE(pixel(image, x(0.9), coder_row + 7), pixel(image, x(0.5), coder_row + 7));
    EXPECT_EQ(pixel(image, x(0.25), coder_row + 7), (std::array<int, 3>{255, 214, 64}));
}

}  // namespace
}  // namespace mimic::ui
