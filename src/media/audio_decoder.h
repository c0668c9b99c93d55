// Internal to the player engine: the audio decode thread. It decodes the sound, trims it to
// where playback starts (and to the segment's end), fills gaps between frames with silence,
// and sends it through the tempo filter into interleaved float chunks, each stamped with
// the media time of its first sample and queued with its serial. The filter is made anew
// for every serial, at the rate set when that serial started.
//
// Ownership: owns its decoder and its thread (started on construction, stopped and joined
// on destruction, after the owner has closed the queues); borrows the stream, the queues,
// the seek control and the controls, which outlive it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <stop_token>
#include <thread>

#include "media/ffmpeg_util.h"
#include "media/playback_state.h"

namespace mimic::media {

class AudioDecoder {
  public:
    // `start_time_us`: the container's start time (MediaInfo::start_time_us); `out`: what
    // the chunks hold; `path` names the file in warnings.
    AudioDecoder(CodecContextPtr decoder, const AVStream& stream, std::int64_t start_time_us,
                 const AudioFormat& out, const std::filesystem::path& path, PlaybackQueues& queues,
                 const SeekControl& seeks, PlaybackControls& controls);

    AudioDecoder(const AudioDecoder&) = delete;
    AudioDecoder& operator=(const AudioDecoder&) = delete;

  private:
    void run(std::stop_token token);

    CodecContextPtr decoder_;
    const AVStream& stream_;
    const std::int64_t start_time_us_;
    const AudioFormat out_;
    const std::filesystem::path path_;
    PlaybackQueues& queues_;
    const SeekControl& seeks_;
    PlaybackControls& controls_;
    std::jthread thread_;  // last: starts once everything above is set
};

}  // namespace mimic::media
