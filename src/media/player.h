// Player: the playback engine (the ffplay design in C++). Threads it owns, each a part in
// its own file:
//   demux thread    (Demuxer) reads packets into one bounded packet queue per stream;
//   video decoder   (VideoDecoder) decodes into a bounded frame queue (exact-seek landing
//                   happens here);
//   audio decoder   (AudioDecoder) decodes, trims/pads to the playback start, applies tempo
//                   (TempoFilter: rubberband, else atempo) and converts to interleaved
//                   float into a bounded chunk queue.
// The owner's side is the Presenter, the audio device's the SoundFeed; what the parts
// share is in playback_state.h.
// A seek bumps the serial; every queue item carries the serial it was made for and
// consumers drop stale ones. Destruction stops the threads (std::stop_token, also wired to
// FFmpeg's interrupt callback so a blocked read ends) and joins them.
//
// Who calls what:
//   - one owner thread (UI or command) calls open/controls/present()/nextFrame()/stats();
//   - the audio device's thread calls fillAudio() (it never blocks);
//   - nothing calls back into the owner: it polls present() at the time it returns.
// Clock: audio is the master when an audio consumer is attached (fillAudio reports which
// media time will be heard when), otherwise the steady wall clock.
// Times: microseconds from the start of the file (stream time minus container start).
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "media/media_info.h"
#include "media/video_frame.h"

namespace mimic::media {

enum class SeekMode {
    kExact,     // lands on the frame on screen at T: the last frame with timestamp <= T
    kKeyframe,  // lands on the keyframe at or before T (fast)
};

struct PlayerOptions {
    bool decode_audio = true;  // false: video only (e.g. hashing frames)
    double rate = 1.0;         // 0.25 .. 2.0
};

// Interleaved float audio the engine produces for the device.
struct AudioFormat {
    int sample_rate = 0;
    int channels = 0;
};

struct PlayerStats {
    std::int64_t frames_shown = 0;
    std::int64_t frames_dropped = 0;   // decoded but skipped: a later frame was already due
    std::int64_t frames_mistimed = 0;  // shown with |A-V| above kMistimedThreshold
    std::int64_t decode_errors = 0;    // damaged packets/pictures concealed or skipped
    std::int64_t frames_decoded = 0;   // video pictures decoded (a seek decodes from a keyframe)
    std::vector<std::int64_t> av_difference_us;  // per shown frame: frame pts - master clock
    std::vector<std::int64_t> seek_latency_us;   // seek() to its frame being presented
};

// What present() decided.
struct Presentation {
    std::optional<VideoFrame> frame;  // a new picture to show now (nullopt: keep the old one)
    Clock::time_point next_due;       // when to call present() again at the latest
    bool ended = false;               // end of stream (or of a non-looping segment)
};

class Player {
  public:
    // Shown frames whose A-V difference exceeds this are counted as mistimed (ATSC IS-191
    // allows 15 ms early / 45 ms late; we use a symmetric, stricter bound).
    static constexpr std::int64_t kMistimedThresholdUs = 20'000;

    // Opens and probes `path` and starts the threads (paused: call play()). Errors are one
    // line naming the file and the reason.
    static Result<Player> open(const std::filesystem::path& path, PlayerOptions options = {});

    Player(Player&&) noexcept;
    Player& operator=(Player&&) noexcept;
    ~Player();

    const MediaInfo& info() const;

    // --- Controls (owner thread).
    void play();
    void pause();
    bool paused() const;
    void seek(std::int64_t target_us, SeekMode mode);
    // While paused: show the next / previous frame. While paused, the decoded frames of the
    // current group of pictures are kept (at most one group, 64 frames, ~200 MB), so a step
    // back within it is served from memory; a step back beyond them (the first after playing,
    // or over the group's keyframe) decodes the group before once (an exact seek) and keeps
    // it. Playing or a seek elsewhere drops them.
    void stepForward();
    void stepBack();
    // 0.25 .. 2.0 (clamped); audio keeps its pitch. Restarts from the current position.
    void setRate(double rate);
    double rate() const;
    // Plays [in_us, out_us) then ends, or loops back to in_us. Seeks to in_us.
    void setSegment(std::int64_t in_us, std::int64_t out_us, bool loop);
    void clearSegment();
    void setMuted(bool muted);
    // Time of the last presented frame (or the seek target before any).
    std::int64_t position_us() const;

    // --- Real-time presentation (owner thread). Call at `next_due` (or sooner).
    Presentation present(Clock::time_point now);

    // --- Free-running pull (owner thread; do not mix with present()): the next decoded
    // frame in presentation order from the last seek, as fast as decoding goes; nullopt at
    // the end of the stream.
    std::optional<VideoFrame> nextFrame();

    // --- Audio consumer. audioFormat() is what fillAudio writes (nullopt: no audio).
    std::optional<AudioFormat> audioFormat() const;
    // Attach before play(): audio becomes the master clock. Without it the wall clock rules.
    void attachAudio();
    // Audio device thread: fills `out` (interleaved float) with what is due, silence when
    // paused, muted, starved or ended. `heard_at` is when out[0] will be heard.
    void fillAudio(std::span<float> out, Clock::time_point heard_at);

    PlayerStats stats() const;

  private:
    struct Impl;
    explicit Player(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace mimic::media
