#include "capture/recovery.h"

#include <algorithm>

#include "media/recording_scan.h"

namespace mimic::capture {

namespace fs = std::filesystem;

std::vector<fs::path> findPartialRecordings(const fs::path& recordings_dir) {
    std::vector<fs::path> found;
    std::error_code ec;
    if (!fs::is_directory(recordings_dir, ec)) return found;
    for (auto it = fs::recursive_directory_iterator(recordings_dir, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (it->is_regular_file(ec) && it->path().extension() == ".partial") {
            found.push_back(it->path());
        }
    }
    std::sort(found.begin(), found.end());
    return found;
}

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

Result<RecoveredRecording> recoverPartialRecording(const fs::path& partial) {
    auto scan = inspectRecording(partial);
    if (!scan) return scan.error();
    if (scan->video_frames == 0) {
        return Error{"the interrupted recording " + partial.string() +
                     " holds no picture (the file is kept as it is)"};
    }
    // "x.mkv.partial" -> "x.mkv", or "x-recovered-2.mkv" if something else took that name.
    const fs::path final_path = partial.parent_path() / partial.stem();
    fs::path target = final_path;
    for (int n = 2; fs::exists(target); ++n) {
        target = final_path.parent_path() / (final_path.stem().string() + "-recovered-" +
                                             std::to_string(n) + final_path.extension().string());
    }
    std::error_code ec;
    fs::rename(partial, target, ec);
    if (ec) {
        return Error{"cannot rename the interrupted recording " + partial.string() + " to " +
                     target.string() + ": " + ec.message()};
    }
    scan->path = target;
    return scan;
}

}  // namespace mimic::capture
