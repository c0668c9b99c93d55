// What a practice recording shows by itself (issue 15): where a face is turned to the camera,
// when the child starts to move and to speak, and the response latency from the "your turn"
// cue (or any given time). Decodes the file through media's ClipReader (so a sealed recording
// of an unlocked folder reads as any other), finds faces with FaceFinder (OpenCV, in its
// plugin) ten times a second, measures motion on every frame and the voice on the whole sound
// track, then applies the rules of src/cues.
//
// Threads: the caller's; `progress` is called on it.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <stop_token>
#include <vector>

#include "analysis/face_finder.h"
#include "common/result.h"
#include "cues/intervals.h"

namespace mimic::analysis {

struct AnalysisOptions {
    double from_s = 0.0;  // onsets and latency count from here (the cue, or --from)
    double face_checks_per_s = 10.0;
    // Also faces in profile, turned either way, looked for where no frontal face was found
    // (for blurring: they go into face_checks only; the faces turned to the camera stay
    // frontal). Without the profile cascade, frontal only.
    bool profile_faces = false;
    // A face found where the last check found none is looked for again on the next picture,
    // so that a face is told from a one-picture blip of a pattern (for blurring).
    bool confirm_new_faces = false;
    // Called now and then with the share of the file analysed (0..1).
    std::function<void(double done)> progress;
    // Once stop is requested, the analysis ends soon with an error.
    std::stop_token stop;
};

// The faces found at one analysed time, in the recording's pixels.
struct FacesAt {
    double time = 0.0;
    std::vector<FaceBox> boxes;
};

struct RecordingAnalysis {
    double duration_s = 0.0;
    std::vector<cues::Interval> faces;  // a face turned to the camera (seconds from the start)
    double facing_ratio = 0.0;          // the share of [from, end) with such a face
    std::optional<double> motion_onset;
    std::optional<double> voice_onset;
    std::optional<double> latency;     // from `from_s` to the earlier onset
    std::vector<FacesAt> face_checks;  // every detection, for blurring
    bool has_sound = false;
};

Result<RecordingAnalysis> analyseRecording(const std::filesystem::path& file,
                                           const AnalysisOptions& options = {});

// The picture's luma (BT.601 weights) averaged over `factor` x `factor` blocks. Plain.
GreyPicture greyFromRgba(const std::uint8_t* rgba, int width, int height, int factor);
// The mean absolute difference of two grey pictures of one size (0-255); 0 if they differ
// in size. Plain.
double motionEnergy(const GreyPicture& a, const GreyPicture& b);

}  // namespace mimic::analysis
