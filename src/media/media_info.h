// What a media file holds: the one description every reader gives (probeMedia, Player,
// ClipReader). Library-neutral: no FFmpeg types. Times are microseconds; "from the start of
// the file" means the stream time minus the container's start time, as the ffmpeg CLI
// prints it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"

namespace mimic::media {

struct StreamInfo {
    int index = -1;
    std::string kind;           // "video", "audio", "subtitle", "data", "attachment", "unknown"
    std::string codec;          // e.g. "h264"
    std::int64_t start_us = 0;  // first timestamp, from the start of the file
};

struct VideoStreamInfo {
    int index = -1;
    std::string codec;
    std::string pixel_format;  // decoded format, e.g. "yuv420p10le"
    int width = 0;
    int height = 0;
    int sar_num = 1;  // sample (pixel) aspect ratio; 1:1 when unknown
    int sar_den = 1;
    int rotation_degrees = 0;   // clockwise turn to display upright (display matrix): 0/90/180/270
    bool hflip = false;         // the display matrix mirrors the picture (applied before the turn)
    std::string colour_matrix;  // e.g. "bt709", "" when untagged
    std::string colour_range;   // "tv" (limited), "pc" (full), "" when untagged
    std::string colour_primaries;      // e.g. "bt709"
    std::string colour_transfer;       // e.g. "bt709"
    double frame_rate = 0.0;           // average frames per second, 0 when unknown
    std::int64_t frame_count = 0;      // from the container when it says, else 0
    double keyframe_interval_s = 0.0;  // mean distance between keyframes, 0 when unknown
};

struct AudioStreamInfo {
    int index = -1;
    std::string codec;
    int sample_rate = 0;
    int channels = 0;
};

struct MediaInfo {
    std::filesystem::path path;
    std::string container;  // e.g. "mov,mp4,m4a,3gp,3g2,mj2", "matroska,webm"
    std::int64_t size_bytes = 0;
    std::int64_t duration_us = 0;    // 0 when unknown
    std::int64_t start_time_us = 0;  // container start time (subtracted from every stamp)
    std::vector<StreamInfo> streams;
    VideoStreamInfo video;                 // the stream shown (a file without one is refused)
    std::optional<AudioStreamInfo> audio;  // the sound that goes with it, when there is any
};

// Opens `path`, describes it and closes it. Errors are one line naming the file and why
// (missing, empty, not a media file, no video stream).
Result<MediaInfo> probeMedia(const std::filesystem::path& path);

}  // namespace mimic::media
