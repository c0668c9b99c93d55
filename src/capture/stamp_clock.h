// Stamp clocks: the times a source keeps itself (a camera's frame times, a microphone's count
// of samples) put on the recording's clock. Plain logic, no devices: the recorder feeds it
// arrival times and tests feed it simulated ones.
//
// The rule. A device hands each frame or buffer over some time after it was captured, by a
// delay that varies from item to item (the driver's, a pipe's, the scheduler's) and is never
// negative; the source's own times are evenly spaced and true to each other. So an item's
// capture time is its source time plus the least (arrival - source time) seen: the offset of
// the item that was delivered with the least delay. Delays shared by every item (a device's
// fixed latency) cannot be seen and are not removed.
//
// - FrameClock (cameras): the least delay over the whole stream so far. Each frame waits
//   `hold` before it is stamped, so that frames handed over in a burst (buffered while the
//   stream was probed, or while nobody read) take the offset of the live frames after them.
// - SampleClock (microphones): the least delay among the buffers within `window` either side
//   of each buffer, so a microphone clock that runs a little fast or slow is followed. A
//   buffer's arrival is when its last sample was handed over. Buffers wait `window` for the
//   ones after them.
//
// Times are microseconds on one steady clock (the recording's start is 0); a source's
// times are microseconds of its own. Not thread-safe: one thread feeds and reads each clock.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>

namespace mimic::capture {

class FrameClock {
  public:
    explicit FrameClock(std::int64_t hold_us) : hold_us_(hold_us) {}

    // A frame with source time `source_us` arrived at `arrival_us` (arrivals in order).
    void add(std::int64_t arrival_us, std::int64_t source_us);

    // The capture time of the oldest frame still held, once it has been held long enough
    // (the newest arrival is `hold` after it), or at once with `all`. Frames come out in the
    // order they were added, each once.
    std::optional<std::int64_t> next(bool all = false);

    // Source time + offset is a frame's capture time; nullopt before the first frame.
    std::optional<std::int64_t> offsetUs() const { return offset_us_; }

  private:
    struct Held {
        std::int64_t arrival_us;
        std::int64_t source_us;
    };
    const std::int64_t hold_us_;
    std::deque<Held> held_;
    std::optional<std::int64_t> offset_us_;
};

class SampleClock {
  public:
    SampleClock(int sample_rate, std::int64_t window_us)
        : sample_rate_(sample_rate), window_us_(window_us) {}

    // The next `frames` samples of the stream were handed over at `arrival_us`.
    void add(std::int64_t arrival_us, std::int64_t frames);

    struct Stamp {
        std::int64_t position = 0;  // the buffer's first sample, counted from the stream's start
        std::int64_t frames = 0;
        std::int64_t first_us = 0;  // its first sample's capture time
    };
    // The oldest buffer still held, once every buffer within `window` after it has arrived
    // (the newest arrival is `window` after it), or at once with `all`. In order, each once.
    std::optional<Stamp> next(bool all = false);

  private:
    struct Held {
        std::int64_t arrival_us;
        std::int64_t position;
        std::int64_t frames;
        std::int64_t offset_us;  // arrival - the end of its last sample on the stream's time
    };
    std::int64_t positionUs(std::int64_t position) const;

    const int sample_rate_;
    const std::int64_t window_us_;
    std::int64_t received_ = 0;  // samples added
    std::deque<Held> held_;
    // Stamped buffers still within `window` of the held ones: arrival, offset.
    std::deque<std::pair<std::int64_t, std::int64_t>> recent_;
};

}  // namespace mimic::capture
