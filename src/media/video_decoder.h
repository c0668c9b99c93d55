// Internal to the player engine: the video decode thread (ffplay's video_thread). It decodes
// the video packets into pictures stamped from the start of the file and queues them with
// their serial. An exact seek lands here: pictures before the target are held back until
// the last one at or before it is known; when the keyframe seek landed after the target,
// it asks SeekControl for a seek further back.
//
// Ownership: owns its decoder and its thread (started on construction, stopped and joined
// on destruction, after the owner has closed the queues); borrows the stream, the queues,
// the seek control and the controls (where it counts pictures and errors), which outlive it.
#pragma once

#include <cstdint>
#include <stop_token>
#include <thread>

#include "media/ffmpeg_util.h"
#include "media/playback_state.h"

namespace mimic::media {

class VideoDecoder {
  public:
    // `start_time_us`: the container's start time (MediaInfo::start_time_us).
    VideoDecoder(CodecContextPtr decoder, const AVStream& stream, std::int64_t start_time_us,
                 PlaybackQueues& queues, SeekControl& seeks, PlaybackControls& controls);

    VideoDecoder(const VideoDecoder&) = delete;
    VideoDecoder& operator=(const VideoDecoder&) = delete;

  private:
    void run(std::stop_token token);

    CodecContextPtr decoder_;
    const AVStream& stream_;
    const std::int64_t start_time_us_;
    PlaybackQueues& queues_;
    SeekControl& seeks_;
    PlaybackControls& controls_;
    std::jthread thread_;  // last: starts once everything above is set
};

}  // namespace mimic::media
