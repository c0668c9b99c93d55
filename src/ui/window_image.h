// The window as drawn: reading the framebuffer back, and writing it as a PNG (snapshots).
// Internal to ui.
//
// Threads: the UI/GL thread only, with the window's GL context current.
#pragma once

#include <cstdint>
#include <filesystem>
#include <vector>

#include "common/result.h"

namespace mimic::ui {

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
