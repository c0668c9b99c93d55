// Retention of recordings (docs/privacy.md, "Retention"): a data folder may say how many days
// practice recordings are kept; older ones are removed (the file by the caller, the row here,
// the trial and its score kept), except those of children on legal hold (erasure.h) and
// those still being recorded. Off until set.
//
// Threads: as the Database.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "common/utc_time.h"
#include "store/database.h"

namespace mimic::store {

// Pure: whether a recording that started at `started_at` (ISO-8601 UTC) is older than `days`
// at `now`. A time that does not read is never due (nothing is removed on a guess).
bool recordingDue(std::string_view started_at, int days, UtcSeconds now);

// The days recordings are kept; nullopt when retention is off.
Result<std::optional<int>> retentionDays(Database& db);
// Sets them (1 or more) or turns retention off (nullopt); audited.
Status setRetentionDays(Database& db, std::optional<int> days, std::string_view actor);

struct DueRecording {
    std::int64_t recording_id = 0;
    std::string path;  // relative to the data folder
    std::string started_at;
    std::optional<std::int64_t> child_id;
};

// The recordings retention removes at `now`: older than the days set, not being recorded,
// not of a child on hold; none when retention is off.
Result<std::vector<DueRecording>> recordingsDue(Database& db, UtcSeconds now);

}  // namespace mimic::store
