// Internal to src/analysis: the interface of the OpenCV face plugin, libmimic_opencv_faces.so.
// Face detection needs OpenCV's objdetect (and its cascades from Debian's opencv-data); as the
// cameras do (capture/camera_internal.h), it lives in a plugin loaded on first use, so OpenCV
// stays out of every other module and out of processes that never look for a face.
#pragma once

#include <cstdint>

namespace mimic::analysis {

extern "C" {
struct MimicFaceBox {
    int x;
    int y;
    int width;
    int height;
};
// A detector on the cascade file at `cascade_path`; null with `error` (NUL-terminated, at most
// `error_size` bytes) saying why in one line.
using OpenFaceDetectorFn = void* (*)(const char* cascade_path, char* error, int error_size);
// The frontal faces in an 8-bit grey picture (rows `stride` bytes apart): up to `max_boxes` in
// `boxes`, in the picture's pixels; returns how many were written.
using DetectFacesFn = int (*)(void* detector, const std::uint8_t* grey, int width, int height,
                              int stride, MimicFaceBox* boxes, int max_boxes);
using CloseFaceDetectorFn = void (*)(void* detector);
}
inline constexpr const char* kOpenFaceDetectorSymbol = "mimicOpenFaceDetector";
inline constexpr const char* kDetectFacesSymbol = "mimicDetectFaces";
inline constexpr const char* kCloseFaceDetectorSymbol = "mimicCloseFaceDetector";
inline constexpr const char* kOpenCvFacesPluginName = "libmimic_opencv_faces.so";

}  // namespace mimic::analysis
