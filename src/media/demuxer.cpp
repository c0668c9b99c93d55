#include "media/demuxer.h"

#include <algorithm>
#include <iterator>

#include "common/log.h"

namespace mimic::media {

namespace {

// Exact seek: when the keyframe seek overshoots T, seek this much further back each time
// (the last step goes to the start of the file).
constexpr std::int64_t kReseekBackoffUs[] = {0, 1'000'000, 3'000'000, 10'000'000};
constexpr int kReseekAttempts = static_cast<int>(std::size(kReseekBackoffUs));
// Packets scanned after a keyframe seek to find where the video lands (audio starts there).
constexpr int kLandingScanPackets = 200;

}  // namespace

Demuxer::Demuxer(MediaInput& input, int video_index, int audio_index, std::int64_t start_time_us,
                 PlaybackQueues& queues, SeekControl& seeks)
    : input_(input),
      video_index_(video_index),
      audio_index_(audio_index),
      start_time_us_(start_time_us),
      queues_(queues),
      seeks_(seeks),
      thread_([this](std::stop_token token) { run(token); }) {}

StartInfo Demuxer::performSeek(const SeekRequest& request, std::vector<PacketPtr>& prefetched) {
    StartInfo start;
    if (request.initial) return start;
    AVFormatContext* input = input_.get();
    const std::int64_t file_start =
        input->start_time != AV_NOPTS_VALUE ? input->start_time : 0;  // AV_TIME_BASE units
    const std::int64_t backoff = kReseekBackoffUs[std::min(request.attempt, kReseekAttempts - 1)];
    const bool to_start =
        request.attempt >= kReseekAttempts - 1 || request.target_us - backoff <= 0;
    std::int64_t ts = to_start ? file_start : file_start + request.target_us - backoff;
    if (!to_start) {
        // FFmpeg rounds the time to the stream's time base to the nearest unit: a target just
        // before a keyframe (a step back over it; Matroska keeps milliseconds) would land on
        // that keyframe, after the target, and cost a seek a second further back.
        const AVRational tb = input->streams[video_index_]->time_base;
        ts = av_rescale_q_rnd(av_rescale_q_rnd(ts, AV_TIME_BASE_Q, tb, AV_ROUND_DOWN), tb,
                              AV_TIME_BASE_Q, AV_ROUND_DOWN);
    }
    int e = -1;
    // Formats with timestamp discontinuities (MPEG-TS) find their start reliably by bytes.
    if (to_start && (input->iformat->flags & AVFMT_TS_DISCONT) != 0)
        e = avformat_seek_file(input, -1, 0, 0, 0, AVSEEK_FLAG_BYTE);
    if (e < 0) e = avformat_seek_file(input, -1, INT64_MIN, ts, ts, 0);
    if (e < 0) e = av_seek_frame(input, -1, ts, AVSEEK_FLAG_BACKWARD);
    if (e < 0 && to_start) e = avformat_seek_file(input, -1, 0, 0, 0, AVSEEK_FLAG_BYTE);
    if (e < 0) log::debug("seek failed in " + input_.path().string() + ": " + ffmpegErrorText(e));
    start.at_file_start = to_start;
    start.attempt = request.attempt;
    start.start_us = std::max<std::int64_t>(request.target_us, 0);
    if (request.mode == SeekMode::kExact) {
        start.exact_target_us = request.target_us;
        return start;
    }
    // Keyframe seek: playback starts where the video lands, so audio starts there too.
    for (int n = 0; n < kLandingScanPackets; ++n) {
        PacketPtr packet = makePacket();
        if (av_read_frame(input, packet.get()) < 0) break;
        const bool is_video = packet->stream_index == video_index_;
        const std::int64_t ts_video = packet->pts != AV_NOPTS_VALUE ? packet->pts : packet->dts;
        const AVRational tb = input->streams[packet->stream_index]->time_base;
        prefetched.push_back(std::move(packet));
        if (is_video && ts_video != AV_NOPTS_VALUE) {
            start.start_us = std::max<std::int64_t>(0, toFileUs(ts_video, tb, start_time_us_));
            break;
        }
    }
    return start;
}

void Demuxer::route(PacketPtr packet, int serial, std::stop_token token) {
    BoundedQueue<PacketItem>* queue = nullptr;
    if (packet->stream_index == video_index_) queue = &queues_.video_packets;
    if (packet->stream_index == audio_index_) queue = &queues_.audio_packets;
    if (queue == nullptr || token.stop_requested()) return;
    queue->push(PacketItem{ItemKind::kData, serial, std::move(packet), {}});
}

void Demuxer::mark(ItemKind kind, int serial, const StartInfo& start) {
    queues_.video_packets.push(PacketItem{kind, serial, nullptr, start});
    if (audio_index_ >= 0) queues_.audio_packets.push(PacketItem{kind, serial, nullptr, start});
}

void Demuxer::run(std::stop_token token) {
    int serial = 0;
    bool at_end = true;  // nothing to read until the first (initial) request
    std::vector<PacketPtr> prefetched;
    while (!token.stop_requested()) {
        std::optional<SeekRequest> request = seeks_.take(at_end, token);
        if (token.stop_requested()) break;
        if (request) {
            prefetched.clear();
            const StartInfo start = performSeek(*request, prefetched);
            serial = request->serial;
            at_end = false;
            mark(ItemKind::kStart, serial, start);
            for (auto& packet : prefetched)
                route(std::move(packet), serial, token);
            prefetched.clear();
            continue;
        }
        PacketPtr packet = makePacket();
        const int e = av_read_frame(input_.get(), packet.get());
        if (e == AVERROR(EAGAIN)) continue;
        if (e < 0) {
            // End of file, a file cut short, or a read error: the decoders drain what they
            // hold, and the stream ends there.
            if (e != AVERROR_EOF && e != AVERROR_EXIT)
                log::debug("reading " + input_.path().string() + " stopped: " + ffmpegErrorText(e));
            at_end = true;
            mark(ItemKind::kEnd, serial, {});
            continue;
        }
        route(std::move(packet), serial, token);
    }
}

}  // namespace mimic::media
