// Windows the commands open (src/ui does the drawing; this is the wiring).
#pragma once

#include <filesystem>
#include <string>

#include "common/result.h"

namespace mimic::app {

// True when a window can be opened (a display, or SDL's offscreen driver).
bool displayAvailable();

// Shows one clip in a window from start to end (the session's "watch" step).
Status showClipInWindow(const std::filesystem::path& clip, const std::string& title);

}  // namespace mimic::app
