// ClipReader: decodes a clip's first video stream and first audio stream in file order.
// The first, single-threaded version of the player's decoding (issue "Playback engine"
// replaces it with the threaded engine). Pictures come out as packed RGBA; audio as
// interleaved float at the stream's own rate and channel count.
//
// Threads: one thread at a time. Ownership: owns its FFmpeg contexts; move-only.
// Timestamps: microseconds from the start of the file (stream time minus the container
// start time, as the ffmpeg CLI prints them).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <variant>
#include <vector>

#include "common/result.h"
#include "media/encoder.h"
#include "media/media_info.h"

namespace mimic::media {

struct RgbaPicture {
    std::int64_t pts_us = 0;
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> pixels;  // width * height * 4 bytes, rows packed
};

struct AudioChunk {
    std::int64_t pts_us = 0;
    int sample_rate = 0;
    int channels = 0;
    std::vector<float> samples;  // interleaved, frames = samples.size() / channels
};

struct EndOfClip {};

using DecodedItem = std::variant<RgbaPicture, AudioChunk, EndOfClip>;

// The picture as the Encoder takes it (BGR, OpenCV's order), converted into `buffer`, which
// the view borrows.
BgrImageView bgrView(const RgbaPicture& picture, std::vector<std::uint8_t>& buffer);

struct ReaderStats {
    std::int64_t video_frames = 0;
    std::int64_t audio_chunks = 0;
    std::int64_t decode_errors = 0;  // damaged packets skipped
};

class ClipReader {
  public:
    // `decode_audio` false skips the audio stream. Errors name the file and the reason.
    static Result<ClipReader> open(const std::filesystem::path& path, bool decode_audio = true);

    ClipReader(ClipReader&&) noexcept;
    ClipReader& operator=(ClipReader&&) noexcept;
    ~ClipReader();

    const MediaInfo& info() const;

    // The next decoded item in file order; EndOfClip once the file is exhausted (and on
    // every later call). A read error that is not the end of the file gives an Error once;
    // later calls drain the decoders and end. Damaged packets are skipped and counted in
    // stats().decode_errors.
    Result<DecodedItem> next();

    const ReaderStats& stats() const;

  private:
    struct Impl;
    explicit ClipReader(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace mimic::media
