// The review window over a data folder (ui/review_window.h): the app fills its callbacks with
// the calls the commands make (`mimic code add/remove` through trial_review.h, scoring through
// ClinicalRepository::scoreTrial, `mimic review --offset`), so the window writes exactly what
// they write, audit entries included. Opened from the main window's Children tab and by
// `mimic review --trial N --window`.
//
// Threads: the caller's, which becomes the UI thread and uses `data` (store rules).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "app/data_context.h"
#include "common/result.h"
#include "ui/review_window.h"

namespace mimic::app {

// Opens the review of `child`'s trials (its code), on `trial` when given. The coder's name
// starts as options.coder, else as the coder of the newest event of the child's trials.
Result<ui::ReviewWindowReport> runReviewWindowOver(DataContext& data, const std::string& child,
                                                   ui::ReviewWindowOptions options);

}  // namespace mimic::app
