// A practice recording made fit to share for training or supervision (issue 15,
// "De-identified exports"): faces blurred beyond recognition on every frame they are in (found
// by analyseRecording's detector, then covered between detections and around turned heads by
// the rule of cues/face_blur.h), the picture elsewhere as it was; the voice kept, removed or
// moved to another pitch. Two passes over the file: the first finds the faces, the second
// decodes, blurs and encodes (H.264 + AAC, MP4 or Matroska by the name's extension).
//
// Threads: the caller's; `progress` is called on it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>

#include "common/result.h"
#include "cues/face_blur.h"

namespace mimic::analysis {

enum class VoiceTreatment { kKeep, kMute, kShift };

struct DeidentifyOptions {
    bool blur_faces = true;
    VoiceTreatment voice = VoiceTreatment::kKeep;
    double voice_pitch = 0.75;        // kShift: about five semitones down
    double face_checks_per_s = 10.0;  // the detector's rate in the first pass
    bool profile_faces = true;        // faces in profile too, not only turned to the camera
    cues::BlurRule blur;
    double feather = 0.2;  // blurRegion's
    // Called now and then with the share of the work done (0..1).
    std::function<void(double done)> progress;
};

struct DeidentifyReport {
    std::int64_t frames = 0;
    std::int64_t frames_blurred = 0;  // frames with at least one region blurred
    bool has_sound = false;           // the export has a sound track
};

// Writes `out` (.mp4, .mov or .mkv) from `recording`. `out` appears whole or not at all
// (written under a temporary name beside it, then renamed over it: the caller decides
// whether one may be replaced); errors name the file and the cause.
Result<DeidentifyReport> writeDeidentified(const std::filesystem::path& recording,
                                           const std::filesystem::path& out,
                                           const DeidentifyOptions& options);

// Blurs `region` of a packed RGBA picture beyond recognition: each colour is averaged over a
// grid of at most 8 x 8 cells and smoothed back over the region (bilinear), so nothing finer
// than an eighth of the region is left. With `feather` > 0 the blur fades out towards the
// region's edges over that share of its half-width and half-height (the middle stays wholly
// blurred), so the region's edge leaves no hard seam. Plain.
void blurRegion(std::uint8_t* rgba, int width, int height, const cues::Box& region,
                double feather = 0.0);

}  // namespace mimic::analysis
