#include "media/voice_shift.h"

extern "C" {
#include <libavfilter/avfilter.h>
#include <libavfilter/buffersink.h>
#include <libavfilter/buffersrc.h>
#include <libavutil/channel_layout.h>
}

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <mutex>
#include <string>
#include <utility>

#include "media/ffmpeg_util.h"
#include "media/tempo_filter.h"

namespace mimic::media {

namespace {

std::string pitchChain(int sample_rate, double factor) {
    if (avfilter_get_by_name("rubberband") != nullptr)
        return "rubberband=pitch=" + std::to_string(factor) + ":pitchq=quality";
    // Played faster by `factor` (higher and shorter), back to the rate, back to the length.
    return "asetrate=" + std::to_string(static_cast<int>(std::lround(sample_rate * factor))) +
           ",aresample=" + std::to_string(sample_rate) + ",atempo=" + std::to_string(1.0 / factor);
}

// One filter graph: interleaved float in and out at one rate and channel count.
class PitchGraph {
  public:
    static Result<PitchGraph> make(int sample_rate, int channels, double factor) {
        PitchGraph g;
        g.rate_ = sample_rate;
        g.channels_ = channels;
        av_channel_layout_default(&g.layout_, channels);
        char layout[128] = {};
        av_channel_layout_describe(&g.layout_, layout, sizeof layout);
        auto filter = makeAudioFilterGraph(
            sample_rate, AV_SAMPLE_FMT_FLT, g.layout_,
            pitchChain(sample_rate, factor) + ",aformat=sample_fmts=flt:sample_rates=" +
                std::to_string(sample_rate) + ":channel_layouts=" + layout);
        if (!filter) return Error{"the voice filter: " + filter.error().message};
        g.filter_ = std::move(*filter);
        return g;
    }

    PitchGraph() = default;
    PitchGraph(PitchGraph&& other) noexcept { *this = std::move(other); }
    PitchGraph& operator=(PitchGraph&& other) noexcept {
        filter_ = std::move(other.filter_);
        rate_ = other.rate_;
        channels_ = other.channels_;
        av_channel_layout_uninit(&layout_);
        layout_ = other.layout_;
        other.layout_ = {};
        fed_ = other.fed_;
        return *this;
    }
    PitchGraph(const PitchGraph&) = delete;
    PitchGraph& operator=(const PitchGraph&) = delete;
    ~PitchGraph() { av_channel_layout_uninit(&layout_); }

    // Feeds samples and appends whatever comes out to `out`.
    Status feed(std::span<const float> samples, std::vector<float>& out) {
        if (!samples.empty()) {
            FramePtr frame = makeFrame();
            frame->format = AV_SAMPLE_FMT_FLT;
            frame->sample_rate = rate_;
            frame->nb_samples = static_cast<int>(samples.size()) / channels_;
            av_channel_layout_copy(&frame->ch_layout, &layout_);
            if (av_frame_get_buffer(frame.get(), 0) < 0)
                return Error{"out of memory for the voice filter"};
            std::memcpy(frame->data[0], samples.data(),
                        static_cast<std::size_t>(frame->nb_samples) * channels_ * sizeof(float));
            frame->pts = fed_;
            fed_ += frame->nb_samples;
            if (int e = av_buffersrc_add_frame(filter_.source, frame.get()); e < 0)
                return Error{"the voice filter refused sound: " + ffmpegErrorText(e)};
        }
        FramePtr got = makeFrame();
        while (av_buffersink_get_frame(filter_.sink, got.get()) >= 0) {
            const auto* x = reinterpret_cast<const float*>(got->data[0]);
            out.insert(out.end(), x, x + static_cast<std::ptrdiff_t>(got->nb_samples) * channels_);
            av_frame_unref(got.get());
        }
        return {};
    }

  private:
    TempoFilter filter_;
    int rate_ = 0;
    int channels_ = 1;
    AVChannelLayout layout_{};
    std::int64_t fed_ = 0;
};

// Samples (per channel) between a burst going in and coming out: the graph's delay.
std::int64_t delayOf(int sample_rate, double factor) {
    static std::mutex mutex;
    static std::map<std::pair<int, double>, std::int64_t> measured;
    std::lock_guard lock(mutex);
    if (auto it = measured.find({sample_rate, factor}); it != measured.end()) return it->second;
    auto graph = PitchGraph::make(sample_rate, 1, factor);
    if (!graph) return 0;
    const int lead = sample_rate / 2;
    std::vector<float> in(static_cast<std::size_t>(sample_rate), 0.0F);
    for (int n = lead; n < lead + sample_rate / 20; ++n)
        in[n] = 0.5F * static_cast<float>(std::sin(2 * M_PI * 500.0 * (n - lead) / sample_rate));
    std::vector<float> out;
    // Not ended: the burst comes out well before the second is over, and librubberband
    // complains on stderr about a final chunk processed twice.
    if (!graph->feed(in, out)) return 0;
    std::int64_t onset = 0;
    for (std::size_t i = 0; i < out.size(); ++i) {
        if (std::fabs(out[i]) > 0.05F) {
            onset = static_cast<std::int64_t>(i);
            break;
        }
    }
    // A burst's first sample above the threshold comes a few samples into it either way.
    const std::int64_t delay = std::max<std::int64_t>(0, onset - lead - 8);
    measured[{sample_rate, factor}] = delay;
    return delay;
}

}  // namespace

struct VoiceShifter::Impl {
    PitchGraph graph;
    int channels = 1;
    std::int64_t delay = 0;   // the filter's, samples per channel
    std::int64_t to_cut = 0;  // samples per channel still to drop from the front
    std::int64_t fed = 0;     // per channel
    std::int64_t given = 0;   // per channel
    bool finished = false;

    std::vector<float> trimmed(std::vector<float> out) {
        const std::int64_t frames = static_cast<std::int64_t>(out.size()) / channels;
        const std::int64_t cut = std::min(frames, to_cut);
        to_cut -= cut;
        out.erase(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(cut * channels));
        given += frames - cut;
        return out;
    }
};

Result<VoiceShifter> VoiceShifter::open(int sample_rate, int channels, double factor) {
    if (sample_rate <= 0 || channels <= 0 || channels > 8)
        return Error{"the voice filter needs a sound track (rate and channels)"};
    if (!(factor >= 0.5 && factor <= 2.0)) return Error{"a pitch factor is between 0.5 and 2"};
    auto graph = PitchGraph::make(sample_rate, channels, factor);
    if (!graph) return graph.error();
    auto impl = std::make_unique<Impl>();
    impl->graph = std::move(*graph);
    impl->channels = channels;
    impl->delay = delayOf(sample_rate, factor);
    impl->to_cut = impl->delay;
    return VoiceShifter(std::move(impl));
}

VoiceShifter::VoiceShifter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
VoiceShifter::VoiceShifter(VoiceShifter&&) noexcept = default;
VoiceShifter& VoiceShifter::operator=(VoiceShifter&&) noexcept = default;
VoiceShifter::~VoiceShifter() = default;

Result<std::vector<float>> VoiceShifter::push(std::span<const float> samples) {
    if (impl_->finished) return Error{"the voice filter has finished"};
    std::vector<float> out;
    const std::size_t whole = samples.size() - samples.size() % impl_->channels;
    if (Status s = impl_->graph.feed(samples.first(whole), out); !s) return s.error();
    impl_->fed += static_cast<std::int64_t>(whole) / impl_->channels;
    return impl_->trimmed(std::move(out));
}

Result<std::vector<float>> VoiceShifter::finish() {
    if (impl_->finished) return std::vector<float>{};
    impl_->finished = true;
    // The filter's tail is pushed out with silence, not with the end of the stream:
    // librubberband complains on stderr about an ended stream.
    std::vector<float> out;
    const std::vector<float> silence(
        static_cast<std::size_t>((impl_->delay + 8192) * impl_->channels), 0.0F);
    if (Status s = impl_->graph.feed(silence, out); !s) return s.error();
    out = impl_->trimmed(std::move(out));
    // As many out as in: cut what the filter added at the end, pad what its delay took.
    const std::int64_t over = impl_->given - impl_->fed;
    if (over > 0) {
        out.resize(out.size() -
                   static_cast<std::size_t>(std::min<std::int64_t>(
                       over * impl_->channels, static_cast<std::int64_t>(out.size()))));
    } else {
        out.resize(out.size() + static_cast<std::size_t>(-over * impl_->channels), 0.0F);
    }
    return out;
}

}  // namespace mimic::media
