// A GL 3.3 core context for the render tests, made current once for the test program and
// kept until exit (SDL's offscreen driver, set by the shared test main, gives one without a
// display). SDL's video subsystem is never shut down: reloading Mesa per test costs time and
// its unloading leaves allocations LeakSanitizer would report (see src/ui/gl_window.cpp).
#pragma once

#include <SDL.h>

#include <string>

namespace mimic::render::testing {

struct GlTestContext {
    SDL_Window* window = nullptr;
    SDL_GLContext context = nullptr;
    std::string error;

    GlTestContext() {
        if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) {
            error = std::string("SDL video: ") + SDL_GetError();
            return;
        }
        // One more reference on the GL library, never dropped: destroying the window at exit
        // then does not unload Mesa (whose unloading leaks what LeakSanitizer reports).
        if (SDL_GL_LoadLibrary(nullptr) != 0) {
            error = std::string("GL library: ") + SDL_GetError();
            return;
        }
        SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
        SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
        SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 3);
        window =
            SDL_CreateWindow("render tests", 0, 0, 64, 64, SDL_WINDOW_OPENGL | SDL_WINDOW_HIDDEN);
        if (window == nullptr) {
            error = std::string("SDL window: ") + SDL_GetError();
            return;
        }
        context = SDL_GL_CreateContext(window);
        if (context == nullptr) error = std::string("GL context: ") + SDL_GetError();
    }
    ~GlTestContext() {
        if (context != nullptr) SDL_GL_DeleteContext(context);
        if (window != nullptr) SDL_DestroyWindow(window);
    }
    GlTestContext(const GlTestContext&) = delete;
    GlTestContext& operator=(const GlTestContext&) = delete;

    // The program's context, made current on the calling thread. Empty `error` when usable.
    static GlTestContext& current() {
        static GlTestContext instance;
        if (instance.context != nullptr) SDL_GL_MakeCurrent(instance.window, instance.context);
        return instance;
    }
};

}  // namespace mimic::render::testing
