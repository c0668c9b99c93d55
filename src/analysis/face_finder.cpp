#include "analysis/face_finder.h"

#include <dlfcn.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <system_error>

#include "analysis/face_plugin.h"
#include "common/plugin.h"

namespace mimic::analysis {

namespace fs = std::filesystem;

namespace {

constexpr const char* kDefaultCascade =
    "/usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml";
constexpr int kMaxFaces = 16;

struct Plugin {
    OpenFaceDetectorFn open = nullptr;
    DetectFacesFn detect = nullptr;
    CloseFaceDetectorFn close = nullptr;
};

Result<Plugin> loadFacePlugin() {
    static const Result<Plugin> plugin = []() -> Result<Plugin> {
        auto handle =
            loadPlugin(kOpenCvFacesPluginName, MIMIC_OPENCV_FACES_PLUGIN,
                       {kOpenFaceDetectorSymbol, kDetectFacesSymbol, kCloseFaceDetectorSymbol});
        if (!handle) return Error{"face finding cannot be loaded: " + handle.error().message};
        Plugin p;
        p.open = reinterpret_cast<OpenFaceDetectorFn>(::dlsym(*handle, kOpenFaceDetectorSymbol));
        p.detect = reinterpret_cast<DetectFacesFn>(::dlsym(*handle, kDetectFacesSymbol));
        p.close = reinterpret_cast<CloseFaceDetectorFn>(::dlsym(*handle, kCloseFaceDetectorSymbol));
        return p;
    }();
    return plugin;
}

fs::path frontalCascade() {
    const char* env = std::getenv("MIMIC_FACE_CASCADE");
    return env != nullptr && *env != '\0' ? fs::path(env) : fs::path(kDefaultCascade);
}

}  // namespace

struct FaceFinder::Impl {
    Plugin plugin;
    void* detector = nullptr;
    ~Impl() {
        if (detector != nullptr) plugin.close(detector);
    }
};

Result<FaceFinder> FaceFinder::openProfile() {
    return open(frontalCascade().parent_path() / "haarcascade_profileface.xml");
}

GreyPicture mirrored(const GreyPicture& picture) {
    GreyPicture out = picture;
    for (int y = 0; y < out.height; ++y) {
        auto row = out.pixels.begin() + static_cast<std::ptrdiff_t>(y) * out.width;
        std::reverse(row, row + out.width);
    }
    return out;
}

Result<FaceFinder> FaceFinder::open(const fs::path& cascade) {
    const fs::path file = cascade.empty() ? frontalCascade() : cascade;
    std::error_code ec;
    if (!fs::exists(file, ec)) {
        return Error{"no face cascade at " + file.string() +
                     " (Debian's opencv-data package has it)"};
    }
    auto plugin = loadFacePlugin();
    if (!plugin) return plugin.error();
    auto impl = std::make_unique<Impl>();
    impl->plugin = *plugin;
    std::array<char, 512> error{};
    impl->detector = plugin->open(file.c_str(), error.data(), static_cast<int>(error.size()));
    if (impl->detector == nullptr) return Error{error.data()};
    return FaceFinder(std::move(impl));
}

FaceFinder::FaceFinder(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
FaceFinder::FaceFinder(FaceFinder&&) noexcept = default;
FaceFinder& FaceFinder::operator=(FaceFinder&&) noexcept = default;
FaceFinder::~FaceFinder() = default;

std::vector<FaceBox> FaceFinder::find(const GreyPicture& picture) {
    std::array<MimicFaceBox, kMaxFaces> boxes{};
    const int n = impl_->plugin.detect(impl_->detector, picture.pixels.data(), picture.width,
                                       picture.height, picture.width, boxes.data(), kMaxFaces);
    std::vector<FaceBox> out;
    for (int i = 0; i < n; ++i)
        out.push_back({boxes[i].x, boxes[i].y, boxes[i].width, boxes[i].height});
    return out;
}

}  // namespace mimic::analysis
