#include "media/frame_times.h"

#include <algorithm>

#include "media/ffmpeg_util.h"
#include "media/media_input.h"
#include "media/stream_decoders.h"

namespace mimic::media {

Result<std::vector<std::int64_t>> videoFrameTimes(const std::filesystem::path& path) {
    auto opened = MediaInput::open(path);
    if (!opened) return opened.error();
    MediaInput& input = *opened;
    auto decoders = openDecoders(input, /*with_audio=*/false);
    if (!decoders) return decoders.error();
    AVCodecContext* decoder = decoders->video.get();
    const AVStream& stream = *input->streams[decoders->video_index];
    // The container's start, as MediaInfo::start_time_us and so Player's times have it.
    const std::int64_t start_us =
        input->start_time != AV_NOPTS_VALUE
            ? av_rescale_q(input->start_time, AV_TIME_BASE_Q, kMicrosecondTimeBase)
            : 0;

    // Every frame is decoded rather than its packet read: a frame is what a player shows,
    // and packets the container marks to be discarded (an edit list) never become one.
    std::vector<std::int64_t> times;
    std::int64_t previous_us = 0;
    FramePtr frame = makeFrame();
    const auto receiveAll = [&] {
        while (avcodec_receive_frame(decoder, frame.get()) >= 0) {
            previous_us = videoFrameUs(*frame, stream, start_us, previous_us);
            times.push_back(previous_us);
            av_frame_unref(frame.get());
        }
    };
    PacketPtr packet = makePacket();
    int read = 0;
    while ((read = av_read_frame(input.get(), packet.get())) >= 0) {
        if (packet->stream_index == decoders->video_index) {
            // A damaged packet is skipped, as the player conceals it.
            avcodec_send_packet(decoder, packet.get());
            receiveAll();
        }
        av_packet_unref(packet.get());
    }
    if (read != AVERROR_EOF && times.empty()) {
        return inputError(path, "cannot read its video: " + ffmpegErrorText(read));
    }
    avcodec_send_packet(decoder, nullptr);
    receiveAll();
    if (times.empty()) return inputError(path, "no video frame could be decoded");
    std::sort(times.begin(), times.end());
    return times;
}

}  // namespace mimic::media
