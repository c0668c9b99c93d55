#include "capture/recovery.h"

#include "media/recording_scan.h"

namespace mimic::capture {

namespace fs = std::filesystem;

Result<RecoveredRecording> inspectRecording(const fs::path& file) {
    auto scan = media::scanRecording(file);
    if (!scan) return Error{scan.error().message + " (the file is kept as it is)"};
    RecoveredRecording found;
    found.path = file;
    found.duration_us = scan->video_end_us;
    found.video_frames = scan->video_frames;
    found.audio_duration_us = scan->audio_end_us;
    found.tags = std::move(scan->tags);
    return found;
}

}  // namespace mimic::capture
