// Small ImGui pieces the window's screens share. Internal to ui; UI thread, inside a frame.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "render/geometry.h"
#include "ui/layout.h"

namespace mimic::ui {

// A list row of a main line and an optional quiet second line, with an optional quiet text
// at its right end, selected as a whole. Returns true when clicked.
bool twoLineRow(const char* id, std::string_view main, std::string_view quiet,
                std::string_view right, bool selected);

// A word of the forms' fixed lists as a person reads it: dashes become spaces and the empty
// word reads `empty_as` ("any", "none").
std::string wordForPeople(const std::string& word, const char* empty_as);

// A drop-down over `words` (shown with wordForPeople) that sets `index`. `id` is hidden.
bool pickWord(const char* id, int& index, const std::vector<std::string>& words,
              const char* empty_as = "none");

// `rect` in pixels of the window's drawable (which may be denser than the layout).
render::Size pixelSize(const Rect& rect);

// A renderer's texture (GL's bottom-up rows) drawn upright into `at` of the current window.
void drawTexture(unsigned int texture, const Rect& at);

// One line in the soft problem colour (nothing when `line` is empty).
void problemLine(const std::string& line);
// Secondary text, wrapped at the right edge of the region.
void quietText(const std::string& text);
// A quiet heading over a group of rows, after a little space.
void sectionHeading(const std::string& text);

}  // namespace mimic::ui
