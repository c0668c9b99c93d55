#include "cues/onsets.h"

#include <algorithm>
#include <cmath>

namespace mimic::cues {

namespace {

constexpr double kMotionFloorQuantile = 0.2;
constexpr double kMotionFactor = 3.0;
constexpr double kMotionMinRise = 2.0;  // grey levels
constexpr double kMotionHoldS = 0.1;

constexpr double kWindowS = 0.010;
constexpr double kSilenceDb = -120.0;
constexpr double kVoiceFloorQuantile = 0.1;
constexpr double kVoiceRiseDb = 15.0;
constexpr double kVoiceMinDb = -55.0;
constexpr double kVoiceHoldS = 0.150;
constexpr double kVoiceMaxDipS = 0.040;

// How long sample i lasts: until the next one, the last one as long as the one before it.
double sampleEnd(std::span<const LevelSample> levels, std::size_t i) {
    if (i + 1 < levels.size()) return levels[i + 1].time;
    if (i > 0) return levels[i].time + (levels[i].time - levels[i - 1].time);
    return levels[i].time;
}

}  // namespace

double quantileLevel(std::span<const LevelSample> levels, double q) {
    if (levels.empty()) return 0.0;
    std::vector<double> values;
    values.reserve(levels.size());
    for (const LevelSample& sample : levels)
        values.push_back(sample.level);
    const auto rank = static_cast<std::size_t>(
        std::clamp(q, 0.0, 1.0) * static_cast<double>(values.size() - 1) + 0.5);
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(rank),
                     values.end());
    return values[rank];
}

std::optional<double> firstHeldAbove(std::span<const LevelSample> levels, double after,
                                     double threshold, double hold_s, double max_dip_s) {
    std::size_t i = 0;
    while (i < levels.size()) {
        if (levels[i].time < after || levels[i].level < threshold) {
            ++i;
            continue;
        }
        // A stretch from i: above, with dips shorter than max_dip_s.
        const std::size_t first = i;
        std::size_t last = i;
        std::size_t at = i + 1;
        while (at < levels.size()) {
            if (levels[at].level >= threshold) {
                last = at++;
                continue;
            }
            std::size_t dip_end = at;
            while (dip_end < levels.size() && levels[dip_end].level < threshold)
                ++dip_end;
            if (dip_end == levels.size() || levels[dip_end].time - levels[at].time >= max_dip_s)
                break;
            at = dip_end;
        }
        // A small tolerance: times are sums of steps, and a hold of exactly k steps must count.
        if (sampleEnd(levels, last) - levels[first].time >= hold_s - 1e-9)
            return levels[first].time;
        i = last + 1;
    }
    return std::nullopt;
}

double motionThreshold(std::span<const LevelSample> energies) {
    const double floor = quantileLevel(energies, kMotionFloorQuantile);
    return std::max(kMotionFactor * floor, floor + kMotionMinRise);
}

std::optional<double> motionOnset(std::span<const LevelSample> energies, double after) {
    return firstHeldAbove(energies, after, motionThreshold(energies), kMotionHoldS);
}

std::vector<LevelSample> soundLevels(std::span<const float> samples, int sample_rate,
                                     double first_sample_time) {
    std::vector<LevelSample> levels;
    if (sample_rate <= 0) return levels;
    const auto window = static_cast<std::size_t>(std::lround(kWindowS * sample_rate));
    if (window == 0) return levels;
    for (std::size_t start = 0; start + window <= samples.size(); start += window) {
        double sum = 0.0;
        for (std::size_t k = start; k < start + window; ++k)
            sum += static_cast<double>(samples[k]) * samples[k];
        const double rms = std::sqrt(sum / static_cast<double>(window));
        const double db = rms > 0.0 ? std::max(20.0 * std::log10(rms), kSilenceDb) : kSilenceDb;
        levels.push_back({first_sample_time + static_cast<double>(start) / sample_rate, db});
    }
    return levels;
}

double voiceThreshold(std::span<const LevelSample> levels) {
    return std::max(quantileLevel(levels, kVoiceFloorQuantile) + kVoiceRiseDb, kVoiceMinDb);
}

std::optional<double> voiceOnset(std::span<const LevelSample> levels, double after) {
    return firstHeldAbove(levels, after, voiceThreshold(levels), kVoiceHoldS, kVoiceMaxDipS);
}

std::optional<double> responseLatency(double after, std::optional<double> motion_onset,
                                      std::optional<double> voice_onset) {
    std::optional<double> first;
    for (const std::optional<double>& onset : {motion_onset, voice_onset}) {
        if (onset && *onset >= after && (!first || *onset < *first)) first = onset;
    }
    if (!first) return std::nullopt;
    return *first - after;
}

}  // namespace mimic::cues
