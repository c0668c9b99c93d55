#include "media/sound_feed.h"

#include <algorithm>
#include <chrono>

namespace mimic::media {

SoundFeed::SoundFeed(const AudioFormat& format, PlaybackQueues& queues, const SeekControl& seeks,
                     PlaybackControls& controls, MasterClock& clock)
    : format_(format), queues_(queues), seeks_(seeks), controls_(controls), clock_(clock) {}

void SoundFeed::fill(std::span<float> out, Clock::time_point heard_at) {
    std::fill(out.begin(), out.end(), 0.0F);
    if (controls_.paused.load()) return;
    const int current = seeks_.serial();
    if (controls_.video_started_serial.load() != current) return;  // silence until the picture
    const auto channels = static_cast<std::size_t>(format_.channels);
    const double us_per_sample = controls_.rate.load() * 1e6 / format_.sample_rate;
    std::size_t written = 0;
    bool clock_set = false;
    const bool muted = controls_.muted.load();
    while (written < out.size()) {
        if (!current_ || current_->serial != current || offset_ >= current_->samples.size()) {
            current_ = queues_.audio_chunks.popFor(std::chrono::milliseconds(0));
            offset_ = 0;
            if (!current_) break;  // starved: silence, the clock runs on
            if (current_->serial != current) continue;
            if (current_->end) {
                controls_.audio_ended_serial.store(current);
                current_.reset();
                break;
            }
        }
        const AudioItem& chunk = *current_;
        if (!clock_set) {
            // out[written] is heard at heard_at + written samples.
            const auto sample = static_cast<double>(offset_ / channels);
            const auto ahead = static_cast<double>(written / channels);
            const auto pts = chunk.pts_us + static_cast<std::int64_t>(sample * us_per_sample);
            const auto at = heard_at + std::chrono::microseconds(static_cast<std::int64_t>(
                                           ahead * 1e6 / format_.sample_rate));
            clock_.set(current, pts, at, controls_.rate.load(), controls_.paused.load());
            clock_set = true;
        }
        const std::size_t n = std::min(out.size() - written, chunk.samples.size() - offset_);
        if (!muted)
            std::copy_n(chunk.samples.begin() + static_cast<std::ptrdiff_t>(offset_), n,
                        out.begin() + static_cast<std::ptrdiff_t>(written));
        written += n;
        offset_ += n;
    }
}

}  // namespace mimic::media
