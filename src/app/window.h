// Windows the commands open (src/ui does the drawing; this is the wiring).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "common/result.h"

namespace mimic::app {

// True when a window can be opened (a display, or SDL's offscreen driver).
bool displayAvailable();

// Shows one clip in a window from start to end, or [start_us, end_us) of it (the session's
// model), in the child view; returns when it has played.
Status showClipInWindow(const std::filesystem::path& clip, const std::string& title,
                        std::optional<std::int64_t> start_us = std::nullopt,
                        std::optional<std::int64_t> end_us = std::nullopt);

}  // namespace mimic::app
