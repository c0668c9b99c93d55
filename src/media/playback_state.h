// Internal to the player engine (player.cpp and its parts): what its threads share, after
// ffplay's small data model. The queues between the threads (ffplay's PacketQueue and
// FrameQueue), the seek serial that makes stale items easy to drop everywhere, the seek the
// demuxer has yet to perform, and the owner's settings that the threads read.
//
// Threads: everything here may be used from any thread (bounded queues, atomics, and
// SeekControl's own lock). Player::Impl owns one of each; its parts borrow them.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <vector>

#include "common/bounded_queue.h"
#include "media/ffmpeg_util.h"
#include "media/player.h"
#include "media/video_frame_impl.h"

namespace mimic::media {

// Queue bounds: packets cover a few seconds of demuxing ahead; decoded pictures are big,
// so only a handful are kept (ffplay keeps 3); audio chunks cover ~0.5-1 s.
inline constexpr std::size_t kPacketQueueCapacity = 256;
inline constexpr std::size_t kVideoFrameQueueCapacity = 4;
inline constexpr std::size_t kAudioChunkQueueCapacity = 32;

enum class ItemKind { kData, kStart, kEnd };

// What a decoder needs to know when a new serial starts (a seek, or the first play).
struct StartInfo {
    std::optional<std::int64_t> exact_target_us;  // exact seek: land on last frame <= T
    std::int64_t start_us = 0;                    // playback starts here (audio pads/trims)
    bool at_file_start = true;                    // nothing earlier to seek back to
    int attempt = 0;                              // exact-seek back-off step
};

struct PacketItem {
    ItemKind kind = ItemKind::kData;
    int serial = 0;
    PacketPtr packet;
    StartInfo start;
};

struct VideoItem {
    int serial = 0;
    bool end = false;
    std::unique_ptr<VideoFrame::Impl> picture;
    // An exact seek's first picture only, while paused: the pictures decoded before it on the
    // way from the keyframe, oldest first (within step_cache.h's caps), so that stepping back
    // from it needs no second decode.
    std::vector<std::unique_ptr<VideoFrame::Impl>> before;
};

struct AudioItem {
    int serial = 0;
    bool end = false;
    std::int64_t pts_us = 0;  // media time of samples[0]
    std::vector<float> samples;
};

// Empties `queue` without blocking.
template <typename T>
void drain(BoundedQueue<T>& queue) {
    while (queue.popFor(std::chrono::milliseconds(0))) {
    }
}

// The hand-offs: demuxer -> decoders (packets), decoders -> presentation (pictures, sound).
struct PlaybackQueues {
    BoundedQueue<PacketItem> video_packets{kPacketQueueCapacity};
    BoundedQueue<PacketItem> audio_packets{kPacketQueueCapacity};
    BoundedQueue<VideoItem> video_frames{kVideoFrameQueueCapacity};
    BoundedQueue<AudioItem> audio_chunks{kAudioChunkQueueCapacity};

    void drainAll();
    // Wakes every thread blocked on a queue; they then end (on destruction).
    void closeAll();
};

struct SeekRequest {
    int serial = 0;
    std::int64_t target_us = 0;
    SeekMode mode = SeekMode::kExact;
    int attempt = 0;
    bool initial = false;  // first play: no seek, start of file
};

// The seek serial and the request the demuxer has not taken yet. Every queue item carries
// the serial it was made for; a consumer drops items of an older serial.
class SeekControl {
  public:
    // The serial of the latest seek (read without the lock).
    int serial() const { return serial_.load(); }

    // Before the threads start: the first play, from the start of the file, as serial 1.
    void requestFirstPlay();
    // Owner thread: a seek to `target_us` as the next serial. The queues are emptied under
    // the lock, so the demuxer takes the request (and pushes its start marker) only after
    // the old items are gone; what a producer blocked on a full queue pushes afterwards
    // carries the old serial and is dropped by its consumer.
    void request(std::int64_t target_us, SeekMode mode, PlaybackQueues& queues);
    // Video decode thread: the keyframe seek for `for_serial` landed after its exact target
    // (or past the end): seek again as back-off step `attempt`, unless a newer seek came. The
    // queues are emptied as for request(): while paused nobody takes the sound, and a demuxer
    // blocked on the full audio queue would otherwise never take the retry.
    void retryFurtherBack(int for_serial, std::int64_t target_us, int attempt,
                          PlaybackQueues& queues);
    // Demux thread: takes the pending request, if any; with `wait`, first blocks until there
    // is one or `token` is stopped.
    std::optional<SeekRequest> take(bool wait, std::stop_token token);
    // Wakes the demuxer if it waits in take() (on destruction).
    void wake() { wakeup_.notify_all(); }

  private:
    void store(SeekRequest request);  // with mutex_ held

    std::mutex mutex_;  // guards pending_; serial_ changes only under it
    std::condition_variable_any wakeup_;
    std::optional<SeekRequest> pending_;
    std::atomic<int> serial_{0};
};

// The owner's settings, and what the other threads report, read without a lock.
struct PlaybackControls {
    std::atomic<double> rate{1.0};                        // owner; 0.25 .. 2.0
    std::atomic<std::int64_t> segment_out_us{INT64_MAX};  // owner; playback ends there
    std::atomic<bool> paused{true};                       // owner
    std::atomic<bool> muted{false};                       // owner
    std::atomic<bool> audio_attached{false};  // owner: a device plays the sound (master clock)
    std::atomic<int> audio_ended_serial{-1};  // device thread: this serial's sound played out
    // Owner: this serial's first picture (or its end) was presented. The sound of a serial waits
    // for it, so a picture that takes longer to decode than the first sound buffer does not
    // start the clock late (and cost the next pictures as dropped).
    std::atomic<int> video_started_serial{-1};
    std::atomic<std::int64_t> decode_errors{0};   // decode threads: damage concealed or skipped
    std::atomic<std::int64_t> frames_decoded{0};  // video decode thread: pictures it decoded
};

}  // namespace mimic::media
