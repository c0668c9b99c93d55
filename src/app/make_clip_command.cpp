// mimic library make-clip --from-trial N --keep START-END [--keep ...] [--from-trial M --keep
// ...] --behaviour B --title T [--json]: a self-modelling clip cut from a child's own practice
// (issue 16). The ranges kept are re-encoded into one clip (media/clip_cut.h, by the rules of
// edit/cut_plan.h), stored in the library like an imported clip (content-addressed, with a
// thumbnail; sealed in an encrypted folder), of model kind "self", tagged with the behaviour
// and linked to the child: shown in that child's sessions only, erased with the child.
//
// Nothing is written unless everything holds: the trials exist, have recordings and are one
// child's, that child has a current recording consent, the behaviour exists and every keep is
// inside its recording, in order, without overlap.
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <memory>

#include "app/cli.h"
#include "app/data_context.h"
#include "app/library_import.h"
#include "app/record_lookup.h"
#include "common/clock.h"
#include "common/file_lock.h"
#include "common/names.h"
#include "edit/cut_plan.h"
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

// A --keep or --keep-coded, with the --from-trial it follows (an index into `trials`; -1 for
// none), in the order typed.
struct KeepItem {
    int group = -1;
    bool coded = false;
    std::string text;  // START-END, or the code's name
};

struct MakeClipOptions {
    fs::path data_dir;
    std::vector<std::int64_t> trials;
    std::vector<std::string> keeps;
    std::vector<std::string> keep_coded;
    std::string coder;
    std::vector<KeepItem> items;
    std::string behaviour;
    std::string title;
    bool json = false;
};

// One --from-trial group, found in the store.
struct Source {
    std::int64_t trial = 0;
    fs::path recording;
    std::int64_t duration_us = 0;
};

// The stretches of `code` coded on the trial (by `coder` when given), as keeps of `group`.
Result<std::vector<edit::Keep>> codedKeeps(store::ReviewRepository& reviews, std::int64_t trial,
                                           int group, const std::string& code,
                                           const std::string& coder) {
    auto events = reviews.codedEvents(trial);
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

// The keeps, in the order typed: each --keep as it is, each --keep-coded as its stretches.
Result<std::vector<edit::Keep>> gatherKeeps(const MakeClipOptions& options,
                                            store::ReviewRepository& reviews) {
    std::vector<edit::Keep> keeps;
    for (const KeepItem& item : options.items) {
        const std::string flag = item.coded ? "--keep-coded " : "--keep ";
        if (item.group < 0) {
            return Error{flag + printable(item.text) +
                         " comes before any --from-trial: say which trial's recording it cuts"};
        }
        if (item.coded) {
            auto seeded = codedKeeps(reviews, options.trials[static_cast<std::size_t>(item.group)],
                                     item.group, item.text, options.coder);
            if (!seeded) return seeded.error();
            keeps.insert(keeps.end(), seeded->begin(), seeded->end());
            continue;
        }
        auto keep = edit::parseKeep(item.text, item.group);
        if (!keep) return keep.error();
        keeps.push_back(*keep);
    }
    for (std::size_t g = 0; g < options.trials.size(); ++g) {
        bool has_keep = false;
        for (const edit::Keep& k : keeps)
            has_keep = has_keep || k.source == static_cast<int>(g);
        if (!has_keep)
            return Error{"--from-trial " + std::to_string(options.trials[g]) + " has no --keep"};
    }
    return keeps;
}

// The trials' recordings, all of one child; the child's id.
Result<std::vector<Source>> findSources(store::ClinicalRepository& clinical,
                                        const MakeClipOptions& options, const DataDir& dir,
                                        store::Child& child) {
    std::vector<Source> sources;
    std::string child_code;
    for (const std::int64_t id : options.trials) {
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

Status runMakeClip(const MakeClipOptions& options) {
    if (options.title.empty()) return Error{"--title is empty: give the clip a title"};
    auto data = openDataContext(options.data_dir, IfMissing::kRefuse);
    if (!data) return data.error();
    store::ClinicalRepository clinical(data->db);
    store::LibraryRepository library(data->db);
    store::Child child;
    auto sources = findSources(clinical, options, data->dir, child);
    if (!sources) return sources.error();
    store::ReviewRepository reviews(data->db);
    auto keeps = gatherKeeps(options, reviews);
    if (!keeps) return keeps.error();
    auto consent =
        clinical.hasCurrentConsent(child.id, store::ConsentScope::kRecord, utcNowIso8601());
    if (!consent) return consent.error();
    if (!*consent) {
        return Error{"child '" + printable(child.code) +
                     "' has no current consent to be recorded, so no clip of their practice "
                     "is made; nothing was written"};
    }
    auto behaviour = requireBehaviour(library, options.behaviour);
    if (!behaviour) return behaviour.error();
    std::vector<std::int64_t> durations;
    std::vector<fs::path> files;
    for (const Source& s : *sources) {
        durations.push_back(s.duration_us);
        files.push_back(s.recording);
    }
    if (Status s = edit::checkKeeps(*keeps, durations); !s) return s;

    // Held until the row is committed, so `library check --repair` never takes the clip's
    // files for orphans.
    auto lock = FileLock::acquire(data->dir.libraryLock(), FileLock::Kind::kShared);
    if (!lock) return lock.error();
    MadeFiles made;
    std::error_code ec;
    fs::create_directories(data->dir.library(), ec);
    const fs::path temp =
        data->dir.library() / ("make-clip.tmp-" + std::to_string(::getpid()) + ".mp4");
    made.files.push_back(temp);
    media::CutOptions cut;
    cut.sealed_with = media::mediaKey();
    const bool progress = ::isatty(STDERR_FILENO) == 1;
    if (progress) {
        cut.progress = [](double done) {
            std::fprintf(stderr, "\rcutting the clip... %3d%%", static_cast<int>(done * 100.0));
            std::fflush(stderr);
        };
    }
    auto written = media::writeCut(files, *keeps, temp, cut);
    if (progress) std::fprintf(stderr, "\r%26s\r", "");
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
    const fs::path target = data->dir.absolute(relative);
    fs::create_directories(target.parent_path(), ec);
    if (!ec) fs::rename(temp, target, ec);
    if (ec) return Error{"cannot store the clip as " + target.string() + ": " + ec.message()};
    made.files.push_back(target);
    const fs::path thumb_relative = fs::path("thumbs") / (*sha + ".png");
    const fs::path thumb = data->dir.absolute(thumb_relative);
    fs::create_directories(thumb.parent_path(), ec);
    if (!fs::exists(thumb)) {
        if (Status s = media::writeThumbnail(target, thumb); !s) return s;
        made.files.push_back(thumb);
    }
    auto info = media::probeMedia(target);
    if (!info) return info.error();

    auto transaction = store::Transaction::begin(data->db.connection());
    if (!transaction) return transaction.error();
    store::ClipRecord record;
    record.path = relative.string();
    record.title = options.title;
    record.sha256 = *sha;
    record.duration_ms = info->duration_us / 1000;
    record.width = info->video.width;
    record.height = info->video.height;
    record.model_kind = store::ModelKind::kSelf;
    record.original_name = "practice of " + child.code;
    record.video_codec = info->video.codec;
    record.audio_codec = info->audio ? info->audio->codec : "";
    record.notes = "cut from " + keepsText(*keeps, *sources);
    record.thumbnail_path = thumb_relative.string();
    record.child_id = child.id;
    auto clip_id = library.addClip(record);
    if (!clip_id) return clip_id.error();
    if (Status s = library.tagClip(*clip_id, behaviour->id); !s) return s;
    std::vector<store::ClipCut> cuts;
    for (const edit::Keep& k : *keeps) {
        cuts.push_back({(*sources)[static_cast<std::size_t>(k.source)].trial, k.start_us / 1000,
                        k.end_us / 1000});
    }
    if (Status s = library.addClipCuts(*clip_id, cuts); !s) return s;
    if (Status s = store::AuditLog(data->db).record(auditActor(), "make clip", "clip", *clip_id,
                                                    record.notes + " -> " + record.path, child.id);
        !s) {
        return s;
    }
    if (Status s = transaction->commit(); !s) return s;
    made.keep = true;

    const double seconds = static_cast<double>(info->duration_us) / 1e6;
    if (options.json) {
        const nlohmann::json out = {
            {"clip_id", *clip_id}, {"path", target.string()}, {"duration", seconds}};
        std::printf("%s\n", out.dump(2).c_str());
    } else {
        std::printf("made clip %lld '%s' (%.2f s, self-modelling, %s's) from %s\n",
                    static_cast<long long>(*clip_id), printable(options.title).c_str(), seconds,
                    printable(child.code).c_str(), keepsText(*keeps, *sources).c_str());
    }
    return {};
}

}  // namespace

void addMakeClipCommand(Cli& cli) {
    CLI::App* library = cli.app.get_subcommand("library");
    auto options = std::make_shared<MakeClipOptions>();
    CLI::App* command = library->add_subcommand(
        "make-clip",
        "Cut a self-modelling clip from a child's practice recordings: the ranges kept, joined "
        "in the order given, re-encoded frame-exactly with short sound crossfades; stored as a "
        "clip of model kind 'self', tagged with the behaviour and belonging to the child (shown "
        "in that child's sessions only, erased with the child)");
    command->footer(
        "Keeps are START-END in seconds of the recording of the --from-trial before them, in "
        "order and without overlap. --keep-coded CODE keeps every stretch coded CODE on that "
        "trial (a state code's start to stop, by --coder if given; overlapping ones joined), "
        "e.g. the independent attempts, leaving the prompts out. To cut from several trials "
        "(of the same child), repeat the group: --from-trial 4 --keep 1-3 --keep 5-6.5 "
        "--from-trial 7 --keep-coded independent.");
    CLI::Option* from = command->add_option("--from-trial", options->trials,
                                            "A trial whose recording the keeps after it cut");
    from->required();
    CLI::Option* keep = command->add_option(
        "--keep", options->keeps, "START-END: a range to keep, in seconds of that recording");
    CLI::Option* keep_coded = command->add_option(
        "--keep-coded", options->keep_coded, "CODE: keep the stretches coded CODE on that trial");
    command->add_option("--coder", options->coder, "With --keep-coded: only this coder's codes");
    command->add_option("--behaviour", options->behaviour, "The behaviour the clip models")
        ->required();
    command->add_option("--title", options->title, "The clip's title")->required();
    command->add_flag("--json", options->json, "Report {clip_id, path, duration} as JSON");
    cli.addDataDirOption(command);
    command->callback([&cli, options, command, from, keep, keep_coded] {
        options->data_dir = cli.dataDir();
        // Which --from-trial each keep follows, from the order they were typed (CLI11 keeps
        // each option's values in order, and the order of the options).
        options->items.clear();
        int group = -1;
        std::size_t typed = 0;
        std::size_t coded = 0;
        for (const CLI::Option* option : command->parse_order()) {
            if (option == from) ++group;
            if (option == keep && typed < options->keeps.size())
                options->items.push_back({group, false, options->keeps[typed++]});
            if (option == keep_coded && coded < options->keep_coded.size())
                options->items.push_back({group, true, options->keep_coded[coded++]});
        }
        if (options->items.empty()) {
            cli.status = Error{
                "no keeps: say which ranges to keep with --keep START-END or "
                "--keep-coded CODE"};
        } else {
            cli.status = runMakeClip(*options);
        }
    });
}

}  // namespace mimic::app
