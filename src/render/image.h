// An RGB picture in memory (what the renderer reads back), and writing it as a PNG.
// Pure CPU; any thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <vector>

#include "common/result.h"

namespace mimic::render {

struct RgbImage {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> pixels;  // rows top to bottom, packed R, G, B, no padding

    const std::uint8_t* at(int x, int y) const {
        return pixels.data() + (static_cast<std::size_t>(y) * static_cast<std::size_t>(width) +
                                static_cast<std::size_t>(x)) *
                                   3;
    }
};

// Writes `image` to `path` as a PNG. The error names the file.
Status writePng(const RgbImage& image, const std::filesystem::path& path);

}  // namespace mimic::render
