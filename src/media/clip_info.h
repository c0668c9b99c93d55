// What a clip file holds, as found by probing it. Library-neutral: no FFmpeg types.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "common/result.h"

namespace mimic::media {

struct ClipInfo {
    std::int64_t duration_us = 0;  // container duration (0 when unknown)
    std::string container;         // e.g. "mov,mp4,m4a,3gp,3g2,mj2", "matroska,webm"
    bool has_video = false;
    std::string video_codec;  // e.g. "h264"
    int width = 0;
    int height = 0;
    double frame_rate = 0.0;        // average frames per second, 0 when unknown
    std::int64_t video_frames = 0;  // from the container when it says, else 0
    bool has_audio = false;
    std::string audio_codec;  // e.g. "aac"
    int audio_sample_rate = 0;
    int audio_channels = 0;
};

// Opens and probes `path`. An unreadable or video-less file gives an error naming the file
// and the reason (missing, not a media file, no video stream).
Result<ClipInfo> probeClip(const std::filesystem::path& path);

}  // namespace mimic::media
