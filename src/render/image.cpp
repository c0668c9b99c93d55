#include "render/image.h"

#include <stb_image_write.h>

namespace mimic::render {

Status writePng(const RgbImage& image, const std::filesystem::path& path) {
    if (image.width <= 0 || image.height <= 0 ||
        image.pixels.size() !=
            static_cast<std::size_t>(image.width) * static_cast<std::size_t>(image.height) * 3) {
        return Error{"cannot write " + path.string() + ": the picture is empty"};
    }
    const int ok = stbi_write_png(path.c_str(), image.width, image.height, 3, image.pixels.data(),
                                  image.width * 3);
    if (ok == 0) {
        return Error{"cannot write " + path.string() +
                     ": the file could not be created or written"};
    }
    return okStatus();
}

}  // namespace mimic::render
