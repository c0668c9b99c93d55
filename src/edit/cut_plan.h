// Cutting practice recordings into one clip (issue 16, self-modelling clips): which ranges of
// which recording are kept, which recorded picture each picture of the new clip shows, and
// the new clip's sound with short crossfades at the joins. Plain: frame times and samples
// come in as numbers, so the rules are tested without a codec.
//
// Rules:
// - A keep is [start, end) in seconds of its recording. The keeps of one recording are in
//   order and do not overlap; every keep lies inside its recording and holds a picture.
// - The clip plays the keeps one after the other at a constant frame rate: its picture k is
//   at k / rate seconds. A keep is played from its first recorded picture (the keep's
//   "source start": at its start or less than a picture later), so picture k shows the
//   recorded picture nearest to the source start plus the time since the keep began in the
//   clip, chosen only among the pictures inside the keep. So no picture comes from outside
//   the keeps; a steady recording's pictures follow one another one for one (the first at or
//   after each mapped time), none frozen or skipped beyond what the recording itself has, also
//   when its pictures are not on the clip's grid (a recording whose pictures start 21 ms in,
//   behind its sound's encoder delay); and the clip lasts the keeps' sum to within half a
//   frame.
// - A slowed keep (Keep::slow) lasts that many times its length and maps its pictures at that
//   pace; it is silent.
// - The sound is the keeps' sound end to end, each from its source start (so it stays with
//   its pictures). At each join the sound of the keep that ends
//   fades out while the next one's fades in, over `crossfade` centred on the join (gains
//   summing to one), using the few milliseconds recorded beyond each keep where the recording has
//   them and silence where it does not: no click, and no change in length.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace mimic::edit {

struct Keep {
    int source = 0;  // which recording: an index into the caller's list
    std::int64_t start_us = 0;
    std::int64_t end_us = 0;
    // > 1: the keep plays this many times slower (a step shown in slow motion), each picture
    // held longer; its sound is left out (slowed speech is hard to follow), silent in the clip
    // with the usual crossfades either side.
    double slow = 1.0;
};

// The slowest a keep may play.
inline constexpr double kMaxSlow = 4.0;

// "START-END" in seconds ("1.5-4", "12-14.25"), start before end, both at least 0. The error
// names the text as typed.
Result<Keep> parseKeep(std::string_view text, int source = 0);

// Keeps seeded from coded stretches of one recording (a state code's [start, stop), e.g. the
// "independent" ones): in time order, stretches that overlap or touch made one.
std::vector<Keep> keepsFromStretches(std::vector<Keep> stretches);

// Whether the keeps can be cut from recordings lasting `durations_us` (indexed by source):
// each inside its recording, and in order without overlap within one recording. The error is
// one line naming the keep ("keep 3-5 overlaps keep 4-6", "keep 8-12 ends after the
// recording (10.0 s)").
Status checkKeeps(std::span<const Keep> keeps, std::span<const std::int64_t> durations_us);

// The recorded picture one picture of the clip shows.
struct CutPicture {
    int source = 0;
    std::size_t frame = 0;  // index into that source's frame times
    std::int64_t source_us = 0;
    std::int64_t clip_us = 0;  // its time in the clip
};

struct CutPlan {
    std::int64_t frame_period_us = 0;
    std::vector<CutPicture> pictures;           // in clip order
    std::int64_t duration_us = 0;               // the keeps' sum
    std::vector<std::int64_t> keep_starts_us;   // where each keep begins in the clip
    std::vector<std::int64_t> keep_sources_us;  // each keep's first picture in its recording
};

// The plan for `keeps` over the sources' picture times (`frame_times_us[source]`, increasing)
// at `frame_rate` pictures a second. An error when a keep holds no picture.
Result<CutPlan> planCut(std::span<const Keep> keeps,
                        const std::vector<std::vector<std::int64_t>>& frame_times_us,
                        double frame_rate);

// A recording's sound: interleaved samples from `start_us` on.
struct SourceSound {
    std::int64_t start_us = 0;
    std::vector<float> samples;
};

// The clip's sound for `plan` at `rate` Hz and `channels`, from each source's sound (a source
// without sound gives silence): round(duration * rate) frames, interleaved.
std::vector<float> cutSound(std::span<const Keep> keeps, const CutPlan& plan,
                            std::span<const SourceSound> sounds, int rate, int channels,
                            std::int64_t crossfade_us = 10'000);

}  // namespace mimic::edit
