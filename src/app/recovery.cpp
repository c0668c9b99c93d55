#include "app/recovery.h"

#include <algorithm>
#include <cstdio>
#include <set>

#include "app/record_lookup.h"
#include "capture/recorder.h"
#include "capture/recovery.h"
#include "common/clock.h"
#include "common/file_lock.h"
#include "common/names.h"
#include "store/audit_log.h"

namespace mimic::app {

namespace fs = std::filesystem;

namespace {

constexpr const char* kTagChild = "MIMIC_CHILD";
constexpr const char* kTagChildId = "MIMIC_CHILD_ID";
constexpr const char* kTagBehaviourId = "MIMIC_BEHAVIOUR_ID";
constexpr const char* kTagClipId = "MIMIC_CLIP_ID";
constexpr const char* kTagClipViews = "MIMIC_CLIP_VIEWS";
constexpr const char* kTagSessionStartedAt = "MIMIC_SESSION_STARTED_AT";
constexpr const char* kTagRecordingStartedAt = "MIMIC_RECORDING_STARTED_AT";

// Moves `file` into quarantine/ under a name free there.
Result<fs::path> setAside(const DataDir& dir, const fs::path& file) {
    std::error_code ec;
    const fs::path quarantine = dir.root / "quarantine";
    fs::create_directories(quarantine, ec);
    if (ec) return Error{"cannot create " + quarantine.string() + ": " + ec.message()};
    fs::path target = quarantine / file.filename();
    for (int n = 2; fs::exists(target, ec); ++n)
        target = quarantine / (file.filename().string() + "-" + std::to_string(n));
    fs::rename(file, target, ec);
    if (ec) {
        return Error{"cannot move " + file.string() + " to " + target.string() + ": " +
                     ec.message()};
    }
    return target;
}

std::string describe(const capture::RecoveredRecording& found) {
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%.1f s", static_cast<double>(found.duration_us) / 1e6);
    return std::string(seconds) + ", " + std::to_string(found.video_frames) + " frames";
}

std::string whose(const store::RecordingInProgress& row) {
    if (!row.trial_id) return "recording " + std::to_string(row.recording_id);
    return "trial " + std::to_string(*row.trial_id) + " of child '" + printable(row.child_code) +
           "'";
}

// Runs `change` (which finishes the row) and writes its "recover" audit entry, saying
// `detail`, in one transaction.
template <typename Change>
Status recoverAudited(store::Database& db, const store::RecordingInProgress& row,
                      const std::string& detail, Change change) {
    auto tx = store::Transaction::begin(db.connection());
    if (!tx) return tx.error();
    if (Status s = change(); !s) return s;
    if (Status s = store::AuditLog(db).record(auditActor(), "recover", "recording",
                                              row.recording_id, detail, row.child_id);
        !s) {
        return s;
    }
    return tx->commit();
}

// Marks the row of a `.partial` that holds pictures interrupted and gives the file its final
// name, together: the rename happens inside the transaction and is undone when it cannot
// commit (a full disk, a database locked past the busy timeout). A recording whose end could
// not be stored therefore stays a `.partial`, marked interrupted by a later recovery, and is
// never taken for one that stopped cleanly (a final name with its row still 'recording').
Status finishInterrupted(store::Database& db, const store::RecordingInProgress& row,
                         const fs::path& partial, const fs::path& final_path,
                         const capture::RecoveredRecording& found) {
    auto tx = store::Transaction::begin(db.connection());
    if (!tx) return tx.error();
    if (Status s = store::ClinicalRepository(db).finishRecording(
            row.recording_id, store::RecordingStatus::kInterrupted, found.duration_us / 1000,
            found.video_frames, utcNowIso8601());
        !s) {
        return s;
    }
    if (Status s =
            store::AuditLog(db).record(auditActor(), "recover", "recording", row.recording_id,
                                       "interrupted recording kept", row.child_id);
        !s) {
        return s;
    }
    std::error_code ec;
    fs::rename(partial, final_path, ec);
    if (ec) {
        return Error{"cannot rename the interrupted recording " + partial.string() + " to " +
                     final_path.string() + ": " + ec.message()};
    }
    if (Status s = tx->commit(); !s) {
        fs::rename(final_path, partial, ec);
        return Error{s.error().message + " (" + partial.string() + " is kept as it is)"};
    }
    return {};
}

// Finishes one row left 'recording'; adds a line unless its writer is alive.
void finishLeftover(const DataDir& dir, store::Database& db, const store::RecordingInProgress& row,
                    std::vector<RecoveryLine>& lines) {
    store::ClinicalRepository clinical(db);
    const fs::path final_path = dir.absolute(row.path);
    const fs::path partial = capture::partialPath(final_path);
    std::error_code ec;
    const bool has_partial = fs::exists(partial, ec);
    const bool has_final = fs::exists(final_path, ec);
    // The writer holds its file locked from before its row was committed to its last
    // database write: a locked file is a live recording, never taken over. Holding the lock
    // while finishing keeps another recovery off it too.
    std::optional<FileLock> held;
    for (const fs::path& file : {partial, final_path}) {
        if (!fs::exists(file, ec)) continue;
        auto lock = FileLock::tryLock(file);
        if (!lock) {
            lines.push_back({false, lock.error().message});
            return;
        }
        if (!lock->has_value()) return;  // alive
        held = std::move(**lock);
    }
    const std::string now = utcNowIso8601();
    if (has_final) {
        // Renamed after a clean stop, but its end was never stored.
        auto found = capture::inspectRecording(final_path);
        if (!found) {
            lines.push_back({false, found.error().message});
            return;
        }
        if (Status s =
                recoverAudited(db, row, "complete file attached (its end had not been stored)",
                               [&] {
                                   return clinical.finishRecording(
                                       row.recording_id, store::RecordingStatus::kComplete,
                                       found->duration_us / 1000, found->video_frames, now);
                               });
            !s) {
            lines.push_back({false, s.error().message});
            return;
        }
        lines.push_back({true, "attached the complete recording " + final_path.string() + " (" +
                                   describe(*found) + ") to " + whose(row) +
                                   " (its end had not been stored)"});
        return;
    }
    if (has_partial) {
        auto found = capture::inspectRecording(partial);
        if (!found) {
            // Not even its header can be read (killed before it was written): no player can
            // show anything of it. It is kept, out of recordings/, and the trial goes on
            // without a recording, so the file never stays a row-less stray.
            auto moved = setAside(dir, partial);
            if (!moved) {
                lines.push_back({false, found.error().message + "; " + moved.error().message});
                return;
            }
            if (Status s =
                    recoverAudited(db, row,
                                   "unreadable; set aside as " + dir.relative(*moved).string() +
                                       ", the trial kept without a recording",
                                   [&] { return clinical.dropRecording(row.recording_id, false); });
                !s) {
                lines.push_back({false, s.error().message});
                return;
            }
            lines.push_back({true, "the recording of " + whose(row) + " cannot be read (" +
                                       found.error().message + "); it was set aside as " +
                                       moved->string() +
                                       " and the trial is kept without a recording"});
            return;
        }
        if (found->video_frames > 0) {
            if (Status s = finishInterrupted(db, row, partial, final_path, *found); !s) {
                lines.push_back({false, s.error().message});
                return;
            }
            lines.push_back({true, "recovered the interrupted recording " + final_path.string() +
                                       " (" + describe(*found) + "); " + whose(row) +
                                       " marked interrupted"});
            return;
        }
        // Only a header: the camera never gave a picture before the writer died.
        fs::remove(partial, ec);
    }
    if (Status s = recoverAudited(db, row, "never written; the trial kept without a recording",
                                  [&] {
                                      return clinical.dropRecording(row.recording_id,
                                                                    /*stopped_for_consent=*/false);
                                  });
        !s) {
        lines.push_back({false, s.error().message});
        return;
    }
    lines.push_back({true, "the recording of " + whose(row) +
                               " was never written (its session ended before the camera gave "
                               "a picture); the trial is kept without a recording"});
}

// Files under recordings/ that no row names: never adopted. An empty one is what a writer
// that died between creating its file and committing its row leaves, and is removed.
void reportStrays(const DataDir& dir, store::ClinicalRepository& clinical,
                  std::vector<RecoveryLine>& lines) {
    auto paths = clinical.recordingPaths();
    if (!paths) {
        lines.push_back({false, paths.error().message});
        return;
    }
    const std::set<std::string> owned(paths->begin(), paths->end());
    std::vector<fs::path> strays;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(dir.recordings(), ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (!it->is_regular_file(ec)) continue;
        fs::path relative = dir.relative(it->path());
        if (relative.extension() == ".partial") relative.replace_extension();
        if (!owned.contains(relative.string())) strays.push_back(it->path());
    }
    std::sort(strays.begin(), strays.end());
    for (const fs::path& stray : strays) {
        if (FileLock::isLocked(stray)) continue;  // a writer about to commit its row
        if (fs::file_size(stray, ec) == 0 && !ec) {
            fs::remove(stray, ec);
            continue;
        }
        lines.push_back({false, stray.string() +
                                    " belongs to no recording of this data folder and was not "
                                    "adopted; `mimic recover --set-aside " +
                                    dir.relative(stray).string() + "` moves it to quarantine/"});
    }
}

}  // namespace

std::map<std::string, std::string> recordingTags(const store::PracticeTrial& trial,
                                                 const std::string& child_code) {
    return {
        {kTagChild, child_code},
        {kTagChildId, std::to_string(trial.child_id)},
        {kTagBehaviourId, std::to_string(trial.behaviour_id)},
        {kTagClipId, std::to_string(trial.clip_id)},
        {kTagClipViews, std::to_string(trial.clip_views)},
        {kTagSessionStartedAt, trial.session_started_at},
        {kTagRecordingStartedAt, trial.recording.started_at},
    };
}

std::vector<RecoveryLine> recoverInterruptedRecordings(const DataDir& dir, store::Database& db) {
    std::vector<RecoveryLine> lines;
    store::ClinicalRepository clinical(db);
    auto pending = clinical.recordingsInProgress();
    if (!pending) {
        lines.push_back(
            {false, "cannot look for interrupted recordings: " + pending.error().message});
        return lines;
    }
    for (const auto& row : *pending)
        finishLeftover(dir, db, row, lines);
    reportStrays(dir, clinical, lines);
    return lines;
}

Result<fs::path> setAsideRecording(const DataDir& dir, store::Database& db, const fs::path& file) {
    std::error_code ec;
    const fs::path absolute = fs::weakly_canonical(dir.absolute(file), ec);
    const fs::path recordings = fs::weakly_canonical(dir.recordings(), ec);
    const fs::path inside = absolute.lexically_relative(recordings);
    if (inside.empty() || *inside.begin() == "..") {
        return Error{file.string() + " is not a file under " + dir.recordings().string()};
    }
    if (!fs::is_regular_file(absolute, ec)) return Error{"no file " + absolute.string()};
    if (FileLock::isLocked(absolute)) {
        return Error{absolute.string() + " is being written by a session; it was not moved"};
    }
    auto paths = store::ClinicalRepository(db).recordingPaths();
    if (!paths) return paths.error();
    fs::path relative = dir.relative(absolute);
    if (relative.extension() == ".partial") relative.replace_extension();
    for (const auto& path : *paths) {
        if (path == relative.string()) {
            return Error{absolute.string() +
                         " is a recording of this data folder; only a file that belongs to no "
                         "recording is set aside"};
        }
    }
    return setAside(dir, absolute);
}

void reportRecovery(const std::vector<RecoveryLine>& lines) {
    for (const auto& line : lines) {
        std::fprintf(stderr, "mimic: %s%s\n",
                     line.ok ? "" : "warning: ", printable(line.message).c_str());
    }
}

}  // namespace mimic::app
