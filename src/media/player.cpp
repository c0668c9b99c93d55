#include "media/player.h"

extern "C" {
#include <libavfilter/buffersink.h>
#include <libavfilter/buffersrc.h>
#include <libavutil/channel_layout.h>
}

#include <algorithm>
#include <atomic>
#include <cassert>
#include <cmath>
#include <condition_variable>
#include <cstring>
#include <map>
#include <mutex>
#include <stop_token>
#include <thread>

#include "common/bounded_queue.h"
#include "common/log.h"
#include "media/ffmpeg_util.h"
#include "media/media_describe.h"
#include "media/stream_decoders.h"
#include "media/video_frame_impl.h"

namespace mimic::media {

namespace {

// Queue bounds: packets cover a few seconds of demuxing ahead; decoded pictures are big,
// so only a handful are kept (ffplay keeps 3); audio chunks cover ~0.5-1 s.
constexpr std::size_t kPacketQueueCapacity = 256;
constexpr std::size_t kVideoFrameQueueCapacity = 4;
constexpr std::size_t kAudioChunkQueueCapacity = 32;
// Exact seek: when the keyframe seek overshoots T, seek this much further back each time
// (the last step goes to the start of the file).
constexpr std::int64_t kReseekBackoffUs[] = {0, 1'000'000, 3'000'000, 10'000'000};
constexpr int kReseekAttempts = static_cast<int>(std::size(kReseekBackoffUs));
// A gap between audio frames larger than this is filled with silence (smaller ones are
// jitter in the container's stamps and are played through).
constexpr std::int64_t kAudioGapUs = 5'000;
// A frame due within this much is shown now rather than after another wakeup.
constexpr std::int64_t kDueSlackUs = 1'000;
// How long present() lets the caller sleep when it has nothing scheduled.
constexpr auto kIdleWakeup = std::chrono::milliseconds(5);
// Packets scanned after a keyframe seek to find where the video lands (audio starts there).
constexpr int kLandingScanPackets = 200;
constexpr double kMinRate = 0.25;
constexpr double kMaxRate = 2.0;

enum class ItemKind { kData, kStart, kEnd };

// What a decoder needs to know when a new serial starts (a seek, or the first play).
struct StartInfo {
    std::optional<std::int64_t> exact_target_us;  // exact seek: land on last frame <= T
    std::int64_t start_us = 0;                    // playback starts here (audio pads/trims)
    bool at_file_start = true;                    // nothing earlier to seek back to
    int attempt = 0;                              // exact-seek back-off step
};

struct PacketItem {
    ItemKind kind = ItemKind::kData;
    int serial = 0;
    PacketPtr packet;
    StartInfo start;
};

struct VideoItem {
    int serial = 0;
    bool end = false;
    std::unique_ptr<VideoFrame::Impl> picture;
};

struct AudioItem {
    int serial = 0;
    bool end = false;
    std::int64_t pts_us = 0;  // media time of samples[0]
    std::vector<float> samples;
};

struct SeekRequest {
    int serial = 0;
    std::int64_t target_us = 0;
    SeekMode mode = SeekMode::kExact;
    int attempt = 0;
    bool initial = false;  // first play: no seek, start of file
};

// Master clock: media time `pts_us` was (or will be) current at `at`, moving at `rate`.
struct ClockState {
    bool valid = false;
    int serial = 0;
    std::int64_t pts_us = 0;
    Clock::time_point at;
    double rate = 1.0;
    bool paused = false;

    std::int64_t now(Clock::time_point t) const {
        if (paused) return pts_us;
        const double elapsed = std::chrono::duration<double, std::micro>(t - at).count();
        return pts_us + static_cast<std::int64_t>(elapsed * rate);
    }
};

template <typename T>
void drain(BoundedQueue<T>& queue) {
    while (queue.popFor(std::chrono::milliseconds(0))) {
    }
}

std::int64_t toFileUs(std::int64_t ts, AVRational time_base, std::int64_t start_us) {
    return av_rescale_q(ts, time_base, kMicrosecondTimeBase) - start_us;
}

}  // namespace

struct Player::Impl {
    Impl(std::stop_source stopper, MediaInput opened)
        : path(opened.path()), stop(std::move(stopper)), input(std::move(opened)) {}

    std::filesystem::path path;
    MediaInfo info;
    PlayerOptions options;
    std::stop_source stop;  // ends the threads; the input's interrupt callback reads it

    MediaInput input;
    StreamDecoders decoders;
    AudioFormat audio_format;

    BoundedQueue<PacketItem> video_packets{kPacketQueueCapacity};
    BoundedQueue<PacketItem> audio_packets{kPacketQueueCapacity};
    BoundedQueue<VideoItem> video_frames{kVideoFrameQueueCapacity};
    BoundedQueue<AudioItem> audio_chunks{kAudioChunkQueueCapacity};

    // The lock protects the seek request and the segment; `serial` is also read without it.
    std::mutex mutex;
    std::condition_variable_any demux_wakeup;
    std::optional<SeekRequest> pending_seek;
    std::atomic<int> serial{0};
    std::atomic<std::int64_t> segment_out_us{INT64_MAX};
    std::atomic<double> rate{1.0};
    std::atomic<bool> paused{true};
    std::atomic<bool> muted{false};
    std::atomic<bool> audio_attached{false};
    std::atomic<int> audio_ended_serial{-1};
    std::atomic<std::int64_t> decode_errors{0};

    // Master clock, set by the audio thread (fillAudio) or the owner (wall clock).
    mutable std::mutex clock_mutex;
    ClockState clock;

    // Audio device thread only.
    std::optional<AudioItem> audio_current;
    std::size_t audio_offset = 0;

    // Owner thread only.
    std::optional<VideoItem> pending_frame;
    bool show_next_now = true;  // after open/seek/step: show the first frame even if paused
    int steps = 0;
    bool ended = false;
    std::int64_t position = 0;
    std::optional<std::int64_t> segment_in_us;
    bool segment_loop = false;
    std::optional<Clock::time_point> seek_started;
    PlayerStats stats;

    std::jthread demux_thread;
    std::jthread video_thread;
    std::jthread audio_thread;

    ~Impl() {
        stop.request_stop();
        demux_wakeup.notify_all();
        for (auto* q : {&video_packets, &audio_packets})
            q->close();
        video_frames.close();
        audio_chunks.close();
        // jthreads join in reverse declaration order.
    }

    void requestSeek(std::int64_t target_us, SeekMode mode, int attempt);
    void demuxLoop(std::stop_token token);
    StartInfo performSeek(const SeekRequest& request, std::vector<PacketPtr>& prefetched);
    void routePacket(PacketPtr packet, int demux_serial, std::stop_token token);
    void videoLoop(std::stop_token token);
    void audioLoop(std::stop_token token);
    std::optional<std::int64_t> masterClock(Clock::time_point now);
    void setClock(int for_serial, std::int64_t pts_us, Clock::time_point at);
};

// Bumps the serial and empties every queue, so nothing made before the seek is used.
// Items pushed by a producer that was blocked on a full queue carry the old serial and
// are dropped by their consumer.
void Player::Impl::requestSeek(std::int64_t target_us, SeekMode mode, int attempt) {
    {
        // Drained under the lock: the demuxer takes the request (and pushes its start
        // marker) only after the old items are gone.
        std::lock_guard lock(mutex);
        const int next = serial.load() + 1;
        serial.store(next);
        drain(video_packets);
        drain(audio_packets);
        drain(video_frames);
        drain(audio_chunks);
        pending_seek = SeekRequest{next, target_us, mode, attempt, false};
    }
    demux_wakeup.notify_all();
}

StartInfo Player::Impl::performSeek(const SeekRequest& request,
                                    std::vector<PacketPtr>& prefetched) {
    StartInfo start;
    if (request.initial) return start;
    const std::int64_t file_start =
        input->start_time != AV_NOPTS_VALUE ? input->start_time : 0;  // AV_TIME_BASE units
    const std::int64_t backoff = kReseekBackoffUs[std::min(request.attempt, kReseekAttempts - 1)];
    const bool to_start =
        request.attempt >= kReseekAttempts - 1 || request.target_us - backoff <= 0;
    const std::int64_t ts = to_start ? file_start : file_start + request.target_us - backoff;
    int e = -1;
    // Formats with timestamp discontinuities (MPEG-TS) find their start reliably by bytes.
    if (to_start && (input->iformat->flags & AVFMT_TS_DISCONT) != 0)
        e = avformat_seek_file(input.get(), -1, 0, 0, 0, AVSEEK_FLAG_BYTE);
    if (e < 0) e = avformat_seek_file(input.get(), -1, INT64_MIN, ts, ts, 0);
    if (e < 0) e = av_seek_frame(input.get(), -1, ts, AVSEEK_FLAG_BACKWARD);
    if (e < 0 && to_start) e = avformat_seek_file(input.get(), -1, 0, 0, 0, AVSEEK_FLAG_BYTE);
    if (e < 0) log::debug("seek failed in " + path.string() + ": " + ffmpegErrorText(e));
    start.at_file_start = to_start;
    start.attempt = request.attempt;
    start.start_us = std::max<std::int64_t>(request.target_us, 0);
    if (request.mode == SeekMode::kExact) {
        start.exact_target_us = request.target_us;
        return start;
    }
    // Keyframe seek: playback starts where the video lands, so audio starts there too.
    for (int n = 0; n < kLandingScanPackets; ++n) {
        PacketPtr packet = makePacket();
        if (av_read_frame(input.get(), packet.get()) < 0) break;
        const bool is_video = packet->stream_index == decoders.video_index;
        const std::int64_t ts_video = packet->pts != AV_NOPTS_VALUE ? packet->pts : packet->dts;
        const AVRational tb = input->streams[packet->stream_index]->time_base;
        prefetched.push_back(std::move(packet));
        if (is_video && ts_video != AV_NOPTS_VALUE) {
            start.start_us = std::max<std::int64_t>(0, toFileUs(ts_video, tb, info.start_time_us));
            break;
        }
    }
    return start;
}

void Player::Impl::routePacket(PacketPtr packet, int demux_serial, std::stop_token token) {
    BoundedQueue<PacketItem>* queue = nullptr;
    if (packet->stream_index == decoders.video_index) queue = &video_packets;
    if (packet->stream_index == decoders.audio_index && decoders.audio != nullptr)
        queue = &audio_packets;
    if (queue == nullptr || token.stop_requested()) return;
    queue->push(PacketItem{ItemKind::kData, demux_serial, std::move(packet), {}});
}

void Player::Impl::demuxLoop(std::stop_token token) {
    int demux_serial = 0;
    bool at_end = true;  // nothing to read until the first (initial) request
    std::vector<PacketPtr> prefetched;
    while (!token.stop_requested()) {
        std::optional<SeekRequest> request;
        {
            std::unique_lock lock(mutex);
            if (at_end) demux_wakeup.wait(lock, token, [&] { return pending_seek.has_value(); });
            request.swap(pending_seek);
        }
        if (token.stop_requested()) break;
        if (request) {
            prefetched.clear();
            const StartInfo start = performSeek(*request, prefetched);
            demux_serial = request->serial;
            at_end = false;
            video_packets.push(PacketItem{ItemKind::kStart, demux_serial, nullptr, start});
            if (decoders.audio != nullptr)
                audio_packets.push(PacketItem{ItemKind::kStart, demux_serial, nullptr, start});
            for (auto& packet : prefetched)
                routePacket(std::move(packet), demux_serial, token);
            prefetched.clear();
            continue;
        }
        PacketPtr packet = makePacket();
        const int e = av_read_frame(input.get(), packet.get());
        if (e == AVERROR(EAGAIN)) continue;
        if (e < 0) {
            // End of file, a file cut short, or a read error: the decoders drain what they
            // hold, and the stream ends there.
            if (e != AVERROR_EOF && e != AVERROR_EXIT)
                log::debug("reading " + path.string() + " stopped: " + ffmpegErrorText(e));
            at_end = true;
            video_packets.push(PacketItem{ItemKind::kEnd, demux_serial, nullptr, {}});
            if (decoders.audio != nullptr)
                audio_packets.push(PacketItem{ItemKind::kEnd, demux_serial, nullptr, {}});
            continue;
        }
        routePacket(std::move(packet), demux_serial, token);
    }
}

void Player::Impl::videoLoop(std::stop_token token) {
    AVCodecContext* decoder = decoders.video.get();
    const AVStream& stream = *input->streams[decoders.video_index];
    int current = -1;
    StartInfo start;
    bool waiting_first = true;               // no frame of this serial decoded yet
    std::unique_ptr<VideoFrame::Impl> held;  // exact seek: last frame <= target so far
    std::int64_t last_pts = 0;
    const AVRational fps =
        stream.avg_frame_rate.num > 0 ? stream.avg_frame_rate : stream.r_frame_rate;
    const std::int64_t frame_step_us =
        fps.num > 0 && fps.den > 0 ? av_rescale(1'000'000, fps.den, fps.num) : 0;
    FramePtr frame = makeFrame();

    // The keyframe seek landed after T (or past the end): go further back and try again.
    const auto reseekFurtherBack = [&](int for_serial, const StartInfo& landed) {
        {
            std::lock_guard lock(mutex);
            if (serial.load() == for_serial) {
                const int next = for_serial + 1;
                pending_seek = SeekRequest{next, *landed.exact_target_us, SeekMode::kExact,
                                           landed.attempt + 1};
                serial.store(next);
            }
        }
        demux_wakeup.notify_all();
    };
    const auto emit = [&](std::unique_ptr<VideoFrame::Impl> picture) {
        video_frames.push(VideoItem{current, false, std::move(picture)});
    };
    // Returns false when this serial is abandoned (a re-seek was requested).
    const auto onFrame = [&]() -> bool {
        auto picture = std::make_unique<VideoFrame::Impl>();
        picture->frame = makeFrame();
        const std::int64_t ts = frame->best_effort_timestamp;
        // Unstamped (e.g. the last B-frame drained from AVI): one frame after the last,
        // as the ffmpeg CLI guesses it.
        picture->pts_us = ts != AV_NOPTS_VALUE ? toFileUs(ts, stream.time_base, info.start_time_us)
                                               : last_pts + frame_step_us;
        picture->corrupt =
            (frame->flags & AV_FRAME_FLAG_CORRUPT) != 0 || frame->decode_error_flags != 0;
        if (picture->corrupt) ++decode_errors;
        last_pts = picture->pts_us;
        av_frame_move_ref(picture->frame.get(), frame.get());
        const bool first = waiting_first;
        waiting_first = false;
        if (!start.exact_target_us) {
            emit(std::move(picture));
            return true;
        }
        const std::int64_t target = *start.exact_target_us;
        if (picture->pts_us <= target) {
            held = std::move(picture);
            return true;
        }
        if (held != nullptr) {
            emit(std::move(held));
        } else if (first && !start.at_file_start) {
            reseekFurtherBack(current, start);
            return false;
        }
        start.exact_target_us.reset();
        emit(std::move(picture));
        return true;
    };
    const auto receiveAll = [&]() -> bool {
        for (;;) {
            const int e = avcodec_receive_frame(decoder, frame.get());
            if (e == AVERROR(EAGAIN) || e == AVERROR_EOF) return true;
            if (e < 0) {
                ++decode_errors;  // a damaged picture; frame threads deliver the rest
                continue;
            }
            if (!onFrame()) return false;
        }
    };

    while (auto item = video_packets.pop()) {
        if (token.stop_requested()) break;
        if (item->kind == ItemKind::kStart) {
            avcodec_flush_buffers(decoder);
            current = item->serial;
            start = item->start;
            waiting_first = true;
            held.reset();
            continue;
        }
        if (item->serial != current || current != serial.load()) continue;
        if (item->kind == ItemKind::kData) {
            if (avcodec_send_packet(decoder, item->packet.get()) < 0) ++decode_errors;
            if (!receiveAll()) current = -1;
            continue;
        }
        avcodec_send_packet(decoder, nullptr);  // end: drain
        if (!receiveAll()) {
            current = -1;
            continue;
        }
        if (waiting_first && start.exact_target_us && !start.at_file_start) {
            reseekFurtherBack(current, start);  // nothing decoded after the landing point
            current = -1;
            continue;
        }
        if (held != nullptr) emit(std::move(held));  // T after the last frame: the last frame
        video_frames.push(VideoItem{current, true, nullptr});
        avcodec_flush_buffers(decoder);  // accept packets again after a later seek
    }
}

namespace {

// abuffer -> [atempo...] -> aformat(flt, rate, layout) -> abuffersink.
struct FilterGraphDeleter {
    void operator()(AVFilterGraph* g) const { avfilter_graph_free(&g); }
};

struct AudioFilter {
    std::unique_ptr<AVFilterGraph, FilterGraphDeleter> graph;
    AVFilterContext* source = nullptr;
    AVFilterContext* sink = nullptr;
};

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

Result<AudioFilter> makeAudioFilter(int sample_rate, AVSampleFormat sample_format,
                                    const AVChannelLayout& channel_layout, double rate,
                                    const AudioFormat& out) {
    AudioFilter f;
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
    const std::string chain = tempoChain(rate) + "aformat=sample_fmts=flt:sample_rates=" +
                              std::to_string(out.sample_rate) +
                              ":channel_layouts=" + (out.channels == 1 ? "mono" : "stereo");
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

// Where the tempo filter really puts a sound: output samples between where an onset comes
// out and where rate alone puts it (time-stretchers shift onsets by a window-sized amount
// that depends on the rate). Measured once per rate with a tone burst; 0 at 1x.
std::int64_t tempoOffsetSamples(int sample_rate, double rate) {
    if (std::abs(rate - 1.0) < 1e-6) return 0;
    static std::mutex mutex;
    static std::map<std::pair<int, double>, std::int64_t> measured;
    std::lock_guard lock(mutex);
    if (auto it = measured.find({sample_rate, rate}); it != measured.end()) return it->second;
    const AVChannelLayout mono = AV_CHANNEL_LAYOUT_MONO;
    auto filter = makeAudioFilter(sample_rate, AV_SAMPLE_FMT_FLT, mono, rate, {sample_rate, 1});
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

}  // namespace

void Player::Impl::audioLoop(std::stop_token token) {
    AVCodecContext* decoder = decoders.audio.get();
    const AVStream& stream = *input->streams[decoders.audio_index];
    int current = -1;
    StartInfo start;
    std::optional<AudioFilter> filter;
    double filter_rate = 1.0;
    std::int64_t tempo_offset = 0;  // output samples the tempo filter shifts sounds by
    bool fed_any = false;           // a frame of this serial reached the filter
    std::int64_t next_in_us = 0;    // media time of the next sample into the filter
    std::int64_t in_samples = 0;    // samples fed this serial (their pts)
    std::int64_t out_samples = 0;   // samples out of the filter this serial
    FramePtr frame = makeFrame();
    FramePtr filtered = makeFrame();

    const auto pull = [&]() {
        while (filter && av_buffersink_get_frame(filter->sink, filtered.get()) >= 0) {
            AudioItem chunk;
            chunk.serial = current;
            chunk.pts_us = start.start_us + static_cast<std::int64_t>(
                                                static_cast<double>(out_samples - tempo_offset) *
                                                filter_rate * 1e6 / audio_format.sample_rate);
            const auto n = static_cast<std::size_t>(filtered->nb_samples) *
                           static_cast<std::size_t>(audio_format.channels);
            const auto* data = reinterpret_cast<const float*>(filtered->data[0]);
            chunk.samples.assign(data, data + n);
            out_samples += filtered->nb_samples;
            av_frame_unref(filtered.get());
            audio_chunks.push(std::move(chunk));
        }
    };
    // Feeds `f` (samples at media time `pts_us`) after trimming to [start, segment out)
    // and padding gaps with silence.
    const auto feed = [&](AVFrame* f, std::int64_t pts_us) {  // NOLINT: pts adjusted
        if (!filter) return;
        const std::int64_t end_us = segment_out_us.load();
        const int rate_hz = decoder->sample_rate;
        const auto samplesFor = [&](std::int64_t us) { return av_rescale(us, rate_hz, 1'000'000); };
        if (pts_us > next_in_us + kAudioGapUs && next_in_us < end_us) {
            fed_any = true;
            FramePtr silence = makeFrame();
            silence->format = f->format;
            silence->sample_rate = rate_hz;
            av_channel_layout_copy(&silence->ch_layout, &f->ch_layout);
            silence->nb_samples =
                static_cast<int>(samplesFor(std::min(pts_us, end_us) - next_in_us));
            if (silence->nb_samples > 0 && av_frame_get_buffer(silence.get(), 0) >= 0) {
                av_samples_set_silence(silence->extended_data, 0, silence->nb_samples,
                                       silence->ch_layout.nb_channels,
                                       static_cast<AVSampleFormat>(silence->format));
                silence->pts = in_samples;
                in_samples += silence->nb_samples;
                if (av_buffersrc_add_frame(filter->source, silence.get()) < 0) ++decode_errors;
                pull();
            }
            next_in_us = pts_us;
        }
        // Stamps within kAudioGapUs of where the last frame ended are rounding (Matroska
        // keeps milliseconds): the samples are contiguous. Only the first frame of a serial
        // is trimmed exactly, to the playback start.
        if (!fed_any && pts_us < next_in_us) {
            fed_any = true;
        } else if (std::llabs(pts_us - next_in_us) <= kAudioGapUs) {
            pts_us = next_in_us;
        }
        fed_any = true;
        std::int64_t skip = pts_us < next_in_us ? samplesFor(next_in_us - pts_us) : 0;
        std::int64_t keep = f->nb_samples - skip;
        const std::int64_t first_us = std::max(pts_us, next_in_us);
        if (first_us >= end_us) keep = 0;
        keep = std::min(keep, samplesFor(end_us - first_us));
        if (keep <= 0) return;
        if (skip > 0 || keep < f->nb_samples) {
            FramePtr part = makeFrame();
            part->format = f->format;
            part->sample_rate = rate_hz;
            av_channel_layout_copy(&part->ch_layout, &f->ch_layout);
            part->nb_samples = static_cast<int>(keep);
            if (av_frame_get_buffer(part.get(), 0) < 0) return;
            av_samples_copy(part->extended_data, f->extended_data, 0, static_cast<int>(skip),
                            part->nb_samples, part->ch_layout.nb_channels,
                            static_cast<AVSampleFormat>(part->format));
            part->pts = in_samples;
            in_samples += part->nb_samples;
            next_in_us = first_us + av_rescale(keep, 1'000'000, rate_hz);
            if (av_buffersrc_add_frame(filter->source, part.get()) < 0) ++decode_errors;
        } else {
            f->pts = in_samples;
            in_samples += f->nb_samples;
            next_in_us = first_us + av_rescale(keep, 1'000'000, rate_hz);
            if (av_buffersrc_add_frame(filter->source, f) < 0) ++decode_errors;
        }
        pull();
    };
    const auto receiveAll = [&]() {
        for (;;) {
            const int e = avcodec_receive_frame(decoder, frame.get());
            if (e == AVERROR(EAGAIN) || e == AVERROR_EOF) return;
            if (e < 0) {
                ++decode_errors;
                continue;
            }
            const std::int64_t ts = frame->best_effort_timestamp;
            const std::int64_t pts_us = ts != AV_NOPTS_VALUE
                                            ? toFileUs(ts, stream.time_base, info.start_time_us)
                                            : next_in_us;
            feed(frame.get(), pts_us);
            av_frame_unref(frame.get());
        }
    };

    while (auto item = audio_packets.pop()) {
        if (token.stop_requested()) break;
        if (item->kind == ItemKind::kStart) {
            avcodec_flush_buffers(decoder);
            current = item->serial;
            start = item->start;
            next_in_us = start.start_us;
            in_samples = 0;
            out_samples = 0;
            fed_any = false;
            filter_rate = rate.load();
            filter.reset();
            tempo_offset = tempoOffsetSamples(audio_format.sample_rate, filter_rate);
            auto made = makeAudioFilter(decoder->sample_rate, decoder->sample_fmt,
                                        decoder->ch_layout, filter_rate, audio_format);
            if (made) {
                filter.emplace(std::move(*made));
            } else {
                log::warning(made.error().message + "; playing " + path.string() +
                             " without sound");
            }
            continue;
        }
        if (item->serial != current || current != serial.load()) continue;
        if (item->kind == ItemKind::kData) {
            if (avcodec_send_packet(decoder, item->packet.get()) < 0) ++decode_errors;
            receiveAll();
            continue;
        }
        avcodec_send_packet(decoder, nullptr);
        receiveAll();
        if (filter) {
            if (av_buffersrc_add_frame(filter->source, nullptr) < 0) ++decode_errors;
            pull();
        }
        audio_chunks.push(AudioItem{current, true, 0, {}});
        avcodec_flush_buffers(decoder);
    }
}

std::optional<std::int64_t> Player::Impl::masterClock(Clock::time_point now) {
    std::lock_guard lock(clock_mutex);
    if (!clock.valid || clock.serial != serial.load()) return std::nullopt;
    return clock.now(now);
}

void Player::Impl::setClock(int for_serial, std::int64_t pts_us, Clock::time_point at) {
    std::lock_guard lock(clock_mutex);
    clock.valid = true;
    clock.serial = for_serial;
    clock.pts_us = pts_us;
    clock.at = at;
    clock.rate = rate.load();
    clock.paused = paused.load();
}

Result<Player> Player::open(const std::filesystem::path& path, PlayerOptions options) {
    std::stop_source stop;
    InputOptions input_options;
    input_options.stop = stop.get_token();
    auto input = MediaInput::open(path, std::move(input_options));
    if (!input) return input.error();
    auto impl = std::make_unique<Impl>(std::move(stop), std::move(*input));
    impl->options = options;
    auto decoders = openDecoders(impl->input, options.decode_audio);
    if (!decoders) return decoders.error();
    impl->decoders = std::move(*decoders);
    impl->info = describeMedia(impl->input, impl->decoders.chosen);
    if (impl->decoders.audio != nullptr) {
        impl->audio_format.sample_rate = impl->decoders.audio->sample_rate;
        impl->audio_format.channels = impl->decoders.audio->ch_layout.nb_channels == 1 ? 1 : 2;
    }
    impl->rate.store(std::clamp(options.rate, kMinRate, kMaxRate));
    impl->pending_seek = SeekRequest{1, 0, SeekMode::kExact, 0, true};
    impl->serial.store(1);
    Impl* self = impl.get();
    impl->demux_thread = std::jthread([self](std::stop_token t) { self->demuxLoop(t); });
    impl->video_thread = std::jthread([self](std::stop_token t) { self->videoLoop(t); });
    if (impl->decoders.audio != nullptr)
        impl->audio_thread = std::jthread([self](std::stop_token t) { self->audioLoop(t); });
    return Player(std::move(impl));
}

Player::Player(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Player::Player(Player&&) noexcept = default;
Player& Player::operator=(Player&&) noexcept = default;
Player::~Player() = default;

const MediaInfo& Player::info() const {
    return impl_->info;
}

void Player::play() {
    Impl& p = *impl_;
    if (!p.paused.exchange(false)) return;
    std::lock_guard lock(p.clock_mutex);
    p.clock.at = Clock::now();
    p.clock.paused = false;
}

void Player::pause() {
    Impl& p = *impl_;
    if (p.paused.exchange(true)) return;
    std::lock_guard lock(p.clock_mutex);
    const auto now = Clock::now();
    p.clock.pts_us = p.clock.now(now);
    p.clock.at = now;
    p.clock.paused = true;
}

bool Player::paused() const {
    return impl_->paused.load();
}

void Player::seek(std::int64_t target_us, SeekMode mode) {
    Impl& p = *impl_;
    p.seek_started = Clock::now();
    p.requestSeek(target_us, mode, 0);
    p.pending_frame.reset();
    p.show_next_now = true;
    p.ended = false;
    p.position = target_us;
}

void Player::stepForward() {
    if (!paused()) pause();
    ++impl_->steps;
}

void Player::stepBack() {
    if (!paused()) pause();
    // The previous frame is the last one with a timestamp before the current one.
    seek(impl_->position - 1, SeekMode::kExact);
}

void Player::setRate(double rate) {
    const double clamped = std::clamp(rate, kMinRate, kMaxRate);
    if (clamped == impl_->rate.load()) return;
    impl_->rate.store(clamped);
    // The tempo filter restarts with the new rate from where we are.
    seek(impl_->position, SeekMode::kExact);
    impl_->seek_started.reset();
}

double Player::rate() const {
    return impl_->rate.load();
}

void Player::setSegment(std::int64_t in_us, std::int64_t out_us, bool loop) {
    impl_->segment_in_us = in_us;
    impl_->segment_out_us.store(out_us);
    impl_->segment_loop = loop;
    seek(in_us, SeekMode::kExact);
}

void Player::clearSegment() {
    impl_->segment_in_us.reset();
    impl_->segment_out_us.store(INT64_MAX);
}

void Player::setMuted(bool muted) {
    impl_->muted.store(muted);
}

std::int64_t Player::position_us() const {
    return impl_->position;
}

std::optional<AudioFormat> Player::audioFormat() const {
    if (impl_->decoders.audio == nullptr) return std::nullopt;
    return impl_->audio_format;
}

void Player::attachAudio() {
    if (impl_->decoders.audio != nullptr) impl_->audio_attached.store(true);
}

void Player::fillAudio(std::span<float> out, Clock::time_point heard_at) {
    Impl& p = *impl_;
    std::fill(out.begin(), out.end(), 0.0F);
    if (p.paused.load()) return;
    const int current = p.serial.load();
    const auto channels = static_cast<std::size_t>(p.audio_format.channels);
    const double us_per_sample = p.rate.load() * 1e6 / p.audio_format.sample_rate;
    std::size_t written = 0;
    bool clock_set = false;
    const bool muted = p.muted.load();
    while (written < out.size()) {
        if (!p.audio_current || p.audio_current->serial != current ||
            p.audio_offset >= p.audio_current->samples.size()) {
            p.audio_current = p.audio_chunks.popFor(std::chrono::milliseconds(0));
            p.audio_offset = 0;
            if (!p.audio_current) break;  // starved: silence, the clock runs on
            if (p.audio_current->serial != current) continue;
            if (p.audio_current->end) {
                p.audio_ended_serial.store(current);
                p.audio_current.reset();
                break;
            }
        }
        const AudioItem& chunk = *p.audio_current;
        if (!clock_set) {
            // out[written] is heard at heard_at + written samples.
            const auto sample = static_cast<double>(p.audio_offset / channels);
            const auto ahead = static_cast<double>(written / channels);
            const auto pts = chunk.pts_us + static_cast<std::int64_t>(sample * us_per_sample);
            const auto at = heard_at + std::chrono::microseconds(static_cast<std::int64_t>(
                                           ahead * 1e6 / p.audio_format.sample_rate));
            p.setClock(current, pts, at);
            clock_set = true;
        }
        const std::size_t n = std::min(out.size() - written, chunk.samples.size() - p.audio_offset);
        if (!muted)
            std::copy_n(chunk.samples.begin() + static_cast<std::ptrdiff_t>(p.audio_offset), n,
                        out.begin() + static_cast<std::ptrdiff_t>(written));
        written += n;
        p.audio_offset += n;
    }
}

Presentation Player::present(Clock::time_point now) {
    Impl& p = *impl_;
    Presentation result;
    result.next_due = now + kIdleWakeup;
    // Nobody plays the audio: discard it so the audio decoder never blocks the demuxer.
    if (!p.audio_attached.load()) drain(p.audio_chunks);
    const int current = p.serial.load();
    const bool audio_master = p.audio_attached.load() && p.audio_ended_serial.load() != current;
    std::optional<VideoItem> chosen;
    std::optional<std::int64_t> clock_at_choice;
    while (!p.ended) {
        if (!p.pending_frame) {
            p.pending_frame = p.video_frames.popFor(std::chrono::milliseconds(0));
            if (!p.pending_frame) break;
        }
        VideoItem& item = *p.pending_frame;
        if (item.serial != current) {
            p.pending_frame.reset();
            continue;
        }
        if (item.end || item.picture->pts_us >= p.segment_out_us.load()) {
            const bool at_out = !item.end;
            if (p.segment_loop && p.segment_in_us) {
                p.pending_frame.reset();
                chosen.reset();  // the loop starts over: nothing of this pass is shown now
                const auto keep = p.seek_started;  // a loop is not a seek someone waits for
                seek(*p.segment_in_us, SeekMode::kExact);
                p.seek_started = keep;
                break;
            }
            // At the end of the video the stream ends once the audio has played out too;
            // the end marker stays pending until then.
            if (at_out || !p.audio_attached.load() || p.audio_ended_serial.load() == current) {
                p.pending_frame.reset();
                p.ended = true;
            }
            break;
        }
        const std::int64_t pts = item.picture->pts_us;
        if (p.show_next_now || (p.paused.load() && p.steps > 0)) {
            if (!p.show_next_now) --p.steps;
            p.show_next_now = false;
            if (chosen) ++p.stats.frames_dropped;
            chosen = std::move(item);
            p.pending_frame.reset();
            // Wall clock: the picture on screen is at max(its time, the seek target).
            if (!audio_master) p.setClock(current, std::max(pts, p.position), now);
            if (p.paused.load()) break;
            continue;
        }
        if (p.paused.load()) break;
        std::optional<std::int64_t> clock = p.masterClock(now);
        if (!clock && !audio_master) {
            p.setClock(current, pts, now);
            clock = pts;
        }
        if (!clock) break;  // audio has not started yet
        const double rate = p.rate.load();
        const auto wait_us = static_cast<std::int64_t>(static_cast<double>(pts - *clock) / rate);
        if (wait_us > kDueSlackUs) {
            result.next_due = now + std::chrono::microseconds(wait_us);
            break;
        }
        if (chosen) ++p.stats.frames_dropped;
        chosen = std::move(item);
        clock_at_choice = clock;
        p.pending_frame.reset();
    }
    if (chosen) {
        const std::int64_t pts = chosen->picture->pts_us;
        ++p.stats.frames_shown;
        p.position = pts;
        const std::optional<std::int64_t> clock =
            clock_at_choice ? clock_at_choice : p.masterClock(now);
        if (clock && !p.paused.load()) {
            const std::int64_t diff = pts - *clock;
            p.stats.av_difference_us.push_back(diff);
            if (std::abs(diff) > kMistimedThresholdUs) ++p.stats.frames_mistimed;
        }
        if (p.seek_started) {
            p.stats.seek_latency_us.push_back(microsecondsSince(*p.seek_started, now));
            p.seek_started.reset();
        }
        result.frame.emplace(std::move(chosen->picture));
        if (p.pending_frame) result.next_due = now;
    }
    result.ended = p.ended;
    return result;
}

std::optional<VideoFrame> Player::nextFrame() {
    Impl& p = *impl_;
    while (!p.ended) {
        drain(p.audio_chunks);  // pulling frames plays no sound
        auto item = p.video_frames.popFor(std::chrono::milliseconds(20));
        if (!item) {
            if (p.video_frames.closed()) return std::nullopt;
            continue;
        }
        if (item->serial != p.serial.load()) continue;
        if (item->end) {
            p.ended = true;
            break;
        }
        p.position = item->picture->pts_us;
        if (p.seek_started) {
            p.stats.seek_latency_us.push_back(microsecondsSince(*p.seek_started));
            p.seek_started.reset();
        }
        ++p.stats.frames_shown;
        return VideoFrame(std::move(item->picture));
    }
    return std::nullopt;
}

PlayerStats Player::stats() const {
    PlayerStats s = impl_->stats;
    s.decode_errors = impl_->decode_errors.load();
    return s;
}

}  // namespace mimic::media
