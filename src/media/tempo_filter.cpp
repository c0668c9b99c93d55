#include "media/tempo_filter.h"

extern "C" {
#include <libavfilter/buffersink.h>
#include <libavfilter/buffersrc.h>
#include <libavutil/channel_layout.h>
}

#include <cmath>
#include <map>
#include <mutex>
#include <string>
#include <utility>

namespace mimic::media {

namespace {

std::string tempoChain(double rate) {
    if (std::abs(rate - 1.0) < 1e-6) return "";
    // rubberband (librubberband) keeps transients where they were; atempo's WSOLA moves an
    // onset up to one 42 ms analysis window early at slow rates (measured: a beep heard
    // ~60 ms before its flash at 0.5x). atempo stays the fallback.
    if (avfilter_get_by_name("rubberband") != nullptr)
        return "rubberband=tempo=" + std::to_string(rate) + ":transients=crisp:window=short,";
    std::string chain;  // atempo takes 0.5..2.0 per instance; 0.25 is two halvings
    while (rate < 0.5) {
        chain += "atempo=0.5,";
        rate /= 0.5;
    }
    if (std::abs(rate - 1.0) > 1e-6) chain += "atempo=" + std::to_string(rate) + ",";
    return chain;
}

}  // namespace

Result<TempoFilter> makeAudioFilterGraph(int sample_rate, AVSampleFormat sample_format,
                                         const AVChannelLayout& channel_layout,
                                         const std::string& chain) {
    TempoFilter f;
    f.graph.reset(avfilter_graph_alloc());
    if (f.graph == nullptr) return Error{"out of memory for the audio filter"};
    f.graph->nb_threads = 1;
    char layout[128] = {};
    av_channel_layout_describe(&channel_layout, layout, sizeof layout);
    const std::string source_args = "time_base=1/" + std::to_string(sample_rate) +
                                    ":sample_rate=" + std::to_string(sample_rate) +
                                    ":sample_fmt=" + av_get_sample_fmt_name(sample_format) +
                                    ":channel_layout=" + layout;
    int e = avfilter_graph_create_filter(&f.source, avfilter_get_by_name("abuffer"), "in",
                                         source_args.c_str(), nullptr, f.graph.get());
    if (e >= 0)
        e = avfilter_graph_create_filter(&f.sink, avfilter_get_by_name("abuffersink"), "out",
                                         nullptr, nullptr, f.graph.get());
    if (e < 0) return Error{"cannot set up the audio filter: " + ffmpegErrorText(e)};
    AVFilterInOut* outputs = avfilter_inout_alloc();
    AVFilterInOut* inputs = avfilter_inout_alloc();
    outputs->name = av_strdup("in");
    outputs->filter_ctx = f.source;
    inputs->name = av_strdup("out");
    inputs->filter_ctx = f.sink;
    e = avfilter_graph_parse_ptr(f.graph.get(), chain.c_str(), &inputs, &outputs, nullptr);
    avfilter_inout_free(&inputs);
    avfilter_inout_free(&outputs);
    if (e >= 0) e = avfilter_graph_config(f.graph.get(), nullptr);
    if (e < 0)
        return Error{"cannot set up the audio filter '" + chain + "': " + ffmpegErrorText(e)};
    return f;
}

Result<TempoFilter> makeTempoFilter(int sample_rate, AVSampleFormat sample_format,
                                    const AVChannelLayout& channel_layout, double rate,
                                    const AudioFormat& out) {
    return makeAudioFilterGraph(sample_rate, sample_format, channel_layout,
                                tempoChain(rate) + "aformat=sample_fmts=flt:sample_rates=" +
                                    std::to_string(out.sample_rate) +
                                    ":channel_layouts=" + (out.channels == 1 ? "mono" : "stereo"));
}

std::int64_t tempoOffsetSamples(int sample_rate, double rate) {
    if (std::abs(rate - 1.0) < 1e-6) return 0;
    static std::mutex mutex;
    static std::map<std::pair<int, double>, std::int64_t> measured;
    std::lock_guard lock(mutex);
    if (auto it = measured.find({sample_rate, rate}); it != measured.end()) return it->second;
    const AVChannelLayout mono = AV_CHANNEL_LAYOUT_MONO;
    auto filter = makeTempoFilter(sample_rate, AV_SAMPLE_FMT_FLT, mono, rate, {sample_rate, 1});
    if (!filter) return 0;
    const int lead = sample_rate / 2;  // silence before the burst
    const int total = lead * 2;
    const int burst = sample_rate / 20;
    constexpr int kChunk = 1024;
    FramePtr in = makeFrame();
    FramePtr out = makeFrame();
    std::int64_t produced = 0;
    std::int64_t onset = -1;
    const auto drainOutput = [&] {
        while (av_buffersink_get_frame(filter->sink, out.get()) >= 0) {
            const auto* x = reinterpret_cast<const float*>(out->data[0]);
            for (int i = 0; i < out->nb_samples && onset < 0; ++i)
                if (std::fabs(x[i]) > 0.1F) onset = produced + i;
            produced += out->nb_samples;
            av_frame_unref(out.get());
        }
    };
    for (int at = 0; at < total; at += kChunk) {
        in->format = AV_SAMPLE_FMT_FLT;
        in->sample_rate = sample_rate;
        in->nb_samples = std::min(kChunk, total - at);
        av_channel_layout_copy(&in->ch_layout, &mono);
        if (av_frame_get_buffer(in.get(), 0) < 0) return 0;
        auto* x = reinterpret_cast<float*>(in->data[0]);
        for (int i = 0; i < in->nb_samples; ++i) {
            const int n = at + i;
            x[i] = n >= lead && n < lead + burst
                       ? 0.5F * static_cast<float>(std::sin(2 * M_PI * 1000.0 * n / sample_rate))
                       : 0.0F;
        }
        in->pts = at;
        if (av_buffersrc_add_frame(filter->source, in.get()) < 0) return 0;
        av_frame_unref(in.get());
        drainOutput();
    }
    if (av_buffersrc_add_frame(filter->source, nullptr) >= 0) drainOutput();
    // The burst's first sample above the threshold is its second (sin(0) = 0).
    const auto expected = static_cast<std::int64_t>(static_cast<double>(lead + 1) / rate);
    const std::int64_t offset = onset >= 0 ? onset - expected : 0;
    measured[{sample_rate, rate}] = offset;
    return offset;
}

}  // namespace mimic::media
