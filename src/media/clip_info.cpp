#include "media/clip_info.h"

#include <system_error>

#include "media/ffmpeg_util.h"
#include "media/open_input.h"

namespace mimic::media {

Result<InputContextPtr> openInput(const std::filesystem::path& path) {
    installFfmpegLogHandler();
    const auto fail = [&](const std::string& why) {
        return Error{"cannot open clip '" + path.string() + "': " + why};
    };
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return fail("no such file");
    if (std::filesystem::is_directory(path, ec)) return fail("it is a directory");
    if (std::filesystem::file_size(path, ec) == 0 && !ec) return fail("the file is empty");

    AVFormatContext* raw = nullptr;
    if (const int e = avformat_open_input(&raw, path.c_str(), nullptr, nullptr); e < 0) {
        // avformat_open_input frees the context itself on failure.
        if (e == AVERROR_INVALIDDATA) return fail("not a media file FFmpeg can read");
        return fail(ffmpegErrorText(e));
    }
    InputContextPtr input(raw);
    if (const int e = avformat_find_stream_info(input.get(), nullptr); e < 0) {
        return fail("cannot read its streams: " + ffmpegErrorText(e));
    }
    return input;
}

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
    auto input = openInput(path);
    if (!input) return input.error();
    const int video = av_find_best_stream(input->get(), AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
    if (video < 0) return Error{"cannot open clip '" + path.string() + "': it has no video stream"};
    const int audio = av_find_best_stream(input->get(), AVMEDIA_TYPE_AUDIO, -1, video, nullptr, 0);
    return describeInput(**input, video, audio);
}

}  // namespace mimic::media
