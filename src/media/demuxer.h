// Internal to the player engine: the demux thread (ffplay's read_thread). It reads packets
// from the input into the video and audio packet queues, and performs the seeks that
// SeekControl hands it: each new serial starts with a start marker in both queues (saying
// where playback starts and whether the seek is exact), and the end of the file is an end
// marker in both.
//
// Ownership: borrows the input, the queues and the seek control, which outlive it. Owns its
// thread, which starts on construction and is stopped and joined on destruction; the owner
// first triggers the input's stop and closes the queues, so no read or push blocks it.
#pragma once

#include <cstdint>
#include <stop_token>
#include <thread>
#include <vector>

#include "media/media_input.h"
#include "media/playback_state.h"

namespace mimic::media {

class Demuxer {
  public:
    // `audio_index` -1: the sound is not decoded (its packets are not queued).
    // `start_time_us`: the container's start time (MediaInfo::start_time_us).
    Demuxer(MediaInput& input, int video_index, int audio_index, std::int64_t start_time_us,
            PlaybackQueues& queues, SeekControl& seeks);

    Demuxer(const Demuxer&) = delete;
    Demuxer& operator=(const Demuxer&) = delete;

  private:
    void run(std::stop_token token);
    // Seeks for `request`; a keyframe seek reads ahead to where the video lands (audio
    // starts there too) and leaves the packets read in `prefetched`.
    StartInfo performSeek(const SeekRequest& request, std::vector<PacketPtr>& prefetched);
    void route(PacketPtr packet, int serial, std::stop_token token);
    // Pushes a start or end marker into each packet queue in use.
    void mark(ItemKind kind, int serial, const StartInfo& start);

    MediaInput& input_;
    const int video_index_;
    const int audio_index_;
    const std::int64_t start_time_us_;
    PlaybackQueues& queues_;
    SeekControl& seeks_;
    std::jthread thread_;  // last: starts once everything above is set
};

}  // namespace mimic::media
