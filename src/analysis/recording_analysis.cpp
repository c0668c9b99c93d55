#include "analysis/recording_analysis.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <variant>

#include "cues/onsets.h"
#include "media/clip_reader.h"

namespace mimic::analysis {

namespace {

constexpr int kMotionWidth = 160;  // motion is measured on a picture about this wide
constexpr int kFaceWidth = 320;    // faces are looked for on a picture about this wide

int factorFor(int width, int target) {
    return std::max(1, (width + target - 1) / target);
}

}  // namespace

GreyPicture greyFromRgba(const std::uint8_t* rgba, int width, int height, int factor) {
    GreyPicture out;
    factor = std::max(1, factor);
    out.width = width / factor;
    out.height = height / factor;
    out.pixels.resize(static_cast<std::size_t>(out.width) * out.height);
    const int area = factor * factor;
    for (int y = 0; y < out.height; ++y) {
        for (int x = 0; x < out.width; ++x) {
            int sum = 0;
            for (int dy = 0; dy < factor; ++dy) {
                const std::uint8_t* p =
                    rgba + (static_cast<std::size_t>(y * factor + dy) * width + x * factor) * 4;
                for (int dx = 0; dx < factor; ++dx, p += 4)
                    sum += (77 * p[0] + 150 * p[1] + 29 * p[2]) >> 8;
            }
            out.pixels[static_cast<std::size_t>(y) * out.width + x] =
                static_cast<std::uint8_t>(sum / area);
        }
    }
    return out;
}

double motionEnergy(const GreyPicture& a, const GreyPicture& b) {
    if (a.width != b.width || a.height != b.height || a.pixels.empty()) return 0.0;
    long long sum = 0;
    for (std::size_t i = 0; i < a.pixels.size(); ++i)
        sum += std::abs(int{a.pixels[i]} - int{b.pixels[i]});
    return static_cast<double>(sum) / static_cast<double>(a.pixels.size());
}

Result<RecordingAnalysis> analyseRecording(const std::filesystem::path& file,
                                           const AnalysisOptions& options) {
    auto finder = FaceFinder::open();
    if (!finder) return finder.error();
    std::optional<FaceFinder> profile;
    if (options.profile_faces) {
        auto opened = FaceFinder::openProfile();
        if (opened) profile.emplace(std::move(*opened));
    }
    auto reader = media::ClipReader::open(file, /*decode_audio=*/true);
    if (!reader) return reader.error();
    RecordingAnalysis result;
    result.duration_s = static_cast<double>(reader->info().duration_us) / 1e6;

    std::vector<cues::FaceSample> face_samples;
    std::vector<cues::LevelSample> energies;
    std::optional<GreyPicture> previous;
    double next_face_check = -1.0;
    std::vector<FaceBox> previous_boxes;  // at the last check (confirm_new_faces)
    const double face_period = 1.0 / std::max(0.1, options.face_checks_per_s);
    std::vector<float> mono;
    std::optional<double> first_sound_time;
    int sample_rate = 0;
    double last_time = 0.0;
    double last_progress = -1.0;

    for (;;) {
        if (options.stop.stop_requested()) return Error{"the analysis was stopped"};
        auto item = reader->next();
        if (!item) return item.error();
        if (std::holds_alternative<media::EndOfClip>(*item)) break;
        if (const auto* picture = std::get_if<media::RgbaPicture>(&*item)) {
            const double t = static_cast<double>(picture->pts_us) / 1e6;
            last_time = std::max(last_time, t);
            GreyPicture small =
                greyFromRgba(picture->pixels.data(), picture->width, picture->height,
                             factorFor(picture->width, kMotionWidth));
            if (previous) energies.push_back({t, motionEnergy(*previous, small)});
            previous = std::move(small);
            if (t >= next_face_check) {
                // Checked at (about) a steady rate, from the first picture on.
                next_face_check = t + face_period * 0.9;
                const int factor = factorFor(picture->width, kFaceWidth);
                const GreyPicture grey =
                    greyFromRgba(picture->pixels.data(), picture->width, picture->height, factor);
                FacesAt found{t, finder->find(grey)};
                face_samples.push_back({t, !found.boxes.empty()});
                if (profile && found.boxes.empty()) {  // a turned head: no frontal face
                    for (const FaceBox& box : profile->find(grey))
                        found.boxes.push_back(box);
                    for (const FaceBox& box : profile->find(mirrored(grey)))
                        found.boxes.push_back(
                            {grey.width - box.x - box.width, box.y, box.width, box.height});
                }
                for (FaceBox& box : found.boxes) {
                    box = {box.x * factor, box.y * factor, box.width * factor, box.height * factor};
                }
                if (options.confirm_new_faces) {
                    for (const FaceBox& box : found.boxes) {
                        const bool known = std::any_of(
                            previous_boxes.begin(), previous_boxes.end(), [&](const FaceBox& b) {
                                return box.x < b.x + b.width && b.x < box.x + box.width &&
                                       box.y < b.y + b.height && b.y < box.y + box.height;
                            });
                        if (!known) next_face_check = t;  // the very next picture
                    }
                    previous_boxes = found.boxes;
                }
                result.face_checks.push_back(std::move(found));
            }
        } else if (const auto* sound = std::get_if<media::AudioChunk>(&*item)) {
            if (sound->channels <= 0 || sound->sample_rate <= 0) continue;
            if (!first_sound_time) {
                first_sound_time = static_cast<double>(sound->pts_us) / 1e6;
                sample_rate = sound->sample_rate;
            }
            const std::size_t frames = sound->samples.size() / sound->channels;
            for (std::size_t f = 0; f < frames; ++f) {
                float sum = 0.0f;
                for (int c = 0; c < sound->channels; ++c)
                    sum += sound->samples[f * sound->channels + c];
                mono.push_back(sum / static_cast<float>(sound->channels));
            }
        }
        if (options.progress && result.duration_s > 0.0 && last_time - last_progress >= 1.0) {
            last_progress = last_time;
            options.progress(std::min(1.0, last_time / result.duration_s));
        }
    }
    if (result.duration_s <= 0.0) result.duration_s = last_time;

    result.faces = cues::faceIntervals(face_samples);
    result.facing_ratio =
        cues::coveredRatio(result.faces, options.from_s, std::max(result.duration_s, last_time));
    result.motion_onset = cues::motionOnset(energies, options.from_s);
    if (first_sound_time && sample_rate > 0) {
        result.has_sound = true;
        const auto levels = cues::soundLevels(mono, sample_rate, *first_sound_time);
        result.voice_onset = cues::voiceOnset(levels, options.from_s);
    }
    result.latency = cues::responseLatency(options.from_s, result.motion_onset, result.voice_onset);
    if (options.progress) options.progress(1.0);
    return result;
}

}  // namespace mimic::analysis
