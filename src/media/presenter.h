// Internal to the player engine: the owner thread's side of playback (ffplay's
// video_refresh). It picks the picture due by the master clock (audio when a device plays
// the sound, the wall clock otherwise) and drops late ones, steps while paused, ends or
// loops a segment, starts seeks, and keeps the playback statistics.
//
// Threads: the owner thread only (the one calling Player's controls and present()); it
// meets the other threads only in the queues, SeekControl, the controls and the clock,
// which it borrows and which outlive it.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>

#include "common/clock.h"
#include "media/master_clock.h"
#include "media/playback_state.h"
#include "media/player.h"
#include "media/step_cache.h"

namespace mimic::media {

class Presenter {
  public:
    Presenter(PlaybackQueues& queues, SeekControl& seeks, PlaybackControls& controls,
              MasterClock& clock);

    // A seek someone waits for: its latency is measured until its picture is presented.
    void seek(std::int64_t target_us, SeekMode mode);
    // Starts again from the current position (an exact seek nobody waits for), e.g. after
    // a change of rate.
    void restart();
    // While paused: show the next picture at the next present() (from the step cache when
    // this is after a step back, else the decoder's next).
    void step();
    // While paused: show the previous picture at the next present(): from the step cache
    // when it holds it, else by an exact seek to just before the current picture, whose
    // decoded group comes back with it into the cache.
    void stepBack();
    // Before playing: when steps back left the picture on screen behind the decoder's next,
    // starts the decoder again from it (an exact seek nobody waits for).
    void resumeFromCache();
    void setSegment(std::int64_t in_us, std::int64_t out_us, bool loop);
    void clearSegment();
    // The last presented picture's time (or the seek target before any).
    std::int64_t position_us() const { return position_us_; }

    Presentation present(Clock::time_point now);
    std::optional<VideoFrame> nextFrame();

    // Everything but decode_errors and frames_decoded, which the decoders count.
    const PlayerStats& stats() const { return stats_; }

  private:
    // The seek itself: everything but the latency measurement.
    void startOver(std::int64_t target_us, SeekMode mode);
    // Shown frame `pts`: count it, and measure a seek's latency.
    void countShown(std::int64_t pts, Clock::time_point now);
    // `item`, taken from the decoder for showing: while paused, keeps it (and the pictures
    // decoded before it) in the step cache, started over for a new serial; while playing,
    // empties the cache.
    void keep(VideoItem& item);
    // A step within the cache: the picture at its cursor goes on screen at the next present().
    void showCached();

    PlaybackQueues& queues_;
    SeekControl& seeks_;
    PlaybackControls& controls_;
    MasterClock& clock_;

    std::optional<VideoItem> pending_;  // popped, not yet due
    bool show_next_now_ = true;         // after open/seek/step: show the first frame even if paused
    int steps_ = 0;
    bool ended_ = false;
    std::int64_t position_us_ = 0;
    std::optional<std::int64_t> segment_in_us_;
    bool segment_loop_ = false;
    std::optional<Clock::time_point> seek_started_;
    PlayerStats stats_;

    StepCache cache_;  // the pictures of the current group taken while paused; cursor: on screen
    int cache_serial_ = -1;
    std::unique_ptr<VideoFrame::Impl> from_cache_;  // to show at the next present()
    bool ended_at_newest_ = false;  // ended_ as it was when a step back left the newest
};

}  // namespace mimic::media
