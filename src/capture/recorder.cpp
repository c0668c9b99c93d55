#include "capture/recorder.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <deque>
#include <mutex>
#include <optional>
#include <span>
#include <thread>

#include "audio/audio_capture.h"
#include "capture/preview.h"
#include "capture/stamp_clock.h"
#include "common/bounded_queue.h"
#include "media/encoder.h"
#include "media/media_key.h"

namespace mimic::capture {
namespace {

namespace fs = std::filesystem;

// How long a frame waits on the camera thread before it is stamped: long enough for live
// frames to follow a burst of buffered ones (so the burst takes their offset), short enough to
// add little to what a crash can lose.
constexpr std::int64_t kRetimeHold_us = 100'000;
// A keyframe at least this often: review's exact seeks and backward frame steps decode from the
// keyframe before (at most this much of video), and a crash loses at most a cluster anyway.
constexpr std::int64_t kKeyframeGap_us = 500'000;
// How far either side of a microphone buffer its neighbours are looked at for the least
// delay: wide enough that one of them was delivered promptly, narrow enough to follow a
// microphone clock that runs a little fast or slow.
constexpr std::int64_t kAudioWindow_us = 150'000;
// The encoder thread wakes at least this often to move microphone buffers along.
constexpr auto kEncoderPoll = std::chrono::milliseconds(20);
// At the end, how long to wait for the microphone buffer that holds the last sample (one
// ~21 ms buffer plus scheduling on a loaded machine).
constexpr auto kAudioTailWait = std::chrono::milliseconds(250);
// A timestamp gap over this many frame periods means the camera or its driver lost frames.
constexpr double kGapPeriods = 1.5;

struct StampedFrame {
    std::int64_t pts_us = 0;
    CameraFrame frame;
};

// Makes the file's bytes durable before it gets its final name.
void syncFile(const fs::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}

// The first error wins: later ones are usually consequences of it.
class FirstError {
  public:
    void set(std::string message) {
        std::lock_guard lock(mutex_);
        if (!message_) message_ = std::move(message);
    }
    std::optional<std::string> get() const {
        std::lock_guard lock(mutex_);
        return message_;
    }

  private:
    mutable std::mutex mutex_;
    std::optional<std::string> message_;  // guarded by mutex_
};

// Camera thread state: turns frames as they arrive into frames stamped on the recording's
// clock (FrameClock, see stamp_clock.h), counting what is lost on the way.
class FrameStamper {
  public:
    FrameStamper(Clock::time_point start, std::int64_t duration_us, double frame_rate,
                 BoundedQueue<StampedFrame>& queue)
        : start_(start), duration_us_(duration_us), period_us_(1e6 / frame_rate), queue_(queue) {}

    // Takes one frame; false once a frame at or past the end of the recording was seen.
    bool add(CameraFrame frame) {
        const std::int64_t arrival_us = microsecondsSince(start_, frame.arrival);
        const std::int64_t source_us = frame.source_time_us.value_or(arrival_us);
        clock_.add(arrival_us, source_us);
        held_.push_back(Held{source_us, std::move(frame)});
        if (source_us + *clock_.offsetUs() >= duration_us_) {
            releaseAll();
            return false;
        }
        while (auto pts_us = clock_.next())
            release(*pts_us);
        return !done_;
    }

    void releaseAll() {
        while (auto pts_us = clock_.next(/*all=*/true))
            release(*pts_us);
    }

    std::int64_t captured() const { return captured_; }
    std::int64_t missing() const { return missing_; }
    std::int64_t droppedQueueFull() const { return dropped_queue_full_; }

  private:
    struct Held {
        std::int64_t source_us;
        CameraFrame frame;
    };

    // Stamps the oldest held frame (the clock gives them out in the same order).
    void release(std::int64_t pts_us) {
        Held held = std::move(held_.front());
        held_.pop_front();
        if (pts_us < 0) return;  // captured before the recording started
        if (pts_us >= duration_us_) {
            done_ = true;
            return;
        }
        if (last_source_us_) {
            const double periods =
                static_cast<double>(held.source_us - *last_source_us_) / period_us_;
            if (periods > kGapPeriods) missing_ += std::llround(periods) - 1;
        }
        last_source_us_ = held.source_us;
        ++captured_;
        if (!queue_.tryPush(StampedFrame{pts_us, std::move(held.frame)})) ++dropped_queue_full_;
    }

    const Clock::time_point start_;
    const std::int64_t duration_us_;
    const double period_us_;
    BoundedQueue<StampedFrame>& queue_;
    FrameClock clock_{kRetimeHold_us};
    std::deque<Held> held_;
    std::optional<std::int64_t> last_source_us_;
    std::int64_t captured_ = 0;
    std::int64_t missing_ = 0;
    std::int64_t dropped_queue_full_ = 0;
    bool done_ = false;
};

// Encoder thread side of the microphone: stamps buffers (SampleClock, see stamp_clock.h) and
// writes the part inside [0, end) of the recording.
class AudioPump {
  public:
    AudioPump(audio::AudioCapture& mic, media::Encoder& encoder, Clock::time_point start)
        : mic_(mic), encoder_(encoder), start_(start) {}

    // Takes every buffer that has arrived (waiting up to `wait` for the first) and writes
    // those whose neighbours have arrived too, up to `end_us`. Returns true once a buffer
    // arriving at or after `end_us` was seen; everything is written then.
    Result<bool> pump(std::int64_t end_us, std::chrono::milliseconds wait) {
        bool reached_end = false;
        auto buffer = mic_.popFor(wait);
        for (; buffer; buffer = mic_.popFor(std::chrono::milliseconds(0))) {
            const std::int64_t frames =
                static_cast<std::int64_t>(buffer->samples.size()) / mic_.channels();
            const std::int64_t arrival_us = microsecondsSince(start_, buffer->arrival);
            clock_.add(arrival_us, frames);
            held_.push_back(std::move(buffer->samples));
            if (arrival_us >= end_us) reached_end = true;
        }
        while (auto stamp = clock_.next(reached_end))
            if (Status s = write(*stamp, end_us); !s) return s.error();
        return reached_end;
    }

    // Writes what is still held (the end of the recording).
    Status flush(std::int64_t end_us) {
        while (auto stamp = clock_.next(/*all=*/true))
            if (Status s = write(*stamp, end_us); !s) return s;
        return {};
    }

    std::optional<std::int64_t> firstSampleUs() const { return first_sample_us_; }

  private:
    // Writes the oldest held buffer's samples that lie within [0, end_us).
    Status write(const SampleClock::Stamp& stamp, std::int64_t end_us) {
        const std::vector<float> samples = std::move(held_.front());
        held_.pop_front();
        const std::int64_t rate = mic_.sampleRate();
        const auto channels = static_cast<std::size_t>(mic_.channels());
        const std::int64_t frames = stamp.frames;
        const std::int64_t first_us = stamp.first_us;
        const std::int64_t skip =
            first_us < 0 ? std::min(frames, (-first_us * rate + 999'999) / 1'000'000) : 0;
        const std::int64_t keep_end =
            std::clamp((end_us - first_us) * rate / 1'000'000, std::int64_t{0}, frames);
        if (keep_end <= skip) return {};
        const std::int64_t pts_us = first_us + skip * 1'000'000 / rate;
        if (!first_sample_us_) first_sample_us_ = pts_us;
        std::span<const float> kept(samples);
        kept = kept.subspan(static_cast<std::size_t>(skip) * channels,
                            static_cast<std::size_t>(keep_end - skip) * channels);
        return encoder_.writeAudio(kept, pts_us);
    }

    audio::AudioCapture& mic_;
    media::Encoder& encoder_;
    const Clock::time_point start_;
    SampleClock clock_{mic_.sampleRate(), kAudioWindow_us};
    std::deque<std::vector<float>> held_;  // the samples of the buffers the clock holds
    std::optional<std::int64_t> first_sample_us_;
};

}  // namespace

fs::path partialPath(const fs::path& out) {
    return fs::path(out.string() + ".partial");
}

Result<RecordingReport> record(CameraSource& camera, audio::AudioCapture* microphone,
                               const fs::path& out, const RecordingSettings& settings) {
    const fs::path partial = partialPath(out);
    const double frame_rate = camera.frameRate() > 0.0 ? camera.frameRate() : 30.0;
    media::EncoderSettings encoder_settings;
    encoder_settings.container = media::Container::kMatroska;
    encoder_settings.width = camera.width() > 0 ? camera.width() : 640;
    encoder_settings.height = camera.height() > 0 ? camera.height() : 480;
    encoder_settings.frame_rate = std::max(1, static_cast<int>(std::lround(frame_rate)));
    encoder_settings.keyframe_interval = media::keyframeIntervalFor(frame_rate, kKeyframeGap_us);
    encoder_settings.max_keyframe_gap_us = kKeyframeGap_us;
    encoder_settings.crf = settings.crf;
    encoder_settings.crash_safe = true;
    // In an unlocked encrypted data folder, sealed at rest as it is written.
    encoder_settings.sealed_with = media::mediaKey();
    encoder_settings.tags = settings.tags;
    if (microphone != nullptr) {
        encoder_settings.audio_sample_rate = microphone->sampleRate();
        encoder_settings.audio_channels = microphone->channels();
    }
    auto encoder = media::Encoder::open(partial, encoder_settings);
    if (!encoder) return encoder.error();

    const std::int64_t duration_us =
        std::chrono::duration_cast<Microseconds>(settings.duration).count();
    BoundedQueue<StampedFrame> queue(settings.queue_frames);
    FirstError failure;
    std::stop_source halt;  // a failure on either thread ends both
    const Clock::time_point ready = Clock::now();
    const Clock::time_point start = std::min(settings.start.value_or(ready), ready);
    FrameStamper stamper(start, duration_us, frame_rate, queue);

    std::jthread camera_thread([&] {
        while (!halt.stop_requested() && !settings.stop.stop_requested()) {
            auto frame = camera.read();
            if (!frame) {
                failure.set(frame.error().message);
                halt.request_stop();
                break;
            }
            if (settings.preview != nullptr) settings.preview->offer(*frame);
            if (!stamper.add(std::move(*frame))) break;
        }
        stamper.releaseAll();
        queue.close();
    });

    std::int64_t last_pts_us = -1;
    std::int64_t first_pts_us = -1;
    std::optional<AudioPump> audio;
    if (microphone != nullptr) audio.emplace(*microphone, *encoder, start);
    std::jthread encoder_thread([&] {
        const auto fail = [&](const Error& error) {
            failure.set(error.message);
            halt.request_stop();
            queue.close();
        };
        for (;;) {
            auto item = queue.popFor(kEncoderPoll);
            if (audio) {
                if (auto pumped = audio->pump(duration_us, std::chrono::milliseconds(0)); !pumped) {
                    fail(pumped.error());
                    return;
                }
            }
            if (!item) {
                if (queue.closed() && queue.size() == 0) break;
                continue;
            }
            const CameraFrame& frame = item->frame;
            // A stream's decoded picture goes in as it is (yuv420p: no conversion, no copy).
            Status written =
                frame.picture != nullptr
                    ? encoder->writeVideo(*frame.picture, item->pts_us)
                    : encoder->writeVideo(media::BgrImageView{frame.bgr.data(), frame.width,
                                                              frame.height, frame.width * 3},
                                          item->pts_us);
            if (!written) {
                fail(written.error());
                return;
            }
            if (first_pts_us < 0) first_pts_us = item->pts_us;
            last_pts_us = item->pts_us;
        }
        if (!audio) return;
        // The sound up to the end: the full duration after a clean stop, else the video's end.
        const bool clean = !halt.stop_requested() && !settings.stop.stop_requested();
        const std::int64_t frame_us = std::llround(1e6 / frame_rate);
        const std::int64_t end_us =
            clean ? duration_us : std::max<std::int64_t>(0, last_pts_us + frame_us);
        const Clock::time_point give_up = Clock::now() + kAudioTailWait;
        for (bool reached = false; !reached && Clock::now() < give_up;) {
            auto pumped = audio->pump(end_us, std::chrono::milliseconds(10));
            if (!pumped) return fail(pumped.error());
            reached = *pumped;
        }
        if (Status s = audio->flush(end_us); !s) return fail(s.error());
        // Silence where the microphone gave nothing, so the sound lasts as long as the video.
        if (Status s = encoder->writeAudio({}, end_us); !s) fail(s.error());
    });
    camera_thread.join();
    encoder_thread.join();

    Status finished = encoder->finish();
    if (!finished) failure.set(finished.error().message);

    RecordingReport report;
    report.path = out;
    report.started_at = start;
    report.ready_at = ready;
    report.frames_captured = stamper.captured();
    report.frames_written = encoder->stats().video_frames_written;
    report.frames_missing_camera = stamper.missing();
    report.frames_dropped_queue_full = stamper.droppedQueueFull();
    report.frames_dropped_timestamps = encoder->stats().video_frames_dropped;
    report.bytes_written = encoder->stats().bytes_written;
    if (report.frames_written > 0) {
        report.first_frame_us = first_pts_us;
        report.duration_us = last_pts_us + std::llround(1e6 / frame_rate);
    }
    if (microphone != nullptr) {
        report.has_audio = true;
        report.audio_duration_us =
            encoder->stats().audio_samples_written * 1'000'000 / microphone->sampleRate();
        report.audio_buffers_dropped = microphone->droppedBuffers();
        if (audio && audio->firstSampleUs()) {
            report.audio_first_sample_us = *audio->firstSampleUs();
            report.av_start_offset_us = report.audio_first_sample_us - report.first_frame_us;
        }
    }

    std::error_code ec;
    if (auto message = failure.get()) {
        if (report.frames_written == 0) {
            fs::remove(partial, ec);
            return Error{*message};
        }
        syncFile(partial);
        return Error{*message + " (what was recorded is kept in " + partial.string() + ")"};
    }
    if (report.frames_written == 0) {
        fs::remove(partial, ec);
        return Error{"camera " + camera.description() + " gave no frames"};
    }
    syncFile(partial);
    fs::rename(partial, out, ec);
    if (ec) {
        return Error{"cannot rename " + partial.string() + " to " + out.string() + ": " +
                     ec.message()};
    }
    return report;
}

}  // namespace mimic::capture
