#include "media/video_stream_reader.h"

#include <cassert>

#include "media/ffmpeg_util.h"
#include "media/media_input.h"
#include "media/stream_decoders.h"
#include "media/video_frame_impl.h"

namespace mimic::media {

struct VideoStreamReader::Impl {
    explicit Impl(MediaInput opened) : path(opened.path()), input(std::move(opened)) {}

    std::filesystem::path path;
    MediaInput input;
    int video_index = -1;
    CodecContextPtr decoder;
    std::int64_t start_time = AV_NOPTS_VALUE;  // stream start, in the stream's time base
    PacketPtr packet = makePacket();
    bool demux_ended = false;
    bool decoder_ended = false;

    Error fail(const std::string& why) const {
        return Error{"cannot read the video stream '" + path.string() + "': " + why};
    }
};

Result<VideoStreamReader> VideoStreamReader::open(const std::filesystem::path& path,
                                                  std::chrono::milliseconds open_timeout) {
    InputOptions options;
    options.open_timeout = open_timeout;
    auto input = MediaInput::open(path, std::move(options));
    if (!input) return input.error();
    auto impl = std::make_unique<Impl>(std::move(*input));
    // Only the video is decoded; the demuxer drops the other streams' packets.
    auto decoders = openDecoders(impl->input, /*with_audio=*/false);
    if (!decoders) return decoders.error();
    impl->video_index = decoders->video_index;
    impl->decoder = std::move(decoders->video);
    impl->start_time = impl->input->streams[impl->video_index]->start_time;
    return VideoStreamReader(std::move(impl));
}

VideoStreamReader::VideoStreamReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
VideoStreamReader::VideoStreamReader(VideoStreamReader&&) noexcept = default;
VideoStreamReader& VideoStreamReader::operator=(VideoStreamReader&&) noexcept = default;
VideoStreamReader::~VideoStreamReader() = default;

Result<std::optional<VideoFrame>> VideoStreamReader::next() {
    assert(impl_ != nullptr);
    Impl& d = *impl_;
    auto picture = std::make_unique<VideoFrame::Impl>();
    picture->frame = makeFrame();
    if (picture->frame == nullptr) return d.fail(ffmpegErrorText(AVERROR(ENOMEM)));
    while (!d.decoder_ended) {
        const int got = avcodec_receive_frame(d.decoder.get(), picture->frame.get());
        if (got == 0) {
            const AVFrame& f = *picture->frame;
            const AVRational time_base = d.input->streams[d.video_index]->time_base;
            std::int64_t pts = f.best_effort_timestamp;
            if (pts == AV_NOPTS_VALUE) pts = f.pts;
            if (pts != AV_NOPTS_VALUE) {
                if (d.start_time != AV_NOPTS_VALUE) pts -= d.start_time;
                picture->pts_us = av_rescale_q(pts, time_base, kMicrosecondTimeBase);
            }
            picture->corrupt = (f.flags & AV_FRAME_FLAG_CORRUPT) != 0;
            return std::optional<VideoFrame>(VideoFrame(std::move(picture)));
        }
        if (got == AVERROR_EOF) {
            d.decoder_ended = true;
            break;
        }
        if (got != AVERROR(EAGAIN)) return d.fail("cannot decode: " + ffmpegErrorText(got));
        // The decoder wants input: the next video packet, or the flush at the end.
        if (d.demux_ended) {
            if (const int e = avcodec_send_packet(d.decoder.get(), nullptr); e < 0)
                return d.fail("cannot decode: " + ffmpegErrorText(e));
            continue;
        }
        const int read = av_read_frame(d.input.get(), d.packet.get());
        if (read == AVERROR_EOF) {
            d.demux_ended = true;
            continue;
        }
        if (read < 0) {
            // A read error ends the stream (e.g. its writer was killed mid-picture); the
            // caller learns why, and later calls return what the decoder still holds.
            d.demux_ended = true;
            return d.fail(ffmpegErrorText(read));
        }
        if (d.packet->stream_index == d.video_index) {
            const int e = avcodec_send_packet(d.decoder.get(), d.packet.get());
            av_packet_unref(d.packet.get());
            // A damaged packet is skipped, as players do; the next keyframe recovers.
            if (e < 0 && e != AVERROR_INVALIDDATA) {
                return d.fail("cannot decode: " + ffmpegErrorText(e));
            }
        } else {
            av_packet_unref(d.packet.get());
        }
    }
    return std::optional<VideoFrame>();
}

int VideoStreamReader::width() const {
    return impl_->decoder->width;
}
int VideoStreamReader::height() const {
    return impl_->decoder->height;
}
double VideoStreamReader::frameRate() const {
    const AVStream* stream = impl_->input->streams[impl_->video_index];
    if (stream->avg_frame_rate.num > 0 && stream->avg_frame_rate.den > 0)
        return av_q2d(stream->avg_frame_rate);
    if (stream->r_frame_rate.num > 0 && stream->r_frame_rate.den > 0)
        return av_q2d(stream->r_frame_rate);
    return 0.0;
}

}  // namespace mimic::media
