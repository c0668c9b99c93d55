// GL resources of the window: the texture a clip's pictures are drawn from, and reading
// the drawn framebuffer back (snapshots). Internal to ui.
//
// Threads: the UI/GL thread only, with the window's GL context current.
#pragma once

#include <cstdint>
#include <filesystem>
#include <vector>

#include "common/result.h"
#include "media/clip_reader.h"

namespace mimic::ui {

// An RGBA texture that follows the size of the pictures uploaded to it. Owns the GL
// texture name; move-only. Must be destroyed while the GL context is still current.
class VideoTexture {
  public:
    VideoTexture() = default;
    VideoTexture(VideoTexture&& other) noexcept;
    VideoTexture& operator=(VideoTexture&& other) noexcept;
    VideoTexture(const VideoTexture&) = delete;
    VideoTexture& operator=(const VideoTexture&) = delete;
    ~VideoTexture();

    // Copies the picture into the texture (re-allocating only when the size changes).
    void upload(const media::RgbaPicture& picture);

    bool empty() const { return width_ == 0; }
    unsigned int name() const { return texture_; }
    int width() const { return width_; }
    int height() const { return height_; }

  private:
    void release();

    unsigned int texture_ = 0;
    int width_ = 0;
    int height_ = 0;
};

struct RgbaImage {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> pixels;  // rows top to bottom, packed RGBA
};

// The current framebuffer (the back buffer before a swap) as RGBA, top row first.
RgbaImage readFramebuffer(int width, int height);

// Writes `image` as a PNG. The error names the file.
Status writePng(const RgbaImage& image, const std::filesystem::path& path);

}  // namespace mimic::ui
