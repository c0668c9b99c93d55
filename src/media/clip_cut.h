// Writes one clip cut from ranges of recordings (issue 16, self-modelling clips), by the plan
// of edit/cut_plan.h: every picture re-encoded (H.264, so the cuts fall on any frame, not
// only on keyframes), the sound joined with short crossfades (AAC). Two passes over each
// recording: the first reads its picture times and its sound, the second the pictures the
// plan shows.
//
// Threads: the caller's; `progress` is called on it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "common/result.h"
#include "crypto/secret_key.h"
#include "edit/cut_plan.h"

namespace mimic::media {

struct CutOptions {
    // Set: the clip is sealed at rest with this key (an encrypted data folder).
    std::shared_ptr<const crypto::SecretKey> sealed_with;
    std::int64_t crossfade_us = 10'000;
    int crf = 18;
    // Non-empty: burnt into every picture (caption.h).
    std::string caption;
    // Called now and then with the share of the work done (0..1).
    std::function<void(double done)> progress;
};

struct CutReport {
    std::int64_t pictures = 0;
    std::int64_t duration_us = 0;
    bool has_sound = false;
};

// Writes `out` (an MP4 file; the caller gives a temporary name and renames it) from `keeps`
// of `sources` (Keep::source indexes it). The keeps are checked against the recordings as
// read (edit::checkKeeps); errors name the file and the cause, and leave `out` removed.
Result<CutReport> writeCut(std::span<const std::filesystem::path> sources,
                           std::span<const edit::Keep> keeps, const std::filesystem::path& out,
                           const CutOptions& options);

}  // namespace mimic::media
