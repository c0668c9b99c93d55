// mimic library: import, list, search, tag, segment, remove and check the clip library.
#include <unistd.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <memory>
#include <set>

#include "app/cli.h"
#include "app/data_context.h"
#include "app/library_import.h"
#include "app/record_lookup.h"
#include "common/clock.h"
#include "common/file_lock.h"
#include "common/names.h"
#include "store/audit_log.h"
#include "store/clinical_repository.h"
#include "store/library_repository.h"

namespace mimic::app {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// From this many files on, an import on a terminal shows a progress bar.
constexpr std::size_t kProgressBarMinFiles = 5;
constexpr int kProgressBarWidth = 30;

struct LibraryOptions {
    fs::path data_dir;
    bool json = false;
    // import
    std::vector<fs::path> files;
    std::string behaviour;
    std::string model_kind = "peer";
    bool normalize = false;
    // search / tag / segment / remove
    std::string text;
    std::string clip;
    double in_s = 0;
    double out_s = 0;
    int step = 0;
    std::string label;
    std::int64_t segment = 0;
    bool archive = false;
    bool repair = false;
};

void printJson(const json& value) {
    std::printf("%s\n", value.dump(2).c_str());
}

json clipJson(const store::Clip& clip, const std::vector<std::string>& behaviours) {
    const store::ClipRecord& r = clip.record;
    json out = {{"id", clip.id},
                {"title", r.title},
                {"path", r.path},
                {"sha256", r.sha256},
                {"original_name", r.original_name},
                {"duration_ms", r.duration_ms},
                {"width", r.width},
                {"height", r.height},
                {"video_codec", r.video_codec},
                {"audio_codec", r.audio_codec},
                {"model_kind", store::modelKindName(r.model_kind)},
                {"notes", r.notes},
                {"added_at", clip.added_at},
                {"behaviours", behaviours}};
    out["thumbnail"] = r.thumbnail_path ? json(*r.thumbnail_path) : json(nullptr);
    out["archived_at"] = clip.archived_at ? json(*clip.archived_at) : json(nullptr);
    return out;
}

void printClipLine(const store::Clip& clip, const std::vector<std::string>& behaviours) {
    std::string tags;
    for (const auto& b : behaviours)
        tags += (tags.empty() ? "" : ", ") + b;
    std::printf("%lld  %s  %.1f s  %dx%d  %s  %s  [%s]\n", static_cast<long long>(clip.id),
                clip.record.sha256.substr(0, 12).c_str(),
                static_cast<double>(clip.record.duration_ms) / 1000.0, clip.record.width,
                clip.record.height,
                std::string(store::modelKindName(clip.record.model_kind)).c_str(),
                printable(clip.record.title).c_str(), printable(tags).c_str());
}

void drawProgress(std::size_t done, std::size_t total, const fs::path& current) {
    const int filled = static_cast<int>(kProgressBarWidth * done / total);
    std::fprintf(stderr, "\r[%s%s] %zu/%zu %-40.40s", std::string(filled, '#').c_str(),
                 std::string(kProgressBarWidth - filled, ' ').c_str(), done, total,
                 current.filename().c_str());
    if (done == total) std::fputc('\n', stderr);
    std::fflush(stderr);
}

Status runImport(const LibraryOptions& options) {
    const store::ModelKind kind = store::parseModelKind(options.model_kind);
    if (kind == store::ModelKind::kNone) {
        return Error{"unknown model kind '" + options.model_kind +
                     "' (use peer, adult, self or point-of-view)"};
    }
    auto data = openDataContext(options.data_dir, IfMissing::kCreate);
    if (!data) return data.error();
    store::LibraryRepository library(data->db);
    if (!options.behaviour.empty()) {
        if (auto b = requireBehaviour(library, options.behaviour); !b) return b.error();
    }
    const bool progress = options.files.size() >= kProgressBarMinFiles && ::isatty(2) != 0;
    json imported = json::array();
    json refused = json::array();
    std::size_t new_clips = 0;
    for (std::size_t i = 0; i < options.files.size(); ++i) {
        const fs::path& file = options.files[i];
        if (progress) drawProgress(i, options.files.size(), file);
        ClipImport request;
        request.source = file;
        request.model_kind = kind;
        request.behaviour = options.behaviour;
        request.normalize = options.normalize;
        request.actor = auditActor();
        auto result = importClip(data->dir, data->db, request);
        if (!result) {
            if (progress) std::fputc('\n', stderr);
            std::fprintf(stderr, "mimic: %s\n", result.error().message.c_str());
            refused.push_back({{"file", file.string()}, {"error", result.error().message}});
            continue;
        }
        if (result->new_file) ++new_clips;
        imported.push_back({{"file", file.string()},
                            {"clip_id", result->clip_id},
                            {"path", result->path},
                            {"new", result->new_file}});
    }
    if (progress) drawProgress(options.files.size(), options.files.size(), {});
    if (options.json) {
        printJson({{"imported", imported}, {"refused", refused}});
    } else {
        std::printf(
            "imported %zu file(s): %zu new clip(s), %zu already in the library; %zu "
            "refused\n",
            imported.size(), new_clips, imported.size() - new_clips, refused.size());
    }
    if (!refused.empty()) {
        return Error{std::to_string(refused.size()) + " of " +
                     std::to_string(options.files.size()) + " file(s) could not be imported"};
    }
    return {};
}

Status runList(const LibraryOptions& options) {
    auto data = openDataContext(options.data_dir, IfMissing::kRefuse);
    if (!data) return data.error();
    store::LibraryRepository library(data->db);
    std::optional<std::int64_t> behaviour_id;
    if (!options.behaviour.empty()) {
        auto b = requireBehaviour(library, options.behaviour);
        if (!b) return b.error();
        behaviour_id = b->id;
    }
    auto entries = library.listLibrary(behaviour_id);
    if (!entries) return entries.error();
    if (options.json) {
        json out = json::array();
        for (const auto& e : *entries)
            out.push_back(clipJson(e.clip, e.behaviours));
        printJson(out);
        return {};
    }
    for (const auto& e : *entries)
        printClipLine(e.clip, e.behaviours);
    return {};
}

Status runSearch(const LibraryOptions& options) {
    auto data = openDataContext(options.data_dir, IfMissing::kRefuse);
    if (!data) return data.error();
    store::LibraryRepository library(data->db);
    auto clips = library.searchClips(options.text);
    if (!clips) return clips.error();
    json out = json::array();
    for (const auto& clip : *clips) {
        if (options.json) {
            out.push_back(clipJson(clip, {}));
        } else {
            printClipLine(clip, {});
        }
    }
    if (options.json) printJson(out);
    return {};
}

// Runs `change` on the clip and behaviour the options name, in one transaction with its
// audit entry, and prints `done`.
template <typename Change>
Status changeClip(const LibraryOptions& options, const std::string& action, Change change) {
    auto data = openDataContext(options.data_dir, IfMissing::kRefuse);
    if (!data) return data.error();
    store::LibraryRepository library(data->db);
    auto tx = store::Transaction::begin(data->db.connection());
    if (!tx) return tx.error();
    auto clip = library.resolveClip(options.clip);
    if (!clip) return clip.error();
    auto behaviour = requireBehaviour(library, options.behaviour);
    if (!behaviour) return behaviour.error();
    auto detail = change(library, *clip, *behaviour);
    if (!detail) return detail.error();
    if (Status s =
            store::AuditLog(data->db).record(auditActor(), action, "clip", clip->id, *detail);
        !s) {
        return s;
    }
    if (Status s = tx->commit(); !s) return s;
    std::printf("%s\n", detail->c_str());
    return {};
}

Status runTag(const LibraryOptions& options, bool tag) {
    return changeClip(options, tag ? "tag" : "untag",
                      [&](store::LibraryRepository& library, const store::Clip& clip,
                          const store::Behaviour& behaviour) -> Result<std::string> {
                          const Status s = tag ? library.tagClip(clip.id, behaviour.id)
                                               : library.untagClip(clip.id, behaviour.id);
                          if (!s) return s.error();
                          return "clip " + std::to_string(clip.id) +
                                 (tag ? " tagged with " : " no longer tagged with ") +
                                 behaviour.name;
                      });
}

Status runSegmentAdd(const LibraryOptions& options) {
    return changeClip(
        options, "add segment",
        [&](store::LibraryRepository& library, const store::Clip& clip,
            const store::Behaviour& behaviour) -> Result<std::string> {
            store::SegmentRecord segment;
            segment.clip_id = clip.id;
            segment.behaviour_id = behaviour.id;
            segment.in_ms = std::llround(options.in_s * 1000.0);
            segment.out_ms = std::llround(options.out_s * 1000.0);
            if (options.step > 0) segment.step = options.step;
            segment.label = options.label;
            auto id = library.addSegment(segment);
            if (!id) return id.error();
            return "segment " + std::to_string(*id) + " of clip " + std::to_string(clip.id) + ": " +
                   behaviour.name + " " + std::to_string(segment.in_ms) + "-" +
                   std::to_string(segment.out_ms) + " ms" +
                   (segment.step ? " step " + std::to_string(*segment.step) : std::string());
        });
}

Status runSegmentList(const LibraryOptions& options) {
    auto data = openDataContext(options.data_dir, IfMissing::kRefuse);
    if (!data) return data.error();
    store::LibraryRepository library(data->db);
    auto clip = library.resolveClip(options.clip);
    if (!clip) return clip.error();
    auto segments = library.segmentsForClip(clip->id);
    if (!segments) return segments.error();
    if (options.json) {
        json out = json::array();
        for (const store::Segment& s : *segments) {
            out.push_back({{"id", s.id},
                           {"clip_id", s.record.clip_id},
                           {"behaviour", s.behaviour_name},
                           {"in_ms", s.record.in_ms},
                           {"out_ms", s.record.out_ms},
                           {"step", s.record.step ? json(*s.record.step) : json(nullptr)},
                           {"label", s.record.label}});
        }
        printJson(out);
        return {};
    }
    for (const store::Segment& s : *segments) {
        std::printf("%lld  %s  %lld-%lld ms%s%s\n", static_cast<long long>(s.id),
                    s.behaviour_name.c_str(), static_cast<long long>(s.record.in_ms),
                    static_cast<long long>(s.record.out_ms),
                    s.record.step ? ("  step " + std::to_string(*s.record.step)).c_str() : "",
                    s.record.label.empty() ? "" : ("  " + s.record.label).c_str());
    }
    return {};
}

Status runSegmentRemove(const LibraryOptions& options) {
    auto data = openDataContext(options.data_dir, IfMissing::kRefuse);
    if (!data) return data.error();
    store::LibraryRepository library(data->db);
    auto tx = store::Transaction::begin(data->db.connection());
    if (!tx) return tx.error();
    auto found = library.findSegment(options.segment);
    if (!found) return found.error();
    if (!*found) return Error{"no segment " + std::to_string(options.segment)};
    const store::Segment& segment = **found;
    if (Status s = library.deleteSegment(segment.id); !s) return s;
    const std::string detail =
        "segment " + std::to_string(segment.id) + " of clip " +
        std::to_string(segment.record.clip_id) + " removed: " + segment.behaviour_name + " " +
        std::to_string(segment.record.in_ms) + "-" + std::to_string(segment.record.out_ms) + " ms";
    if (Status s = store::AuditLog(data->db).record(auditActor(), "remove segment", "clip",
                                                    segment.record.clip_id, detail);
        !s) {
        return s;
    }
    if (Status s = tx->commit(); !s) return s;
    std::printf("%s\n", detail.c_str());
    return {};
}

Status runRemove(const LibraryOptions& options) {
    auto data = openDataContext(options.data_dir, IfMissing::kRefuse);
    if (!data) return data.error();
    store::LibraryRepository library(data->db);
    auto tx = store::Transaction::begin(data->db.connection());
    if (!tx) return tx.error();
    auto clip = library.resolveClip(options.clip);
    if (!clip) return clip.error();
    auto used = library.countTrialsUsingClip(clip->id);
    if (!used) return used.error();
    store::AuditLog audit(data->db);
    if (*used > 0 && options.archive) {
        if (Status s = library.archiveClip(clip->id, utcNowIso8601()); !s) return s;
        if (Status s = audit.record(auditActor(), "archive", "clip", clip->id, clip->record.path);
            !s) {
            return s;
        }
        if (Status s = tx->commit(); !s) return s;
        std::printf("clip %lld archived: %lld trial(s) refer to it, so its file is kept\n",
                    static_cast<long long>(clip->id), static_cast<long long>(*used));
        return {};
    }
    if (Status s = library.removeClip(clip->id); !s) return s;
    if (Status s = audit.record(auditActor(), "remove", "clip", clip->id, clip->record.path); !s) {
        return s;
    }
    if (Status s = tx->commit(); !s) return s;
    // The row is gone for good; now the files (a crash here leaves orphans that
    // `library check --repair` removes, never a row without its file).
    std::error_code ec;
    fs::remove(data->dir.absolute(clip->record.path), ec);
    if (clip->record.thumbnail_path)
        fs::remove(data->dir.absolute(*clip->record.thumbnail_path), ec);
    std::printf("clip %lld removed with its file %s\n", static_cast<long long>(clip->id),
                clip->record.path.c_str());
    return {};
}

Status runCheck(const LibraryOptions& options) {
    auto data = openDataContext(options.data_dir, IfMissing::kRefuse);
    if (!data) return data.error();
    // Imports in flight add files before their rows commit: wait until none is running, and
    // keep new ones out while the files are compared with the rows.
    auto no_imports = FileLock::acquire(data->dir.libraryLock(), FileLock::Kind::kExclusive, [] {
        std::fprintf(stderr, "waiting for the library import in progress to finish\n");
    });
    if (!no_imports) return no_imports.error();
    store::LibraryRepository library(data->db);
    auto files = library.libraryFiles();
    if (!files) return files.error();
    // The copies children's screens play (app/child_prefs.h) are checked the same way.
    auto child_media = store::ClinicalRepository(data->db).screenPrefsFiles();
    if (!child_media) return child_media.error();
    std::set<std::string> named;
    json missing = json::array();
    for (const auto* list : {&files->clip_paths, &files->thumbnail_paths, &*child_media}) {
        for (const auto& path : *list) {
            named.insert(path);
            if (!fs::is_regular_file(data->dir.absolute(path))) missing.push_back(path);
        }
    }
    json orphans = json::array();
    std::size_t removed = 0;
    for (const fs::path& folder :
         {data->dir.library(), thumbsDir(data->dir), data->dir.childMedia()}) {
        std::error_code ec;
        if (!fs::is_directory(folder, ec)) continue;
        for (const auto& entry : fs::recursive_directory_iterator(folder, ec)) {
            if (!entry.is_regular_file()) continue;
            const std::string relative = data->dir.relative(entry.path()).string();
            if (named.contains(relative)) continue;
            orphans.push_back(relative);
            if (options.repair && fs::remove(entry.path(), ec)) ++removed;
        }
    }
    // The data folder is private: another account must not read a child's recordings.
    json open_to_others = json::array();
    std::size_t made_private = 0;
    for (const fs::path& path : findOpenToOthers(data->dir)) {
        open_to_others.push_back(path.string());
        if (options.repair) {
            if (Status s = makePrivate(path); !s) return s;
            ++made_private;
        }
    }
    if (options.json) {
        printJson({{"clips", files->clip_paths.size()},
                   {"missing", missing},
                   {"orphans", orphans},
                   {"removed", removed},
                   {"open_to_others", open_to_others},
                   {"made_private", made_private}});
    } else {
        for (const auto& path : missing)
            std::printf("missing: %s\n", path.get<std::string>().c_str());
        for (const auto& path : orphans) {
            std::printf("%s: %s\n", options.repair ? "removed orphan" : "orphan",
                        path.get<std::string>().c_str());
        }
        for (const auto& path : open_to_others) {
            std::printf("%s: %s\n", options.repair ? "made private" : "readable by other accounts",
                        printable(path.get<std::string>()).c_str());
        }
        std::printf("%zu clip(s): %zu file(s) missing, %zu orphan file(s)%s\n",
                    files->clip_paths.size(), missing.size(), orphans.size(),
                    options.repair ? (", " + std::to_string(removed) + " removed").c_str() : "");
    }
    if (!missing.empty()) {
        return Error{std::to_string(missing.size()) +
                     " file(s) named by the library or a child's screen choices are missing; "
                     "restore them from a backup"};
    }
    if (!open_to_others.empty() && !options.repair) {
        return Error{"the data folder " + data->dir.root.string() + " has " +
                     std::to_string(open_to_others.size()) +
                     " file(s) or folder(s) other accounts can read; `mimic library check "
                     "--repair` makes them private (folders 0700, files 0600)"};
    }
    if (!orphans.empty() && !options.repair) {
        return Error{std::to_string(orphans.size()) +
                     " file(s) belong to no clip or child; `mimic library check --repair` "
                     "removes them"};
    }
    return {};
}

}  // namespace

void addLibraryCommand(Cli& cli) {
    auto options = std::make_shared<LibraryOptions>();
    CLI::App* library = cli.app.add_subcommand("library", "The clip library");
    library->require_subcommand(1);
    const auto sub_of = [&](CLI::App* parent, const std::string& name, const std::string& help,
                            auto run) {
        CLI::App* command = parent->add_subcommand(name, help);
        cli.addDataDirOption(command);
        command->callback([&cli, options, run] {
            options->data_dir = cli.dataDir();
            cli.status = run(*options);
        });
        return command;
    };
    const auto sub = [&](const std::string& name, const std::string& help, auto run) {
        return sub_of(library, name, help, run);
    };

    CLI::App* import = sub("import", "Import clip files (copied by content hash)", runImport);
    import->add_option("files", options->files, "Clip files")->required();
    import->add_option("--behaviour", options->behaviour, "Tag the clips with this behaviour");
    import
        ->add_option("--model-kind", options->model_kind,
                     "Who models the behaviour: peer, adult, self, point-of-view")
        ->capture_default_str();
    import->add_flag("--normalize", options->normalize,
                     "Re-encode to H.264 + AAC MP4, at most 1080p, a keyframe every second");
    import->add_flag("--json", options->json, "Report as JSON");

    CLI::App* list = sub("list", "List the clips", runList);
    list->add_option("--behaviour", options->behaviour, "Only clips tagged with this behaviour");
    list->add_flag("--json", options->json, "Print as JSON");

    CLI::App* search = sub("search", "Full-text search of clips and behaviours", runSearch);
    search->add_option("text", options->text, "Words to find (each as a prefix)")->required();
    search->add_flag("--json", options->json, "Print as JSON");

    for (const bool tag : {true, false}) {
        CLI::App* command =
            sub(tag ? "tag" : "untag", tag ? "Tag a clip with a behaviour" : "Remove a tag",
                [tag](const LibraryOptions& o) { return runTag(o, tag); });
        command->add_option("clip", options->clip, "Clip id, hash prefix or path")->required();
        command->add_option("behaviour", options->behaviour, "Behaviour name")->required();
    }

    CLI::App* segment = library->add_subcommand("segment", "Segments of a clip");
    segment->require_subcommand(1);
    CLI::App* segment_add = sub_of(segment, "add", "Tag an in/out range of a clip", runSegmentAdd);
    segment_add->add_option("clip", options->clip, "Clip id, hash prefix or path")->required();
    segment_add->add_option("--behaviour", options->behaviour, "Behaviour name")->required();
    segment_add->add_option("--in", options->in_s, "Start, seconds")->required();
    segment_add->add_option("--out", options->out_s, "End, seconds")->required();
    segment_add->add_option("--step", options->step, "Video-prompting step number (1, 2...)")
        ->check(CLI::PositiveNumber);
    segment_add->add_option("--label", options->label, "Step label");
    CLI::App* segment_list = sub_of(
        segment, "list", "The segments of a clip: steps in order, then by in time", runSegmentList);
    segment_list->add_option("clip", options->clip, "Clip id, hash prefix or path")->required();
    segment_list->add_flag("--json", options->json, "Print as JSON");
    CLI::App* segment_remove =
        sub_of(segment, "remove", "Remove a segment (audited)", runSegmentRemove);
    segment_remove->add_option("segment", options->segment, "Segment id (from `segment list`)")
        ->required();

    CLI::App* remove = sub("remove", "Remove a clip and its file", runRemove);
    remove->add_option("clip", options->clip, "Clip id, hash prefix or path")->required();
    remove->add_flag("--archive", options->archive,
                     "When trials refer to the clip, archive it instead (its file is kept)");

    CLI::App* check =
        sub("check", "Check that every clip has its file and no file is orphaned", runCheck);
    check->add_flag("--repair", options->repair,
                    "Remove orphan files and make the data folder private to this account");
    check->add_flag("--json", options->json, "Report as JSON");
}

}  // namespace mimic::app
