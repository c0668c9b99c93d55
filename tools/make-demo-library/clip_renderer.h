// Renders one demo clip: narration, timeline, pictures and captions into an MP4 file.
#pragma once

#include <filesystem>
#include <vector>

#include <opencv2/core.hpp>

#include "audio/narrator.h"
#include "common/result.h"
#include "manifest.h"
#include "timeline.h"

namespace mimic::demo {

using audio::Narrator;

inline constexpr int kFramesPerSecond = 30;

// Everything decided before drawing: when each line is spoken and the clip's audio track.
struct ClipPlan {
    Timeline timeline;
    std::vector<float> audio;  // mono, sample_rate, covers the whole clip
    int sample_rate = 0;
    int frame_count = 0;
};

Result<ClipPlan> planClip(const DemoClip& clip, Narrator& narrator);

// Draws frame time `t_s` of the clip (scene and caption) over `background` into `frame`.
void drawClipFrame(cv::Mat& frame, const cv::Mat& background, const DemoClip& clip,
                   const ClipPlan& plan, double t_s);

// Encodes the clip to `out_path` (H.264 + AAC, MP4, 960x540 at 30 fps, a keyframe a second)
// through `<out_path>.partial`, renamed when complete, and writes the captions to
// `<out_path without .mp4>.srt`. On failure nothing is left at `out_path`.
Status renderClip(const DemoClip& clip, const ClipPlan& plan,
                  const std::filesystem::path& out_path);

}  // namespace mimic::demo
