#include "ui/review_window.h"

#include <SDL.h>

#include <algorithm>
#include <cstdio>

#include <imgui.h>

#include "ui/gl_window.h"
#include "ui/review_screen.h"
#include "ui/screen_lock.h"
#include "ui/widgets.h"

namespace mimic::ui {

using review_screen::kFramesAfterEvent;
using review_screen::kIdleWaitMs;
using review_screen::ReviewScreen;

Result<ReviewWindowReport> runReviewWindow(const ReviewCallbacks& callbacks,
                                           const ReviewWindowOptions& options) {
    Result<GlWindow> opened = GlWindow::open(options.title, options.width, options.height);
    if (!opened) return opened.error();
    GlWindow window = std::move(opened).value();
    // The screen's players and pictures go before the GL context (declared after the window).
    ReviewScreen screen(callbacks, options);
    if (Status loaded = screen.loadTrials(); !loaded) return loaded.error();
    ReviewWindowReport report;
    std::optional<std::int64_t> to_open = options.open_trial;
    bool open_pending = to_open.has_value();
    bool running = true;
    int frames_to_draw = kFramesAfterEvent;
    bool drawn_locked = false;
    while (running) {
        int wait_ms = screen.millisecondsUntilDue();
        if (wait_ms < 0) wait_ms = kIdleWaitMs;
        if (frames_to_draw > 0 || open_pending) wait_ms = 0;
        if (options.lock != nullptr) wait_ms = options.lock->millisecondsUntilLock(wait_ms);
        SDL_Event event;
        bool have_event = nextEvent(event, wait_ms);
        while (have_event) {
            window.processEvent(event);
            frames_to_draw = kFramesAfterEvent;
            if (isCloseRequest(event)) running = false;
            const bool typing = ImGui::GetIO().WantTextInput;
            if (options.lock != nullptr && options.lock->onEvent(event)) {
                if (event.type == SDL_KEYDOWN) break;
                have_event = SDL_PollEvent(&event) != 0;
                continue;
            }
            if (event.type == SDL_KEYDOWN && !typing && event.key.repeat == 0) {
                if (event.key.keysym.sym == SDLK_ESCAPE) {
                    running = false;
                } else if (screen.key(event.key) && options.trace_keys) {
                    std::printf("%s %s\n", SDL_GetKeyName(event.key.keysym.sym),
                                screen.traceLine().c_str());
                    std::fflush(stdout);
                }
            }
            if (event.type == SDL_TEXTINPUT && !typing) {
                if (screen.text(event.text.text) && options.trace_keys) {
                    std::printf("%s %s\n", event.text.text, screen.traceLine().c_str());
                    std::fflush(stdout);
                }
            }
            if (event.type == SDL_KEYDOWN) break;  // as the library window (ImGui key state)
            have_event = SDL_PollEvent(&event) != 0;
        }
        const bool locked = options.lock != nullptr && options.lock->update();
        if (locked && screen.transport() != nullptr && !screen.transport()->paused()) {
            // What was playing stops under the lock; it stays where it was.
            screen.transport()->pause();
            frames_to_draw = std::max(frames_to_draw, 1);
        }
        if (locked && !drawn_locked) frames_to_draw = std::max(frames_to_draw, 1);
        drawn_locked = locked;
        if (open_pending && report.frames_drawn > 0 && !locked) {
            // Opened after the first frame (fonts and shaders are ready), so it starts on time.
            open_pending = false;
            screen.openTrial(*to_open);
            if (options.play_at_once && screen.hasTrial()) {
                // Its first pictures first, then play.
                for (int i = 0; i < 200 && screen.transport()->practiceShown() == std::nullopt &&
                                screen.transport()->hasPractice();
                     ++i) {
                    screen.update();
                    SDL_Delay(5);
                }
                screen.transport()->play();
            }
            frames_to_draw = std::max(frames_to_draw, 1);
        }
        if (screen.update()) frames_to_draw = std::max(frames_to_draw, 1);
        if (frames_to_draw > 0) {
            --frames_to_draw;
            window.beginFrame();
            if (locked) {
                options.lock->draw();
            } else {
                screen.draw();
            }
            window.endFrame(nullptr);
            ++report.frames_drawn;
        }
    }
    screen.finishOpenStates();
    report.coder = screen.coder();
    report.events_added = screen.eventsAdded();
    report.message = screen.message();
    return report;
}

}  // namespace mimic::ui
