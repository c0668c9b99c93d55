#include <GL/gl.h>

#include <cstdint>
#include <memory>

#define STB_IMAGE_IMPLEMENTATION
#define STBI_ONLY_PNG
#include <stb_image.h>

#include "common/log.h"
#include "media/media_key.h"
#include "ui/library_curation.h"

namespace mimic::ui {
namespace {

struct StbFree {
    void operator()(unsigned char* pixels) const { stbi_image_free(pixels); }
};

}  // namespace

ThumbnailCache::~ThumbnailCache() {
    for (const auto& [path, texture] : textures_) {
        if (texture) glDeleteTextures(1, &texture->name);
    }
}

std::size_t ThumbnailCache::loaded() const {
    std::size_t count = 0;
    for (const auto& [path, texture] : textures_)
        count += texture.has_value() ? 1 : 0;
    return count;
}

std::optional<ThumbnailCache::Texture> ThumbnailCache::get(const std::filesystem::path& path) {
    if (path.empty()) return std::nullopt;
    if (const auto found = textures_.find(path); found != textures_.end()) return found->second;
    std::optional<Texture>& slot = textures_[path];
    // Sealed in an encrypted folder, plain otherwise: the one way media files are read.
    auto bytes = media::readMediaBytes(path);
    if (!bytes) {
        log::warning("no thumbnail: " + bytes.error().message);
        return std::nullopt;
    }
    int width = 0;
    int height = 0;
    int channels = 0;
    const std::unique_ptr<unsigned char, StbFree> pixels(stbi_load_from_memory(
        bytes->data(), static_cast<int>(bytes->size()), &width, &height, &channels, 4));
    if (!pixels) {
        log::warning("no thumbnail: " + path.string() + " is not a PNG image");
        return std::nullopt;
    }
    Texture texture{0, width, height};
    glGenTextures(1, &texture.name);
    glBindTexture(GL_TEXTURE_2D, texture.name);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE,
                 pixels.get());
    glBindTexture(GL_TEXTURE_2D, 0);
    slot = texture;
    return slot;
}

}  // namespace mimic::ui
