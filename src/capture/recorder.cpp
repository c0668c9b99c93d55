#include "capture/recorder.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <mutex>
#include <optional>
#include <stop_token>
#include <thread>

#include "common/bounded_queue.h"
#include "media/encoder.h"

namespace mimic::capture {
namespace {

namespace fs = std::filesystem;

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

}  // namespace

fs::path partialPath(const fs::path& out) {
    return fs::path(out.string() + ".partial");
}

Result<RecordingReport> record(CameraSource& camera, const fs::path& out,
                               const RecordingSettings& settings) {
    const fs::path partial = partialPath(out);
    media::EncoderSettings encoder_settings;
    encoder_settings.container = media::Container::kMatroska;
    encoder_settings.width = camera.width() > 0 ? camera.width() : 640;
    encoder_settings.height = camera.height() > 0 ? camera.height() : 480;
    encoder_settings.frame_rate = static_cast<int>(std::lround(camera.frameRate()));
    encoder_settings.keyframe_interval = settings.keyframe_interval_frames;
    encoder_settings.crf = settings.crf;
    encoder_settings.crash_safe = true;
    auto encoder = media::Encoder::open(partial, encoder_settings);
    if (!encoder) return encoder.error();

    BoundedQueue<StampedFrame> queue(settings.queue_frames);
    FirstError failure;
    std::atomic<std::int64_t> captured{0};
    std::atomic<std::int64_t> dropped_queue_full{0};
    std::int64_t last_pts_us = 0;

    // Camera thread: reads, stamps each frame against the first one, and hands over without
    // ever waiting for the encoder. A source with its own clock is stamped by it (frames that
    // arrive in a burst keep their spacing); otherwise by arrival on the steady clock.
    std::jthread camera_thread([&](std::stop_token stop) {
        std::optional<Clock::time_point> start;
        std::optional<std::int64_t> first_source_us;
        const std::int64_t duration_us =
            std::chrono::duration_cast<Microseconds>(settings.duration).count();
        while (!stop.stop_requested()) {
            auto frame = camera.read();
            if (!frame) {
                failure.set(frame.error().message);
                break;
            }
            if (!start) {
                start = frame->arrival;
                first_source_us = frame->source_time_us;
            }
            const std::int64_t pts_us = first_source_us && frame->source_time_us
                                            ? *frame->source_time_us - *first_source_us
                                            : microsecondsSince(*start, frame->arrival);
            if (pts_us >= duration_us) break;
            ++captured;
            if (!queue.tryPush(StampedFrame{pts_us, std::move(*frame)})) ++dropped_queue_full;
        }
        queue.close();
    });

    // Encoder thread: writes what arrives until the queue closes.
    std::jthread encoder_thread([&] {
        while (auto item = queue.pop()) {
            const media::BgrImageView view{item->frame.bgr.data(), item->frame.width,
                                           item->frame.height, item->frame.width * 3};
            if (Status written = encoder->writeVideo(view, item->pts_us); !written) {
                failure.set(written.error().message);
                camera_thread.request_stop();
                queue.close();
                break;
            }
            last_pts_us = item->pts_us;
        }
    });
    camera_thread.join();
    encoder_thread.join();

    Status finished = encoder->finish();
    if (!finished) failure.set(finished.error().message);

    RecordingReport report;
    report.path = out;
    report.frames_captured = captured.load();
    report.frames_written = encoder->stats().video_frames_written;
    report.frames_dropped_queue_full = dropped_queue_full.load();
    report.frames_dropped_timestamps = encoder->stats().video_frames_dropped;
    report.bytes_written = encoder->stats().bytes_written;
    if (report.frames_written > 0) {
        report.duration_us = last_pts_us + 1'000'000 / std::max(1, encoder_settings.frame_rate);
    }

    std::error_code ec;
    if (auto message = failure.get()) {
        if (report.frames_written == 0) {
            fs::remove(partial, ec);
            return Error{*message};
        }
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
