#include "ui/video_texture.h"

#include <GL/gl.h>

#include <cstring>
#include <utility>

#include <stb_image_write.h>

namespace mimic::ui {

VideoTexture::VideoTexture(VideoTexture&& other) noexcept
    : texture_(std::exchange(other.texture_, 0)),
      width_(std::exchange(other.width_, 0)),
      height_(std::exchange(other.height_, 0)) {}

VideoTexture& VideoTexture::operator=(VideoTexture&& other) noexcept {
    if (this != &other) {
        release();
        texture_ = std::exchange(other.texture_, 0);
        width_ = std::exchange(other.width_, 0);
        height_ = std::exchange(other.height_, 0);
    }
    return *this;
}

VideoTexture::~VideoTexture() {
    release();
}

void VideoTexture::release() {
    if (texture_ != 0) glDeleteTextures(1, &texture_);
    texture_ = 0;
    width_ = 0;
    height_ = 0;
}

void VideoTexture::upload(const media::RgbaPicture& picture) {
    if (picture.width <= 0 || picture.height <= 0) return;
    if (texture_ == 0) glGenTextures(1, &texture_);
    glBindTexture(GL_TEXTURE_2D, texture_);
    // Rows are packed: no padding at the end of a row whatever the width.
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
    if (picture.width != width_ || picture.height != height_) {
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
        glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, picture.width, picture.height, 0, GL_RGBA,
                     GL_UNSIGNED_BYTE, picture.pixels.data());
        width_ = picture.width;
        height_ = picture.height;
    } else {
        glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, picture.width, picture.height, GL_RGBA,
                        GL_UNSIGNED_BYTE, picture.pixels.data());
    }
    glBindTexture(GL_TEXTURE_2D, 0);
}

RgbaImage readFramebuffer(int width, int height) {
    RgbaImage image;
    if (width <= 0 || height <= 0) return image;
    image.width = width;
    image.height = height;
    const std::size_t row_bytes = static_cast<std::size_t>(width) * 4;
    std::vector<std::uint8_t> bottom_up(row_bytes * static_cast<std::size_t>(height));
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, bottom_up.data());
    // GL's first row is the bottom one; images read top to bottom.
    image.pixels.resize(bottom_up.size());
    for (int row = 0; row < height; ++row) {
        std::memcpy(image.pixels.data() + static_cast<std::size_t>(row) * row_bytes,
                    bottom_up.data() + static_cast<std::size_t>(height - 1 - row) * row_bytes,
                    row_bytes);
    }
    return image;
}

Status writePng(const RgbaImage& image, const std::filesystem::path& path) {
    if (image.width <= 0 || image.height <= 0) {
        return Error{"cannot write snapshot " + path.string() + ": the window has no pixels"};
    }
    const int ok = stbi_write_png(path.c_str(), image.width, image.height, 4, image.pixels.data(),
                                  image.width * 4);
    if (ok == 0) {
        return Error{"cannot write snapshot " + path.string() +
                     ": the file could not be created or written"};
    }
    return okStatus();
}

}  // namespace mimic::ui
