#include "ui/window_image.h"

#include <GL/gl.h>

#include <cstring>
#include <utility>

#include <stb_image_write.h>

namespace mimic::ui {

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
