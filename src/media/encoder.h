// Encoder: writes H.264 video and optional AAC audio into an MP4 or Matroska file.
//
// Ownership: an Encoder owns its FFmpeg contexts and the output file. It is move-only.
// Threads: one thread at a time may call it (the recorder's encoder thread, or a tool).
// Timestamps: integer microseconds from the start of the recording; frames must be
// given in increasing order per stream. Pictures keep their times (on a 90 kHz clock, not
// rounded to the frame rate). A picture less than half a frame period after the last
// written one, or before it, is taken as a repeat (a camera that repeats a stamp): dropped
// and counted.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <span>
#include <string>

#include "common/result.h"
#include "crypto/secret_key.h"
#include "media/video_frame.h"

namespace mimic::media {

enum class Container { kNone = 0, kMp4, kMatroska };

struct EncoderSettings {
    Container container = Container::kMatroska;
    int width = 640;
    int height = 480;
    int frame_rate = 30;         // nominal frames per second (told to the encoder)
    int keyframe_interval = 30;  // frames between keyframes (1 s at 30 fps)
    // > 0: a keyframe also whenever a picture comes at least this long (less half a frame
    // period) after the last keyframe, so that frames a camera skipped do not stretch a group
    // of pictures past it in time. 0: keyframes by count only.
    std::int64_t max_keyframe_gap_us = 0;
    std::string x264_preset = "ultrafast";
    std::string x264_tune = "zerolatency";  // empty for none
    int crf = 23;
    // Audio: 0 sample rate means no audio stream. Input is float, interleaved.
    int audio_sample_rate = 0;
    int audio_channels = 1;
    // Crash-safe output (docs/architecture.md, "Crash safety"): Matroska clusters of at most
    // 500 ms and every packet flushed to the file as it is written, so a killed process loses
    // < 0.5 s.
    bool crash_safe = false;
    // MP4 only: move the index to the front so a player can start before the end.
    bool faststart = true;
    // Set: the file is sealed at rest with this key (crypto/sealed_file.h), written through
    // the same layer MediaInput reads it with; crash safety holds (each buffer is sealed to
    // disk as it is written). Not with MP4's faststart (it rereads the file by name).
    std::shared_ptr<const crypto::SecretKey> sealed_with;
    // Global metadata tags written with the header (Matroska SimpleTags): whatever a
    // crashed recording needs to be recovered later travels inside the file itself.
    std::map<std::string, std::string> tags;
};

// The keyframe interval, in frames, that puts a keyframe at least every `max_gap_us` at
// `frame_rate` frames per second: the whole frames that fit in the gap, and never less than 1.
int keyframeIntervalFor(double frame_rate, std::int64_t max_gap_us);

// A picture handed to the encoder: packed BGR24 (OpenCV's order) with a row stride.
struct BgrImageView {
    const std::uint8_t* data = nullptr;
    int width = 0;
    int height = 0;
    int stride_bytes = 0;
};

struct EncoderStats {
    std::int64_t video_frames_written = 0;
    std::int64_t video_frames_dropped = 0;   // non-increasing timestamps
    std::int64_t audio_samples_written = 0;  // per channel
    std::int64_t bytes_written = 0;
};

class Encoder {
  public:
    // Creates `path` (it must not be open elsewhere) and writes the header. Errors name the
    // file and the cause (no space, no permission, codec missing).
    static Result<Encoder> open(const std::filesystem::path& path, const EncoderSettings& settings);

    Encoder(Encoder&&) noexcept;
    Encoder& operator=(Encoder&&) noexcept;
    ~Encoder();  // finishes the file if finish() was not called, ignoring errors

    // Encodes one picture shown at `pts_us`. Pictures of another size are scaled.
    Status writeVideo(const BgrImageView& image, std::int64_t pts_us);
    // Encodes a decoded picture shown at `pts_us` (its own pts_us is ignored). A yuv420p
    // picture of the encoder's size goes to the encoder as it is (a new reference to its
    // planes: no conversion, no copy; the caller keeps its own); others are converted.
    Status writeVideo(const VideoFrame& picture, std::int64_t pts_us);
    // Encodes `samples` (interleaved floats, channels from the settings) starting at `pts_us`.
    // Gaps are filled with silence; overlaps are trimmed. Differences under 10 ms are taken
    // as timestamp jitter and the samples are appended as they come. Audio before the first
    // call is silence (the stream starts at 0 like the video).
    Status writeAudio(std::span<const float> samples, std::int64_t pts_us);
    // Flushes the encoders and writes the trailer. Further writes fail.
    Status finish();

    const EncoderStats& stats() const;

  private:
    struct Impl;
    explicit Encoder(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace mimic::media
