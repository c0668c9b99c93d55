// Applying the data folder's retention of recordings (store/retention.h): each recording due
// is overwritten and unlinked, then its row removed and audited; the trial and its score stay.
#pragma once

#include "app/data_context.h"
#include "common/utc_time.h"

namespace mimic::app {

struct RetentionApplied {
    int removed = 0;
    int failed = 0;  // files that could not be removed: their rows stay, to try again
};

// Removes what is due at `now`. An error only when the database cannot be read; a file that
// cannot be removed is logged, counted and left with its row.
Result<RetentionApplied> applyRetention(DataContext& data, UtcSeconds now);

// At start-up (the window, a session): applies retention, and never stops the start: a
// problem is one logged line.
void applyRetentionAtStart(DataContext& data);

}  // namespace mimic::app
