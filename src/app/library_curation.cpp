// The library window's curation (ui/library_curation.h) over the data folder: each change
// is the store call the `mimic library` commands make, in one transaction with its audit
// entry, and pushes its inverse (audited as "undo ...") on the run's undo stack.
#include <algorithm>
#include <memory>

#include "app/library_import.h"
#include "app/library_window_run.h"
#include "app/record_lookup.h"
#include "app/sign_in.h"
#include "common/clock.h"
#include "common/undo_stack.h"
#include "media/frame_times.h"
#include "store/audit_log.h"
#include "store/library_repository.h"

namespace mimic::app {

namespace fs = std::filesystem;

namespace {

// Runs `change` in one transaction (it writes its own audit entry).
Status inTransaction(store::Database& db, const std::function<Status()>& change) {
    auto tx = store::Transaction::begin(db.connection());
    if (!tx) return tx.error();
    if (Status s = change(); !s) return s;
    return tx->commit();
}

Status audit(store::Database& db, const std::string& action, const std::string& kind,
             std::int64_t id, const std::string& detail) {
    return store::AuditLog(db).record(auditActor(), action, kind, id, detail);
}

Status mayCurate(const char* what) {
    return requireRole(crypto::Role::kTherapist, what);
}

store::SegmentRecord segmentRecord(std::int64_t clip_id, std::int64_t behaviour_id,
                                   const review::StepSegment& step) {
    return {clip_id, behaviour_id, step.in_ms, step.out_ms, step.step, step.label};
}

std::string stepDetail(const store::SegmentRecord& s) {
    return "clip " + std::to_string(s.clip_id) + " step " + std::to_string(s.step.value_or(0)) +
           " " + std::to_string(s.in_ms) + "-" + std::to_string(s.out_ms) + " ms" +
           (s.label.empty() ? std::string() : " " + s.label);
}

// Segment changes, each with its audit entry; the inverse of each is pushed onto `undo`.
Result<std::int64_t> addStep(store::Database& db, const store::SegmentRecord& record) {
    auto id = store::LibraryRepository(db).addSegment(record);
    if (!id) return id.error();
    if (Status s = audit(db, "add segment", "segment", *id, stepDetail(record)); !s) {
        return s.error();
    }
    return id;
}

Status updateStep(store::Database& db, std::int64_t id, const store::SegmentRecord& record) {
    if (Status s = store::LibraryRepository(db).updateSegment(id, record); !s) return s;
    return audit(db, "edit segment", "segment", id, stepDetail(record));
}

Status deleteStep(store::Database& db, std::int64_t id, const store::SegmentRecord& record) {
    if (Status s = store::LibraryRepository(db).deleteSegment(id); !s) return s;
    return audit(db, "delete segment", "segment", id, stepDetail(record));
}

}  // namespace

Result<std::vector<ui::BehaviourEntry>> loadLibrary(const DataDir& dir, store::Database& db) {
    store::LibraryRepository library(db);
    auto behaviours = library.listBehaviours();
    if (!behaviours) return behaviours.error();
    auto clips = library.listLibrary(std::nullopt);
    if (!clips) return clips.error();
    std::vector<ui::BehaviourEntry> entries;
    for (const store::Behaviour& behaviour : *behaviours) {
        ui::BehaviourEntry entry;
        entry.name = behaviour.name;
        entry.domain = behaviour.domain;
        entry.definition = behaviour.definition;
        entries.push_back(std::move(entry));
    }
    ui::BehaviourEntry untagged;
    untagged.name = "Not tagged";
    untagged.untagged = true;
    for (const store::LibraryEntry& entry : *clips) {
        const store::ClipRecord& r = entry.clip.record;
        ui::ClipEntry clip;
        clip.title = r.title;
        clip.path = dir.absolute(r.path);
        clip.duration_us = r.duration_ms * 1000;
        clip.id = entry.clip.id;
        if (r.thumbnail_path) clip.thumbnail = dir.absolute(*r.thumbnail_path);
        clip.model_kind = store::modelKindName(r.model_kind);
        clip.notes = r.notes;
        clip.behaviours = entry.behaviours;
        if (entry.behaviours.empty()) untagged.clips.push_back(clip);
        for (ui::BehaviourEntry& b : entries) {
            if (std::find(entry.behaviours.begin(), entry.behaviours.end(), b.name) !=
                entry.behaviours.end()) {
                b.clips.push_back(clip);
            }
        }
    }
    if (!untagged.clips.empty()) entries.push_back(std::move(untagged));
    return entries;
}

ui::CurationCallbacks curationCallbacks(DataContext& data) {
    store::Database& db = data.db;
    const DataDir& dir = data.dir;
    // The slips of this window's run; gone when it closes (the audit log keeps the record).
    auto undo = std::make_shared<UndoStack>();
    ui::CurationCallbacks c;
    c.reload = [&db, &dir] { return loadLibrary(dir, db); };

    c.import_file = [&db, &dir, undo](const fs::path& file,
                                      const std::string& behaviour) -> Result<std::string> {
        if (Status may = mayCurate("import a clip"); !may) return may.error();
        ClipImport request;
        request.source = file;
        request.model_kind = store::ModelKind::kPeer;  // `library import`'s default
        request.behaviour = behaviour;
        request.actor = auditActor();
        auto imported = importClip(dir, db, request);
        if (!imported) return imported.error();
        const std::int64_t id = imported->clip_id;
        if (!imported->new_file) {
            return file.filename().string() + ": already in the library as clip " +
                   std::to_string(id);
        }
        // Undone as `library remove` would (archived instead once a trial showed it).
        undo->push("import of " + file.filename().string(), [&db, &dir, id]() -> Status {
            store::LibraryRepository library(db);
            auto clip = library.findClip(id);
            if (!clip) return clip.error();
            if (!*clip) return Error{"clip " + std::to_string(id) + " is gone"};
            auto used = library.countTrialsUsingClip(id);
            if (!used) return used.error();
            if (*used > 0) {
                return inTransaction(db, [&]() -> Status {
                    if (Status s = library.archiveClip(id, utcNowIso8601()); !s) return s;
                    return audit(db, "archive", "clip", id, "undo import");
                });
            }
            if (Status s = inTransaction(db,
                                         [&]() -> Status {
                                             if (Status r = library.removeClip(id); !r) return r;
                                             return audit(db, "remove", "clip", id,
                                                          "undo import " + (*clip)->record.path);
                                         });
                !s) {
                return s;
            }
            std::error_code ignored;
            fs::remove(dir.absolute((*clip)->record.path), ignored);
            if ((*clip)->record.thumbnail_path) {
                fs::remove(dir.absolute(*(*clip)->record.thumbnail_path), ignored);
            }
            return {};
        });
        return file.filename().string() + ": imported as clip " + std::to_string(id);
    };

    c.search = [&db](const std::string& text) -> Result<ui::SearchHits> {
        store::LibraryRepository library(db);
        ui::SearchHits hits;
        auto behaviours = library.searchBehaviours(text);
        if (!behaviours) return behaviours.error();
        for (const store::Behaviour& b : *behaviours)
            hits.behaviours.push_back(b.name);
        auto clips = library.searchClips(text);
        if (!clips) return clips.error();
        for (const store::Clip& clip : *clips)
            hits.clip_ids.push_back(clip.id);
        return hits;
    };

    // Tags and untags as `library tag|untag`; the inverse is the other one.
    auto tag = std::make_shared<std::function<Status(std::int64_t, const std::string&, bool)>>();
    *tag = [&db](std::int64_t clip_id, const std::string& name, bool on) -> Status {
        store::LibraryRepository library(db);
        return inTransaction(db, [&]() -> Status {
            auto behaviour = library.findBehaviour(name);
            if (!behaviour) return behaviour.error();
            if (!*behaviour) return Error{"no behaviour called " + name};
            const std::int64_t id = (*behaviour)->id;
            if (Status s = on ? library.tagClip(clip_id, id) : library.untagClip(clip_id, id); !s) {
                return s;
            }
            return audit(db, on ? "tag" : "untag", "clip", clip_id,
                         "clip " + std::to_string(clip_id) +
                             (on ? " tagged with " : " no longer tagged with ") + name);
        });
    };
    c.tag = [tag, undo](std::int64_t clip_id, const std::string& name, bool on) -> Status {
        if (Status may = mayCurate("tag a clip"); !may) return may;
        if (Status s = (*tag)(clip_id, name, on); !s) return s;
        undo->push((on ? "tag " : "untag ") + name + " of clip " + std::to_string(clip_id),
                   [tag, clip_id, name, on] { return (*tag)(clip_id, name, !on); });
        return {};
    };

    c.edit_clip = [&db, undo](std::int64_t clip_id, const ui::ClipDetails& details) -> Status {
        if (Status may = mayCurate("change a clip"); !may) return may;
        const store::ModelKind kind = store::parseModelKind(details.model_kind);
        if (kind == store::ModelKind::kNone) {
            return Error{"unknown model kind '" + details.model_kind + "'"};
        }
        store::LibraryRepository library(db);
        auto before = library.findClip(clip_id);
        if (!before) return before.error();
        if (!*before) return Error{"there is no clip " + std::to_string(clip_id)};
        const store::ClipRecord old = (*before)->record;
        const auto set = [&db, clip_id](const std::string& title, store::ModelKind k,
                                        const std::string& notes,
                                        const std::string& why) -> Status {
            return inTransaction(db, [&]() -> Status {
                store::LibraryRepository repository(db);
                if (Status s = repository.updateClipDetails(clip_id, title, k, notes); !s) return s;
                return audit(
                    db, "edit", "clip", clip_id,
                    why + "title " + title + ", model " + std::string(store::modelKindName(k)));
            });
        };
        if (Status s = set(details.title, kind, details.notes, ""); !s) return s;
        undo->push("edit of clip " + std::to_string(clip_id),
                   [set, old] { return set(old.title, old.model_kind, old.notes, "undo: "); });
        return {};
    };

    c.archive = [&db, undo](std::int64_t clip_id) -> Status {
        if (Status may = mayCurate("archive a clip"); !may) return may;
        if (Status s = inTransaction(
                db,
                [&]() -> Status {
                    store::LibraryRepository library(db);
                    if (Status a = library.archiveClip(clip_id, utcNowIso8601()); !a) {
                        return a;
                    }
                    return audit(db, "archive", "clip", clip_id, "window");
                });
            !s) {
            return s;
        }
        undo->push("archive of clip " + std::to_string(clip_id), [&db, clip_id] {
            return inTransaction(db, [&]() -> Status {
                if (Status s = store::LibraryRepository(db).unarchiveClip(clip_id); !s) return s;
                return audit(db, "unarchive", "clip", clip_id, "undo");
            });
        });
        return {};
    };

    c.edit_behaviour = [&db, undo](const std::string& name, const std::string& domain,
                                   const std::string& definition) -> Status {
        if (Status may = mayCurate("change a behaviour"); !may) return may;
        store::LibraryRepository library(db);
        auto before = library.findBehaviour(name);
        if (!before) return before.error();
        if (!*before) return Error{"no behaviour called " + name};
        const store::Behaviour old = **before;
        const auto set = [&db, old](const std::string& d, const std::string& def,
                                    const std::string& why) -> Status {
            return inTransaction(db, [&]() -> Status {
                if (Status s =
                        store::LibraryRepository(db).editBehaviour(old.name, std::nullopt, d, def);
                    !s) {
                    return s;
                }
                return audit(db, "edit", "behaviour", old.id, why + "domain " + d);
            });
        };
        if (Status s = set(domain, definition, ""); !s) return s;
        undo->push("edit of behaviour " + name,
                   [set, old] { return set(old.domain, old.definition, "undo: "); });
        return {};
    };

    c.load_steps = [&db](std::int64_t clip_id) -> Result<std::vector<review::StepSegment>> {
        auto segments = store::LibraryRepository(db).segmentsForClip(clip_id);
        if (!segments) return segments.error();
        std::vector<review::StepSegment> steps;
        for (const store::Segment& s : *segments) {
            if (!s.record.step) continue;  // a tagged range, not a step
            steps.push_back(
                {s.id, s.record.in_ms, s.record.out_ms, *s.record.step, s.record.label});
        }
        return steps;
    };

    c.save_steps = [&db, undo](std::int64_t clip_id, const std::string& behaviour,
                               const std::vector<review::StepSegment>& steps) -> Status {
        if (Status may = mayCurate("change a clip's steps"); !may) return may;
        store::LibraryRepository library(db);
        // The inverses of what this change did, run last first.
        std::vector<std::function<Status()>> inverses;
        const Status saved = inTransaction(db, [&]() -> Status {
            auto found = library.findBehaviour(behaviour);
            if (!found) return found.error();
            if (!*found) return Error{"no behaviour called " + behaviour};
            for (const review::StepSegment& step : steps) {
                if (step.id == 0) {
                    auto id = addStep(db, segmentRecord(clip_id, (*found)->id, step));
                    if (!id) return id.error();
                    const store::SegmentRecord record = segmentRecord(clip_id, (*found)->id, step);
                    inverses.push_back(
                        [&db, id = *id, record] { return deleteStep(db, id, record); });
                    continue;
                }
                auto old = library.findSegment(step.id);
                if (!old) return old.error();
                if (!*old) return Error{"there is no segment " + std::to_string(step.id)};
                const store::SegmentRecord before = (*old)->record;
                store::SegmentRecord after = before;
                after.in_ms = step.in_ms;
                after.out_ms = step.out_ms;
                after.step = step.step;
                after.label = step.label;
                if (Status s = updateStep(db, step.id, after); !s) return s;
                inverses.push_back(
                    [&db, id = step.id, before] { return updateStep(db, id, before); });
            }
            return {};
        });
        if (!saved) return saved;
        undo->push("change of clip " + std::to_string(clip_id) + "'s steps", [&db, inverses] {
            return inTransaction(db, [&]() -> Status {
                for (auto it = inverses.rbegin(); it != inverses.rend(); ++it) {
                    if (Status s = (*it)(); !s) return s;
                }
                return {};
            });
        });
        return {};
    };

    c.delete_step = [&db, undo](std::int64_t segment_id) -> Status {
        if (Status may = mayCurate("delete a step"); !may) return may;
        auto old = store::LibraryRepository(db).findSegment(segment_id);
        if (!old) return old.error();
        if (!*old) return Error{"there is no segment " + std::to_string(segment_id)};
        const store::SegmentRecord record = (*old)->record;
        if (Status s = inTransaction(db, [&] { return deleteStep(db, segment_id, record); }); !s) {
            return s;
        }
        // Back as a new row (its id is new; nothing refers to a step a trial did not show).
        undo->push("deletion of step " + std::to_string(record.step.value_or(0)),
                   [&db, record]() -> Status {
                       return inTransaction(db, [&]() -> Status {
                           auto id = addStep(db, record);
                           if (!id) return id.error();
                           return {};
                       });
                   });
        return {};
    };

    c.undo = [undo] { return undo->undo(); };
    c.next_undo = [undo] { return undo->next(); };
    c.frame_times = [](const fs::path& clip) { return media::videoFrameTimes(clip); };
    return c;
}

}  // namespace mimic::app
