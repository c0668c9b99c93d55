// Comparing RGB pictures the way the acceptance criteria say: both reduced to a quarter of
// their width and height by area averaging, then PSNR over all samples. Shared by the render
// and ui tests (header only).
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>

#include "render/image.h"

namespace mimic::testing {

// Mean of each factor x factor block (the picture cropped to a multiple of the factor).
inline render::RgbImage areaAverage(const render::RgbImage& image, int factor) {
    render::RgbImage out{image.width / factor, image.height / factor, {}};
    out.pixels.resize(static_cast<std::size_t>(out.width) * static_cast<std::size_t>(out.height) *
                      3);
    std::size_t i = 0;
    for (int y = 0; y < out.height; ++y) {
        for (int x = 0; x < out.width; ++x) {
            for (int c = 0; c < 3; ++c) {
                int sum = 0;
                for (int dy = 0; dy < factor; ++dy) {
                    for (int dx = 0; dx < factor; ++dx) {
                        sum += image.at(x * factor + dx, y * factor + dy)[c];
                    }
                }
                out.pixels[i++] =
                    static_cast<std::uint8_t>((sum + factor * factor / 2) / (factor * factor));
            }
        }
    }
    return out;
}

// PSNR in dB of two same-sized pictures after area averaging by `factor` (99 if identical).
inline double psnr(const render::RgbImage& a, const render::RgbImage& b, int factor) {
    const render::RgbImage qa = areaAverage(a, factor);
    const render::RgbImage qb = areaAverage(b, factor);
    if (qa.pixels.empty() || qa.pixels.size() != qb.pixels.size()) return 0.0;
    double squared = 0;
    for (std::size_t i = 0; i < qa.pixels.size(); ++i) {
        const double d = static_cast<double>(qa.pixels[i]) - static_cast<double>(qb.pixels[i]);
        squared += d * d;
    }
    const double mse = squared / static_cast<double>(qa.pixels.size());
    return mse == 0 ? 99.0 : 10.0 * std::log10(255.0 * 255.0 / mse);
}

constexpr int kQuarter = 4;  // "a quarter size": width and height divided by 4

inline double quarterPsnr(const render::RgbImage& a, const render::RgbImage& b) {
    return psnr(a, b, kQuarter);
}

}  // namespace mimic::testing
