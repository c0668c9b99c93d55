// Internal to the player engine: the audio decoder's filter graph, which plays sound at
// another rate without changing its pitch and converts it to what the device takes:
// abuffer -> [rubberband, else atempo] -> aformat(flt, rate, layout) -> abuffersink.
//
// Ownership: a TempoFilter owns its graph; move-only. Threads: one at a time per filter;
// tempoOffsetSamples may be called from any thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "common/result.h"
#include "media/ffmpeg_util.h"
#include "media/player.h"

extern "C" {
#include <libavfilter/avfilter.h>
}

namespace mimic::media {

struct FilterGraphDeleter {
    void operator()(AVFilterGraph* g) const { avfilter_graph_free(&g); }
};

struct TempoFilter {
    std::unique_ptr<AVFilterGraph, FilterGraphDeleter> graph;
    AVFilterContext* source = nullptr;  // frames go in here (av_buffersrc_add_frame)
    AVFilterContext* sink = nullptr;    // and come out here (av_buffersink_get_frame)
};

// A graph taking sound of the given rate, format and layout through the filters of `chain`
// (FFmpeg's filter syntax, e.g. "atempo=2,aformat=sample_fmts=flt"). Errors say what could not
// be set up. The player's tempo filter and the voice shifter (voice_shift.h) are such graphs.
Result<TempoFilter> makeAudioFilterGraph(int sample_rate, AVSampleFormat sample_format,
                                         const AVChannelLayout& channel_layout,
                                         const std::string& chain);

// A graph taking sound of the given rate, format and layout, playing it at `rate` times its
// speed and giving interleaved float in `out`. Errors say what could not be set up.
Result<TempoFilter> makeTempoFilter(int sample_rate, AVSampleFormat sample_format,
                                    const AVChannelLayout& channel_layout, double rate,
                                    const AudioFormat& out);

// Where the tempo filter really puts a sound: output samples between where an onset comes
// out and where rate alone puts it (time-stretchers shift onsets by a window-sized amount
// that depends on the rate). Measured once per rate with a tone burst; 0 at 1x.
std::int64_t tempoOffsetSamples(int sample_rate, double rate);

}  // namespace mimic::media
