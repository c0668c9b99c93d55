#include "media/playback_state.h"

namespace mimic::media {

void PlaybackQueues::drainAll() {
    drain(video_packets);
    drain(audio_packets);
    drain(video_frames);
    drain(audio_chunks);
}

void PlaybackQueues::closeAll() {
    video_packets.close();
    audio_packets.close();
    video_frames.close();
    audio_chunks.close();
}

void SeekControl::requestFirstPlay() {
    {
        std::lock_guard lock(mutex_);
        store(SeekRequest{1, 0, SeekMode::kExact, 0, true});
    }
    wakeup_.notify_all();
}

void SeekControl::request(std::int64_t target_us, SeekMode mode, PlaybackQueues& queues) {
    {
        std::lock_guard lock(mutex_);
        const int next = serial_.load() + 1;
        serial_.store(next);
        queues.drainAll();
        pending_ = SeekRequest{next, target_us, mode, 0, false};
    }
    wakeup_.notify_all();
}

void SeekControl::retryFurtherBack(int for_serial, std::int64_t target_us, int attempt,
                                   PlaybackQueues& queues) {
    {
        std::lock_guard lock(mutex_);
        if (serial_.load() != for_serial) return;
        store(SeekRequest{for_serial + 1, target_us, SeekMode::kExact, attempt});
        queues.drainAll();
    }
    wakeup_.notify_all();
}

std::optional<SeekRequest> SeekControl::take(bool wait, std::stop_token token) {
    std::unique_lock lock(mutex_);
    if (wait) wakeup_.wait(lock, token, [&] { return pending_.has_value(); });
    std::optional<SeekRequest> request;
    request.swap(pending_);
    return request;
}

void SeekControl::store(SeekRequest request) {
    serial_.store(request.serial);
    pending_ = request;
}

}  // namespace mimic::media
