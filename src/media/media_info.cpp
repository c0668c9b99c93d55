#include "media/media_info.h"

extern "C" {
#include <libavutil/display.h>
#include <libavutil/pixdesc.h>
}

#include <cmath>
#include <system_error>
#include <vector>

#include "media/media_describe.h"

namespace mimic::media {

namespace {

// Packets read to estimate the keyframe interval when the container has no index: enough
// for a few GOPs of 1-10 s at usual frame rates, cheap since nothing is decoded.
constexpr int kKeyframeScanPackets = 600;

std::string nameOr(const char* name) {
    return name != nullptr ? name : "";
}

int rotationDegrees(const AVStream& stream) {
    const auto* matrix = reinterpret_cast<const std::int32_t*>(
        av_stream_get_side_data(&stream, AV_PKT_DATA_DISPLAYMATRIX, nullptr));
    if (matrix == nullptr) return 0;
    // av_display_rotation_get is counter-clockwise; players turn the picture clockwise.
    const double ccw = av_display_rotation_get(matrix);
    if (std::isnan(ccw)) return 0;
    int degrees = static_cast<int>(std::lround(-ccw)) % 360;
    if (degrees < 0) degrees += 360;
    return (degrees + 45) / 90 * 90 % 360;
}

// A display matrix with a negative determinant mirrors the picture (as ffmpeg's autorotate
// reads it: hflip, then the turn).
bool mirrored(const AVStream& stream) {
    const auto* m = reinterpret_cast<const std::int32_t*>(
        av_stream_get_side_data(&stream, AV_PKT_DATA_DISPLAYMATRIX, nullptr));
    if (m == nullptr) return false;
    const double determinant = static_cast<double>(m[0]) * m[4] - static_cast<double>(m[1]) * m[3];
    return determinant < 0;
}

// Mean keyframe distance from the container index, else from scanning packets.
double keyframeInterval(const MediaInput& input, AVStream& stream) {
    std::vector<std::int64_t> keys;
    const int entries = avformat_index_get_entries_count(&stream);
    for (int i = 0; i < entries; ++i) {
        const AVIndexEntry* e = avformat_index_get_entry(&stream, i);
        if (e != nullptr && (e->flags & AVINDEX_KEYFRAME) != 0 && e->timestamp != AV_NOPTS_VALUE)
            keys.push_back(e->timestamp);
    }
    // An index of keyframes only (Matroska cues) hides the GOP length only if sparse; it
    // is still the keyframe spacing, which is what seeking costs depend on.
    if (keys.size() < 2) {
        // No index (e.g. MPEG-TS): scan packets on a second handle, so the caller's stays
        // at the start of the file (seeking back is not exact in every format).
        keys.clear();
        auto scan = input.reopen();
        if (!scan) return 0.0;
        PacketPtr packet = makePacket();
        for (int n = 0; n < kKeyframeScanPackets && av_read_frame(scan->get(), packet.get()) >= 0;
             ++n) {
            if (packet->stream_index == stream.index && (packet->flags & AV_PKT_FLAG_KEY) != 0) {
                keys.push_back(packet->pts != AV_NOPTS_VALUE ? packet->pts : packet->dts);
            }
            av_packet_unref(packet.get());
        }
    }
    if (keys.size() < 2) return 0.0;
    const double span = static_cast<double>(keys.back() - keys.front()) * av_q2d(stream.time_base);
    return span / static_cast<double>(keys.size() - 1);
}

}  // namespace

MediaInfo describeMedia(const MediaInput& opened, const StreamChoice& streams) {
    const int video_index = streams.video;
    const int audio_index = streams.audio;
    const std::filesystem::path& path = opened.path();
    AVFormatContext& input = *opened.get();
    MediaInfo info;
    info.path = path;
    info.container = input.iformat->name;
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    info.size_bytes = ec ? 0 : static_cast<std::int64_t>(size);
    if (input.duration != AV_NOPTS_VALUE && input.duration > 0)
        info.duration_us = av_rescale_q(input.duration, AV_TIME_BASE_Q, kMicrosecondTimeBase);
    if (input.start_time != AV_NOPTS_VALUE)
        info.start_time_us = av_rescale_q(input.start_time, AV_TIME_BASE_Q, kMicrosecondTimeBase);
    for (unsigned i = 0; i < input.nb_streams; ++i) {
        const AVStream& s = *input.streams[i];
        StreamInfo stream;
        stream.index = static_cast<int>(i);
        stream.kind = nameOr(av_get_media_type_string(s.codecpar->codec_type));
        if (stream.kind.empty()) stream.kind = "unknown";
        stream.codec = avcodec_get_name(s.codecpar->codec_id);
        if (s.start_time != AV_NOPTS_VALUE)
            stream.start_us = toFileUs(s.start_time, s.time_base, info.start_time_us);
        info.streams.push_back(std::move(stream));
    }
    {  // the video stream, always there
        AVStream& s = *input.streams[video_index];
        const AVCodecParameters& p = *s.codecpar;
        VideoStreamInfo v;
        v.index = video_index;
        v.codec = avcodec_get_name(p.codec_id);
        v.pixel_format = nameOr(av_get_pix_fmt_name(static_cast<AVPixelFormat>(p.format)));
        v.width = p.width;
        v.height = p.height;
        const AVRational sar = av_guess_sample_aspect_ratio(&input, &s, nullptr);
        if (sar.num > 0 && sar.den > 0) {
            v.sar_num = sar.num;
            v.sar_den = sar.den;
        }
        v.rotation_degrees = rotationDegrees(s);
        v.hflip = mirrored(s);
        if (p.color_space != AVCOL_SPC_UNSPECIFIED)
            v.colour_matrix = nameOr(av_color_space_name(p.color_space));
        if (p.color_range != AVCOL_RANGE_UNSPECIFIED)
            v.colour_range = nameOr(av_color_range_name(p.color_range));
        if (p.color_primaries != AVCOL_PRI_UNSPECIFIED)
            v.colour_primaries = nameOr(av_color_primaries_name(p.color_primaries));
        if (p.color_trc != AVCOL_TRC_UNSPECIFIED)
            v.colour_transfer = nameOr(av_color_transfer_name(p.color_trc));
        const AVRational rate = s.avg_frame_rate.num > 0 ? s.avg_frame_rate : s.r_frame_rate;
        if (rate.num > 0 && rate.den > 0) v.frame_rate = av_q2d(rate);
        v.frame_count = s.nb_frames;
        v.keyframe_interval_s = keyframeInterval(opened, s);
        info.video = std::move(v);
    }
    if (audio_index >= 0) {
        const AVStream& s = *input.streams[audio_index];
        AudioStreamInfo a;
        a.index = audio_index;
        a.codec = avcodec_get_name(s.codecpar->codec_id);
        a.sample_rate = s.codecpar->sample_rate;
        a.channels = s.codecpar->ch_layout.nb_channels;
        info.audio = std::move(a);
    }
    return info;
}

Result<MediaInfo> probeMedia(const std::filesystem::path& path) {
    auto input = MediaInput::open(path);
    if (!input) return input.error();
    auto streams = chooseStreams(*input);
    if (!streams) return streams.error();
    return describeMedia(*input, *streams);
}

}  // namespace mimic::media
