// Sealed-media cost benchmark (issue 14, point 5; not a test): decoding every frame of a 1080p
// clip and hashing its file, plain and sealed (crypto/sealed_file.h, read through
// media/sealed_io.h), in one process, alternating, five rounds each. The figure is CPU time
// (user + system of this process), which load beside it does not inflate the way wall time is;
// the best round of each is compared. Target: sealed <= 1.05 x plain.
// Usage: sealed_decode_bench [work-dir]   (the clip is made there with the ffmpeg CLI)
#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "crypto/sealed_file.h"
#include "media/file_hash.h"
#include "media/media_key.h"
#include "media/video_stream_reader.h"

namespace fs = std::filesystem;
using namespace mimic;

namespace {

double cpuSeconds() {
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    const auto seconds = [](const timeval& t) {
        return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
    };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// Decodes every frame (with its md5, as `mimic frames` does) and hashes the file; CPU seconds.
double decodeAndHash(const fs::path& file, int* frames) {
    const double start = cpuSeconds();
    auto reader = media::VideoStreamReader::open(file);
    if (!reader) {
        std::fprintf(stderr, "%s\n", reader.error().message.c_str());
        std::exit(1);
    }
    *frames = 0;
    for (;;) {
        auto frame = reader->next();
        if (!frame || !*frame) break;
        (void)(*frame)->md5Hex();
        ++*frames;
    }
    if (!media::sha256File(file)) std::exit(1);
    return cpuSeconds() - start;
}

}  // namespace

int main(int argc, char** argv) {
    const fs::path dir =
        argc > 1 ? fs::path(argv[1]) : fs::temp_directory_path() / "mimic-sealed-bench";
    fs::create_directories(dir);
    const fs::path plain = dir / "clip-1080p.mp4";
    if (!fs::exists(plain)) {
        const std::string make =
            "ffmpeg -v error -y -f lavfi -i testsrc2=s=1920x1080:r=30 -t 10 "
            "-c:v libx264 -preset veryfast -pix_fmt yuv420p '" +
            plain.string() + "'";
        if (std::system(make.c_str()) != 0) return 1;
    }
    auto key = std::make_shared<const crypto::SecretKey>(crypto::SecretKey::random().value());
    media::setMediaKey(key);
    const fs::path sealed = dir / "clip-1080p.sealed.mp4";
    fs::remove(sealed);
    if (Status s = crypto::sealCopy(plain, sealed, *key); !s) {
        std::fprintf(stderr, "%s\n", s.error().message.c_str());
        return 1;
    }
    double best_plain = 1e9;
    double best_sealed = 1e9;
    int frames_plain = 0;
    int frames_sealed = 0;
    for (int round = 0; round < 5; ++round) {
        best_plain = std::min(best_plain, decodeAndHash(plain, &frames_plain));
        best_sealed = std::min(best_sealed, decodeAndHash(sealed, &frames_sealed));
    }
    double load[3] = {};
    ::getloadavg(load, 3);
    const double ratio = best_sealed / best_plain;
    std::printf("decode + hash of a 10 s 1080p clip (%d frames; %.1f MB), best of 5, CPU time:\n",
                frames_plain, static_cast<double>(fs::file_size(plain)) / 1e6);
    std::printf("  plain  %.3f s\n  sealed %.3f s (%d frames)\n  sealed/plain %.3f  (load %.2f)\n",
                best_plain, best_sealed, frames_sealed, ratio, load[0]);
    const bool pass = frames_sealed == frames_plain && ratio <= 1.05;
    std::printf("%s: sealed costs at most 1.05 x the plain clip's CPU\n", pass ? "PASS" : "FAIL");
    return pass ? 0 : 1;
}
