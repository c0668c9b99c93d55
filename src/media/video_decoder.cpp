#include "media/video_decoder.h"

#include <memory>
#include <utility>

#include "media/step_cache.h"

namespace mimic::media {

VideoDecoder::VideoDecoder(CodecContextPtr decoder, const AVStream& stream,
                           std::int64_t start_time_us, PlaybackQueues& queues, SeekControl& seeks,
                           PlaybackControls& controls)
    : decoder_(std::move(decoder)),
      stream_(stream),
      start_time_us_(start_time_us),
      queues_(queues),
      seeks_(seeks),
      controls_(controls),
      thread_([this](std::stop_token token) { run(token); }) {}

void VideoDecoder::run(std::stop_token token) {
    AVCodecContext* decoder = decoder_.get();
    const AVStream& stream = stream_;
    int current = -1;
    StartInfo start;
    bool waiting_first = true;               // no frame of this serial decoded yet
    std::unique_ptr<VideoFrame::Impl> held;  // exact seek: last frame <= target so far
    StepCache before_held;                   // exact seek: the frames of its group before `held`
    std::int64_t last_pts = 0;
    FramePtr frame = makeFrame();

    // The keyframe seek landed after T (or past the end): go further back and try again.
    const auto reseekFurtherBack = [&](int for_serial, const StartInfo& landed) {
        seeks_.retryFurtherBack(for_serial, *landed.exact_target_us, landed.attempt + 1, queues_);
    };
    const auto emit = [&](std::unique_ptr<VideoFrame::Impl> picture) {
        queues_.video_frames.push(VideoItem{current, false, std::move(picture), {}});
    };
    // The exact seek's landing frame, with the frames before it for stepping back.
    const auto emitLanding = [&]() {
        queues_.video_frames.push(
            VideoItem{current, false, std::move(held), before_held.takeAll()});
    };
    // Returns false when this serial is abandoned (a re-seek was requested).
    const auto onFrame = [&]() -> bool {
        auto picture = std::make_unique<VideoFrame::Impl>();
        picture->frame = makeFrame();
        picture->pts_us = videoFrameUs(*frame, stream, start_time_us_, last_pts);
        picture->corrupt =
            (frame->flags & AV_FRAME_FLAG_CORRUPT) != 0 || frame->decode_error_flags != 0;
        if (picture->corrupt) ++controls_.decode_errors;
        ++controls_.frames_decoded;
        last_pts = picture->pts_us;
        av_frame_move_ref(picture->frame.get(), frame.get());
        const bool first = waiting_first;
        waiting_first = false;
        if (!start.exact_target_us) {
            emit(std::move(picture));
            return true;
        }
        const std::int64_t target = *start.exact_target_us;
        if (picture->pts_us <= target) {
            // Only while paused, as the presenter keeps them only then (a playing seek
            // holds no more memory than before); what is kept is always the run before T.
            if (held != nullptr && controls_.paused.load()) before_held.append(std::move(held));
            held = std::move(picture);
            return true;
        }
        if (held != nullptr) {
            emitLanding();
        } else if (first && !start.at_file_start) {
            reseekFurtherBack(current, start);
            return false;
        }
        start.exact_target_us.reset();
        emit(std::move(picture));
        return true;
    };
    const auto receiveAll = [&]() -> bool {
        for (;;) {
            const int e = avcodec_receive_frame(decoder, frame.get());
            if (e == AVERROR(EAGAIN) || e == AVERROR_EOF) return true;
            if (e < 0) {
                ++controls_.decode_errors;  // a damaged picture; frame threads deliver the rest
                continue;
            }
            if (!onFrame()) return false;
        }
    };

    while (auto item = queues_.video_packets.pop()) {
        if (token.stop_requested()) break;
        if (item->kind == ItemKind::kStart) {
            avcodec_flush_buffers(decoder);
            current = item->serial;
            start = item->start;
            waiting_first = true;
            held.reset();
            before_held.clear();
            continue;
        }
        if (item->serial != current || current != seeks_.serial()) continue;
        if (item->kind == ItemKind::kData) {
            if (avcodec_send_packet(decoder, item->packet.get()) < 0) ++controls_.decode_errors;
            if (!receiveAll()) current = -1;
            continue;
        }
        avcodec_send_packet(decoder, nullptr);  // end: drain
        if (!receiveAll()) {
            current = -1;
            continue;
        }
        if (waiting_first && start.exact_target_us && !start.at_file_start) {
            reseekFurtherBack(current, start);  // nothing decoded after the landing point
            current = -1;
            continue;
        }
        if (held != nullptr) emitLanding();  // T after the last frame: the last frame
        queues_.video_frames.push(VideoItem{current, true, nullptr, {}});
        avcodec_flush_buffers(decoder);  // accept packets again after a later seek
    }
}

}  // namespace mimic::media
