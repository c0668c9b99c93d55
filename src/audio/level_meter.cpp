#include "audio/level_meter.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace mimic::audio {

double rmsDbfs(std::span<const float> samples) {
    if (samples.empty()) return -std::numeric_limits<double>::infinity();
    // In double: a second of float squares summed in float loses the quiet end of the meter.
    double sum = 0.0;
    for (const float s : samples)
        sum += static_cast<double>(s) * static_cast<double>(s);
    const double rms = std::sqrt(sum / static_cast<double>(samples.size()));
    if (rms <= 0.0) return -std::numeric_limits<double>::infinity();
    return 20.0 * std::log10(rms);
}

float meterLevel(double dbfs) {
    if (std::isnan(dbfs)) return 0.0f;
    const double level = (dbfs - kMeterFloorDbfs) / -kMeterFloorDbfs;
    return static_cast<float>(std::clamp(level, 0.0, 1.0));
}

float meterLevelOf(std::span<const float> samples) {
    return meterLevel(rmsDbfs(samples));
}

}  // namespace mimic::audio
