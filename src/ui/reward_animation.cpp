#include "ui/reward_animation.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>

namespace mimic::ui {
namespace {

constexpr int kStarCount = 14;
constexpr int kConfettiCount = 40;
// How far a twinkle dims a piece: a gentle shimmer, not an on/off.
constexpr float kTwinkleDepth = 0.25f;
// Pieces start within this much of the reward's start, so all are gone by its end.
constexpr float kStartSpreadSeconds = 0.5f;

float fadeFactor(double age_s, double life_s) {
    if (age_s < 0.0 || age_s > life_s) return 0.0f;
    const double in = std::min(1.0, age_s / RewardAnimation::kFadeSeconds);
    const double out = std::min(1.0, (life_s - age_s) / RewardAnimation::kFadeSeconds);
    // Smoothstep: no sudden step at either end.
    auto smooth = [](double v) { return v * v * (3.0 - 2.0 * v); };
    return static_cast<float>(smooth(in) * smooth(out));
}

}  // namespace

const std::vector<RewardColour>& rewardColours() {
    static const std::vector<RewardColour> colours{
        {0.98f, 0.80f, 0.36f},  // honey yellow
        {0.96f, 0.62f, 0.52f},  // coral
        {0.55f, 0.78f, 0.72f},  // sea green
        {0.62f, 0.72f, 0.92f},  // sky blue
        {0.84f, 0.68f, 0.88f},  // lilac
    };
    return colours;
}

RewardAnimation::RewardAnimation(RewardKind kind, std::uint32_t seed) : kind_(kind) {
    std::mt19937 random(seed);
    std::uniform_real_distribution<float> unit(0.0f, 1.0f);
    const int count = kind == RewardKind::kStars ? kStarCount : kConfettiCount;
    const int colours = static_cast<int>(rewardColours().size());
    for (int i = 0; i < count; ++i) {
        Seed s{};
        s.x0 = 0.08f + 0.84f * unit(random);
        s.y0 =
            kind == RewardKind::kStars ? 0.35f + 0.5f * unit(random) : -0.05f - 0.2f * unit(random);
        s.drift = (unit(random) - 0.5f) * 0.08f;
        s.speed = kind == RewardKind::kStars ? 0.10f + 0.08f * unit(random)
                                             : 0.35f + 0.25f * unit(random);
        s.size = kind == RewardKind::kStars ? 0.045f + 0.04f * unit(random)
                                            : 0.012f + 0.01f * unit(random);
        s.spin = (unit(random) - 0.5f) * 2.0f;  // radians per second: a slow turn
        s.phase = unit(random);
        s.start_s = kStartSpreadSeconds * unit(random);
        s.colour = i % colours;
        pieces_.push_back(s);
    }
}

std::vector<RewardPiece> RewardAnimation::at(std::chrono::milliseconds elapsed) const {
    std::vector<RewardPiece> out;
    const double t = static_cast<double>(elapsed.count()) / 1000.0;
    const double total_s = std::chrono::duration<double>(kDuration).count();
    for (std::size_t i = 0; i < pieces_.size(); ++i) {
        const Seed& s = pieces_[i];
        const double age = t - s.start_s;
        const double life = total_s - s.start_s;
        const float fade = fadeFactor(age, life);
        if (fade <= 0.0f) continue;
        RewardPiece piece;
        piece.id = static_cast<int>(i);
        piece.colour = s.colour;
        piece.size = s.size;
        piece.rotation = static_cast<float>(s.spin * age);
        const double sway = std::sin(2.0 * std::numbers::pi * (0.5 * age + s.phase));
        if (kind_ == RewardKind::kStars) {
            // Stars rise slowly, as if floating up.
            piece.x = static_cast<float>(s.x0 + s.drift * age + 0.01 * sway);
            piece.y = static_cast<float>(s.y0 - s.speed * age);
        } else {
            // Confetti falls and sways like paper.
            piece.x = static_cast<float>(s.x0 + s.drift * age + 0.03 * sway);
            piece.y = static_cast<float>(s.y0 + s.speed * age);
        }
        const double twinkle =
            0.5 + 0.5 * std::cos(2.0 * std::numbers::pi * (kTwinkleHz * age + s.phase));
        piece.opacity = fade * (1.0f - kTwinkleDepth * static_cast<float>(twinkle));
        out.push_back(piece);
    }
    return out;
}

double relativeLuminance(RewardColour colour) {
    auto linear = [](float c) {
        const double v = c;
        return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * linear(colour.r) + 0.7152 * linear(colour.g) + 0.0722 * linear(colour.b);
}

int maxFlashesPerSecond(const std::vector<double>& samples, double sample_hz, double threshold) {
    if (samples.empty() || sample_hz <= 0.0) return 0;
    // A transition is a change of at least `threshold` from the last turning point in the
    // other direction (hysteresis: a wobble smaller than the threshold is no change).
    std::vector<std::size_t> transitions;
    int direction = 0;  // +1 rising, -1 falling, 0 not yet moved
    double low = samples.front();
    double high = samples.front();
    for (std::size_t i = 1; i < samples.size(); ++i) {
        const double v = samples[i];
        low = std::min(low, v);
        high = std::max(high, v);
        if (direction != 1 && v - low >= threshold) {
            transitions.push_back(i);
            direction = 1;
            high = v;
        } else if (direction != -1 && high - v >= threshold) {
            transitions.push_back(i);
            direction = -1;
            low = v;
        }
    }
    // Most transitions inside any one-second window; two make a flash.
    const auto window = static_cast<std::size_t>(std::llround(sample_hz));
    std::size_t best = 0;
    std::size_t first = 0;
    for (std::size_t last = 0; last < transitions.size(); ++last) {
        while (transitions[last] - transitions[first] >= window)
            ++first;
        best = std::max(best, last - first + 1);
    }
    return static_cast<int>(best / 2);
}

}  // namespace mimic::ui
