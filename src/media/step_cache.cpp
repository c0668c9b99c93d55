#include "media/step_cache.h"

#include <utility>

namespace mimic::media {

namespace {

// What the picture's planes hold in memory (shared or not: what keeping it keeps alive).
std::size_t pictureBytes(const AVFrame& frame) {
    std::size_t bytes = 0;
    for (const AVBufferRef* buffer : frame.buf)
        if (buffer != nullptr) bytes += buffer->size;
    return bytes;
}

}  // namespace

std::unique_ptr<VideoFrame::Impl> sharePicture(const VideoFrame::Impl& picture) {
    auto shared = std::make_unique<VideoFrame::Impl>();
    shared->frame = makeFrame();
    if (shared->frame == nullptr || av_frame_ref(shared->frame.get(), picture.frame.get()) < 0)
        return nullptr;
    shared->pts_us = picture.pts_us;
    shared->corrupt = picture.corrupt;
    return shared;
}

void StepCache::append(std::unique_ptr<VideoFrame::Impl> picture) {
    if (picture->frame->key_frame != 0) clear();
    bytes_ += pictureBytes(*picture->frame);
    pictures_.push_back(std::move(picture));
    // The newest stays even alone over the byte cap: it is the picture on screen.
    while (pictures_.size() > 1 &&
           (pictures_.size() > kStepCacheFrames || bytes_ > kStepCacheBytes)) {
        bytes_ -= pictureBytes(*pictures_.front()->frame);
        pictures_.pop_front();
    }
    cursor_ = pictures_.size() - 1;
}

void StepCache::clear() {
    pictures_.clear();
    bytes_ = 0;
    cursor_ = 0;
}

const VideoFrame::Impl* StepCache::current() const {
    return pictures_.empty() ? nullptr : pictures_[cursor_].get();
}

bool StepCache::back() {
    if (pictures_.empty() || cursor_ == 0) return false;
    --cursor_;
    return true;
}

bool StepCache::forward() {
    if (atNewest()) return false;
    ++cursor_;
    return true;
}

std::vector<std::unique_ptr<VideoFrame::Impl>> StepCache::takeAll() {
    std::vector<std::unique_ptr<VideoFrame::Impl>> all;
    all.reserve(pictures_.size());
    for (auto& picture : pictures_)
        all.push_back(std::move(picture));
    clear();
    return all;
}

}  // namespace mimic::media
