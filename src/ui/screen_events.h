// The child's screen's small translations, kept apart from its drawing: SDL's keys into the
// therapist's keys, the keys' commands into screen events, the strip's lines of text, and
// which display shows what.
//
// Threads: any; pure functions.
#pragma once

#include <SDL.h>

#include <string>

#include "session/therapist_keys.h"
#include "ui/child_screen.h"

namespace mimic::ui {

// A key as the therapist's keys read it: Space, Enter, Esc, Backspace, digits (the keypad's
// too) and letters; anything else is kOther.
session::Key toKey(const SDL_Keysym& keysym);

// The screen event a completed command of the keys becomes (kNone for none).
ScreenEventKind toEventKind(session::Command command);

// The strip's first line: "trial 2 of 6 · greeting · 03:12".
std::string stripLine(const StripInfo& info);
// The strip's prompt levels: "level: 1 full physical · 2 gestural · Enter gestural".
std::string levelsLine(const StripInfo& info);

}  // namespace mimic::ui
