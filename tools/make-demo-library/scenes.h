// Scenes: one animation routine per behaviour, chosen by the manifest's "scene". Each draws
// the two figures and their props for a moment of the clip; the motions are keyed to the
// narration timeline (line i's action starts when line i is spoken).
#pragma once

#include <string>
#include <string_view>

#include <opencv2/core.hpp>

#include "timeline.h"

namespace mimic::demo {

bool isKnownScene(std::string_view name);
// "greeting, eye-contact, ..." for error messages.
std::string knownSceneNames();

// Draws scene `name` (known) at `t_s` onto `frame`, which already holds the background.
void drawScene(cv::Mat& frame, std::string_view name, double t_s, const Timeline& timeline);

}  // namespace mimic::demo
