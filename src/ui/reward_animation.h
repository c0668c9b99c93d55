// The reward's animation as plain C++ (no SDL, GL or ImGui), so its safety is tested without a
// window: where each star or confetti piece is at a time, how bright, and the flash count of
// WCAG 2.3.1 ("three flashes or below threshold") applied to any brightness over time.
//
// Safety by construction: every piece fades in and out over at least kFadeSeconds and
// twinkles at kTwinkleHz (1 Hz, a third of the limit); the screen behind never changes.
// tests/ui/reward_animation_test.cpp samples the model and counts flashes per second.
//
// Threads: any; values and pure functions.
#pragma once

#include <chrono>
#include <cstdint>
#include <vector>

namespace mimic::ui {

enum class RewardKind { kStars = 0, kConfetti };

// One piece at one moment. Positions and sizes are fractions of the screen's height (x of
// its width), so the model needs no screen size.
struct RewardPiece {
    int id = 0;             // stable over the animation
    float x = 0.0f;         // 0..1 of the width (centre)
    float y = 0.0f;         // 0..1 of the height (centre)
    float size = 0.0f;      // fraction of the height (outer radius, or half the side)
    float rotation = 0.0f;  // radians
    float opacity = 0.0f;   // 0..1
    int colour = 0;         // index into rewardColours()
};

struct RewardColour {
    float r = 0.0f;
    float g = 0.0f;
    float b = 0.0f;
};

// The soft, warm colours the pieces take (sRGB, 0..1).
const std::vector<RewardColour>& rewardColours();

class RewardAnimation {
  public:
    static constexpr double kTwinkleHz = 1.0;  // well under WCAG's 3 per second
    static constexpr double kFadeSeconds = 0.35;
    static constexpr std::chrono::milliseconds kDuration{2200};

    // The same kind and seed always give the same animation.
    RewardAnimation(RewardKind kind, std::uint32_t seed);

    RewardKind kind() const { return kind_; }
    // The pieces at `elapsed` from the reward's start; none after kDuration.
    std::vector<RewardPiece> at(std::chrono::milliseconds elapsed) const;
    // How many pieces there are in all (ids run 0..count-1).
    int pieceCount() const { return static_cast<int>(pieces_.size()); }

  private:
    struct Seed {
        float x0, y0, drift, speed, size, spin, phase, start_s;
        int colour;
    };
    RewardKind kind_;
    std::vector<Seed> pieces_;
};

// sRGB (0..1) to relative luminance (WCAG 2: linearised, 0.2126 R + 0.7152 G + 0.0722 B).
double relativeLuminance(RewardColour colour);

// WCAG 2.3.1's count: a flash is a pair of opposing changes in relative luminance of at
// least `threshold` (0.1: 10 % of the maximum). `samples` are luminances taken `sample_hz`
// times a second. Returns the most flashes in any one-second window.
int maxFlashesPerSecond(const std::vector<double>& samples, double sample_hz,
                        double threshold = 0.1);

}  // namespace mimic::ui
