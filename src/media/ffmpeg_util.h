// Internal to src/media: RAII handles for FFmpeg objects and FFmpeg error text.
// Nothing outside src/media includes this header (FFmpeg types never leave the folder).
#pragma once

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/frame.h>
#include <libswresample/swresample.h>
#include <libswscale/swscale.h>
}

#include <cstdint>
#include <memory>
#include <string>

namespace mimic::media {

// Text for an FFmpeg error code, e.g. "No space left on device".
std::string ffmpegErrorText(int errnum);

// Routes FFmpeg's own log through ours (once per process; thread-safe).
void installFfmpegLogHandler();

struct FrameDeleter {
    void operator()(AVFrame* f) const { av_frame_free(&f); }
};
struct PacketDeleter {
    void operator()(AVPacket* p) const { av_packet_free(&p); }
};
struct CodecContextDeleter {
    void operator()(AVCodecContext* c) const { avcodec_free_context(&c); }
};
struct InputContextDeleter {
    void operator()(AVFormatContext* f) const { avformat_close_input(&f); }
};
// An output context owns its AVIOContext when it opened one (not for AVFMT_NOFILE formats,
// nor custom I/O, whose owner closes it).
struct OutputContextDeleter {
    void operator()(AVFormatContext* f) const {
        const bool owned =
            (f->oformat->flags & AVFMT_NOFILE) == 0 && (f->flags & AVFMT_FLAG_CUSTOM_IO) == 0;
        if (f->pb != nullptr && owned) avio_closep(&f->pb);
        avformat_free_context(f);
    }
};
struct SwsDeleter {
    void operator()(SwsContext* s) const { sws_freeContext(s); }
};
struct SwrDeleter {
    void operator()(SwrContext* s) const { swr_free(&s); }
};

using FramePtr = std::unique_ptr<AVFrame, FrameDeleter>;
using PacketPtr = std::unique_ptr<AVPacket, PacketDeleter>;
using CodecContextPtr = std::unique_ptr<AVCodecContext, CodecContextDeleter>;
using InputContextPtr = std::unique_ptr<AVFormatContext, InputContextDeleter>;
using OutputContextPtr = std::unique_ptr<AVFormatContext, OutputContextDeleter>;
using SwsPtr = std::unique_ptr<SwsContext, SwsDeleter>;
using SwrPtr = std::unique_ptr<SwrContext, SwrDeleter>;

inline FramePtr makeFrame() {
    return FramePtr(av_frame_alloc());
}
inline PacketPtr makePacket() {
    return PacketPtr(av_packet_alloc());
}

// Microseconds as an FFmpeg time base.
inline constexpr AVRational kMicrosecondTimeBase = {1, 1000000};

// Stream time `ts` (in `time_base`) as microseconds from the start of the file, whose
// container start time is `start_us`: what the ffmpeg CLI prints.
inline std::int64_t toFileUs(std::int64_t ts, AVRational time_base, std::int64_t start_us) {
    return av_rescale_q(ts, time_base, kMicrosecondTimeBase) - start_us;
}

// One frame of `stream` at its nominal rate, in µs (0 when the stream does not say).
inline std::int64_t frameStepUs(const AVStream& stream) {
    const AVRational fps =
        stream.avg_frame_rate.num > 0 ? stream.avg_frame_rate : stream.r_frame_rate;
    return fps.num > 0 && fps.den > 0 ? av_rescale(1'000'000, fps.den, fps.num) : 0;
}

// A decoded video frame's time in µs from the file's start: its best-effort timestamp, or
// for an unstamped one (the last B-frame drained from AVI) one frame after `previous_us`, as
// the ffmpeg CLI guesses it. Every reader of pictures times them so.
inline std::int64_t videoFrameUs(const AVFrame& frame, const AVStream& stream,
                                 std::int64_t start_us, std::int64_t previous_us) {
    const std::int64_t ts = frame.best_effort_timestamp;
    return ts != AV_NOPTS_VALUE ? toFileUs(ts, stream.time_base, start_us)
                                : previous_us + frameStepUs(stream);
}

}  // namespace mimic::media
