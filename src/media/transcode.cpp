#include "media/transcode.h"
#include "crypto/sealed_file.h"
#include "media/media_key.h"

#include <cmath>
#include <variant>
#include <vector>

#include "common/paths.h"
#include "media/clip_reader.h"
#include "media/encoder.h"
#include "media/ffmpeg_util.h"

namespace mimic::media {

namespace fs = std::filesystem;

namespace {

// Frame rate when the container does not say: the rate most of our clips use.
constexpr int kFallbackFrameRate = 30;

// Even sizes: H.264 with 4:2:0 chroma needs them.
int evenDown(double value) {
    const int v = static_cast<int>(value);
    return v - (v % 2);
}

Status encodeAll(ClipReader& reader, Encoder& encoder, const fs::path& source) {
    std::vector<std::uint8_t> bgr;
    for (;;) {
        auto item = reader.next();
        if (!item) return item.error();
        if (std::holds_alternative<EndOfClip>(*item)) break;
        if (auto* picture = std::get_if<RgbaPicture>(&*item)) {
            if (Status s = encoder.writeVideo(bgrView(*picture, bgr), picture->pts_us); !s)
                return s;
        } else if (auto* audio = std::get_if<AudioChunk>(&*item)) {
            if (audio->channels != reader.info().audio->channels) {
                return Error{"cannot normalize " + source.string() +
                             ": its channel count changes mid-clip"};
            }
            if (Status s = encoder.writeAudio(audio->samples, audio->pts_us); !s) return s;
        }
    }
    return encoder.finish();
}

}  // namespace

Status transcodeToLibraryStandard(const fs::path& source, const fs::path& target) {
    auto reader = ClipReader::open(source);
    if (!reader) return reader.error();
    const MediaInfo& info = reader->info();
    const VideoStreamInfo& video = info.video;
    EncoderSettings settings;
    settings.container = Container::kMp4;
    // In an unlocked encrypted data folder, sealed as it is written; a sealed file is read
    // through seeks, so the index need not move to the front.
    settings.sealed_with = mediaKey();
    if (settings.sealed_with) settings.faststart = false;
    settings.width = video.width;
    settings.height = video.height;
    if (video.height > kLibraryMaxHeight) {
        settings.height = kLibraryMaxHeight;
        settings.width = evenDown(static_cast<double>(video.width) * kLibraryMaxHeight /
                                  static_cast<double>(video.height));
    }
    settings.width = evenDown(settings.width);
    settings.height = evenDown(settings.height);
    const int rate =
        video.frame_rate > 0 ? static_cast<int>(std::lround(video.frame_rate)) : kFallbackFrameRate;
    settings.frame_rate = rate > 0 ? rate : kFallbackFrameRate;
    settings.keyframe_interval = settings.frame_rate;  // one a second
    settings.x264_preset = "veryfast";
    settings.x264_tune.clear();
    settings.crf = 20;
    settings.audio_sample_rate = info.audio ? info.audio->sample_rate : 0;
    settings.audio_channels = info.audio ? info.audio->channels : 1;

    Status done = [&]() -> Status {
        auto encoder = Encoder::open(target, settings);
        if (!encoder) return encoder.error();
        return encodeAll(*reader, *encoder, source);
    }();
    if (!done) {
        std::error_code ignored;
        fs::remove(target, ignored);
        return Error{"cannot normalize " + source.string() + ": " + done.error().message};
    }
    return {};
}

Status writeThumbnail(const fs::path& clip, const fs::path& png, int max_width) {
    const std::string what = "cannot make a thumbnail of " + clip.string();
    auto reader = ClipReader::open(clip, /*decode_audio=*/false);
    if (!reader) return reader.error();
    RgbaPicture picture;
    for (;;) {
        auto item = reader->next();
        if (!item) return item.error();
        if (std::holds_alternative<EndOfClip>(*item)) return Error{what + ": it has no picture"};
        if (auto* found = std::get_if<RgbaPicture>(&*item)) {
            picture = std::move(*found);
            break;
        }
    }
    const int width = std::min(max_width, picture.width);
    const int height = std::max(2, evenDown(static_cast<double>(picture.height) * width /
                                            static_cast<double>(picture.width)));

    const AVCodec* codec = avcodec_find_encoder(AV_CODEC_ID_PNG);
    if (codec == nullptr) return Error{what + ": FFmpeg has no PNG encoder"};
    CodecContextPtr context(avcodec_alloc_context3(codec));
    FramePtr frame = makeFrame();
    PacketPtr packet = makePacket();
    if (!context || !frame || !packet) return Error{what + ": out of memory"};
    context->width = width;
    context->height = height;
    context->pix_fmt = AV_PIX_FMT_RGB24;
    context->time_base = {1, 1};
    if (int e = avcodec_open2(context.get(), codec, nullptr); e < 0) {
        return Error{what + ": " + ffmpegErrorText(e)};
    }
    frame->width = width;
    frame->height = height;
    frame->format = AV_PIX_FMT_RGB24;
    if (int e = av_frame_get_buffer(frame.get(), 0); e < 0) {
        return Error{what + ": " + ffmpegErrorText(e)};
    }
    SwsPtr scaler(sws_getContext(picture.width, picture.height, AV_PIX_FMT_RGBA, width, height,
                                 AV_PIX_FMT_RGB24, SWS_AREA, nullptr, nullptr, nullptr));
    if (!scaler) return Error{what + ": cannot scale its picture"};
    const std::uint8_t* source_planes[1] = {picture.pixels.data()};
    const int source_strides[1] = {picture.width * 4};
    sws_scale(scaler.get(), source_planes, source_strides, 0, picture.height, frame->data,
              frame->linesize);

    int e = avcodec_send_frame(context.get(), frame.get());
    if (e >= 0) e = avcodec_send_frame(context.get(), nullptr);
    if (e >= 0) e = avcodec_receive_packet(context.get(), packet.get());
    if (e < 0) return Error{what + ": " + ffmpegErrorText(e)};
    const std::string bytes(reinterpret_cast<const char*>(packet->data),
                            static_cast<std::size_t>(packet->size));
    if (const std::shared_ptr<const crypto::SecretKey> key = mediaKey()) {
        // Sealed like the clip it shows (its name is new: imports never replace a thumbnail).
        if (Status s = crypto::writeSealedFile(
                png, std::span(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()),
                *key);
            !s) {
            return Error{what + ": " + s.error().message};
        }
        return {};
    }
    if (Status s = writeFileAtomically(png, bytes); !s)
        return Error{what + ": " + s.error().message};
    return {};
}

}  // namespace mimic::media
