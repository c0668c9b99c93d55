// The review screen as one still picture (`mimic review --at --out`): the model clip's frame
// and the practice recording's frame side by side, each letterboxed into its pane, and the
// timeline strip under them (review/timeline_strip.h): where each file has pictures, where
// the practice starts, each coder's events on a row of their own, and the playhead.
//
// Threads: renderReviewStill makes the calling thread the GL thread for the call, as
// renderSnapshot does (snapshot.h: a display or SDL's offscreen driver). composeReviewStill
// is pure.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>

#include "common/result.h"
#include "render/geometry.h"
#include "render/image.h"
#include "review/timeline_strip.h"

namespace mimic::ui {

struct ReviewStillPane {
    std::filesystem::path file;
    std::optional<std::int64_t> pts_us;  // the frame on screen; none: the pane stays dark
};

struct ReviewStill {
    ReviewStillPane model;     // left
    ReviewStillPane practice;  // right
    review::TimelineStrip strip;
    render::Size pane{640, 360};
};

// Decodes both frames and draws the still. Errors are one line naming the file.
Result<render::RgbImage> renderReviewStill(const ReviewStill& still);

// The still from the two panes' pictures (each exactly `pane` in size; an empty image for a
// dark pane) and the strip: panes side by side on a dark ground, the strip below.
render::RgbImage composeReviewStill(const render::RgbImage& model, const render::RgbImage& practice,
                                    render::Size pane, const review::TimelineStrip& strip);

}  // namespace mimic::ui
