// Pure layout and text helpers of the window, with no SDL, GL or ImGui: tested as plain C++.
#pragma once

#include <cstdint>
#include <string>

namespace mimic::ui {

struct Rect {
    float x = 0.0f;
    float y = 0.0f;
    float width = 0.0f;
    float height = 0.0f;
};

// The largest rectangle with the picture's aspect ratio that fits in `area`, centred in it
// (letterbox or pillarbox bars fill the rest). An empty picture or area gives a zero-size
// rectangle at the centre of `area`.
Rect fitPicture(int picture_width, int picture_height, const Rect& area);

// A duration as a person reads it: "0:07", "1:05", "1:02:03". Negative values read "0:00".
// Rounds to the nearest second, except that a clip shorter than a second reads "0:01"
// rather than "0:00" when it is not empty.
std::string formatDuration(std::int64_t duration_us);

}  // namespace mimic::ui
