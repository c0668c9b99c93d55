// The microphone's level as a person reads it off a meter: how loud a short stretch of sound
// was, from 0 (silence, or quieter than the meter's floor) to 1 (full scale). Plain functions,
// no SDL: AudioCapture measures each buffer with them on SDL's audio thread (~21 ms of sound),
// and tests check them with known signals.
//
// Threads: any; pure functions.
#pragma once

#include <span>

namespace mimic::audio {

// The meter's floor: quieter sound reads 0. Speech at a normal distance from a laptop
// microphone is around -30 to -15 dBFS; a room's hum below -60 is not worth showing.
inline constexpr double kMeterFloorDbfs = -60.0;

// The RMS of `samples` (float, full scale = 1.0) in dB relative to full scale: a square wave
// of amplitude 1 is 0 dBFS, a sine of amplitude A is 20*log10(A / sqrt(2)). -infinity for
// silence or no samples.
double rmsDbfs(std::span<const float> samples);

// `dbfs` on the meter: linear in dB from kMeterFloorDbfs (0) to 0 dBFS (1), clamped to 0..1.
float meterLevel(double dbfs);

// meterLevel(rmsDbfs(samples)).
float meterLevelOf(std::span<const float> samples);

}  // namespace mimic::audio
