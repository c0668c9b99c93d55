// The stamping rule proven without real time: simulated devices whose true capture times are
// known hand items over with jitter, bursts, late deliveries, a draining backlog and a clock
// that runs fast or slow; the stamps must land on the true times.
#include "capture/stamp_clock.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

namespace mimic::capture {
namespace {

constexpr int kRate = 48'000;
constexpr std::int64_t kBufferFrames = 1024;  // ~21.3 ms, as the microphone opens
constexpr std::int64_t kWindow_us = 150'000;
constexpr std::int64_t kHold_us = 100'000;
constexpr double kFramePeriod_us = 1e6 / 30;

// A delay every item shares (a device's latency): invisible, so it stays in every stamp.
constexpr std::int64_t kLatency_us = 4'000;

// Delivery delays on top of kLatency_us, from a seeded generator: half the items are handed
// over promptly (within 0.2 ms), the rest late by a few ms, with an occasional stall of 40 ms.
class Jitter {
  public:
    explicit Jitter(unsigned seed) : random_(seed) {}
    std::int64_t next() {
        const double pick = uniform_(random_);
        if (pick < 0.5) return static_cast<std::int64_t>(uniform_(random_) * 200);
        if (pick < 0.97) return static_cast<std::int64_t>(late_(random_));
        return 40'000;
    }

  private:
    std::mt19937 random_;
    std::uniform_real_distribution<double> uniform_{0.0, 1.0};
    std::exponential_distribution<double> late_{1.0 / 5'000};
};

struct SimBuffer {
    std::int64_t arrival_us;
    std::int64_t true_first_us;  // when its first sample was captured, plus kLatency_us
};

// A microphone whose first sample is captured at `start_us` (recording clock) and whose
// clock runs `ppm` fast (positive) or slow; buffer i's last sample exists at its end time.
std::vector<SimBuffer> microphone(std::int64_t start_us, int buffers, double ppm, unsigned seed) {
    Jitter jitter(seed);
    std::vector<SimBuffer> out;
    const double us_per_sample = 1e6 / kRate / (1.0 + ppm * 1e-6);
    for (int i = 0; i < buffers; ++i) {
        const auto first = static_cast<double>(i * kBufferFrames);
        const double end_us = start_us + (first + kBufferFrames) * us_per_sample;
        const std::int64_t arrival = std::llround(end_us) + kLatency_us + jitter.next();
        out.push_back({std::max(arrival, out.empty() ? arrival : out.back().arrival_us),
                       std::llround(start_us + first * us_per_sample) + kLatency_us});
    }
    return out;
}

// Feeds the buffers in arrival order and returns each buffer's stamp minus its true time.
std::vector<std::int64_t> sampleErrors(const std::vector<SimBuffer>& buffers) {
    SampleClock clock(kRate, kWindow_us);
    std::vector<std::int64_t> errors;
    const auto take = [&](bool all) {
        while (auto stamp = clock.next(all)) {
            const auto index = static_cast<std::size_t>(stamp->position / kBufferFrames);
            EXPECT_EQ(stamp->position, static_cast<std::int64_t>(index) * kBufferFrames);
            EXPECT_EQ(stamp->frames, kBufferFrames);
            errors.push_back(stamp->first_us - buffers[index].true_first_us);
        }
    };
    for (const SimBuffer& b : buffers) {
        clock.add(b.arrival_us, kBufferFrames);
        take(false);
    }
    take(true);
    EXPECT_EQ(errors.size(), buffers.size());
    return errors;
}

std::int64_t worst(const std::vector<std::int64_t>& errors, std::size_t from = 0) {
    std::int64_t w = 0;
    for (std::size_t i = from; i < errors.size(); ++i)
        w = std::max(w, std::abs(errors[i]));
    return w;
}

// One microsecond of rounding per conversion between samples and microseconds.
constexpr std::int64_t kRounding_us = 2;
// Half the simulated items are handed over within this of their capture.
constexpr std::int64_t kPrompt_us = 200 + kRounding_us;

// Stamps are true to within a prompt delivery, except where by chance no buffer within the
// window either side was prompt: there the least delay among them, a few ms (far inside
// what anyone can see or hear: broadcasting allows 15 ms early, 45 ms late).
void expectTrue(const std::vector<std::int64_t>& errors, std::size_t from = 0) {
    std::size_t prompt = 0;
    for (std::size_t i = from; i < errors.size(); ++i) {
        EXPECT_LE(std::abs(errors[i]), 5'000) << "buffer " << i;
        if (std::abs(errors[i]) <= kPrompt_us) ++prompt;
    }
    EXPECT_GE(static_cast<double>(prompt), 0.97 * static_cast<double>(errors.size() - from));
}

TEST(SampleClock, JitteredBuffersAreStampedAtTheirCaptureTime) {
    for (unsigned seed : {1U, 2U, 3U, 4U, 5U}) {
        SCOPED_TRACE(seed);
        expectTrue(sampleErrors(microphone(-300'000, 500, 0.0, seed)));
    }
}

TEST(SampleClock, KnownOffsetsAreKeptWhateverTheStart) {
    // The microphone started before the recording, just at it, or after it.
    for (std::int64_t start_us : {-2'000'000LL, -12'345LL, 0LL, 777'777LL}) {
        SCOPED_TRACE(start_us);
        expectTrue(sampleErrors(microphone(start_us, 300, 0.0, 7)));
    }
}

TEST(SampleClock, BurstsTakeTheTimeOfTheirSamplesNotOfTheirArrival) {
    auto buffers = microphone(0, 400, 0.0, 11);
    // Every 20th buffer the reader stalls and then takes five buffers at once.
    for (std::size_t i = 20; i + 5 < buffers.size(); i += 20) {
        for (std::size_t k = i; k < i + 4; ++k)
            buffers[k].arrival_us = buffers[i + 4].arrival_us;
    }
    expectTrue(sampleErrors(buffers));
}

TEST(SampleClock, LateBuffersDoNotMoveTheirNeighbours) {
    auto buffers = microphone(0, 400, 0.0, 13);
    // A quarter of a second where every buffer is 30 ms late, the rest prompt.
    for (std::size_t i = 100; i < 112; ++i)
        buffers[i].arrival_us += 30'000;
    for (std::size_t i = 1; i < buffers.size(); ++i)
        buffers[i].arrival_us = std::max(buffers[i].arrival_us, buffers[i - 1].arrival_us);
    const auto errors = sampleErrors(buffers);
    // Buffers deep inside the late stretch have no prompt neighbour within the window: they
    // may be stamped late by at most the stretch's delay, and only there.
    for (std::size_t i = 0; i < errors.size(); ++i) {
        if (i < 100 - 8 || i >= 112 + 8) {
            EXPECT_LE(std::abs(errors[i]), 5'000) << "buffer " << i;
        } else {
            EXPECT_LE(std::abs(errors[i]), 30'000 + kPrompt_us) << "buffer " << i;
        }
    }
}

TEST(SampleClock, ADrainingBacklogIsStampedByTheSamplesPosition) {
    // SDL's disk driver: it sleeps 12 ms, then blocks until a whole buffer is there. A
    // backlog of 0.3 s built while the camera was being opened drains by ~9 ms a buffer.
    constexpr std::int64_t kSleep_us = 12'000;
    auto buffers = microphone(-1'000'000, 500, 0.0, 17);
    std::int64_t reader_us = -1'000'000 + 300'000;  // the reader starts late
    for (SimBuffer& b : buffers) {
        reader_us = std::max(reader_us + kSleep_us, b.arrival_us);
        b.arrival_us = reader_us;
    }
    const auto errors = sampleErrors(buffers);
    // Once the backlog has drained (and a window later), every stamp is the capture time.
    std::size_t drained = 0;
    while (buffers[drained].arrival_us - buffers[drained].true_first_us > 21'334 + 200)
        ++drained;
    ASSERT_LT(drained, 100U);
    expectTrue(errors, drained);
}

TEST(SampleClock, AClockThatRunsFastOrSlowIsFollowed) {
    // 100 ppm is a poor sound card; over 20 s it moves 2 ms against the steady clock.
    for (double ppm : {-100.0, 100.0}) {
        SCOPED_TRACE(ppm);
        expectTrue(sampleErrors(microphone(0, 940, ppm, 19)));
    }
}

TEST(SampleClock, NothingIsStampedBeforeItsWindowHasArrivedUnlessAskedFor) {
    SampleClock clock(kRate, kWindow_us);
    clock.add(0, kBufferFrames);
    clock.add(100'000, kBufferFrames);
    EXPECT_FALSE(clock.next().has_value());
    clock.add(150'000, kBufferFrames);
    const auto first = clock.next();
    ASSERT_TRUE(first.has_value());
    EXPECT_EQ(first->position, 0);
    EXPECT_FALSE(clock.next().has_value());
    EXPECT_TRUE(clock.next(/*all=*/true).has_value());
    EXPECT_TRUE(clock.next(/*all=*/true).has_value());
    EXPECT_FALSE(clock.next(/*all=*/true).has_value());
}

struct SimFrame {
    std::int64_t arrival_us;
    std::int64_t source_us;
    std::int64_t true_us;  // capture time on the recording's clock, plus kLatency_us
};

// A camera whose source clock has its own epoch, frame k captured at start + k periods.
std::vector<SimFrame> camera(std::int64_t start_us, int frames, unsigned seed) {
    constexpr std::int64_t kSourceEpoch_us = 86'400'000'000;  // a stream that began yesterday
    Jitter jitter(seed);
    std::vector<SimFrame> out;
    for (int k = 0; k < frames; ++k) {
        const std::int64_t t = start_us + std::llround(k * kFramePeriod_us);
        const std::int64_t arrival = t + kLatency_us + jitter.next();
        out.push_back({std::max(arrival, out.empty() ? arrival : out.back().arrival_us),
                       kSourceEpoch_us + std::llround(k * kFramePeriod_us), t + kLatency_us});
    }
    return out;
}

std::vector<std::int64_t> frameErrors(const std::vector<SimFrame>& frames) {
    FrameClock clock(kHold_us);
    std::vector<std::int64_t> errors;
    std::size_t next = 0;
    const auto take = [&](bool all) {
        while (auto pts = clock.next(all)) {
            errors.push_back(*pts - frames[next].true_us);
            ++next;
        }
    };
    for (const SimFrame& f : frames) {
        clock.add(f.arrival_us, f.source_us);
        take(false);
    }
    take(true);
    EXPECT_EQ(errors.size(), frames.size());
    return errors;
}

TEST(FrameClock, JitteredFramesAreStampedAtTheirCaptureTime) {
    for (unsigned seed : {1U, 2U, 3U}) {
        const auto errors = frameErrors(camera(-500'000, 300, seed));
        // Until a prompt frame has been seen the offset can only be too large; after the
        // first hold it is within the prompt frames' 0.2 ms.
        EXPECT_LE(worst(errors, 3), kPrompt_us) << "seed " << seed;
    }
}

TEST(FrameClock, AProbingBurstIsSpreadBackOverItsCaptureTimes) {
    // The first 6 frames were read while the stream was probed and are handed over at once,
    // together with the first live one (within the 100 ms hold).
    auto frames = camera(0, 200, 5);
    for (std::size_t k = 0; k < 6; ++k)
        frames[k].arrival_us = frames[6].arrival_us;
    EXPECT_LE(worst(frameErrors(frames)), kPrompt_us);
}

TEST(FrameClock, StampsKeepTheSourceSpacingExactly) {
    const auto frames = camera(0, 120, 9);
    FrameClock clock(kHold_us);
    std::vector<std::int64_t> pts;
    for (const SimFrame& f : frames) {
        clock.add(f.arrival_us, f.source_us);
        while (auto p = clock.next())
            pts.push_back(*p);
    }
    while (auto p = clock.next(true))
        pts.push_back(*p);
    ASSERT_EQ(pts.size(), frames.size());
    // The steps are the source's own: arrival jitter (up to 40 ms here) never gets in, only
    // the settling of the least delay (within the prompt frames' 0.2 ms) after the start.
    for (std::size_t k = 1; k < pts.size(); ++k) {
        EXPECT_NEAR(pts[k] - pts[k - 1], frames[k].source_us - frames[k - 1].source_us,
                    k < 4 ? 5'000 : 200)
            << "frame " << k;
    }
}

}  // namespace
}  // namespace mimic::capture
