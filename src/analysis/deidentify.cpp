#include "analysis/deidentify.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <optional>
#include <variant>
#include <vector>

#include "analysis/recording_analysis.h"
#include "media/clip_reader.h"
#include "media/encoder.h"
#include "media/voice_shift.h"

namespace mimic::analysis {

namespace fs = std::filesystem;

namespace {

constexpr int kBlurCells = 8;

Result<media::Container> containerFor(const fs::path& out) {
    std::string extension = out.extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (extension == ".mp4" || extension == ".mov") return media::Container::kMp4;
    if (extension == ".mkv") return media::Container::kMatroska;
    return Error{"'" + out.filename().string() + "': the file name must end in .mp4, .mov or .mkv"};
}

class Writer {
  public:
    Writer(const fs::path& recording, const fs::path& out, const DeidentifyOptions& options)
        : recording_(recording), out_(out), options_(options) {}

    Result<DeidentifyReport> run() {
        auto container = containerFor(out_);
        if (!container) return container.error();
        std::vector<cues::Detection> detections;
        if (options_.blur_faces) {
            auto found = findFaces();
            if (!found) return found.error();
            detections = std::move(*found);
        }
        auto reader = media::ClipReader::open(recording_, options_.voice != VoiceTreatment::kMute);
        if (!reader) return reader.error();
        const media::MediaInfo& info = reader->info();
        media::EncoderSettings settings;
        settings.container = *container;
        settings.width = info.video.width;
        settings.height = info.video.height;
        settings.frame_rate = std::max(1, static_cast<int>(std::lround(info.video.frame_rate)));
        settings.keyframe_interval = settings.frame_rate;
        settings.x264_preset = "veryfast";
        settings.x264_tune = "";
        settings.crf = 18;
        std::optional<media::VoiceShifter> shifter;
        if (info.audio && options_.voice != VoiceTreatment::kMute) {
            settings.audio_sample_rate = info.audio->sample_rate;
            settings.audio_channels = info.audio->channels;
            if (options_.voice == VoiceTreatment::kShift) {
                auto opened = media::VoiceShifter::open(info.audio->sample_rate,
                                                        info.audio->channels, options_.voice_pitch);
                if (!opened) return opened.error();
                shifter.emplace(std::move(*opened));
            }
        }
        auto encoder = media::Encoder::open(out_, settings);
        if (!encoder) return encoder.error();
        DeidentifyReport report;
        report.has_sound = settings.audio_sample_rate > 0;
        const double duration = static_cast<double>(info.duration_us) / 1e6;
        std::vector<std::uint8_t> bgr;
        std::optional<std::int64_t> sound_start;
        std::int64_t sound_frames = 0;  // per channel, written so far
        double last_progress = -1.0;
        for (;;) {
            auto item = reader->next();
            if (!item) return item.error();
            if (std::holds_alternative<media::EndOfClip>(*item)) break;
            if (auto* picture = std::get_if<media::RgbaPicture>(&*item)) {
                const double t = static_cast<double>(picture->pts_us) / 1e6;
                const auto regions = cues::blurRegions(detections, t, picture->width,
                                                       picture->height, options_.blur);
                for (const cues::Box& region : regions) {
                    blurRegion(picture->pixels.data(), picture->width, picture->height, region,
                               options_.feather);
                }
                report.frames_blurred += regions.empty() ? 0 : 1;
                ++report.frames;
                if (Status s = encoder->writeVideo(media::bgrView(*picture, bgr), picture->pts_us);
                    !s)
                    return s.error();
                if (options_.progress && duration > 0.0 && t - last_progress >= 1.0) {
                    last_progress = t;
                    const double share = std::min(1.0, t / duration);
                    options_.progress(options_.blur_faces ? 0.4 + 0.6 * share : share);
                }
            } else if (auto* sound = std::get_if<media::AudioChunk>(&*item)) {
                if (!report.has_sound || sound->channels != settings.audio_channels) continue;
                if (!sound_start) sound_start = sound->pts_us;
                if (!shifter) {
                    if (Status s = encoder->writeAudio(sound->samples, sound->pts_us); !s)
                        return s.error();
                    continue;
                }
                auto shifted = shifter->push(sound->samples);
                if (!shifted) return shifted.error();
                if (Status s = writeShifted(*encoder, *shifted, *sound_start, sound_frames,
                                            sound->sample_rate, sound->channels);
                    !s) {
                    return s.error();
                }
            }
        }
        if (shifter && sound_start) {
            auto rest = shifter->finish();
            if (!rest) return rest.error();
            if (Status s = writeShifted(*encoder, *rest, *sound_start, sound_frames,
                                        settings.audio_sample_rate, settings.audio_channels);
                !s) {
                return s.error();
            }
        }
        if (Status s = encoder->finish(); !s) return s.error();
        if (options_.progress) options_.progress(1.0);
        return report;
    }

  private:
    // The first pass: faces, as analyseRecording finds them, at the options' rate.
    Result<std::vector<cues::Detection>> findFaces() {
        AnalysisOptions analysis;
        analysis.face_checks_per_s = options_.face_checks_per_s;
        analysis.profile_faces = options_.profile_faces;
        analysis.confirm_new_faces = true;
        if (options_.progress) {
            analysis.progress = [this](double done) { options_.progress(0.4 * done); };
        }
        auto found = analyseRecording(recording_, analysis);
        if (!found) return found.error();
        std::vector<cues::Detection> detections;
        detections.reserve(found->face_checks.size());
        for (const FacesAt& check : found->face_checks) {
            cues::Detection d{check.time, {}};
            for (const FaceBox& box : check.boxes)
                d.boxes.push_back({static_cast<double>(box.x), static_cast<double>(box.y),
                                   static_cast<double>(box.width),
                                   static_cast<double>(box.height)});
            detections.push_back(std::move(d));
        }
        return detections;
    }

    // Shifted sound is written in one run from the track's first stamp: it comes out of the
    // filter lined up with what went in, so its place is the count of samples before it.
    static Status writeShifted(media::Encoder& encoder, const std::vector<float>& samples,
                               std::int64_t start_us, std::int64_t& frames_written, int rate,
                               int channels) {
        if (samples.empty()) return {};
        const std::int64_t at = start_us + frames_written * 1'000'000 / rate;
        frames_written += static_cast<std::int64_t>(samples.size()) / channels;
        return encoder.writeAudio(samples, at);
    }

    fs::path recording_;
    fs::path out_;
    const DeidentifyOptions& options_;
};

}  // namespace

void blurRegion(std::uint8_t* rgba, int width, int height, const cues::Box& region,
                double feather) {
    const int x0 = std::clamp(static_cast<int>(std::floor(region.x)), 0, width);
    const int y0 = std::clamp(static_cast<int>(std::floor(region.y)), 0, height);
    const int x1 = std::clamp(static_cast<int>(std::ceil(region.x + region.width)), 0, width);
    const int y1 = std::clamp(static_cast<int>(std::ceil(region.y + region.height)), 0, height);
    const int w = x1 - x0;
    const int h = y1 - y0;
    if (w <= 0 || h <= 0) return;
    const int cells_x = std::min(kBlurCells, w);
    const int cells_y = std::min(kBlurCells, h);
    // Each cell's mean colour.
    std::vector<double> mean(static_cast<std::size_t>(cells_x) * cells_y * 3, 0.0);
    std::vector<int> count(static_cast<std::size_t>(cells_x) * cells_y, 0);
    for (int y = y0; y < y1; ++y) {
        const int cy = (y - y0) * cells_y / h;
        const std::uint8_t* p = rgba + (static_cast<std::size_t>(y) * width + x0) * 4;
        for (int x = x0; x < x1; ++x, p += 4) {
            const std::size_t cell =
                static_cast<std::size_t>(cy) * cells_x + (x - x0) * cells_x / w;
            mean[cell * 3] += p[0];
            mean[cell * 3 + 1] += p[1];
            mean[cell * 3 + 2] += p[2];
            ++count[cell];
        }
    }
    for (std::size_t cell = 0; cell < count.size(); ++cell)
        for (int c = 0; c < 3; ++c)
            mean[cell * 3 + c] /= std::max(1, count[cell]);
    // Smoothed back: each pixel interpolates the means of the four cells around it (cell
    // centres; clamped at the region's edges).
    const double cell_w = static_cast<double>(w) / cells_x;
    const double cell_h = static_cast<double>(h) / cells_y;
    // The blur's weight: 1 in the middle, falling to 0 at the edge over the feather.
    feather = std::clamp(feather, 0.0, 1.0);
    const double ramp_x = std::max(1.0, feather * w / 2.0);
    const double ramp_y = std::max(1.0, feather * h / 2.0);
    const auto weight = [&](int x, int y) {
        if (feather <= 0.0) return 1.0;
        const double from_x = std::min(x - x0 + 0.5, x1 - x - 0.5);
        const double from_y = std::min(y - y0 + 0.5, y1 - y - 0.5);
        return std::min({1.0, from_x / ramp_x, from_y / ramp_y});
    };
    for (int y = y0; y < y1; ++y) {
        const double fy =
            std::clamp((y - y0 + 0.5) / cell_h - 0.5, 0.0, static_cast<double>(cells_y - 1));
        const int ya = static_cast<int>(fy);
        const int yb = std::min(ya + 1, cells_y - 1);
        const double wy = fy - ya;
        std::uint8_t* p = rgba + (static_cast<std::size_t>(y) * width + x0) * 4;
        for (int x = x0; x < x1; ++x, p += 4) {
            const double fx =
                std::clamp((x - x0 + 0.5) / cell_w - 0.5, 0.0, static_cast<double>(cells_x - 1));
            const int xa = static_cast<int>(fx);
            const int xb = std::min(xa + 1, cells_x - 1);
            const double wx = fx - xa;
            const double k = weight(x, y);
            for (int c = 0; c < 3; ++c) {
                const auto at = [&](int cx, int cy) {
                    return mean[(static_cast<std::size_t>(cy) * cells_x + cx) * 3 + c];
                };
                const double top = at(xa, ya) * (1 - wx) + at(xb, ya) * wx;
                const double bottom = at(xa, yb) * (1 - wx) + at(xb, yb) * wx;
                const double blurred = top * (1 - wy) + bottom * wy;
                p[c] = static_cast<std::uint8_t>(std::lround(blurred * k + p[c] * (1.0 - k)));
            }
        }
    }
}

Result<DeidentifyReport> writeDeidentified(const fs::path& recording, const fs::path& out,
                                           const DeidentifyOptions& options) {
    if (auto container = containerFor(out); !container) return container.error();
    // Written beside `out` under a name of the same extension (it picks the container), then
    // renamed over it.
    const fs::path partial =
        out.parent_path() / ("." + out.stem().string() + ".partial" + out.extension().string());
    std::error_code ec;
    fs::remove(partial, ec);
    auto written = Writer(recording, partial, options).run();
    if (written) {
        fs::rename(partial, out, ec);
        if (ec) written = Error{"cannot write '" + out.string() + "': " + ec.message()};
    }
    if (!written) fs::remove(partial, ec);
    return written;
}

}  // namespace mimic::analysis
