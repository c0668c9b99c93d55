// The OpenCV face plugin (face_plugin.h): OpenCV's cascade detector of frontal faces.
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/objdetect.hpp>

#include <algorithm>
#include <cstdio>
#include <exception>
#include <memory>
#include <string>
#include <vector>

#include "analysis/face_plugin.h"

namespace {

struct Detector {
    cv::CascadeClassifier cascade;
};

void say(char* error, int error_size, const std::string& text) {
    if (error != nullptr && error_size > 0) std::snprintf(error, error_size, "%s", text.c_str());
}

}  // namespace

extern "C" __attribute__((visibility("default"))) void* mimicOpenFaceDetector(
    const char* cascade_path, char* error, int error_size) {
    try {
        auto detector = std::make_unique<Detector>();
        if (!detector->cascade.load(cascade_path)) {
            say(error, error_size, std::string("cannot read the face cascade ") + cascade_path);
            return nullptr;
        }
        return detector.release();
    } catch (const std::exception& e) {
        say(error, error_size, std::string("OpenCV: ") + e.what());
        return nullptr;
    }
}

extern "C" __attribute__((visibility("default"))) int mimicDetectFaces(
    void* handle, const std::uint8_t* grey, int width, int height, int stride,
    mimic::analysis::MimicFaceBox* boxes, int max_boxes) {
    if (handle == nullptr || grey == nullptr || width <= 0 || height <= 0) return 0;
    try {
        auto* detector = static_cast<Detector*>(handle);
        const cv::Mat picture(height, width, CV_8UC1, const_cast<std::uint8_t*>(grey),
                              static_cast<std::size_t>(stride));
        cv::Mat equalised;
        cv::equalizeHist(picture, equalised);
        std::vector<cv::Rect> found;
        // A face at least a tenth of the picture's height: a child in front of the screen.
        const int smallest = std::max(20, height / 10);
        detector->cascade.detectMultiScale(equalised, found, 1.1, 5, 0,
                                           cv::Size(smallest, smallest));
        const int n = std::min<int>(max_boxes, static_cast<int>(found.size()));
        for (int i = 0; i < n; ++i)
            boxes[i] = {found[i].x, found[i].y, found[i].width, found[i].height};
        return n;
    } catch (const std::exception&) {
        return 0;
    }
}

extern "C" __attribute__((visibility("default"))) void mimicCloseFaceDetector(void* handle) {
    delete static_cast<Detector*>(handle);
}
