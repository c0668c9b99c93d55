// GlWindow: an SDL2 window with an OpenGL 3.3 core context and Dear ImGui set up on it
// (SDL2 + OpenGL3 backends), in the calm look of the application. Internal to ui; the
// screens (library now, session and review later) draw into it between beginFrame() and
// endFrame().
//
// Threads: created, used and destroyed on one thread (the UI/GL thread), which keeps the
// GL context current. Ownership: owns the window, the GL context, the ImGui context and a
// reference on SDL's video subsystem; move-only. Only one may exist at a time (ImGui's
// backends keep global state).
#pragma once

#include <memory>
#include <string>

#include "common/result.h"
#include "ui/video_texture.h"

union SDL_Event;

namespace mimic::ui {

class GlWindow {
  public:
    static Result<GlWindow> open(const std::string& title, int width, int height);

    GlWindow(GlWindow&&) noexcept;
    GlWindow& operator=(GlWindow&&) noexcept;
    ~GlWindow();

    // Hands an event to ImGui (mouse, keyboard, text, window).
    void processEvent(const SDL_Event& event);
    // Starts an ImGui frame; the caller then issues ImGui calls.
    void beginFrame();
    // Renders the ImGui frame into the back buffer. `snapshot` non-null receives the
    // drawn pixels before the swap. Then shows the frame.
    void endFrame(RgbaImage* snapshot);

  private:
    struct Impl;
    explicit GlWindow(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace mimic::ui
