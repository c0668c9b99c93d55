// A caption burnt into pictures (issue 16: a self-modelling clip's words, "I say hello!"):
// FFmpeg's drawtext, white bold letters on a soft dark band near the bottom, centred, a
// twelfth of the picture's height. The text is given to the filter as an option value, never
// parsed as filter syntax or expanded (drawtext's %{...} stays as typed), so any text a
// person types is drawn as it is.
//
// Ownership: owns its filter graph; move-only. Threads: one at a time.
#pragma once

#include <memory>
#include <string>

#include "common/result.h"
#include "media/clip_reader.h"

namespace mimic::media {

class CaptionPainter {
  public:
    // For pictures of `width` x `height`.
    static Result<CaptionPainter> open(int width, int height, const std::string& text);

    CaptionPainter(CaptionPainter&&) noexcept;
    CaptionPainter& operator=(CaptionPainter&&) noexcept;
    ~CaptionPainter();

    // Draws the caption into `picture` (of the size given to open).
    Status paint(RgbaPicture& picture);

  private:
    struct Impl;
    explicit CaptionPainter(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace mimic::media
