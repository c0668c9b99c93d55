#include "app/self_clip.h"

#include <unistd.h>

#include <cstdio>
#include <cstring>

#include "app/record_lookup.h"
#include "common/clock.h"
#include "common/file_lock.h"
#include "common/names.h"
#include "media/clip_cut.h"
#include "media/file_hash.h"
#include "media/media_info.h"
#include "media/media_key.h"
#include "media/transcode.h"
#include "store/audit_log.h"
#include "store/clinical_repository.h"
#include "store/library_repository.h"
#include "store/review_repository.h"

namespace mimic::app {

namespace fs = std::filesystem;

namespace {

// One --from-trial group, found in the store.
struct Source {
    std::int64_t trial = 0;
    fs::path recording;
    std::int64_t duration_us = 0;
};

// The trials' recordings, all of one child; the child's id.
Result<std::vector<Source>> findSources(store::ClinicalRepository& clinical,
                                        const std::vector<std::int64_t>& trials, const DataDir& dir,
                                        store::Child& child) {
    std::vector<Source> sources;
    std::string child_code;
    for (const std::int64_t id : trials) {
        auto trial = clinical.findTrial(id);
        if (!trial) return trial.error();
        if (!*trial) return Error{"there is no trial " + std::to_string(id)};
        const store::TrialView& view = **trial;
        if (!view.recording_path || !view.recording_duration_ms) {
            return Error{"trial " + std::to_string(id) +
                         " has no recording (nothing was recorded, or it was deleted)"};
        }
        if (child_code.empty()) {
            child_code = view.child_code;
        } else if (view.child_code != child_code) {
            return Error{"trial " + std::to_string(id) + " is another child's practice: a clip " +
                         "is cut from one child's trials only"};
        }
        sources.push_back(
            {id, dir.absolute(*view.recording_path), *view.recording_duration_ms * 1000});
    }
    auto found = requireChild(clinical, child_code);
    if (!found) return found.error();
    child = std::move(*found);
    return sources;
}

std::string keepsText(const std::vector<edit::Keep>& keeps, const std::vector<Source>& sources) {
    std::string text;
    int group = -1;
    for (const edit::Keep& k : keeps) {
        if (k.source != group) {
            group = k.source;
            if (!text.empty()) text += "; ";
            text += "trial " + std::to_string(sources[static_cast<std::size_t>(group)].trial) + ":";
        }
        char range[64];
        std::snprintf(range, sizeof range, " %g-%g", static_cast<double>(k.start_us) / 1e6,
                      static_cast<double>(k.end_us) / 1e6);
        if (k.slow != 1.0) {
            const std::size_t used = std::strlen(range);
            std::snprintf(range + used, sizeof range - used, " (%gx slower)", k.slow);
        }
        text += range;
    }
    return text;
}

// Removes the files made so far unless released (the row was committed).
struct MadeFiles {
    std::vector<fs::path> files;
    bool keep = false;
    MadeFiles() = default;
    MadeFiles(const MadeFiles&) = delete;
    MadeFiles& operator=(const MadeFiles&) = delete;
    ~MadeFiles() {
        if (keep) return;
        std::error_code ignored;
        for (const fs::path& file : files)
            fs::remove(file, ignored);
    }
};

}  // namespace

// The stretches of `code` coded on the trial (by `coder` when given), as keeps of `group`.
Result<std::vector<edit::Keep>> codedKeeps(store::Database& db, std::int64_t trial, int group,
                                           const std::string& code, const std::string& coder) {
    auto events = store::ReviewRepository(db).codedEvents(trial);
    if (!events) return events.error();
    std::vector<edit::Keep> stretches;
    for (const store::CodedEvent& event : *events) {
        if (event.code != code || !event.record.stop_ms) continue;
        if (!coder.empty() && event.record.coder != coder) continue;
        stretches.push_back({group, event.record.start_ms * 1000, *event.record.stop_ms * 1000});
    }
    auto keeps = edit::keepsFromStretches(std::move(stretches));
    if (keeps.empty()) {
        return Error{"trial " + std::to_string(trial) + " has no stretch coded '" +
                     printable(code) + "'" + (coder.empty() ? "" : " by " + printable(coder)) +
                     " (a state code's start and stop) to keep"};
    }
    return keeps;
}

Result<MadeClip> makeSelfClip(DataContext& data, const SelfClipRequest& request) {
    if (Status s = checkName("a clip title", request.title); !s) return s.error();
    if (!request.caption.empty()) {
        if (Status s = checkName("a caption", request.caption, 80); !s) return s.error();
    }
    store::ClinicalRepository clinical(data.db);
    store::LibraryRepository library(data.db);
    store::Child child;
    auto sources = findSources(clinical, request.trials, data.dir, child);
    if (!sources) return sources.error();
    const std::vector<edit::Keep>* keeps = &request.keeps;
    auto consent =
        clinical.hasCurrentConsent(child.id, store::ConsentScope::kRecord, utcNowIso8601());
    if (!consent) return consent.error();
    if (!*consent) {
        return Error{"child '" + printable(child.code) +
                     "' has no current consent to be recorded, so no clip of their practice "
                     "is made; nothing was written"};
    }
    auto behaviour = requireBehaviour(library, request.behaviour);
    if (!behaviour) return behaviour.error();
    std::vector<std::int64_t> durations;
    std::vector<fs::path> files;
    for (const Source& s : *sources) {
        durations.push_back(s.duration_us);
        files.push_back(s.recording);
    }
    if (Status s = edit::checkKeeps(*keeps, durations); !s) return s.error();

    // Held until the row is committed, so `library check --repair` never takes the clip's
    // files for orphans.
    auto lock = FileLock::acquire(data.dir.libraryLock(), FileLock::Kind::kShared);
    if (!lock) return lock.error();
    MadeFiles made;
    std::error_code ec;
    fs::create_directories(data.dir.library(), ec);
    const fs::path temp =
        data.dir.library() / ("make-clip.tmp-" + std::to_string(::getpid()) + ".mp4");
    made.files.push_back(temp);
    media::CutOptions cut;
    cut.sealed_with = media::mediaKey();
    cut.progress = request.progress;
    cut.caption = request.caption;
    auto written = media::writeCut(files, *keeps, temp, cut);
    if (!written) return written.error();
    auto sha = media::sha256File(temp);
    if (!sha) return sha.error();
    auto existing = library.findClipByHash(*sha);
    if (!existing) return existing.error();
    if (*existing) {
        return Error{"the library already holds this clip (clip " +
                     std::to_string((*existing)->id) + "); nothing was written"};
    }
    const fs::path relative = fs::path("library") / sha->substr(0, 2) / (*sha + ".mp4");
    const fs::path target = data.dir.absolute(relative);
    fs::create_directories(target.parent_path(), ec);
    if (!ec) fs::rename(temp, target, ec);
    if (ec) return Error{"cannot store the clip as " + target.string() + ": " + ec.message()};
    made.files.push_back(target);
    const fs::path thumb_relative = fs::path("thumbs") / (*sha + ".png");
    const fs::path thumb = data.dir.absolute(thumb_relative);
    fs::create_directories(thumb.parent_path(), ec);
    if (!fs::exists(thumb)) {
        if (Status s = media::writeThumbnail(target, thumb); !s) return s.error();
        made.files.push_back(thumb);
    }
    auto info = media::probeMedia(target);
    if (!info) return info.error();

    auto transaction = store::Transaction::begin(data.db.connection());
    if (!transaction) return transaction.error();
    store::ClipRecord record;
    record.path = relative.string();
    record.title = request.title;
    record.sha256 = *sha;
    record.duration_ms = info->duration_us / 1000;
    record.width = info->video.width;
    record.height = info->video.height;
    record.model_kind = store::ModelKind::kSelf;
    record.original_name = "practice of " + child.code;
    record.video_codec = info->video.codec;
    record.audio_codec = info->audio ? info->audio->codec : "";
    record.notes = "cut from " + keepsText(*keeps, *sources);
    if (!request.caption.empty()) record.notes += "; caption: " + request.caption;
    record.thumbnail_path = thumb_relative.string();
    record.child_id = child.id;
    auto clip_id = library.addClip(record);
    if (!clip_id) return clip_id.error();
    if (Status s = library.tagClip(*clip_id, behaviour->id); !s) return s.error();
    std::vector<store::ClipCut> cuts;
    for (const edit::Keep& k : *keeps) {
        cuts.push_back({(*sources)[static_cast<std::size_t>(k.source)].trial, k.start_us / 1000,
                        k.end_us / 1000});
    }
    if (Status s = library.addClipCuts(*clip_id, cuts); !s) return s.error();
    if (Status s = store::AuditLog(data.db).record(auditActor(), "make clip", "clip", *clip_id,
                                                   record.notes + " -> " + record.path, child.id);
        !s) {
        return s.error();
    }
    if (Status s = transaction->commit(); !s) return s.error();
    made.keep = true;

    return MadeClip{*clip_id, target, static_cast<double>(info->duration_us) / 1e6, child.code,
                    keepsText(*keeps, *sources)};
}

}  // namespace mimic::app
