// A self-modelling clip cut from a child's own practice recordings (issue 16): what `mimic
// library make-clip` and the review window's "Make clip" share. The kept ranges are cut into
// one clip (media/clip_cut.h, by the rules of edit/cut_plan.h), stored in the library like an
// imported clip (content-addressed, with a thumbnail; sealed in an encrypted folder), of model
// kind "self", tagged with the behaviour and linked to the child (clips.child_id: shown in
// that child's sessions only, erased with the child), where it was cut from in clip_cuts, with
// an audit entry, in one transaction.
//
// Nothing is written unless everything holds: the trials exist, have recordings and are one
// child's, that child has a current recording consent, the behaviour exists, the title is not
// empty and every keep is inside its recording, in order, without overlap. Files made before
// a failure are removed; the library lock is held shared until the row is committed.
//
// Threads: the caller's (the data context's); `progress` is called on it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "app/data_context.h"
#include "common/result.h"
#include "edit/cut_plan.h"

namespace mimic::app {

struct SelfClipRequest {
    std::vector<std::int64_t> trials;  // whose recordings are cut; Keep::source indexes it
    std::vector<edit::Keep> keeps;     // in the clip's order
    std::string behaviour;
    std::string title;
    std::string caption;  // burnt into the pictures when not empty
    std::function<void(double done)> progress;
};

struct MadeClip {
    std::int64_t clip_id = 0;
    std::filesystem::path path;  // absolute
    double duration_s = 0.0;
    std::string child_code;
    std::string from;  // "trial 4: 1-3 5-6.5; trial 7: 0.5-2"
};

Result<MadeClip> makeSelfClip(DataContext& data, const SelfClipRequest& request);

// The stretches of the state code `code` on the trial (by `coder` unless empty), as keeps of
// `source`, overlapping ones joined (edit::keepsFromStretches); an error when there are none.
Result<std::vector<edit::Keep>> codedKeeps(store::Database& db, std::int64_t trial, int source,
                                           const std::string& code, const std::string& coder);

}  // namespace mimic::app
