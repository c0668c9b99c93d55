// The reward's animation is safe for a child who may have photosensitive seizures: sampled
// at 60 Hz over its whole run, no piece and no region of the screen flashes more than 3
// times in any second (WCAG 2.3.1), and the flash counter itself finds real flashing.
#include "ui/reward_animation.h"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <map>
#include <numbers>
#include <vector>

namespace mimic::ui {
namespace {

using std::chrono::milliseconds;

constexpr double kSampleHz = 60.0;
// The calm background the pieces are drawn on (theme.h kCalmBackground).
constexpr RewardColour kBackground{0.953f, 0.941f, 0.914f};

std::vector<double> squareWave(double hz, double seconds, double low, double high) {
    std::vector<double> out;
    for (int i = 0; i < static_cast<int>(seconds * kSampleHz); ++i) {
        const double t = i / kSampleHz;
        out.push_back(std::fmod(t * hz, 1.0) < 0.5 ? high : low);
    }
    return out;
}

TEST(FlashCount, FindsFlashesAboveThreeASecondAndIgnoresSmallOrSlowChanges) {
    EXPECT_EQ(maxFlashesPerSecond(squareWave(5.0, 3.0, 0.1, 0.9), kSampleHz), 5);
    EXPECT_EQ(maxFlashesPerSecond(squareWave(4.0, 3.0, 0.1, 0.9), kSampleHz), 4);
    EXPECT_LE(maxFlashesPerSecond(squareWave(1.0, 3.0, 0.1, 0.9), kSampleHz), 1);
    // Changes under 10 % of the maximum luminance are no flash, however fast.
    EXPECT_EQ(maxFlashesPerSecond(squareWave(10.0, 3.0, 0.50, 0.58), kSampleHz), 0);
    EXPECT_EQ(maxFlashesPerSecond({}, kSampleHz), 0);
    std::vector<double> steady(180, 0.7);
    EXPECT_EQ(maxFlashesPerSecond(steady, kSampleHz), 0);
}

// Every piece's own brightness where it is (it moves with the piece), blended over the
// background by its opacity, and the mean over each cell of a 4x4 grid of the screen.
void expectSafe(RewardKind kind, std::uint32_t seed) {
    const RewardAnimation animation(kind, seed);
    const double bg = relativeLuminance(kBackground);
    std::map<int, std::vector<double>> per_piece;
    std::array<std::vector<double>, 16> cells;
    const int samples =
        static_cast<int>(std::chrono::duration<double>(RewardAnimation::kDuration).count() *
                         kSampleHz) +
        30;
    for (int i = 0; i < samples; ++i) {
        const auto at = milliseconds(static_cast<int>(std::lround(i * 1000.0 / kSampleHz)));
        std::array<double, 16> cell{};
        cell.fill(bg);
        std::map<int, double> seen;
        for (const RewardPiece& p : animation.at(at)) {
            const double lum =
                relativeLuminance(rewardColours()[static_cast<std::size_t>(p.colour)]);
            seen[p.id] = bg + (lum - bg) * p.opacity;
            // A piece covers about size^2 * pi of the screen; a cell is 1/16 of it (16:9).
            const int cx = std::clamp(static_cast<int>(p.x * 4.0f), 0, 3);
            const int cy = std::clamp(static_cast<int>(p.y * 4.0f), 0, 3);
            const double share = std::numbers::pi * p.size * p.size * (9.0 / 16.0) * 16.0;
            cell[static_cast<std::size_t>(cy * 4 + cx)] += (lum - bg) * p.opacity * share;
        }
        for (int id = 0; id < animation.pieceCount(); ++id) {
            per_piece[id].push_back(seen.count(id) != 0 ? seen[id] : bg);
        }
        for (std::size_t c = 0; c < cells.size(); ++c)
            cells[c].push_back(cell[c]);
    }
    for (const auto& [id, series] : per_piece) {
        EXPECT_LE(maxFlashesPerSecond(series, kSampleHz), 3) << "piece " << id;
    }
    for (std::size_t c = 0; c < cells.size(); ++c) {
        EXPECT_LE(maxFlashesPerSecond(cells[c], kSampleHz), 3) << "cell " << c;
    }
}

TEST(RewardAnimation, StarsNeverFlashMoreThanThreeTimesASecond) {
    for (std::uint32_t seed : {1U, 2U, 3U, 42U})
        expectSafe(RewardKind::kStars, seed);
}

TEST(RewardAnimation, ConfettiNeverFlashesMoreThanThreeTimesASecond) {
    for (std::uint32_t seed : {1U, 2U, 3U, 42U})
        expectSafe(RewardKind::kConfetti, seed);
}

TEST(RewardAnimation, ReproducibleFadesInAndIsGoneAtTheEnd) {
    const RewardAnimation a(RewardKind::kStars, 7);
    const RewardAnimation b(RewardKind::kStars, 7);
    const auto mid = milliseconds(1000);
    ASSERT_EQ(a.at(mid).size(), b.at(mid).size());
    EXPECT_FALSE(a.at(mid).empty());
    for (std::size_t i = 0; i < a.at(mid).size(); ++i) {
        EXPECT_EQ(a.at(mid)[i].x, b.at(mid)[i].x);
        EXPECT_EQ(a.at(mid)[i].opacity, b.at(mid)[i].opacity);
    }
    for (const RewardPiece& p : a.at(milliseconds(0)))
        EXPECT_LT(p.opacity, 0.05f);
    EXPECT_TRUE(a.at(RewardAnimation::kDuration + milliseconds(1)).empty());
}

}  // namespace
}  // namespace mimic::ui
