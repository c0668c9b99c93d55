// FaceFinder: frontal faces in grey pictures, through the OpenCV face plugin (face_plugin.h)
// and the cascade Debian's opencv-data ships. Missing either is one clear line.
//
// Threads: one thread at a time. Ownership: owns its detector; move-only.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <vector>

#include "common/result.h"

namespace mimic::analysis {

struct FaceBox {
    int x = 0;
    int y = 0;
    int width = 0;
    int height = 0;
};

// An 8-bit grey picture, rows packed.
struct GreyPicture {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> pixels;
};

class FaceFinder {
  public:
    // The cascade: `cascade` if given, else $MIMIC_FACE_CASCADE, else opencv-data's
    // haarcascade_frontalface_default.xml.
    static Result<FaceFinder> open(const std::filesystem::path& cascade = {});
    // Faces in profile (turned to the picture's left; mirror the picture for the right), from
    // opencv-data's haarcascade_profileface.xml beside the frontal cascade.
    static Result<FaceFinder> openProfile();

    FaceFinder(FaceFinder&&) noexcept;
    FaceFinder& operator=(FaceFinder&&) noexcept;
    ~FaceFinder();

    std::vector<FaceBox> find(const GreyPicture& picture);

  private:
    struct Impl;
    explicit FaceFinder(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

// `picture` mirrored left to right. Plain.
GreyPicture mirrored(const GreyPicture& picture);

}  // namespace mimic::analysis
