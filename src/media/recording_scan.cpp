#include "media/recording_scan.h"

extern "C" {
#include <libavutil/dict.h>
}

#include <algorithm>

#include "media/ffmpeg_util.h"
#include "media/media_input.h"
#include "media/stream_decoders.h"

namespace mimic::media {

Result<RecordingScan> scanRecording(const std::filesystem::path& path) {
    auto opened = MediaInput::open(path);
    if (!opened) return opened.error();
    const MediaInput& input = *opened;
    RecordingScan scan;
    const AVDictionaryEntry* tag = nullptr;
    while ((tag = av_dict_get(input->metadata, "", tag, AV_DICT_IGNORE_SUFFIX)) != nullptr) {
        scan.tags[tag->key] = tag->value;
    }
    auto streams = chooseStreams(input);
    if (!streams) return streams.error();
    const int video = streams->video;
    const int audio = streams->audio;
    scan.has_audio = audio >= 0;
    PacketPtr packet = makePacket();
    // A read error at the end is the cut-off cluster of an interrupted recording: what was
    // read before it is the recording.
    while (av_read_frame(input.get(), packet.get()) >= 0) {
        const AVStream* stream = input->streams[packet->stream_index];
        if (packet->pts != AV_NOPTS_VALUE &&
            (packet->stream_index == video || packet->stream_index == audio)) {
            std::int64_t duration = packet->duration;
            // Matroska stores no duration for most video blocks: one frame at the nominal rate.
            if (duration <= 0 && stream->avg_frame_rate.num > 0) {
                duration = av_rescale_q(1, av_inv_q(stream->avg_frame_rate), stream->time_base);
            }
            const std::int64_t end_us =
                av_rescale_q(packet->pts + duration, stream->time_base, kMicrosecondTimeBase);
            if (packet->stream_index == video) {
                ++scan.video_frames;
                scan.video_end_us = std::max(scan.video_end_us, end_us);
            } else {
                scan.audio_end_us = std::max(scan.audio_end_us, end_us);
            }
        }
        av_packet_unref(packet.get());
    }
    return scan;
}

}  // namespace mimic::media
