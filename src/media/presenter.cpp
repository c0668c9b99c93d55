#include "media/presenter.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <utility>

namespace mimic::media {

namespace {

// A frame due within this much is shown now rather than after another wakeup.
constexpr std::int64_t kDueSlackUs = 1'000;
// How long present() lets the caller sleep when it has nothing scheduled.
constexpr auto kIdleWakeup = std::chrono::milliseconds(5);

}  // namespace

Presenter::Presenter(PlaybackQueues& queues, SeekControl& seeks, PlaybackControls& controls,
                     MasterClock& clock)
    : queues_(queues), seeks_(seeks), controls_(controls), clock_(clock) {}

void Presenter::seek(std::int64_t target_us, SeekMode mode) {
    seek_started_ = Clock::now();
    startOver(target_us, mode);
}

void Presenter::restart() {
    startOver(position_us_, SeekMode::kExact);
    seek_started_.reset();
}

void Presenter::startOver(std::int64_t target_us, SeekMode mode) {
    seeks_.request(target_us, mode, queues_);
    cache_.clear();
    cache_serial_ = -1;
    from_cache_.reset();
    pending_.reset();
    show_next_now_ = true;
    ended_ = false;
    position_us_ = target_us;
}

void Presenter::step() {
    // A pending step from the decoder means the cursor is already on the newest picture.
    if (steps_ == 0 && cache_.forward()) {
        if (cache_.atNewest()) ended_ = ended_at_newest_;
        showCached();
        return;
    }
    ++steps_;
}

void Presenter::stepBack() {
    if (steps_ > 0) {  // a step forward not shown yet: undo it instead
        --steps_;
        return;
    }
    const bool was_newest = cache_.atNewest();
    if (cache_.back()) {
        if (was_newest) ended_at_newest_ = ended_;
        ended_ = false;  // pictures follow this one
        showCached();
        return;
    }
    // The previous picture is the last one with a timestamp before the current one.
    const VideoFrame::Impl* on_screen = cache_.current();
    seek((on_screen != nullptr ? on_screen->pts_us : position_us_) - 1, SeekMode::kExact);
}

void Presenter::showCached() {
    from_cache_ = sharePicture(*cache_.current());
    // Without memory for a new reference, decode it again instead.
    if (from_cache_ == nullptr) seek(cache_.current()->pts_us, SeekMode::kExact);
}

void Presenter::resumeFromCache() {
    // The decoder's next picture follows the newest in the cache, not the one on screen.
    if (!cache_.atNewest()) {
        const std::int64_t on_screen = cache_.current()->pts_us;
        startOver(on_screen, SeekMode::kExact);
    }
}

void Presenter::keep(VideoItem& item) {
    // Playing keeps nothing, so playback costs no more memory than before; a step back after
    // a pause decodes the group once and keeps it from then on.
    if (!controls_.paused.load()) {
        cache_.clear();
        cache_serial_ = -1;
        return;
    }
    if (item.serial != cache_serial_) {
        cache_.clear();
        cache_serial_ = item.serial;
    }
    for (auto& picture : item.before)
        cache_.append(std::move(picture));
    item.before.clear();
    if (auto shared = sharePicture(*item.picture)) {
        cache_.append(std::move(shared));
    } else {
        cache_.clear();  // a gap would make the cache's previous picture the wrong one
        cache_serial_ = -1;
    }
}

void Presenter::setSegment(std::int64_t in_us, std::int64_t out_us, bool loop) {
    segment_in_us_ = in_us;
    controls_.segment_out_us.store(out_us);
    segment_loop_ = loop;
    seek(in_us, SeekMode::kExact);
}

void Presenter::clearSegment() {
    segment_in_us_.reset();
    controls_.segment_out_us.store(INT64_MAX);
}

void Presenter::countShown(std::int64_t pts, Clock::time_point now) {
    ++stats_.frames_shown;
    position_us_ = pts;
    if (seek_started_) {
        stats_.seek_latency_us.push_back(microsecondsSince(*seek_started_, now));
        seek_started_.reset();
    }
}

Presentation Presenter::present(Clock::time_point now) {
    Presentation result;
    result.next_due = now + kIdleWakeup;
    const bool attached = controls_.audio_attached.load();
    // Nobody plays the audio: discard it so the audio decoder never blocks the demuxer.
    if (!attached) drain(queues_.audio_chunks);
    const int current = seeks_.serial();
    const bool audio_master = attached && controls_.audio_ended_serial.load() != current;
    const auto setWallClock = [&](std::int64_t pts) {
        clock_.set(current, pts, now, controls_.rate.load(), controls_.paused.load());
    };
    if (from_cache_ != nullptr) {  // a step within the step cache
        const std::int64_t pts = from_cache_->pts_us;
        countShown(pts, now);
        if (!audio_master) setWallClock(pts);
        result.frame.emplace(std::move(from_cache_));
        result.ended = ended_;
        return result;
    }
    std::optional<VideoItem> chosen;
    std::optional<std::int64_t> clock_at_choice;
    while (!ended_) {
        if (!pending_) {
            pending_ = queues_.video_frames.popFor(std::chrono::milliseconds(0));
            if (!pending_) break;
        }
        VideoItem& item = *pending_;
        if (item.serial != current) {
            pending_.reset();
            continue;
        }
        if (item.end || item.picture->pts_us >= controls_.segment_out_us.load()) {
            controls_.video_started_serial.store(current);  // no picture to wait for
            const bool at_out = !item.end;
            if (segment_loop_ && segment_in_us_) {
                pending_.reset();
                chosen.reset();  // the loop starts over: nothing of this pass is shown now
                startOver(*segment_in_us_, SeekMode::kExact);  // not a seek someone waits for
                break;
            }
            // At the end of the video the stream ends once the audio has played out too;
            // the end marker stays pending until then.
            if (at_out || !attached || controls_.audio_ended_serial.load() == current) {
                pending_.reset();
                ended_ = true;
            }
            break;
        }
        const std::int64_t pts = item.picture->pts_us;
        if (show_next_now_ || (controls_.paused.load() && steps_ > 0)) {
            if (!show_next_now_) --steps_;
            show_next_now_ = false;
            if (chosen) ++stats_.frames_dropped;
            keep(item);
            chosen = std::move(item);
            pending_.reset();
            // Wall clock: the picture on screen is at max(its time, the seek target).
            if (!audio_master) setWallClock(std::max(pts, position_us_));
            if (controls_.paused.load()) break;
            continue;
        }
        if (controls_.paused.load()) break;
        std::optional<std::int64_t> clock = clock_.at(now, seeks_.serial());
        if (!clock && !audio_master) {
            setWallClock(pts);
            clock = pts;
        }
        if (!clock) break;  // audio has not started yet
        const double rate = controls_.rate.load();
        const auto wait_us = static_cast<std::int64_t>(static_cast<double>(pts - *clock) / rate);
        if (wait_us > kDueSlackUs) {
            result.next_due = now + std::chrono::microseconds(wait_us);
            break;
        }
        if (chosen) ++stats_.frames_dropped;
        keep(item);
        chosen = std::move(item);
        clock_at_choice = clock;
        pending_.reset();
    }
    if (chosen) {
        const std::int64_t pts = chosen->picture->pts_us;
        countShown(pts, now);
        controls_.video_started_serial.store(current);
        const std::optional<std::int64_t> clock =
            clock_at_choice ? clock_at_choice : clock_.at(now, seeks_.serial());
        if (clock && !controls_.paused.load()) {
            const std::int64_t diff = pts - *clock;
            stats_.av_difference_us.push_back(diff);
            if (std::abs(diff) > Player::kMistimedThresholdUs) ++stats_.frames_mistimed;
        }
        result.frame.emplace(std::move(chosen->picture));
        if (pending_) result.next_due = now;
    }
    result.ended = ended_;
    return result;
}

std::optional<VideoFrame> Presenter::nextFrame() {
    while (!ended_) {
        drain(queues_.audio_chunks);  // pulling frames plays no sound
        auto item = queues_.video_frames.popFor(std::chrono::milliseconds(20));
        if (!item) {
            if (queues_.video_frames.closed()) return std::nullopt;
            continue;
        }
        if (item->serial != seeks_.serial()) continue;
        if (item->end) {
            ended_ = true;
            break;
        }
        // Pulling frames (hashing a file) keeps none: a step back after it seeks.
        cache_.clear();
        cache_serial_ = -1;
        countShown(item->picture->pts_us, Clock::now());
        return VideoFrame(std::move(item->picture));
    }
    return std::nullopt;
}

}  // namespace mimic::media
