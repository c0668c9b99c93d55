// Cost of showing one video frame through the renderer: upload the planes, draw, glFinish.
// Prints p50 / p95 ms per frame for 4:2:0 8-bit, 4:2:0 10-bit and NV12 at 480p and 720p,
// each against RGBA frames of the same size drawn by the same renderer in the same run (the
// reference), and the share of a 30 fps frame period (33.3 ms) it takes.
//
// Usage: bench_render_pacing [FRAMES]   (default 120; SDL_VIDEODRIVER=offscreen by default)
#include <SDL.h>
#include <epoxy/gl.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "render/video_renderer.h"

namespace {

using mimic::render::FrameView;
using mimic::render::PixelLayout;

constexpr double kFramePeriod30Ms = 1000.0 / 30.0;

// A moving pattern in every plane, so each upload carries new data.
struct SyntheticFrames {
    std::vector<std::uint8_t> bytes;
    FrameView view;

    SyntheticFrames(PixelLayout layout, int bit_depth, int width, int height) {
        view.layout = layout;
        view.bit_depth = bit_depth;
        view.width = width;
        view.height = height;
        const int sample = bit_depth > 8 ? 2 : 1;
        const int bpp = layout == PixelLayout::kRgba ? 4 : sample;
        const std::size_t luma = static_cast<std::size_t>(width) * height * bpp;
        const std::size_t chroma = static_cast<std::size_t>(width / 2) * (height / 2) * sample;
        bytes.resize(luma + 2 * chroma);
        view.planes[0] = {bytes.data(), width * bpp};
        if (layout == PixelLayout::kNv12) {
            view.planes[1] = {bytes.data() + luma, width};
        } else if (layout != PixelLayout::kRgba) {
            view.planes[1] = {bytes.data() + luma, width / 2 * sample};
            view.planes[2] = {bytes.data() + luma + chroma, width / 2 * sample};
        }
    }

    void advance(int frame) {
        // Writes only a stripe per frame: the point is that the data changes, not CPU cost.
        const std::size_t stripe = bytes.size() / 16;
        const std::size_t start = (static_cast<std::size_t>(frame) % 16) * stripe;
        std::fill_n(bytes.begin() + static_cast<std::ptrdiff_t>(start), stripe,
                    static_cast<std::uint8_t>(frame * 7));
    }
};

struct Timing {
    double p50_ms = 0;
    double p95_ms = 0;
};

Timing measure(mimic::render::VideoRenderer& renderer, SyntheticFrames& frames, int count) {
    std::vector<double> ms;
    const mimic::render::Size target{frames.view.width, frames.view.height};
    for (int i = 0; i < count + 5; ++i) {
        frames.advance(i);
        const auto start = std::chrono::steady_clock::now();
        if (!renderer.upload(frames.view) || !renderer.draw(target)) {
            std::fprintf(stderr, "bench_render_pacing: %s\n",
                         renderer.takeGlErrors().ok() ? "bad frame" : "GL error");
            std::exit(1);
        }
        glFinish();
        const auto end = std::chrono::steady_clock::now();
        if (i >= 5) ms.push_back(std::chrono::duration<double, std::milli>(end - start).count());
    }
    std::sort(ms.begin(), ms.end());
    return {ms[ms.size() / 2], ms[std::min(ms.size() - 1, ms.size() * 95 / 100)]};
}

}  // namespace

int main(int argc, char** argv) {
    ::setenv("SDL_VIDEODRIVER", "offscreen", 0);
    const int count = argc > 1 ? std::max(10, std::atoi(argv[1])) : 120;
    if (SDL_Init(SDL_INIT_VIDEO) != 0) {
        std::fprintf(stderr, "bench_render_pacing: no video driver (%s)\n", SDL_GetError());
        return 1;
    }
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 3);
    SDL_Window* window =
        SDL_CreateWindow("bench", 0, 0, 1280, 720, SDL_WINDOW_OPENGL | SDL_WINDOW_HIDDEN);
    SDL_GLContext context = window != nullptr ? SDL_GL_CreateContext(window) : nullptr;
    if (context == nullptr) {
        std::fprintf(stderr, "bench_render_pacing: no GL context (%s)\n", SDL_GetError());
        return 1;
    }
    int status = 0;
    {
        auto renderer = mimic::render::VideoRenderer::create();
        if (!renderer) {
            std::fprintf(stderr, "bench_render_pacing: %s\n", renderer.error().message.c_str());
            status = 1;
        } else {
            std::printf("renderer: %s, %d frames per case\n",
                        reinterpret_cast<const char*>(glGetString(GL_RENDERER)), count);
            std::printf("%-6s %-12s %8s %8s %10s %12s\n", "size", "layout", "p50 ms", "p95 ms",
                        "vs RGBA", "of 33.3 ms");
            struct Case {
                const char* name;
                PixelLayout layout;
                int bit_depth;
            };
            const Case cases[] = {{"yuv420p", PixelLayout::kYuv420p, 8},
                                  {"yuv420p10", PixelLayout::kYuv420p, 10},
                                  {"nv12", PixelLayout::kNv12, 8}};
            const int sizes[][2] = {{854, 480}, {1280, 720}};
            for (const auto& size : sizes) {
                SyntheticFrames reference(PixelLayout::kRgba, 8, size[0], size[1]);
                const Timing ref = measure(*renderer, reference, count);
                const std::string label = std::to_string(size[1]) + "p";
                std::printf("%-6s %-12s %8.2f %8.2f %10s %11.0f%%\n", label.c_str(), "rgba (ref)",
                            ref.p50_ms, ref.p95_ms, "1.00x", 100 * ref.p95_ms / kFramePeriod30Ms);
                for (const Case& c : cases) {
                    SyntheticFrames frames(c.layout, c.bit_depth, size[0], size[1]);
                    const Timing t = measure(*renderer, frames, count);
                    std::printf("%-6s %-12s %8.2f %8.2f %9.2fx %11.0f%%\n", label.c_str(), c.name,
                                t.p50_ms, t.p95_ms, t.p50_ms / ref.p50_ms,
                                100 * t.p95_ms / kFramePeriod30Ms);
                }
            }
        }
    }
    SDL_GL_DeleteContext(context);
    SDL_DestroyWindow(window);
    SDL_Quit();
    return status;
}
