#include "timeline.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

namespace mimic::demo {
namespace {

// The scene settles for a moment before anyone speaks.
constexpr double kLeadInS = 1.0;
// Silence after each line: time to look at what happens before the next line.
constexpr double kPauseS = 0.6;
// Calm frames after the last line, so the clip does not stop on a word.
constexpr double kEndingS = 1.5;
// Shortest lead-in, pause and ending when a long narration must be squeezed.
constexpr double kMinLeadInS = 0.5;
constexpr double kMinPauseS = 0.25;
constexpr double kMinEndingS = 0.8;

std::string srtTime(double seconds) {
    const auto total_ms = static_cast<long long>(std::llround(seconds * 1000.0));
    char text[32];
    std::snprintf(text, sizeof text, "%02lld:%02lld:%02lld,%03lld", total_ms / 3600000,
                  total_ms / 60000 % 60, total_ms / 1000 % 60, total_ms % 1000);
    return text;
}

}  // namespace

Result<Timeline> planTimeline(std::span<const double> speech_lengths_s) {
    const double speech_s = std::accumulate(speech_lengths_s.begin(), speech_lengths_s.end(), 0.0);
    const auto line_count = static_cast<double>(speech_lengths_s.size());
    double lead_in_s = kLeadInS;
    double pause_s = kPauseS;
    double ending_s = kEndingS;
    // Pauses sit between lines; the last line is followed by the ending instead.
    const double gaps = std::max(0.0, line_count - 1.0);
    auto total = [&] { return lead_in_s + speech_s + gaps * pause_s + ending_s; };
    if (total() > kMaxClipS) {
        lead_in_s = kMinLeadInS;
        ending_s = kMinEndingS;
        const double room_s = kMaxClipS - (lead_in_s + speech_s + ending_s);
        pause_s = gaps > 0 ? std::clamp(room_s / gaps, kMinPauseS, kPauseS) : 0.0;
        if (total() > kMaxClipS + 1e-9) {
            char text[160];
            std::snprintf(text, sizeof text,
                          "the narration takes %.1f s, too long for a clip of at most %.0f s; "
                          "shorten its lines",
                          speech_s, kMaxClipS);
            return Error{text};
        }
    }
    if (total() < kMinClipS) {
        ending_s += kMinClipS - total();
    }
    Timeline timeline;
    double t = lead_in_s;
    for (double length_s : speech_lengths_s) {
        timeline.lines.push_back({t, t + length_s});
        t += length_s + pause_s;
    }
    timeline.duration_s = total();
    return timeline;
}

std::string toSrt(const Timeline& timeline, std::span<const std::string> lines) {
    std::string srt;
    for (std::size_t i = 0; i < timeline.lines.size() && i < lines.size(); ++i) {
        srt += std::to_string(i + 1) + "\n" + srtTime(timeline.lines[i].start_s) + " --> " +
               srtTime(timeline.lines[i].speech_end_s) + "\n" + lines[i] + "\n\n";
    }
    return srt;
}

}  // namespace mimic::demo
