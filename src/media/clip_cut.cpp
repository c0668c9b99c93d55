#include "media/clip_cut.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <variant>

#include "media/caption.h"
#include "media/clip_reader.h"
#include "media/encoder.h"

namespace mimic::media {

namespace fs = std::filesystem;

namespace {

// Sound handed to the encoder runs this far ahead of the pictures written.
constexpr std::int64_t kSoundLeadUs = 500'000;

// What the first pass learns of one recording.
struct Scanned {
    MediaInfo info;
    std::vector<std::int64_t> frame_times;
    edit::SourceSound sound;
    bool has_sound = false;
};

// Reads the recording's picture times and its sound (at `rate` and `channels` when given;
// a sound of another shape is left out).
Result<Scanned> scan(const fs::path& path, int& rate, int& channels) {
    auto reader = ClipReader::open(path, /*decode_audio=*/true);
    if (!reader) return reader.error();
    Scanned scanned;
    scanned.info = reader->info();
    std::int64_t sound_frames = 0;
    for (;;) {
        auto item = reader->next();
        if (!item) return item.error();
        if (std::holds_alternative<EndOfClip>(*item)) break;
        if (const auto* picture = std::get_if<RgbaPicture>(&*item)) {
            scanned.frame_times.push_back(picture->pts_us);
        } else if (const auto* sound = std::get_if<AudioChunk>(&*item)) {
            if (rate == 0) {
                rate = sound->sample_rate;
                channels = sound->channels;
            }
            if (sound->sample_rate != rate || sound->channels != channels) continue;
            if (!scanned.has_sound) {
                scanned.has_sound = true;
                scanned.sound.start_us = sound->pts_us;
            }
            // A gap in the stamps (a lost buffer) is silence, so what follows keeps its time.
            const std::int64_t at = std::llround(
                static_cast<double>(sound->pts_us - scanned.sound.start_us) * rate / 1e6);
            if (at > sound_frames + rate / 100) {
                scanned.sound.samples.resize(static_cast<std::size_t>(at * channels), 0.0f);
                sound_frames = at;
            }
            scanned.sound.samples.insert(scanned.sound.samples.end(), sound->samples.begin(),
                                         sound->samples.end());
            sound_frames += static_cast<std::int64_t>(sound->samples.size()) / channels;
        }
    }
    std::sort(scanned.frame_times.begin(), scanned.frame_times.end());
    return scanned;
}

// The second pass: the plan's pictures, read in order, reopening a recording only when the
// plan goes back in it (the same recording named twice).
class PictureSource {
  public:
    explicit PictureSource(std::span<const fs::path> sources) : sources_(sources) {}

    // The picture `frame` of `source` (counted in presentation order as the first pass saw
    // them); valid until the next call.
    Result<const RgbaPicture*> get(int source, std::size_t frame) {
        if (source != source_ || !reader_ || frame < next_frame_ - (held_ ? 1 : 0)) {
            auto opened = ClipReader::open(sources_[static_cast<std::size_t>(source)], false);
            if (!opened) return opened.error();
            reader_.emplace(std::move(*opened));
            source_ = source;
            next_frame_ = 0;
            held_ = false;
        }
        while (!held_ || next_frame_ - 1 < frame) {
            auto item = reader_->next();
            if (!item) return item.error();
            if (std::holds_alternative<EndOfClip>(*item)) {
                return Error{sources_[static_cast<std::size_t>(source)].string() +
                             ": ended before picture " + std::to_string(frame) +
                             " (it changed while being cut?)"};
            }
            if (auto* picture = std::get_if<RgbaPicture>(&*item)) {
                held_picture_ = std::move(*picture);
                held_ = true;
                ++next_frame_;
            }
        }
        return &held_picture_;
    }

  private:
    std::span<const fs::path> sources_;
    std::optional<ClipReader> reader_;
    int source_ = -1;
    std::size_t next_frame_ = 0;  // pictures read so far
    bool held_ = false;
    RgbaPicture held_picture_;
};

}  // namespace

Result<CutReport> writeCut(std::span<const fs::path> sources, std::span<const edit::Keep> keeps,
                           const fs::path& out, const CutOptions& options) {
    const auto report_progress = [&](double done) {
        if (options.progress) options.progress(std::clamp(done, 0.0, 1.0));
    };
    int rate = 0;
    int channels = 0;
    std::vector<std::vector<std::int64_t>> frame_times;
    std::vector<edit::SourceSound> sounds;
    std::vector<std::int64_t> durations;
    std::optional<MediaInfo> first;
    for (std::size_t i = 0; i < sources.size(); ++i) {
        auto scanned = scan(sources[i], rate, channels);
        if (!scanned) return scanned.error();
        if (!first) first = scanned->info;
        durations.push_back(scanned->info.duration_us);
        frame_times.push_back(std::move(scanned->frame_times));
        sounds.push_back(std::move(scanned->sound));
        report_progress(0.3 * static_cast<double>(i + 1) / static_cast<double>(sources.size()));
    }
    if (!first) return Error{"no recording to cut from"};
    if (Status s = edit::checkKeeps(keeps, durations); !s) return s.error();
    const double frame_rate = first->video.frame_rate > 0.0 ? first->video.frame_rate : 30.0;
    auto plan = edit::planCut(keeps, frame_times, frame_rate);
    if (!plan) return plan.error();
    const std::vector<float> sound =
        rate > 0 ? edit::cutSound(keeps, *plan, sounds, rate, channels, options.crossfade_us)
                 : std::vector<float>{};

    EncoderSettings settings;
    settings.container = Container::kMp4;
    settings.width = first->video.width;
    settings.height = first->video.height;
    settings.frame_rate = std::max(1, static_cast<int>(std::lround(frame_rate)));
    settings.keyframe_interval = settings.frame_rate;
    settings.x264_preset = "veryfast";
    settings.x264_tune = "";
    settings.crf = options.crf;
    settings.sealed_with = options.sealed_with;
    settings.faststart = !options.sealed_with;
    if (rate > 0) {
        settings.audio_sample_rate = rate;
        settings.audio_channels = channels;
    }
    std::error_code ec;
    fs::remove(out, ec);
    auto written = [&]() -> Result<CutReport> {
        auto encoder = Encoder::open(out, settings);
        if (!encoder) return encoder.error();
        CutReport report;
        report.has_sound = rate > 0;
        report.duration_us = plan->duration_us;
        PictureSource pictures(sources);
        std::vector<std::uint8_t> bgr;
        std::optional<CaptionPainter> caption;
        std::pair<int, int> caption_size;
        RgbaPicture captioned;
        const auto sound_frames = static_cast<std::int64_t>(sound.size()) / std::max(channels, 1);
        std::int64_t sound_written = 0;
        const auto writeSoundUntil = [&](std::int64_t until_us) -> Status {
            if (rate <= 0) return {};
            const std::int64_t until = std::min<std::int64_t>(
                sound_frames, std::llround(static_cast<double>(until_us) * rate / 1e6));
            if (until <= sound_written) return {};
            const std::span<const float> part(
                sound.data() + sound_written * channels,
                static_cast<std::size_t>((until - sound_written) * channels));
            const std::int64_t at = sound_written * 1'000'000 / rate;
            sound_written = until;
            return encoder->writeAudio(part, at);
        };
        for (std::size_t k = 0; k < plan->pictures.size(); ++k) {
            const edit::CutPicture& wanted = plan->pictures[k];
            auto picture = pictures.get(wanted.source, wanted.frame);
            if (!picture) return picture.error();
            const RgbaPicture* shown = *picture;
            if (!options.caption.empty()) {
                captioned = **picture;
                if (!caption || caption_size != std::pair{captioned.width, captioned.height}) {
                    auto opened =
                        CaptionPainter::open(captioned.width, captioned.height, options.caption);
                    if (!opened) return opened.error();
                    caption.emplace(std::move(*opened));
                    caption_size = {captioned.width, captioned.height};
                }
                if (Status s = caption->paint(captioned); !s) return s.error();
                shown = &captioned;
            }
            if (Status s = encoder->writeVideo(bgrView(*shown, bgr), wanted.clip_us); !s)
                return s.error();
            ++report.pictures;
            if (Status s = writeSoundUntil(wanted.clip_us + kSoundLeadUs); !s) return s.error();
            report_progress(0.3 + 0.7 * static_cast<double>(k + 1) /
                                      static_cast<double>(plan->pictures.size()));
        }
        if (Status s = writeSoundUntil(plan->duration_us + kSoundLeadUs); !s) return s.error();
        if (Status s = encoder->finish(); !s) return s.error();
        return report;
    }();
    if (!written) fs::remove(out, ec);
    return written;
}

}  // namespace mimic::media
