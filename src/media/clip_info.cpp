#include "media/clip_info.h"

#include "media/ffmpeg_util.h"
#include "media/media_input.h"
#include "media/open_input.h"

namespace mimic::media {

ClipInfo describeInput(const AVFormatContext& input, int video_index, int audio_index) {
    ClipInfo info;
    info.container = input.iformat->name;
    if (input.duration != AV_NOPTS_VALUE && input.duration > 0) {
        info.duration_us = av_rescale_q(input.duration, AV_TIME_BASE_Q, kMicrosecondTimeBase);
    }
    if (video_index >= 0) {
        const AVStream* s = input.streams[video_index];
        info.has_video = true;
        info.video_codec = avcodec_get_name(s->codecpar->codec_id);
        info.width = s->codecpar->width;
        info.height = s->codecpar->height;
        if (s->avg_frame_rate.num > 0 && s->avg_frame_rate.den > 0) {
            info.frame_rate = av_q2d(s->avg_frame_rate);
        }
        info.video_frames = s->nb_frames;
    }
    if (audio_index >= 0) {
        const AVStream* s = input.streams[audio_index];
        info.has_audio = true;
        info.audio_codec = avcodec_get_name(s->codecpar->codec_id);
        info.audio_sample_rate = s->codecpar->sample_rate;
        info.audio_channels = s->codecpar->ch_layout.nb_channels;
    }
    return info;
}

Result<ClipInfo> probeClip(const std::filesystem::path& path) {
    auto input = MediaInput::open(path);
    if (!input) return input.error();
    const int video = av_find_best_stream(input->get(), AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
    if (video < 0) return inputError(path, "it has no video stream");
    const int audio = av_find_best_stream(input->get(), AVMEDIA_TYPE_AUDIO, -1, video, nullptr, 0);
    return describeInput(*input->get(), video, audio);
}

}  // namespace mimic::media
