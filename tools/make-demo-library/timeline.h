// Timeline: when each narration line is spoken and how long the clip lasts. Pure logic.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "common/result.h"

namespace mimic::demo {

struct LineTiming {
    double start_s = 0;       // speech (and its caption) starts
    double speech_end_s = 0;  // speech (and its caption) ends; a pause follows
};

struct Timeline {
    std::vector<LineTiming> lines;
    double duration_s = 0;  // whole clip, kMinClipS..kMaxClipS
};

inline constexpr double kMinClipS = 8.0;
inline constexpr double kMaxClipS = 20.0;

// Lays lines of the given spoken lengths out one after another: a short lead-in, each line
// followed by a pause, and a calm ending. A clip shorter than kMinClipS gets a longer
// ending; a longer one gets shorter pauses. Fails if the speech alone does not fit.
Result<Timeline> planTimeline(std::span<const double> speech_lengths_s);

// The captions as SubRip text (one cue per line, shown exactly while it is spoken).
std::string toSrt(const Timeline& timeline, std::span<const std::string> lines);

}  // namespace mimic::demo
