#include "media/encoder.h"

extern "C" {
#include <libavutil/channel_layout.h>
#include <libavutil/dict.h>
#include <libavutil/opt.h>
}

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>
#include <optional>
#include <system_error>
#include <vector>

#include "media/ffmpeg_util.h"
#include "media/sealed_io.h"
#include "media/video_frame_impl.h"

namespace mimic::media {

namespace {

// Microphone buffers are stamped on arrival, so consecutive stamps wobble by a few ms around
// the true sample position. Smaller differences are clock jitter, not lost or repeated audio:
// correcting them would put clicks into the sound.
constexpr std::int64_t kAudioJitterTolerance_us = 10'000;
// AAC-LC at 64 kbit/s per channel is transparent enough for speech and a modelling clip.
constexpr std::int64_t kAudioBitRatePerChannel = 64'000;
// Crash-safe Matroska (docs/architecture.md, "Crash safety"): a kill loses at most the
// cluster being written plus the frames the recorder holds to stamp them (100 ms); clusters of
// at most 300 ms (and one frame) keep that under 0.5 s. With 500 ms it reached 0.54 s.
constexpr const char* kCrashSafeClusterTimeLimit_ms = "300";
// The muxer holds packets to interleave the streams; when one stream falls silent (no
// microphone data) it must not hold the other for the default 10 s.
constexpr std::int64_t kCrashSafeMaxInterleaveDelta_us = 500'000;
// Video pictures are timed on the MPEG 90 kHz clock: fine enough that no picture moves by
// more than 6 us, and what MP4 and H.264 tools expect (Matroska keeps milliseconds).
constexpr AVRational kVideoTimeBase = {1, 90'000};

// A context for the encoder called `name`; null when this FFmpeg was built without it.
CodecContextPtr allocateEncoder(const char* name) {
    const AVCodec* codec = avcodec_find_encoder_by_name(name);
    return CodecContextPtr(codec != nullptr ? avcodec_alloc_context3(codec) : nullptr);
}

std::string containerName(Container container) {
    switch (container) {
        case Container::kMp4:
            return "mp4";
        case Container::kMatroska:
            return "matroska";
        case Container::kNone:
            break;
    }
    return {};
}

}  // namespace

int keyframeIntervalFor(double frame_rate, std::int64_t max_gap_us) {
    // A rate such as 30 fps fits 0.5 s exactly: no rounding may make that 14.999 frames.
    const double frames = frame_rate * static_cast<double>(max_gap_us) / 1e6 + 1e-6;
    return std::max(1, static_cast<int>(std::floor(frames)));
}

struct Encoder::Impl {
    std::filesystem::path path;
    EncoderSettings settings;
    EncoderStats stats;

    std::unique_ptr<SealedOutputIo> sealed_io;  // set for a sealed file; outlives `format`
    OutputContextPtr format;
    CodecContextPtr video_codec;
    AVStream* video_stream = nullptr;  // owned by `format`
    FramePtr video_frame;              // converted pictures (BGR or other formats)
    FramePtr passed_frame;  // a reference to a caller's yuv420p picture, while it is sent
    SwsPtr sws;
    std::int64_t last_video_pts = std::numeric_limits<std::int64_t>::min();
    std::int64_t last_keyframe_pts = 0;  // valid once a picture was sent
    int pictures_since_keyframe = 0;     // pictures sent since the last keyframe

    CodecContextPtr audio_codec;
    AVStream* audio_stream = nullptr;  // owned by `format`
    // Interleaved samples not yet encoded; the first of them belongs at sample
    // `audio_encoded_samples` of the stream.
    std::vector<float> audio_pending;
    std::int64_t audio_encoded_samples = 0;

    PacketPtr packet = makePacket();
    bool header_written = false;
    bool finished = false;

    Error fail(const std::string& what, int errnum) const {
        return Error{what + " '" + path.string() + "': " + ffmpegErrorText(errnum)};
    }
    Error fail(const std::string& what) const { return Error{what + " '" + path.string() + "'"}; }

    Status addStream(const AVCodecContext* codec, AVStream** stream);
    Status openVideo();
    Status openAudio();
    Status openFile();
    Status encode(AVCodecContext* codec, AVStream* stream, const AVFrame* frame);
    std::optional<std::int64_t> videoPts(std::int64_t pts_us);
    Status convertAndEncode(const std::uint8_t* const src[], const int src_stride[],
                            AVPixelFormat src_format, int width, int height, std::int64_t pts);
    Status encodeVideo(AVFrame* frame, std::int64_t pts);
    Status encodeAudioFrames(bool flush);
    void updateBytesWritten();
    Status finish();
};

// Adds a stream for the opened encoder `codec`; the muxer may change its time base.
Status Encoder::Impl::addStream(const AVCodecContext* codec, AVStream** stream) {
    *stream = avformat_new_stream(format.get(), nullptr);
    if (*stream == nullptr) return fail("cannot add a stream to", AVERROR(ENOMEM));
    (*stream)->time_base = codec->time_base;
    if (const int e = avcodec_parameters_from_context((*stream)->codecpar, codec); e < 0)
        return fail("cannot set up a stream of", e);
    return okStatus();
}

Status Encoder::Impl::openVideo() {
    video_codec = allocateEncoder("libx264");
    if (video_codec == nullptr) return fail("no H.264 encoder (libx264) for");
    AVCodecContext* c = video_codec.get();
    c->width = settings.width;
    c->height = settings.height;
    c->pix_fmt = AV_PIX_FMT_YUV420P;
    // A picture keeps its own time (a camera's frames do not fall on a 1/frame_rate grid:
    // rounding to one would move every frame of a recording by the same up to half a frame,
    // and the picture out of step with the sound). The frame rate is told to x264 separately.
    c->time_base = kVideoTimeBase;
    c->framerate = AVRational{settings.frame_rate, 1};
    c->gop_size = settings.keyframe_interval;
    // swscale converts with BT.601 limited range; say so, so players convert back the same way.
    c->color_range = AVCOL_RANGE_MPEG;
    c->colorspace = AVCOL_SPC_SMPTE170M;
    if (format->oformat->flags & AVFMT_GLOBALHEADER) c->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;

    AVDictionary* raw_options = nullptr;
    av_dict_set(&raw_options, "preset", settings.x264_preset.c_str(), 0);
    if (!settings.x264_tune.empty())
        av_dict_set(&raw_options, "tune", settings.x264_tune.c_str(), 0);
    av_dict_set_int(&raw_options, "crf", settings.crf, 0);
    // Keyframes exactly every keyframe_interval frames: seeking cost and crash loss stay
    // predictable (x264's scene-cut detection would add keyframes of its own).
    av_dict_set(&raw_options, "x264-params", "scenecut=0", 0);
    const int err = avcodec_open2(c, nullptr, &raw_options);
    av_dict_free(&raw_options);
    if (err < 0) return fail("cannot open the H.264 encoder for", err);

    if (Status st = addStream(c, &video_stream); !st) return st;
    video_stream->avg_frame_rate = c->framerate;

    video_frame = makeFrame();
    video_frame->format = c->pix_fmt;
    video_frame->width = c->width;
    video_frame->height = c->height;
    video_frame->color_range = c->color_range;
    video_frame->colorspace = c->colorspace;
    if (const int e = av_frame_get_buffer(video_frame.get(), 0); e < 0) {
        return fail("cannot allocate a picture for", e);
    }
    return okStatus();
}

Status Encoder::Impl::openAudio() {
    audio_codec = allocateEncoder("aac");
    if (audio_codec == nullptr) return fail("no AAC encoder for");
    AVCodecContext* c = audio_codec.get();
    c->sample_fmt = AV_SAMPLE_FMT_FLTP;
    c->sample_rate = settings.audio_sample_rate;
    av_channel_layout_default(&c->ch_layout, settings.audio_channels);
    c->bit_rate = kAudioBitRatePerChannel * settings.audio_channels;
    c->time_base = AVRational{1, settings.audio_sample_rate};
    if (format->oformat->flags & AVFMT_GLOBALHEADER) c->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
    if (const int e = avcodec_open2(c, nullptr, nullptr); e < 0) {
        return fail("cannot open the AAC encoder for", e);
    }
    return addStream(c, &audio_stream);
}

Status Encoder::Impl::openFile() {
    if (settings.sealed_with) {
        if (settings.container == Container::kMp4 && settings.faststart) {
            return fail("MP4's faststart cannot write the sealed file");
        }
        auto io = SealedOutputIo::create(path, *settings.sealed_with);
        if (!io) return Error{io.error().message};
        sealed_io = std::move(*io);
        format->pb = sealed_io->context();
        format->flags |= AVFMT_FLAG_CUSTOM_IO;
    } else if (const int e = avio_open(&format->pb, path.c_str(), AVIO_FLAG_WRITE); e < 0) {
        return fail("cannot create", e);
    }
    AVDictionary* raw_options = nullptr;
    if (settings.container == Container::kMp4 && settings.faststart) {
        av_dict_set(&raw_options, "movflags", "+faststart", 0);
    }
    if (settings.crash_safe) {
        // Every packet goes to the file as it is written, not into a 256 KiB buffer.
        format->flush_packets = 1;
        format->max_interleave_delta = kCrashSafeMaxInterleaveDelta_us;
        av_dict_set(&raw_options, "cluster_time_limit", kCrashSafeClusterTimeLimit_ms, 0);
    }
    for (const auto& [key, value] : settings.tags) {
        av_dict_set(&format->metadata, key.c_str(), value.c_str(), 0);
    }
    const int err = avformat_write_header(format.get(), &raw_options);
    av_dict_free(&raw_options);
    if (err < 0) return fail("cannot write the header of", err);
    if (format->pb->error < 0) return fail("cannot write the header of", format->pb->error);
    header_written = true;
    updateBytesWritten();
    return okStatus();
}

void Encoder::Impl::updateBytesWritten() {
    if (format != nullptr && format->pb != nullptr) stats.bytes_written = avio_tell(format->pb);
}

// Sends `frame` (nullptr: flush) and writes every packet the encoder gives back.
Status Encoder::Impl::encode(AVCodecContext* codec, AVStream* stream, const AVFrame* frame) {
    if (const int e = avcodec_send_frame(codec, frame); e < 0) return fail("cannot encode", e);
    for (;;) {
        const int e = avcodec_receive_packet(codec, packet.get());
        if (e == AVERROR(EAGAIN) || e == AVERROR_EOF) break;
        if (e < 0) return fail("cannot encode", e);
        av_packet_rescale_ts(packet.get(), codec->time_base, stream->time_base);
        packet->stream_index = stream->index;
        // Takes the packet's reference and leaves it blank for the next one.
        if (const int w = av_interleaved_write_frame(format.get(), packet.get()); w < 0) {
            return fail("cannot write", w);
        }
        if (format->pb->error < 0) return fail("cannot write", format->pb->error);
    }
    updateBytesWritten();
    return okStatus();
}

// Encodes whole encoder frames from `audio_pending`; with `flush`, also the remainder.
Status Encoder::Impl::encodeAudioFrames(bool flush) {
    AVCodecContext* c = audio_codec.get();
    const int channels = settings.audio_channels;
    const bool small_last_ok = (c->codec->capabilities & AV_CODEC_CAP_SMALL_LAST_FRAME) != 0;
    std::size_t offset = 0;  // in interleaved floats
    for (;;) {
        const auto available = static_cast<int>((audio_pending.size() - offset) / channels);
        if (available == 0 || (available < c->frame_size && !flush)) break;
        const int count = std::min(available, c->frame_size);
        FramePtr frame = makeFrame();
        frame->format = c->sample_fmt;
        frame->sample_rate = c->sample_rate;
        frame->nb_samples = (count < c->frame_size && !small_last_ok) ? c->frame_size : count;
        if (const int e = av_channel_layout_copy(&frame->ch_layout, &c->ch_layout); e < 0) {
            return fail("cannot encode audio for", e);
        }
        if (const int e = av_frame_get_buffer(frame.get(), 0); e < 0) {
            return fail("cannot encode audio for", e);
        }
        for (int ch = 0; ch < channels; ++ch) {
            auto* plane = reinterpret_cast<float*>(frame->extended_data[ch]);
            for (int i = 0; i < count; ++i)
                plane[i] = audio_pending[offset + i * channels + ch];
            std::fill(plane + count, plane + frame->nb_samples, 0.0F);  // pad the last frame
        }
        frame->pts = audio_encoded_samples;
        offset += static_cast<std::size_t>(count) * channels;
        audio_encoded_samples += count;
        stats.audio_samples_written += count;
        if (Status s = encode(c, audio_stream, frame.get()); !s) {
            audio_pending.erase(audio_pending.begin(), audio_pending.begin() + offset);
            return s;
        }
    }
    audio_pending.erase(audio_pending.begin(), audio_pending.begin() + offset);
    return okStatus();
}

Status Encoder::Impl::finish() {
    if (finished) return fail("already finished");
    finished = true;
    if (!header_written) return fail("never started");
    Status result;
    if (audio_codec != nullptr) {
        if (Status s = encodeAudioFrames(true); !s && result) result = s;
        if (Status s = encode(audio_codec.get(), audio_stream, nullptr); !s && result) result = s;
    }
    if (Status s = encode(video_codec.get(), video_stream, nullptr); !s && result) result = s;
    if (const int e = av_write_trailer(format.get()); e < 0 && result) {
        result = fail("cannot finish", e);
    }
    if (format->pb->error < 0 && result) result = fail("cannot finish", format->pb->error);
    updateBytesWritten();
    if (sealed_io != nullptr) {
        if (Status closed = sealed_io->close(); !closed && result) result = closed;
        format->pb = nullptr;
    } else if (const int e = avio_closep(&format->pb); e < 0 && result) {
        result = fail("cannot close", e);
    }
    // faststart rewrote the file after the last avio_tell.
    std::error_code ec;
    if (const auto size = std::filesystem::file_size(path, ec); !ec) {
        stats.bytes_written = static_cast<std::int64_t>(size);
    }
    return result;
}

Result<Encoder> Encoder::open(const std::filesystem::path& path, const EncoderSettings& settings) {
    installFfmpegLogHandler();
    auto impl = std::make_unique<Impl>();
    impl->path = path;
    impl->settings = settings;
    const std::string name = containerName(settings.container);
    if (name.empty()) return impl->fail("no container format chosen for");
    if (settings.crash_safe && settings.container != Container::kMatroska) {
        return impl->fail("crash-safe recording needs Matroska (.mkv), not MP4, for");
    }
    if (settings.width <= 0 || settings.height <= 0 || settings.width % 2 != 0 ||
        settings.height % 2 != 0 || settings.frame_rate <= 0 || settings.keyframe_interval <= 0) {
        return impl->fail("invalid video settings (" + std::to_string(settings.width) + "x" +
                          std::to_string(settings.height) + " at " +
                          std::to_string(settings.frame_rate) + " fps; even sizes needed) for");
    }
    if (settings.audio_sample_rate < 0 ||
        (settings.audio_sample_rate > 0 &&
         (settings.audio_channels < 1 || settings.audio_channels > 8))) {
        return impl->fail("invalid audio settings for");
    }
    AVFormatContext* raw_format = nullptr;
    if (const int e =
            avformat_alloc_output_context2(&raw_format, nullptr, name.c_str(), path.c_str());
        e < 0) {
        return impl->fail("cannot set up " + name + " output for", e);
    }
    impl->format.reset(raw_format);
    if (Status s = impl->openVideo(); !s) return s.error();
    if (settings.audio_sample_rate > 0) {
        if (Status s = impl->openAudio(); !s) return s.error();
    }
    if (Status s = impl->openFile(); !s) return s.error();
    return Encoder(std::move(impl));
}

Encoder::Encoder(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Encoder::Encoder(Encoder&&) noexcept = default;
Encoder& Encoder::operator=(Encoder&& other) noexcept {
    if (this != &other) {
        if (impl_ != nullptr && !impl_->finished) (void)impl_->finish();
        impl_ = std::move(other.impl_);
    }
    return *this;
}

Encoder::~Encoder() {
    if (impl_ != nullptr && !impl_->finished) (void)impl_->finish();
}

Status Encoder::writeVideo(const BgrImageView& image, std::int64_t pts_us) {
    assert(impl_ != nullptr);
    Impl& d = *impl_;
    if (d.finished) return d.fail("cannot add video after finishing");
    if (image.data == nullptr || image.width <= 0 || image.height <= 0 ||
        image.stride_bytes < image.width * 3) {
        return d.fail("empty or malformed picture given for");
    }
    const auto pts = d.videoPts(pts_us);
    if (!pts) return okStatus();  // dropped and counted
    const std::uint8_t* const src[] = {image.data};
    const int src_stride[] = {image.stride_bytes};
    return d.convertAndEncode(src, src_stride, AV_PIX_FMT_BGR24, image.width, image.height, *pts);
}

Status Encoder::writeVideo(const VideoFrame& picture, std::int64_t pts_us) {
    assert(impl_ != nullptr);
    Impl& d = *impl_;
    if (d.finished) return d.fail("cannot add video after finishing");
    const AVFrame& f = *picture.impl().frame;
    if (f.data[0] == nullptr || f.width <= 0 || f.height <= 0) {
        return d.fail("empty or malformed picture given for");
    }
    const auto pts = d.videoPts(pts_us);
    if (!pts) return okStatus();  // dropped and counted
    const AVCodecContext* c = d.video_codec.get();
    if (f.format == c->pix_fmt && f.width == c->width && f.height == c->height) {
        // The camera's own yuv420p planes, uncopied: what the ffmpeg CLI does with them too.
        if (d.passed_frame == nullptr) d.passed_frame = makeFrame();
        if (const int e = av_frame_ref(d.passed_frame.get(), &f); e < 0) {
            return d.fail("cannot pass a picture to the encoder for", e);
        }
        // The file says BT.601 limited range (see openVideo): camera YUV is that.
        d.passed_frame->color_range = c->color_range;
        d.passed_frame->colorspace = c->colorspace;
        d.passed_frame->pict_type = AV_PICTURE_TYPE_NONE;
        d.passed_frame->key_frame = 0;
        Status sent = d.encodeVideo(d.passed_frame.get(), *pts);
        av_frame_unref(d.passed_frame.get());
        return sent;
    }
    return d.convertAndEncode(f.data, f.linesize, static_cast<AVPixelFormat>(f.format), f.width,
                              f.height, *pts);
}

// The encoder's pts for `pts_us`; nullopt (counted) when the picture repeats the last one.
std::optional<std::int64_t> Encoder::Impl::videoPts(std::int64_t pts_us) {
    const std::int64_t pts =
        av_rescale_q_rnd(pts_us, kMicrosecondTimeBase, video_codec->time_base, AV_ROUND_NEAR_INF);
    // Less than half a frame after the last picture is the same picture again (a camera
    // that repeats or wobbles a stamp), not a new one.
    const std::int64_t repeat_within = kVideoTimeBase.den / (2 * settings.frame_rate);
    if (last_video_pts != std::numeric_limits<std::int64_t>::min() &&
        pts - last_video_pts < repeat_within) {
        ++stats.video_frames_dropped;
        return std::nullopt;
    }
    return pts;
}

Status Encoder::Impl::convertAndEncode(const std::uint8_t* const src[], const int src_stride[],
                                       AVPixelFormat src_format, int width, int height,
                                       std::int64_t pts) {
    AVCodecContext* c = video_codec.get();
    SwsContext* cached =
        sws_getCachedContext(sws.release(), width, height, src_format, c->width, c->height,
                             c->pix_fmt, SWS_BILINEAR, nullptr, nullptr, nullptr);
    sws.reset(cached);
    if (cached == nullptr) return fail("cannot convert the camera picture for");
    // The encoder may still hold a reference to the previous picture's buffers.
    if (const int e = av_frame_make_writable(video_frame.get()); e < 0) {
        return fail("cannot allocate a picture for", e);
    }
    sws_scale(cached, src, src_stride, 0, height, video_frame->data, video_frame->linesize);
    return encodeVideo(video_frame.get(), pts);
}

Status Encoder::Impl::encodeVideo(AVFrame* frame, std::int64_t pts) {
    frame->pts = pts;
    // The keyframes x264 places by count (scenecut is off), plus one wherever the time since
    // the last keyframe reaches the gap (frames the camera skipped): x264 counts its interval
    // from every keyframe, forced or not, so the two stay in step.
    const bool first = stats.video_frames_written == 0;
    const std::int64_t half_period = kVideoTimeBase.den / (2 * settings.frame_rate);
    const std::int64_t max_gap =
        av_rescale_q(settings.max_keyframe_gap_us, kMicrosecondTimeBase, kVideoTimeBase);
    const bool key = first || pictures_since_keyframe >= settings.keyframe_interval ||
                     (max_gap > 0 && pts - last_keyframe_pts >= max_gap - half_period);
    frame->pict_type = key ? AV_PICTURE_TYPE_I : AV_PICTURE_TYPE_NONE;
    if (key) {
        last_keyframe_pts = pts;
        pictures_since_keyframe = 0;
    }
    ++pictures_since_keyframe;
    last_video_pts = pts;
    if (Status s = encode(video_codec.get(), video_stream, frame); !s) return s;
    ++stats.video_frames_written;
    return okStatus();
}

Status Encoder::writeAudio(std::span<const float> samples, std::int64_t pts_us) {
    assert(impl_ != nullptr);
    Impl& d = *impl_;
    if (d.finished) return d.fail("cannot add audio after finishing");
    if (d.audio_codec == nullptr) return d.fail("no audio stream was set up in");
    const int channels = d.settings.audio_channels;
    if (samples.size() % static_cast<std::size_t>(channels) != 0) {
        return d.fail("audio buffer is not a whole number of " + std::to_string(channels) +
                      "-channel samples for");
    }
    const std::int64_t rate = d.settings.audio_sample_rate;
    const std::int64_t expected =
        d.audio_encoded_samples + static_cast<std::int64_t>(d.audio_pending.size() / channels);
    const std::int64_t start = av_rescale_rnd(pts_us, rate, 1'000'000, AV_ROUND_NEAR_INF);
    const std::int64_t tolerance = kAudioJitterTolerance_us * rate / 1'000'000;
    std::size_t skip = 0;  // interleaved floats to trim from the front
    if (start > expected + tolerance) {
        d.audio_pending.insert(d.audio_pending.end(),
                               static_cast<std::size_t>((start - expected) * channels), 0.0F);
    } else if (start < expected - tolerance) {
        skip = std::min(samples.size(), static_cast<std::size_t>((expected - start) * channels));
    }
    d.audio_pending.insert(d.audio_pending.end(),
                           samples.begin() + static_cast<std::ptrdiff_t>(skip), samples.end());
    return d.encodeAudioFrames(false);
}

Status Encoder::finish() {
    assert(impl_ != nullptr);
    return impl_->finish();
}

const EncoderStats& Encoder::stats() const {
    assert(impl_ != nullptr);
    return impl_->stats;
}

}  // namespace mimic::media
