#include "clip_renderer.h"

#include <algorithm>
#include <cmath>
#include <system_error>

#include "common/paths.h"
#include "drawing.h"
#include "media/encoder.h"
#include "scenes.h"

namespace mimic::demo {
namespace {

// Caption text fades this fast: quick enough to stay in sync, slow enough not to flash.
constexpr double kCaptionFadeS = 0.12;

}  // namespace

Result<ClipPlan> planClip(const DemoClip& clip, Narrator& narrator) {
    std::vector<std::vector<float>> spoken;
    std::vector<double> lengths_s;
    const int rate = narrator.sampleRate();
    for (const auto& line : clip.lines) {
        auto samples = narrator.speak(line);
        if (!samples) {
            return Error{clip.file + ": " + samples.error().message};
        }
        lengths_s.push_back(static_cast<double>(samples->size()) / rate);
        spoken.push_back(std::move(samples).value());
    }
    auto timeline = planTimeline(lengths_s);
    if (!timeline) {
        return Error{clip.file + ": " + timeline.error().message};
    }
    ClipPlan plan;
    plan.timeline = std::move(timeline).value();
    plan.sample_rate = rate;
    plan.frame_count = static_cast<int>(std::ceil(plan.timeline.duration_s * kFramesPerSecond));
    const auto total_samples = static_cast<std::size_t>(
        std::llround(static_cast<double>(plan.frame_count) * rate / kFramesPerSecond));
    plan.audio.assign(total_samples, 0.0F);
    for (std::size_t i = 0; i < spoken.size(); ++i) {
        const auto at =
            static_cast<std::size_t>(std::llround(plan.timeline.lines[i].start_s * rate));
        const std::size_t n =
            std::min(spoken[i].size(), total_samples - std::min(at, total_samples));
        std::copy_n(spoken[i].begin(), n, plan.audio.begin() + static_cast<std::ptrdiff_t>(at));
    }
    return plan;
}

void drawClipFrame(cv::Mat& frame, const cv::Mat& background, const DemoClip& clip,
                   const ClipPlan& plan, double t_s) {
    background.copyTo(frame);
    drawScene(frame, clip.scene, t_s, plan.timeline);
    // The band stays put for the whole clip (no flash when lines change); only the words fade.
    drawCaptionBand(frame);
    for (std::size_t i = 0; i < plan.timeline.lines.size(); ++i) {
        const LineTiming& line = plan.timeline.lines[i];
        if (t_s >= line.start_s - kCaptionFadeS && t_s < line.speech_end_s + kCaptionFadeS) {
            const double alpha = std::min(ramp(t_s, line.start_s - kCaptionFadeS, kCaptionFadeS),
                                          1.0 - ramp(t_s, line.speech_end_s, kCaptionFadeS));
            drawCaptionText(frame, clip.lines[i], alpha);
        }
    }
}

Status renderClip(const DemoClip& clip, const ClipPlan& plan,
                  const std::filesystem::path& out_path) {
    media::EncoderSettings settings;
    settings.container = media::Container::kMp4;
    settings.width = kFrameWidth;
    settings.height = kFrameHeight;
    settings.frame_rate = kFramesPerSecond;
    settings.keyframe_interval = kFramesPerSecond;
    settings.x264_preset = "veryfast";
    settings.x264_tune = "animation";  // flat colours and sharp edges
    settings.crf = 20;
    settings.audio_sample_rate = plan.sample_rate;
    settings.audio_channels = 1;
    settings.faststart = true;

    std::filesystem::path partial = out_path;
    partial += ".partial";
    auto fail = [&](const std::string& message) -> Status {
        std::error_code ignored;
        std::filesystem::remove(partial, ignored);
        return Error{clip.file + ": " + message};
    };

    {
        auto encoder = media::Encoder::open(partial, settings);
        if (!encoder) {
            return fail(encoder.error().message);
        }
        const cv::Mat background = makeBackground();
        cv::Mat frame(kFrameHeight, kFrameWidth, CV_8UC3);
        const auto rate = static_cast<std::size_t>(plan.sample_rate);
        for (int n = 0; n < plan.frame_count; ++n) {
            // Audio goes in whole seconds so every chunk starts at an exact microsecond.
            if (n % kFramesPerSecond == 0) {
                const auto second = static_cast<std::size_t>(n / kFramesPerSecond);
                const std::size_t from = std::min(second * rate, plan.audio.size());
                const std::size_t count = std::min(rate, plan.audio.size() - from);
                if (count > 0) {
                    const std::span<const float> chunk(plan.audio.data() + from, count);
                    if (Status s = encoder->writeAudio(
                            chunk, static_cast<std::int64_t>(second) * 1'000'000);
                        !s) {
                        return fail(s.error().message);
                    }
                }
            }
            const double t_s = static_cast<double>(n) / kFramesPerSecond;
            drawClipFrame(frame, background, clip, plan, t_s);
            const media::BgrImageView view{frame.data, frame.cols, frame.rows,
                                           static_cast<int>(frame.step[0])};
            // Rounded up, so a microsecond-to-frame conversion that truncates still lands on n.
            const std::int64_t pts_us =
                (static_cast<std::int64_t>(n) * 1'000'000 + kFramesPerSecond - 1) /
                kFramesPerSecond;
            if (Status s = encoder->writeVideo(view, pts_us); !s) {
                return fail(s.error().message);
            }
        }
        if (Status s = encoder->finish(); !s) {
            return fail(s.error().message);
        }
    }

    std::filesystem::path srt_path = out_path;
    srt_path.replace_extension(".srt");
    if (Status s = writeFileAtomically(srt_path, toSrt(plan.timeline, clip.lines)); !s) {
        return fail(s.error().message);
    }
    std::error_code ec;
    std::filesystem::rename(partial, out_path, ec);
    if (ec) {
        return fail("cannot rename " + partial.string() + " to " + out_path.string() + ": " +
                    ec.message());
    }
    return okStatus();
}

}  // namespace mimic::demo
