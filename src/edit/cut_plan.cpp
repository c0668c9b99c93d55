#include "edit/cut_plan.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <numbers>

namespace mimic::edit {

namespace {

// A picture this little before a keep's start still counts as inside it: times typed to the
// millisecond, pictures stamped to the microsecond.
constexpr std::int64_t kStartSlackUs = 1'000;

std::string seconds(std::int64_t us) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", static_cast<double>(us) / 1e6);
    return text;
}

std::string named(const Keep& keep) {
    return "keep " + seconds(keep.start_us) + "-" + seconds(keep.end_us);
}

bool parseSeconds(std::string_view text, double& value) {
    if (text.empty()) return false;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    return error == std::errc{} && end == text.data() + text.size() && std::isfinite(value) &&
           value >= 0.0;
}

// Where each keep begins in the clip, and the clip's length.
std::vector<std::int64_t> keepStarts(std::span<const Keep> keeps, std::int64_t& total) {
    std::vector<std::int64_t> starts;
    total = 0;
    for (const Keep& keep : keeps) {
        starts.push_back(total);
        total += std::llround(static_cast<double>(keep.end_us - keep.start_us) * keep.slow);
    }
    return starts;
}

}  // namespace

Result<Keep> parseKeep(std::string_view text, int source) {
    const auto dash = text.find('-', 1);
    double start = 0.0;
    double end = 0.0;
    if (dash == std::string_view::npos || !parseSeconds(text.substr(0, dash), start) ||
        !parseSeconds(text.substr(dash + 1), end)) {
        return Error{"keep '" + std::string(text) +
                     "' is not START-END in seconds of the recording (e.g. 1.5-4)"};
    }
    if (end <= start) return Error{"keep '" + std::string(text) + "' ends before it starts"};
    return Keep{source, std::llround(start * 1e6), std::llround(end * 1e6)};
}

std::vector<Keep> keepsFromStretches(std::vector<Keep> stretches) {
    std::erase_if(stretches, [](const Keep& k) { return k.end_us <= k.start_us; });
    std::sort(stretches.begin(), stretches.end(),
              [](const Keep& a, const Keep& b) { return a.start_us < b.start_us; });
    std::vector<Keep> keeps;
    for (const Keep& stretch : stretches) {
        if (!keeps.empty() && stretch.start_us <= keeps.back().end_us) {
            keeps.back().end_us = std::max(keeps.back().end_us, stretch.end_us);
        } else {
            keeps.push_back(stretch);
        }
    }
    return keeps;
}

Status checkKeeps(std::span<const Keep> keeps, std::span<const std::int64_t> durations_us) {
    if (keeps.empty()) return Error{"no keeps: say which ranges to keep with --keep START-END"};
    for (std::size_t i = 0; i < keeps.size(); ++i) {
        const Keep& keep = keeps[i];
        if (keep.source < 0 || static_cast<std::size_t>(keep.source) >= durations_us.size())
            return Error{named(keep) + " names no recording"};
        if (keep.start_us < 0 || keep.end_us <= keep.start_us)
            return Error{named(keep) + " ends before it starts"};
        if (!(keep.slow >= 1.0 && keep.slow <= kMaxSlow)) {
            return Error{named(keep) + ": slow it by 1 to " +
                         seconds(std::llround(kMaxSlow * 1e6)) + " times, not " +
                         seconds(std::llround(keep.slow * 1e6))};
        }
        const std::int64_t duration = durations_us[static_cast<std::size_t>(keep.source)];
        if (keep.start_us >= duration || keep.end_us > duration + kStartSlackUs) {
            return Error{named(keep) + " ends after the recording (" + seconds(duration) + " s)"};
        }
        for (std::size_t j = i; j-- > 0;) {
            const Keep& earlier = keeps[j];
            if (earlier.source != keep.source) continue;
            if (keep.start_us < earlier.end_us && keep.end_us > earlier.start_us)
                return Error{named(keep) + " overlaps " + named(earlier)};
            if (keep.start_us < earlier.start_us) {
                return Error{named(keep) + " comes before " + named(earlier) +
                             " in the recording: keeps of one recording go in order"};
            }
        }
    }
    return {};
}

Result<CutPlan> planCut(std::span<const Keep> keeps,
                        const std::vector<std::vector<std::int64_t>>& frame_times_us,
                        double frame_rate) {
    if (!(frame_rate > 0.0)) return Error{"the recording has no frame rate"};
    CutPlan plan;
    plan.frame_period_us = std::llround(1e6 / frame_rate);
    plan.keep_starts_us = keepStarts(keeps, plan.duration_us);
    // Each keep's pictures: [first, last) indices into its source's times.
    std::vector<std::pair<std::size_t, std::size_t>> inside;
    for (const Keep& keep : keeps) {
        if (keep.source < 0 || static_cast<std::size_t>(keep.source) >= frame_times_us.size())
            return Error{named(keep) + " names no recording"};
        const auto& times = frame_times_us[static_cast<std::size_t>(keep.source)];
        const auto first =
            std::lower_bound(times.begin(), times.end(), keep.start_us - kStartSlackUs);
        const auto last = std::lower_bound(first, times.end(), keep.end_us);
        if (first == last) return Error{named(keep) + " holds no picture of the recording"};
        inside.emplace_back(first - times.begin(), last - times.begin());
        plan.keep_sources_us.push_back(*first);
    }
    const auto count = std::llround(static_cast<double>(plan.duration_us) * frame_rate / 1e6);
    std::size_t piece = 0;
    for (std::int64_t k = 0; k < count; ++k) {
        const double t = static_cast<double>(k) * 1e6 / frame_rate;
        while (piece + 1 < keeps.size() &&
               t >= static_cast<double>(plan.keep_starts_us[piece + 1])) {
            ++piece;
        }
        const Keep& keep = keeps[piece];
        const auto& times = frame_times_us[static_cast<std::size_t>(keep.source)];
        const double mapped = static_cast<double>(plan.keep_sources_us[piece]) +
                              (t - static_cast<double>(plan.keep_starts_us[piece])) / keep.slow;
        // The nearest picture inside the keep; of two as near, the later (as a seek to the
        // mapped time would land).
        const auto begin = times.begin() + static_cast<std::ptrdiff_t>(inside[piece].first);
        const auto end = times.begin() + static_cast<std::ptrdiff_t>(inside[piece].second);
        auto at = std::lower_bound(begin, end, static_cast<std::int64_t>(std::ceil(mapped)));
        if (at == end) {
            --at;
        } else if (at != begin &&
                   mapped - static_cast<double>(*(at - 1)) < static_cast<double>(*at) - mapped) {
            --at;
        }
        plan.pictures.push_back(
            {keep.source, static_cast<std::size_t>(at - times.begin()), *at, std::llround(t)});
    }
    return plan;
}

std::vector<float> cutSound(std::span<const Keep> keeps, const CutPlan& plan,
                            std::span<const SourceSound> sounds, int rate, int channels,
                            std::int64_t crossfade_us) {
    const auto toFrames = [rate](std::int64_t us) {
        return std::llround(static_cast<double>(us) * rate / 1e6);
    };
    const std::int64_t total = toFrames(plan.duration_us);
    std::vector<float> out(static_cast<std::size_t>(std::max<std::int64_t>(total, 0)) * channels,
                           0.0f);
    if (keeps.empty() || channels <= 0) return out;
    std::vector<std::int64_t> begins;  // each keep's first frame in the clip
    for (std::int64_t start : plan.keep_starts_us)
        begins.push_back(toFrames(start));
    begins.push_back(total);
    // Keep `piece`'s sample for clip frame `n` and channel `c`, also beyond the keep's ends
    // (the recording's sound there, or silence).
    const auto sample = [&](std::size_t piece, std::int64_t n, int c) -> float {
        const Keep& keep = keeps[piece];
        if (keep.slow != 1.0) return 0.0f;  // a slowed step is silent
        if (keep.source < 0 || static_cast<std::size_t>(keep.source) >= sounds.size()) return 0.0f;
        const SourceSound& sound = sounds[static_cast<std::size_t>(keep.source)];
        const std::int64_t at =
            toFrames(plan.keep_sources_us[piece] - sound.start_us) + (n - begins[piece]);
        const auto frames = static_cast<std::int64_t>(sound.samples.size()) / channels;
        if (at < 0 || at >= frames) return 0.0f;
        return sound.samples[static_cast<std::size_t>(at * channels + c)];
    };
    for (std::size_t piece = 0; piece < keeps.size(); ++piece) {
        for (std::int64_t n = begins[piece]; n < begins[piece + 1]; ++n) {
            for (int c = 0; c < channels; ++c)
                out[static_cast<std::size_t>(n * channels + c)] = sample(piece, n, c);
        }
    }
    const std::int64_t half = toFrames(crossfade_us) / 2;
    for (std::size_t piece = 0; piece + 1 < keeps.size(); ++piece) {
        const Keep& ending = keeps[piece];
        const Keep& next = keeps[piece + 1];
        // One recording going on where it stopped: nothing to smooth.
        if (ending.source == next.source && ending.slow == 1.0 && next.slow == 1.0 &&
            toFrames(plan.keep_sources_us[piece] + (ending.end_us - ending.start_us)) ==
                toFrames(plan.keep_sources_us[piece + 1])) {
            continue;
        }
        const std::int64_t join = begins[piece + 1];
        const std::int64_t h =
            std::min({half, (join - begins[piece]) / 2, (begins[piece + 2] - join) / 2});
        for (std::int64_t n = join - h; n < join + h; ++n) {
            const double x =
                (static_cast<double>(n - (join - h)) + 0.5) / static_cast<double>(2 * h);
            // Raised-cosine gains that sum to one: the join is never louder than the louder
            // of the two sounds (two takes of one voice are alike, and equal power would
            // swell them by up to 3 dB).
            const double fade = std::cos(x * std::numbers::pi / 2.0);
            const auto out_gain = static_cast<float>(fade * fade);
            const auto in_gain = 1.0f - out_gain;
            for (int c = 0; c < channels; ++c) {
                out[static_cast<std::size_t>(n * channels + c)] =
                    out_gain * sample(piece, n, c) + in_gain * sample(piece + 1, n, c);
            }
        }
    }
    // The clip's own start and end fade in and out as briefly: the first and last samples
    // are cut from the middle of the sound.
    const std::int64_t edge = std::min(half, total / 2);
    for (std::int64_t n = 0; n < edge; ++n) {
        const auto gain =
            static_cast<float>((static_cast<double>(n) + 0.5) / static_cast<double>(edge));
        for (int c = 0; c < channels; ++c) {
            out[static_cast<std::size_t>(n * channels + c)] *= gain;
            out[static_cast<std::size_t>((total - 1 - n) * channels + c)] *= gain;
        }
    }
    return out;
}

}  // namespace mimic::edit
