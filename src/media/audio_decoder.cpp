#include "media/audio_decoder.h"

extern "C" {
#include <libavfilter/buffersink.h>
#include <libavfilter/buffersrc.h>
#include <libavutil/channel_layout.h>
}

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <utility>

#include "common/log.h"
#include "media/tempo_filter.h"

namespace mimic::media {

namespace {

// A gap between audio frames larger than this is filled with silence (smaller ones are
// jitter in the container's stamps and are played through).
constexpr std::int64_t kAudioGapUs = 5'000;

}  // namespace

AudioDecoder::AudioDecoder(CodecContextPtr decoder, const AVStream& stream,
                           std::int64_t start_time_us, const AudioFormat& out,
                           const std::filesystem::path& path, PlaybackQueues& queues,
                           const SeekControl& seeks, PlaybackControls& controls)
    : decoder_(std::move(decoder)),
      stream_(stream),
      start_time_us_(start_time_us),
      out_(out),
      path_(path),
      queues_(queues),
      seeks_(seeks),
      controls_(controls),
      thread_([this](std::stop_token token) { run(token); }) {}

void AudioDecoder::run(std::stop_token token) {
    AVCodecContext* decoder = decoder_.get();
    const AVStream& stream = stream_;
    int current = -1;
    StartInfo start;
    std::optional<TempoFilter> filter;
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
                                                filter_rate * 1e6 / out_.sample_rate);
            const auto n = static_cast<std::size_t>(filtered->nb_samples) *
                           static_cast<std::size_t>(out_.channels);
            const auto* data = reinterpret_cast<const float*>(filtered->data[0]);
            chunk.samples.assign(data, data + n);
            out_samples += filtered->nb_samples;
            av_frame_unref(filtered.get());
            queues_.audio_chunks.push(std::move(chunk));
        }
    };
    // Feeds `f` (samples at media time `pts_us`) after trimming to [start, segment out)
    // and padding gaps with silence.
    const auto feed = [&](AVFrame* f, std::int64_t pts_us) {  // NOLINT: pts adjusted
        if (!filter) return;
        const std::int64_t end_us = controls_.segment_out_us.load();
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
                if (av_buffersrc_add_frame(filter->source, silence.get()) < 0)
                    ++controls_.decode_errors;
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
            if (av_buffersrc_add_frame(filter->source, part.get()) < 0) ++controls_.decode_errors;
        } else {
            f->pts = in_samples;
            in_samples += f->nb_samples;
            next_in_us = first_us + av_rescale(keep, 1'000'000, rate_hz);
            if (av_buffersrc_add_frame(filter->source, f) < 0) ++controls_.decode_errors;
        }
        pull();
    };
    const auto receiveAll = [&]() {
        for (;;) {
            const int e = avcodec_receive_frame(decoder, frame.get());
            if (e == AVERROR(EAGAIN) || e == AVERROR_EOF) return;
            if (e < 0) {
                ++controls_.decode_errors;
                continue;
            }
            const std::int64_t ts = frame->best_effort_timestamp;
            const std::int64_t pts_us =
                ts != AV_NOPTS_VALUE ? toFileUs(ts, stream.time_base, start_time_us_) : next_in_us;
            feed(frame.get(), pts_us);
            av_frame_unref(frame.get());
        }
    };

    while (auto item = queues_.audio_packets.pop()) {
        if (token.stop_requested()) break;
        if (item->kind == ItemKind::kStart) {
            avcodec_flush_buffers(decoder);
            current = item->serial;
            start = item->start;
            next_in_us = start.start_us;
            in_samples = 0;
            out_samples = 0;
            fed_any = false;
            filter_rate = controls_.rate.load();
            filter.reset();
            tempo_offset = tempoOffsetSamples(out_.sample_rate, filter_rate);
            auto made = makeTempoFilter(decoder->sample_rate, decoder->sample_fmt,
                                        decoder->ch_layout, filter_rate, out_);
            if (made) {
                filter.emplace(std::move(*made));
            } else {
                log::warning(made.error().message + "; playing " + path_.string() +
                             " without sound");
            }
            continue;
        }
        if (item->serial != current || current != seeks_.serial()) continue;
        if (item->kind == ItemKind::kData) {
            if (avcodec_send_packet(decoder, item->packet.get()) < 0) ++controls_.decode_errors;
            receiveAll();
            continue;
        }
        avcodec_send_packet(decoder, nullptr);
        receiveAll();
        if (filter) {
            if (av_buffersrc_add_frame(filter->source, nullptr) < 0) ++controls_.decode_errors;
            pull();
        }
        queues_.audio_chunks.push(AudioItem{current, true, 0, {}});
        avcodec_flush_buffers(decoder);
    }
}

}  // namespace mimic::media
