// GlWindow: an SDL2 window with an OpenGL 3.3 core context and Dear ImGui set up on it
// (SDL2 + OpenGL3 backends), in the calm look of the application. Internal to ui; the
// screens (library now, session and review later) draw into it between beginFrame() and
// endFrame().
//
// Threads: created, used and destroyed on one thread (the UI/GL thread), which keeps the
// GL context current. Ownership: owns the window, the GL context, the ImGui context and a
// reference on SDL's video subsystem; move-only. Several may exist at once (a session's
// child's screen and the therapist's console): each has its own GL and ImGui contexts, and
// makeCurrent() (which beginFrame() does) chooses whose GL and ImGui calls come next. Opening
// and destroying one leave the contexts that were current before current again.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "common/result.h"
#include "ui/window_image.h"

union SDL_Event;
struct SDL_Window;

namespace mimic::ui {

class GlWindow {
  public:
    // On SDL display `display` (from 0; -1: wherever SDL puts it), centred.
    static Result<GlWindow> open(const std::string& title, int width, int height, int display = -1);

    GlWindow(GlWindow&&) noexcept;
    GlWindow& operator=(GlWindow&&) noexcept;
    ~GlWindow();

    // Makes this window's GL and ImGui contexts the current ones.
    void makeCurrent();
    // Hands an event to this window's ImGui (mouse, keyboard, text, window).
    void processEvent(const SDL_Event& event);
    // Makes this window current and starts an ImGui frame; the caller then issues ImGui calls.
    void beginFrame();
    // Renders the ImGui frame into the back buffer. `snapshot` non-null receives the
    // drawn pixels before the swap. Then shows the frame.
    void endFrame(RgbaImage* snapshot);
    // As above, with `draw_under(width, height)` drawing into the cleared back buffer (of
    // that drawable size) before ImGui draws on top (the player's video picture).
    void endFrame(RgbaImage* snapshot, const std::function<void(int, int)>& draw_under);

    // The SDL window (full screen, size, cursor); owned by this GlWindow.
    SDL_Window* sdlWindow() const;
    // Its SDL window id: the events meant for it carry it.
    unsigned int windowId() const;

  private:
    struct Impl;
    explicit GlWindow(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

// The next event: waits up to `wait_ms` for one (0: only what is queued). False if none came.
bool nextEvent(SDL_Event& event, int wait_ms);
// Whether `event` asks to close the window (SDL_QUIT, or a window's close button).
bool isCloseRequest(const SDL_Event& event);

// Loads SDL's video subsystem and the GL driver once for the rest of the process: Mesa
// unloading leaves allocations LeakSanitizer reports, and reloading it costs start-up time.
void keepGraphicsDriverLoaded();

}  // namespace mimic::ui
