// Internal to the player engine: the decoded pictures of the current group of pictures, kept
// so that a frame step back is served from memory instead of decoding the group again from its
// keyframe (an exact seek). The pictures share their planes with the ones handed out
// (av_frame_ref), so keeping them costs no copy, only the decoder's buffers staying alive.
//
// The pictures are consecutive in presentation order, all of one seek serial, and start at a
// keyframe or at the oldest one the caps left (kStepCacheFrames pictures, kStepCacheBytes of
// planes). A cursor marks the picture on screen.
//
// Threads: not shared. The video decode thread keeps an exact seek's pictures before its target
// in one, handed over with the target picture; the owner thread (Presenter) keeps the pictures
// it took while paused in another.
#pragma once

#include <cstddef>
#include <deque>
#include <memory>
#include <vector>

#include "media/video_frame_impl.h"

namespace mimic::media {

// At most this many pictures, and bytes of planes, are kept: a 0.5 s or 1 s group of
// pictures of a 30 fps camera fits whole, and 64 pictures of 1080p yuv420p are ~200 MB.
inline constexpr std::size_t kStepCacheFrames = 64;
inline constexpr std::size_t kStepCacheBytes = std::size_t{200} << 20;

// A new reference to `picture`'s planes (no copy); nullptr when FFmpeg has no memory for it.
std::unique_ptr<VideoFrame::Impl> sharePicture(const VideoFrame::Impl& picture);

class StepCache {
  public:
    // Adds `picture`, the next after the newest in presentation order, and puts the cursor on
    // it. A keyframe starts the cache over; past the caps the oldest pictures go.
    void append(std::unique_ptr<VideoFrame::Impl> picture);
    void clear();
    bool empty() const { return pictures_.empty(); }
    std::size_t size() const { return pictures_.size(); }
    std::size_t bytes() const { return bytes_; }

    // The picture at the cursor; nullptr when empty.
    const VideoFrame::Impl* current() const;
    // Moves the cursor to the picture before / after it; false (and stays) at either end.
    bool back();
    bool forward();
    bool atNewest() const { return cursor_ + 1 >= pictures_.size(); }

    // Hands every picture over, oldest first, and empties the cache.
    std::vector<std::unique_ptr<VideoFrame::Impl>> takeAll();

  private:
    std::deque<std::unique_ptr<VideoFrame::Impl>> pictures_;
    std::size_t bytes_ = 0;
    std::size_t cursor_ = 0;
};

}  // namespace mimic::media
