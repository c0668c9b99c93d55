#include "media/stream_decoders.h"

extern "C" {
#include <libavutil/imgutils.h>
}

#include <string>

#include "common/log.h"

namespace mimic::media {

namespace {

// Decoding threads: 0 lets FFmpeg pick per core (a camera stream that is H.264 rather than
// raw pictures must keep up in real time, and so must 1080p playback).
constexpr int kDecoderThreads = 0;

Error decodeError(const MediaInput& input, const std::string& why) {
    return Error{"cannot decode '" + input.path().string() + "': " + why};
}

Result<CodecContextPtr> openDecoder(const MediaInput& input, int stream_index) {
    const AVStream* stream = input->streams[stream_index];
    const AVCodec* codec = avcodec_find_decoder(stream->codecpar->codec_id);
    if (codec == nullptr)
        return decodeError(
            input, std::string("no decoder for ") + avcodec_get_name(stream->codecpar->codec_id));
    CodecContextPtr decoder(avcodec_alloc_context3(codec));
    if (decoder == nullptr) return decodeError(input, "out of memory opening a decoder");
    if (const int e = avcodec_parameters_to_context(decoder.get(), stream->codecpar); e < 0)
        return decodeError(input, "cannot set up the " + std::string(codec->name) +
                                      " decoder: " + ffmpegErrorText(e));
    decoder->pkt_timebase = stream->time_base;
    decoder->thread_count = kDecoderThreads;
    if (const int e = avcodec_open2(decoder.get(), codec, nullptr); e < 0)
        return decodeError(input, "cannot open the " + std::string(codec->name) +
                                      " decoder: " + ffmpegErrorText(e));
    return decoder;
}

}  // namespace

Result<StreamChoice> chooseStreams(const MediaInput& input) {
    StreamChoice choice;
    choice.video = av_find_best_stream(input.get(), AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
    if (choice.video < 0) return inputError(input.path(), "it has no video stream");
    const int audio =
        av_find_best_stream(input.get(), AVMEDIA_TYPE_AUDIO, -1, choice.video, nullptr, 0);
    choice.audio = audio < 0 ? -1 : audio;
    return choice;
}

Result<StreamDecoders> openDecoders(MediaInput& input, bool with_audio) {
    auto chosen = chooseStreams(input);
    if (!chosen) return chosen.error();
    const StreamChoice& streams = *chosen;
    const AVCodecParameters& picture = *input->streams[streams.video]->codecpar;
    // A header may claim any size; refuse what no decoder could allocate before trying.
    if (picture.width <= 0 || picture.height <= 0 ||
        av_image_check_size(static_cast<unsigned>(picture.width),
                            static_cast<unsigned>(picture.height), 0, nullptr) < 0) {
        return decodeError(input, "the video has impossible dimensions (" +
                                      std::to_string(picture.width) + "x" +
                                      std::to_string(picture.height) + ")");
    }
    StreamDecoders decoders;
    decoders.chosen = streams;
    decoders.video_index = streams.video;
    auto video = openDecoder(input, streams.video);
    if (!video) return video.error();
    decoders.video = std::move(*video);
    if (with_audio && streams.audio >= 0) {
        auto audio = openDecoder(input, streams.audio);
        if (audio && (*audio)->sample_rate > 0 && (*audio)->ch_layout.nb_channels > 0) {
            decoders.audio = std::move(*audio);
            decoders.audio_index = streams.audio;
        } else {
            // The pictures are still worth showing.
            log::warning(
                (audio ? decodeError(input, "its audio stream is unusable") : audio.error())
                    .message +
                "; playing without sound");
        }
    }
    // The demuxer can skip what nobody decodes.
    for (unsigned i = 0; i < input->nb_streams; ++i) {
        const auto index = static_cast<int>(i);
        if (index != decoders.video_index && index != decoders.audio_index)
            input->streams[i]->discard = AVDISCARD_ALL;
    }
    return decoders;
}

}  // namespace mimic::media
