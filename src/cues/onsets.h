// When the child starts to move and to speak, and so how long the child took to respond
// (issue 15, "movement", "voice", "response latency"). Each is a level that rises over the
// recording's own quiet and stays up:
//
// - Motion: one energy per analysed frame (the mean absolute difference of two successive
//   downscaled grey pictures, 0-255). The floor is the recording's own still parts (the 20th
//   percentile of its energies: a practice recording is mostly waiting and watching); motion
//   is energy above max(3 x floor, floor + 2 grey levels) for at least 0.1 s.
// - Voice: mono samples in 10 ms windows, each window's RMS level in dB full scale. The floor
//   is the recording's noise (the 10th percentile of its windows); voice is a level above
//   max(floor + 15 dB, -55 dBFS) held for at least 150 ms, where dips of up to 40 ms between
//   syllables do not end it.
// - An onset is the start of the first such stretch that starts at or after `after` (the
//   "your turn" cue, or --from); none: std::nullopt.
// - Latency: from `after` to the earlier of the two onsets.
//
// Threads: any; pure functions.
#pragma once

#include <optional>
#include <span>
#include <vector>

namespace mimic::cues {

// A level at a time (seconds, increasing).
struct LevelSample {
    double time = 0.0;
    double level = 0.0;
};

// The q-quantile (0..1, nearest rank) of the levels; 0 for none.
double quantileLevel(std::span<const LevelSample> levels, double q);

// The time of the first sample at or after `after` from which the level stays >= threshold
// for at least `hold_s` (from that sample's time to the end of the last one above, a sample
// lasting until the next), dips below it shorter than `max_dip_s` not ending the stretch.
std::optional<double> firstHeldAbove(std::span<const LevelSample> levels, double after,
                                     double threshold, double hold_s, double max_dip_s = 0.0);

// The motion threshold for these energies (see above).
double motionThreshold(std::span<const LevelSample> energies);
std::optional<double> motionOnset(std::span<const LevelSample> energies, double after);

// Each 10 ms window's RMS level in dBFS (silence: -120), timed at the window's start.
// `first_sample_time` is the time of samples[0].
std::vector<LevelSample> soundLevels(std::span<const float> samples, int sample_rate,
                                     double first_sample_time = 0.0);
double voiceThreshold(std::span<const LevelSample> levels);
std::optional<double> voiceOnset(std::span<const LevelSample> levels, double after);

// Seconds from `after` to the earlier onset; nullopt when neither was found.
std::optional<double> responseLatency(double after, std::optional<double> motion_onset,
                                      std::optional<double> voice_onset);

}  // namespace mimic::cues
