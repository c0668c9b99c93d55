// TherapistConsole: the therapist's window during a practice session with two displays. The
// child's screen (ChildScreen) opens it on the display that is not the child's: a small,
// ordinary window in the calm look, showing a session::ConsoleView (where the session is, the
// program's prompt hierarchy, what the keys wait for) and a button for each thing the keys do.
// It decides nothing: the view says what is shown and enabled, and the buttons pressed are
// returned for the owner to turn into keys (session::consoleKeys).
//
// Threads: the UI/GL thread that opened it, like the ChildScreen that owns it. Ownership: owns
// its GlWindow (a GL and an ImGui context of its own); draw() leaves its contexts current, so
// the owner makes its own current again after drawing.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/result.h"
#include "session/console_view.h"
#include "ui/gl_window.h"
#include "ui/window_image.h"

union SDL_Event;

namespace mimic::ui {

class ScreenLock;

class TherapistConsole {
  public:
    static constexpr int kWidth = 900;
    static constexpr int kHeight = 640;
    // Every button has a fixed place, whatever the session shows: a therapist's hand finds
    // "1 independent" where it was last time without looking away from the child (and a test
    // can click it). Window coordinates of the buttons' top-left corners, by row: go on,
    // replay, pause, note; 1, 3, 4; the prompted levels (four a row, under "2 prompted:").
    // "Esc end early" sits apart, top right.
    static constexpr float kMargin = 16.0f;
    static constexpr float kButtonWidth = 210.0f;
    static constexpr float kButtonHeight = 48.0f;
    static constexpr float kButtonGap = 10.0f;
    static constexpr float kControlsTop = 264.0f;
    static constexpr float kScoresTop = 332.0f;
    static constexpr float kPromptedTop = 430.0f;
    static constexpr float kPromptTop = 600.0f;

    // Opens the console centred on SDL display `display` (from 0).
    static Result<std::unique_ptr<TherapistConsole>> open(const std::string& title, int display);

    // The SDL id of its window: events carrying it are the console's.
    unsigned int windowId() const;
    // An event of its window (mouse, focus, size) for its ImGui.
    void processEvent(const SDL_Event& event);
    // Draws `view` (into `snapshot` too when not null) and returns the buttons pressed in this
    // frame, in order.
    std::vector<session::ConsoleButton> draw(const session::ConsoleView& view,
                                             RgbaImage* snapshot = nullptr);
    // Whether it needs to draw again soon: ImGui takes a click as a press in one frame and its
    // release in the next, so a frame follows every mouse event.
    bool wantsFrame() const { return frames_wanted_ > 0; }
    // Draws the lock screen instead of the controls (while `lock` is locked).
    void drawLocked(ScreenLock& lock, RgbaImage* snapshot = nullptr);

  private:
    explicit TherapistConsole(GlWindow window);
    GlWindow window_;
    int frames_wanted_ = 0;
};

}  // namespace mimic::ui
