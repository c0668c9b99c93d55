// mimic review --trial N [--offset SEC | --nudge SEC] [--at SEC [--json] [--out FILE.png]]:
// what the review screen shows at a point of a trial's timeline (review/timeline.h): the
// frame of the model clip and of the practice recording on screen there, as times, or drawn
// offscreen into a PNG with the timeline strip; and the trial's saved offset, set or nudged.
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>

#include "app/cli.h"
#include "app/data_context.h"
#include "app/export_support.h"
#include "app/record_lookup.h"
#include "app/recording_view.h"
#include "app/review_window_run.h"
#include "app/trial_review.h"
#include "app/window.h"
#include "render/image.h"
#include "review/timeline_strip.h"
#include "store/clinical_repository.h"
#include "store/review_repository.h"
#include "ui/review_still.h"

namespace mimic::app {

namespace {

using nlohmann::json;

// A saved offset beyond this is a typing mistake: clips and practices last minutes.
constexpr double kMaxOffsetSeconds = 3600.0;

struct ReviewOptions {
    std::filesystem::path data_dir;
    std::int64_t trial = 0;
    std::optional<double> at_s;
    std::optional<double> offset_s;
    std::optional<double> nudge_s;
    std::filesystem::path out;
    std::string purpose = "parents";
    bool json = false;
    // --window: the review window on the trial.
    bool window = false;
    std::string coder;
    bool play = false;
    bool trace_keys = false;
};

json ptsJson(const std::optional<std::int64_t>& pts_us) {
    return pts_us ? json(secondsOfUs(*pts_us)) : json(nullptr);
}

std::string secondsText(const std::optional<std::int64_t>& us) {
    if (!us) return "none";
    char text[32];
    std::snprintf(text, sizeof text, "%.6f s", secondsOfUs(*us));
    return text;
}

Result<std::int64_t> offsetUs(double seconds, const char* flag) {
    if (!std::isfinite(seconds) || std::fabs(seconds) > kMaxOffsetSeconds) {
        return Error{std::string(flag) + " must be a number of seconds within an hour"};
    }
    return static_cast<std::int64_t>(std::llround(seconds * 1e6));
}

// Sets or nudges the trial's saved offset; returns the offset now.
Result<std::int64_t> changeOffset(store::ReviewRepository& reviews, store::Database& db,
                                  const ReviewOptions& options) {
    auto tx = store::Transaction::begin(db.connection());
    if (!tx) return tx.error();
    auto trial = requireReviewTrial(reviews, options.trial);
    if (!trial) return trial.error();
    std::int64_t offset = trial->offset_us;
    if (options.offset_s) {
        auto set = offsetUs(*options.offset_s, "--offset");
        if (!set) return set.error();
        offset = *set;
    } else {
        auto nudge = offsetUs(*options.nudge_s, "--nudge");
        if (!nudge) return nudge.error();
        offset += *nudge;
        if (std::llabs(offset) > static_cast<std::int64_t>(kMaxOffsetSeconds * 1e6)) {
            return Error{"the offset would be more than an hour"};
        }
    }
    if (Status s = reviews.setReviewOffset(trial->trial_id, offset); !s) return s.error();
    if (Status s = tx->commit(); !s) return s.error();
    return offset;
}

// The review window on the trial (its child's other trials listed beside it).
Status runReviewWindow(const ReviewOptions& options) {
    if (options.at_s || options.offset_s || options.nudge_s || !options.out.empty()) {
        return Error{"--window takes none of --at, --offset, --nudge and --out"};
    }
    if (!displayAvailable()) return Error{"no display to open the review window on"};
    auto data = openDataContext(options.data_dir, IfMissing::kRefuse, crypto::Role::kObserver);
    if (!data) return data.error();
    store::ReviewRepository reviews(data->db);
    auto trial = requireReviewTrial(reviews, options.trial);
    if (!trial) return trial.error();
    auto child = store::ClinicalRepository(data->db).findChild(trial->child_id);
    if (!child) return child.error();
    if (!*child) return Error{"trial " + std::to_string(options.trial) + " has no child"};
    ui::ReviewWindowOptions window;
    window.title = "mimic: review of " + (*child)->code;
    window.open_trial = options.trial;
    window.coder = options.coder;
    window.play_at_once = options.play;
    window.trace_keys = options.trace_keys;
    auto shown = runReviewWindowOver(*data, (*child)->code, window);
    if (!shown) return shown.error();
    if (!shown->message.empty()) std::fprintf(stderr, "%s\n", shown->message.c_str());
    return {};
}

Status runReview(const ReviewOptions& options) {
    if (options.window) return runReviewWindow(options);
    if (options.offset_s && options.nudge_s) return Error{"give --offset or --nudge, not both"};
    if (!options.at_s && !options.offset_s && !options.nudge_s) {
        return Error{
            "give --at SEC (what is on screen then), --offset/--nudge SEC (line the "
            "model up), or --window"};
    }
    if (!options.out.empty() && !options.at_s) return Error{"--out needs --at"};
    if (!options.out.empty() && options.out.extension() != ".png") {
        return Error{"--out must name a .png file"};
    }
    auto data = openDataContext(options.data_dir, IfMissing::kRefuse, crypto::Role::kObserver);
    if (!data) return data.error();
    store::ReviewRepository reviews(data->db, auditActor());
    // A trial that cannot be shown is refused before its offset changes.
    auto found = requireReviewTrial(reviews, options.trial);
    if (!found) return found.error();
    if (!options.out.empty()) {
        // A still holds the child's picture: it leaves the data folder only with consent.
        auto purpose = parsePurpose(options.purpose);
        if (!purpose) return purpose.error();
        store::ClinicalRepository clinical(data->db);
        auto child = clinical.findChild(found->child_id);
        if (!child) return child.error();
        if (Status s = allowIdentifiableExport(
                data->db, found->child_id, *child ? (*child)->code : std::string("?"), *purpose);
            !s) {
            return s;
        }
    }
    if (options.at_s && !found->recording_path) {
        return Error{"trial " + std::to_string(options.trial) +
                     " has no recording to review (nothing was recorded, or it was deleted)"};
    }

    std::optional<std::int64_t> new_offset;
    if (options.offset_s || options.nudge_s) {
        auto changed = changeOffset(reviews, data->db, options);
        if (!changed) return changed.error();
        new_offset = *changed;
    }
    if (!options.at_s) {
        if (options.json) {
            std::printf("%s\n", json{{"offset", secondsOfUs(*new_offset)}}.dump(2).c_str());
        } else {
            std::printf("trial %lld: the model is offset by %.6f s\n",
                        static_cast<long long>(options.trial), secondsOfUs(*new_offset));
        }
        return {};
    }

    auto trial = requireReviewTrial(reviews, options.trial);
    if (!trial) return trial.error();
    if (trial->recording_path) {
        // Watching a child's recording is a read of the clinical record.
        if (Status s = auditRecordingView(data->dir.root, practiceFile(data->dir, *trial),
                                          options.out.empty() ? "review" : "review still");
            !s) {
            return s;
        }
    }
    auto timeline = loadTrialTimeline(data->dir, *trial);
    if (!timeline) return timeline.error();
    const auto at_us = static_cast<std::int64_t>(std::llround(*options.at_s * 1e6));
    const review::OnScreen screen = timeline->at(at_us);

    if (!options.out.empty()) {
        auto events = reviews.codedEvents(trial->trial_id);
        if (!events) return events.error();
        // Offscreen GL needs no display; a caller may still choose another driver.
        ::setenv("SDL_VIDEODRIVER", "offscreen", /*overwrite=*/0);
        ui::ReviewStill still;
        still.model = {modelFile(data->dir, *trial), screen.model_pts_us};
        still.practice = {practiceFile(data->dir, *trial), screen.practice_pts_us};
        still.strip = review::timelineStrip(*timeline, at_us, *events);
        auto image = ui::renderReviewStill(still);
        if (!image) return image.error();
        if (Status s = render::writePng(*image, options.out); !s) return s;
    }
    if (options.json) {
        const json out = {{"model", {{"pts", ptsJson(screen.model_pts_us)}}},
                          {"practice", {{"pts", ptsJson(screen.practice_pts_us)}}}};
        std::printf("%s\n", out.dump(2).c_str());
    } else {
        std::printf("trial %lld at %.6f s (offset %.6f s): model frame %s, practice frame %s\n",
                    static_cast<long long>(trial->trial_id), secondsOfUs(at_us),
                    secondsOfUs(timeline->alignment().offset_us),
                    secondsText(screen.model_pts_us).c_str(),
                    secondsText(screen.practice_pts_us).c_str());
        if (!options.out.empty()) std::printf("wrote %s\n", options.out.string().c_str());
    }
    return {};
}

}  // namespace

void addReviewCommand(Cli& cli) {
    auto options = std::make_shared<ReviewOptions>();
    CLI::App* command = cli.app.add_subcommand(
        "review", "A trial's practice beside its model: the frames on screen at a time");
    cli.addDataDirOption(command);
    command->add_option("--trial", options->trial, "The trial")->required();
    command
        ->add_option("--at", options->at_s,
                     "Seconds into the practice recording (the review timeline's time)")
        ->check(CLI::NonNegativeNumber);
    command->add_option("--offset", options->offset_s,
                        "Save the trial's offset: seconds the model starts later against the "
                        "practice (negative: earlier)");
    command->add_option("--nudge", options->nudge_s,
                        "Add seconds to the trial's saved offset (negative: take off)");
    command->add_option("--out", options->out,
                        "With --at: draw the review screen then into this PNG file");
    addPurposeOption(command, options->purpose);
    command->add_flag("--json", options->json, "Print as JSON");
    command->add_flag("--window", options->window,
                      "Open the review window on the trial (both videos, the timeline, coding)");
    command->add_option("--coder", options->coder,
                        "With --window: the coder's name to code with (default: the last one)");
    command->add_flag("--play", options->play, "With --window: start playing at once");
    command->add_flag("--trace-keys", options->trace_keys,
                      "With --window: print a line for every key the window handles");
    command->callback([&cli, options] {
        options->data_dir = cli.dataDir();
        cli.status = runReview(*options);
    });
}

}  // namespace mimic::app
