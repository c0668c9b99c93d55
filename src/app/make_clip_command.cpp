// mimic library make-clip --from-trial N (--keep START-END | --keep-coded CODE)... [--from-trial
// M ...] --behaviour B --title T [--json]: a self-modelling clip cut from a child's own practice
// (issue 16; app/self_clip.h makes it). Here only the command line: which --from-trial each
// keep follows, the keeps seeded from codes, and the report.
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <memory>

#include "app/cli.h"
#include "app/data_context.h"
#include "app/self_clip.h"
#include "common/names.h"

namespace mimic::app {

namespace fs = std::filesystem;

namespace {

// A --keep or --keep-coded, with the --from-trial it follows (an index into `trials`; -1 for
// none), in the order typed.
struct KeepItem {
    int group = -1;
    bool coded = false;
    std::string text;   // START-END, or the code's name
    double slow = 1.0;  // the --slow after it
};

struct MakeClipOptions {
    fs::path data_dir;
    std::vector<std::int64_t> trials;
    std::vector<std::string> keeps;
    std::vector<std::string> keep_coded;
    std::vector<double> slows;
    std::string coder;
    std::vector<KeepItem> items;
    std::string behaviour;
    std::string title;
    std::string caption;
    bool json = false;
};

// The keeps, in the order typed: each --keep as it is, each --keep-coded as its stretches.
Result<std::vector<edit::Keep>> gatherKeeps(const MakeClipOptions& options, store::Database& db) {
    std::vector<edit::Keep> keeps;
    for (const KeepItem& item : options.items) {
        const std::string flag = item.coded ? "--keep-coded " : "--keep ";
        if (item.group < 0) {
            return Error{flag + printable(item.text) +
                         " comes before any --from-trial: say which trial's recording it cuts"};
        }
        if (item.coded) {
            auto seeded = codedKeeps(db, options.trials[static_cast<std::size_t>(item.group)],
                                     item.group, item.text, options.coder);
            if (!seeded) return seeded.error();
            keeps.insert(keeps.end(), seeded->begin(), seeded->end());
            continue;
        }
        auto keep = edit::parseKeep(item.text, item.group);
        if (!keep) return keep.error();
        keep->slow = item.slow;
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

Status runMakeClip(const MakeClipOptions& options) {
    auto data = openDataContext(options.data_dir, IfMissing::kRefuse);
    if (!data) return data.error();
    auto keeps = gatherKeeps(options, data->db);
    if (!keeps) return keeps.error();
    SelfClipRequest request;
    request.trials = options.trials;
    request.keeps = std::move(*keeps);
    request.behaviour = options.behaviour;
    request.title = options.title;
    request.caption = options.caption;
    // A line that counts up, on a terminal only.
    const bool progress = ::isatty(STDERR_FILENO) == 1;
    if (progress) {
        request.progress = [](double done) {
            std::fprintf(stderr, "\rcutting the clip... %3d%%", static_cast<int>(done * 100.0));
            std::fflush(stderr);
        };
    }
    auto made = makeSelfClip(*data, request);
    if (progress) std::fprintf(stderr, "\r%26s\r", "");
    if (!made) return made.error();
    if (options.json) {
        const nlohmann::json out = {{"clip_id", made->clip_id},
                                    {"path", made->path.string()},
                                    {"duration", made->duration_s}};
        std::printf("%s\n", out.dump(2).c_str());
    } else {
        std::printf("made clip %lld '%s' (%.2f s, self-modelling, %s's) from %s\n",
                    static_cast<long long>(made->clip_id), printable(options.title).c_str(),
                    made->duration_s, printable(made->child_code).c_str(), made->from.c_str());
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
        "--from-trial 7 --keep-coded independent. --slow N after a --keep plays that stretch N "
        "times slower (up to 4), without its sound.");
    CLI::Option* from = command->add_option("--from-trial", options->trials,
                                            "A trial whose recording the keeps after it cut");
    from->required();
    CLI::Option* keep = command->add_option(
        "--keep", options->keeps, "START-END: a range to keep, in seconds of that recording");
    CLI::Option* keep_coded = command->add_option(
        "--keep-coded", options->keep_coded, "CODE: keep the stretches coded CODE on that trial");
    command->add_option("--coder", options->coder, "With --keep-coded: only this coder's codes");
    CLI::Option* slow = command->add_option(
        "--slow", options->slows,
        "N: the --keep before it plays N times slower (1 to 4; a step in slow motion, silent)");
    command->add_option("--behaviour", options->behaviour, "The behaviour the clip models")
        ->required();
    command->add_option("--title", options->title, "The clip's title")->required();
    command->add_option("--caption", options->caption,
                        "Words shown at the bottom of every picture (at most 80 bytes)");
    command->add_flag("--json", options->json, "Report {clip_id, path, duration} as JSON");
    cli.addDataDirOption(command);
    command->callback([&cli, options, command, from, keep, keep_coded, slow] {
        options->data_dir = cli.dataDir();
        // Which --from-trial each keep follows, from the order they were typed (CLI11 keeps
        // each option's values in order, and the order of the options).
        options->items.clear();
        int group = -1;
        std::size_t typed = 0;
        std::size_t coded = 0;
        std::size_t slowed = 0;
        Status order;
        for (const CLI::Option* option : command->parse_order()) {
            if (option == from) ++group;
            if (option == keep && typed < options->keeps.size())
                options->items.push_back({group, false, options->keeps[typed++], 1.0});
            if (option == keep_coded && coded < options->keep_coded.size())
                options->items.push_back({group, true, options->keep_coded[coded++], 1.0});
            if (option == slow && slowed < options->slows.size()) {
                const double factor = options->slows[slowed++];
                if (options->items.empty() || options->items.back().coded ||
                    options->items.back().slow != 1.0) {
                    order = Error{"--slow follows the --keep START-END it slows (one each)"};
                } else {
                    options->items.back().slow = factor;
                }
            }
        }
        if (!order) {
            cli.status = order;
        } else if (options->items.empty()) {
            cli.status = Error{
                "no keeps: say which ranges to keep with --keep START-END or "
                "--keep-coded CODE"};
        } else {
            cli.status = runMakeClip(*options);
        }
    });
}

}  // namespace mimic::app
