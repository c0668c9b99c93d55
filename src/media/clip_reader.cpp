#include "media/clip_reader.h"

extern "C" {
#include <libavutil/channel_layout.h>
#include <libavutil/pixdesc.h>
}

#include <cassert>

#include "media/ffmpeg_util.h"
#include "media/media_describe.h"
#include "media/media_input.h"
#include "media/stream_decoders.h"

namespace mimic::media {

namespace {

// Slack after a packed picture for swscale's wide stores, which can run past the end of the
// last row at some widths (an 810-pixel-wide picture overran an exact buffer).
constexpr std::size_t kSwscaleOverrunBytes = 64;

// The YUV->RGB matrix of a picture: the tagged one, else what its size implies (HD is
// BT.709, SD is BT.601), as players do.
int colourMatrix(const AVFrame& frame) {
    switch (frame.colorspace) {
        case AVCOL_SPC_BT709:
            return SWS_CS_ITU709;
        case AVCOL_SPC_FCC:
            return SWS_CS_FCC;
        case AVCOL_SPC_SMPTE240M:
            return SWS_CS_SMPTE240M;
        case AVCOL_SPC_BT2020_NCL:
        case AVCOL_SPC_BT2020_CL:
            return SWS_CS_BT2020;
        case AVCOL_SPC_BT470BG:
        case AVCOL_SPC_SMPTE170M:
            return SWS_CS_ITU601;
        default:
            return frame.height > 576 ? SWS_CS_ITU709 : SWS_CS_ITU601;
    }
}

}  // namespace

struct ClipReader::Impl {
    explicit Impl(MediaInput opened) : path(opened.path()), input(std::move(opened)) {}

    std::filesystem::path path;
    MediaInfo info;
    ReaderStats stats;

    MediaInput input;
    StreamDecoders decoders;

    PacketPtr packet = makePacket();
    FramePtr frame = makeFrame();

    // The decoder that may still hold frames from the last packet (or the final flush).
    AVCodecContext* receiving = nullptr;
    bool demux_ended = false;
    bool video_flushed = false;
    bool audio_flushed = false;

    SwsPtr sws;
    const SwsContext* sws_configured = nullptr;  // which context got the colour details
    int sws_matrix = -1;
    int sws_full_range = -1;

    SwrPtr swr;
    AVSampleFormat swr_format = AV_SAMPLE_FMT_NONE;
    int swr_rate = 0;
    AVChannelLayout swr_layout = {};

    ~Impl() { av_channel_layout_uninit(&swr_layout); }

    Error fail(const std::string& why) const {
        return Error{"cannot decode clip '" + path.string() + "': " + why};
    }

    std::int64_t frameTime_us(const AVStream& stream) const;
    Result<DecodedItem> convertVideo();
    Result<DecodedItem> convertAudio();
    Result<DecodedItem> next();
};

std::int64_t ClipReader::Impl::frameTime_us(const AVStream& stream) const {
    const std::int64_t ts = frame->best_effort_timestamp;
    if (ts == AV_NOPTS_VALUE) return 0;
    return toFileUs(ts, stream.time_base, info.start_time_us);
}

Result<DecodedItem> ClipReader::Impl::convertVideo() {
    const auto format = static_cast<AVPixelFormat>(frame->format);
    SwsContext* context = sws_getCachedContext(sws.release(), frame->width, frame->height, format,
                                               frame->width, frame->height, AV_PIX_FMT_RGBA,
                                               SWS_BILINEAR, nullptr, nullptr, nullptr);
    sws.reset(context);
    if (context == nullptr) {
        const char* name = av_get_pix_fmt_name(format);
        return fail(std::string("cannot convert pictures of format ") +
                    (name != nullptr ? name : "unknown"));
    }
    // sws_setColorspaceDetails rebuilds tables, so only when the context or tags change.
    const int matrix = colourMatrix(*frame);
    const int full_range = frame->color_range == AVCOL_RANGE_JPEG ? 1 : 0;
    if (context != sws_configured || matrix != sws_matrix || full_range != sws_full_range) {
        const int* coefficients = sws_getCoefficients(matrix);
        sws_setColorspaceDetails(context, coefficients, full_range, coefficients, 1, 0, 1 << 16,
                                 1 << 16);
        sws_configured = context;
        sws_matrix = matrix;
        sws_full_range = full_range;
    }
    RgbaPicture picture;
    picture.pts_us = frameTime_us(*input->streams[decoders.video_index]);
    picture.width = frame->width;
    picture.height = frame->height;
    // swscale's vector code may write a few bytes past the end of the last packed row, so
    // the buffer has room for that while it scales; then it is trimmed to the picture.
    const std::size_t picture_bytes = static_cast<std::size_t>(frame->width) * frame->height * 4;
    picture.pixels.resize(picture_bytes + kSwscaleOverrunBytes);
    std::uint8_t* const dst[] = {picture.pixels.data()};
    const int dst_stride[] = {frame->width * 4};
    sws_scale(context, frame->data, frame->linesize, 0, frame->height, dst, dst_stride);
    picture.pixels.resize(picture_bytes);
    ++stats.video_frames;
    av_frame_unref(frame.get());
    return DecodedItem(std::move(picture));
}

Result<DecodedItem> ClipReader::Impl::convertAudio() {
    const auto format = static_cast<AVSampleFormat>(frame->format);
    if (swr == nullptr || format != swr_format || frame->sample_rate != swr_rate ||
        av_channel_layout_compare(&frame->ch_layout, &swr_layout) != 0) {
        SwrContext* raw = nullptr;
        int e = swr_alloc_set_opts2(&raw, &frame->ch_layout, AV_SAMPLE_FMT_FLT, frame->sample_rate,
                                    &frame->ch_layout, format, frame->sample_rate, 0, nullptr);
        swr.reset(raw);
        if (e >= 0) e = swr_init(raw);
        if (e < 0) return fail("cannot convert the audio: " + ffmpegErrorText(e));
        swr_format = format;
        swr_rate = frame->sample_rate;
        av_channel_layout_uninit(&swr_layout);
        if (const int c = av_channel_layout_copy(&swr_layout, &frame->ch_layout); c < 0)
            return fail("cannot convert the audio: " + ffmpegErrorText(c));
    }
    AudioChunk chunk;
    chunk.pts_us = frameTime_us(*input->streams[decoders.audio_index]);
    chunk.sample_rate = frame->sample_rate;
    chunk.channels = frame->ch_layout.nb_channels;
    chunk.samples.resize(static_cast<std::size_t>(frame->nb_samples) * chunk.channels);
    auto* out = reinterpret_cast<std::uint8_t*>(chunk.samples.data());
    const int converted =
        swr_convert(swr.get(), &out, frame->nb_samples,
                    const_cast<const std::uint8_t**>(frame->extended_data), frame->nb_samples);
    av_frame_unref(frame.get());
    if (converted < 0) return fail("cannot convert the audio: " + ffmpegErrorText(converted));
    chunk.samples.resize(static_cast<std::size_t>(converted) * chunk.channels);
    ++stats.audio_chunks;
    return DecodedItem(std::move(chunk));
}

Result<DecodedItem> ClipReader::Impl::next() {
    for (;;) {
        if (receiving != nullptr) {
            const int e = avcodec_receive_frame(receiving, frame.get());
            if (e == 0) {
                if ((frame->flags & AV_FRAME_FLAG_CORRUPT) != 0 || frame->decode_error_flags != 0)
                    ++stats.decode_errors;
                return receiving == decoders.video.get() ? convertVideo() : convertAudio();
            }
            if (e != AVERROR(EAGAIN) && e != AVERROR_EOF) {
                // A damaged picture; with frame threads the good ones after it still follow.
                ++stats.decode_errors;
                continue;
            }
            receiving = nullptr;
        }
        if (demux_ended) {
            // Drain each decoder of the frames it still holds, then the clip is over.
            if (!video_flushed) {
                video_flushed = true;
                receiving = decoders.video.get();
            } else if (!audio_flushed && decoders.audio != nullptr) {
                audio_flushed = true;
                receiving = decoders.audio.get();
            } else {
                return DecodedItem(EndOfClip{});
            }
            avcodec_send_packet(receiving, nullptr);
            continue;
        }
        if (const int e = av_read_frame(input.get(), packet.get()); e < 0) {
            demux_ended = true;
            // A file cut short ends like a complete one; other read errors are reported once.
            if (e != AVERROR_EOF && !(input->pb != nullptr && avio_feof(input->pb)))
                return fail("read error (" + ffmpegErrorText(e) + ")");
            continue;
        }
        AVCodecContext* decoder = nullptr;
        if (packet->stream_index == decoders.video_index)
            decoder = decoders.video.get();
        else if (packet->stream_index == decoders.audio_index)
            decoder = decoders.audio.get();
        if (decoder != nullptr) {
            // Damaged data is skipped; the decoder resynchronises at the next good packet.
            if (avcodec_send_packet(decoder, packet.get()) < 0)
                ++stats.decode_errors;
            else
                receiving = decoder;
        }
        av_packet_unref(packet.get());
    }
}

Result<ClipReader> ClipReader::open(const std::filesystem::path& path, bool decode_audio) {
    auto input = MediaInput::open(path);
    if (!input) return input.error();
    auto impl = std::make_unique<Impl>(std::move(*input));
    auto decoders = openDecoders(impl->input, decode_audio);
    if (!decoders) return decoders.error();
    impl->decoders = std::move(*decoders);
    impl->info = describeMedia(impl->input, impl->decoders.chosen);
    return ClipReader(std::move(impl));
}

ClipReader::ClipReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ClipReader::ClipReader(ClipReader&&) noexcept = default;
ClipReader& ClipReader::operator=(ClipReader&&) noexcept = default;
ClipReader::~ClipReader() = default;

const MediaInfo& ClipReader::info() const {
    assert(impl_ != nullptr);
    return impl_->info;
}

Result<DecodedItem> ClipReader::next() {
    assert(impl_ != nullptr);
    return impl_->next();
}

const ReaderStats& ClipReader::stats() const {
    assert(impl_ != nullptr);
    return impl_->stats;
}

BgrImageView bgrView(const RgbaPicture& picture, std::vector<std::uint8_t>& buffer) {
    const std::size_t pixels = static_cast<std::size_t>(picture.width) * picture.height;
    buffer.resize(pixels * 3);
    for (std::size_t i = 0; i < pixels; ++i) {
        buffer[i * 3 + 0] = picture.pixels[i * 4 + 2];
        buffer[i * 3 + 1] = picture.pixels[i * 4 + 1];
        buffer[i * 3 + 2] = picture.pixels[i * 4 + 0];
    }
    return {buffer.data(), picture.width, picture.height, picture.width * 3};
}

}  // namespace mimic::media
