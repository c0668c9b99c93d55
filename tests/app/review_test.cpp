// `mimic review`, `mimic code` and `mimic agreement` (issue 12, build 5, acceptance 2): on real
// trials recorded by `mimic session --headless` from a FIFO camera, the frames `review --at`
// names are the last frames at or before their mapped times in ffprobe's own frame list of
// each file, at many seeded random times, with and without a nudged offset and on a
// video-prompting (stepped) trial; the offscreen still shows those frames; coding and
// agreement through the command line; bad input refused in one line with nothing stored.
#include <nlohmann/json.hpp>

#include <random>

#include "capture_test_util.h"
#include "picture_compare.h"
#include "records_fixture.h"
#include "store/review_repository.h"
#include "store/session_repository.h"

namespace mimic {
namespace {

using nlohmann::json;

// Times drawn per configuration: enough to land in every part of both files.
constexpr int kRandomTimes = 16;
// ffprobe prints times to the microsecond, mimic computes them to the microsecond.
constexpr double kTimeTolerance = 1.5e-6;

using testing::ffprobeFrameTimes;

// The last of `times` at or before `t`; nullopt before the first.
std::optional<double> lastAtOrBefore(const std::vector<double>& times, double t) {
    std::optional<double> found;
    for (double time : times) {
        if (time <= t + 1e-9) found = time;
    }
    return found;
}

// Whether `t` is within a microsecond or two of a frame time (where ffprobe's six decimals
// cannot say which side it is on): such times are not drawn.
bool nearAFrame(const std::vector<double>& times, double t) {
    for (double time : times) {
        if (std::fabs(time - t) < 3e-6) return true;
    }
    return false;
}

// An RGB picture of a PNG (or a crop of it), decoded by the ffmpeg CLI.
render::RgbImage readPicture(const fs::path& png, const std::string& crop = {}) {
    render::RgbImage image;
    const std::string size = testing::capture(
        "ffprobe -v error -show_entries stream=width,height -of csv=p=0:s=x " + shellQuoted(png));
    const auto x = size.find('x');
    if (x == std::string::npos) return image;
    image.width = std::stoi(size.substr(0, x));
    image.height = std::stoi(size.substr(x + 1));
    std::string filter;
    if (!crop.empty()) {
        filter = " -vf crop=" + crop;
        int w = 0, h = 0;
        std::sscanf(crop.c_str(), "%d:%d", &w, &h);
        image.width = w;
        image.height = h;
    }
    const std::string raw = testing::capture("ffmpeg -v error -i " + shellQuoted(png) + filter +
                                             " -f rawvideo -pix_fmt rgb24 -");
    image.pixels.assign(raw.begin(), raw.end());
    return image;
}

class ReviewCommandTest : public RecordsTest {
  protected:
    static void SetUpTestSuite() {
        RecordsTest::SetUpTestSuite();
        // A 3 s model (H.264 with B-frames and AAC in MP4: an edit list and a start time the
        // frame times must honour).
        ASSERT_EQ(testing::makeTestClip("testsrc2", "320x240", 30, 3, clips_ / "model.mp4"), 0);
    }

    // The library with the 3 s model, the demo child, a therapist and a greeting program.
    void setUpLibrary() {
        install("greeting", clips_ / "model.mp4");
        for (const std::string args :
             {"therapist add 'A. Jones'", "program add demo greeting --phase intervention"}) {
            auto done = mimic(args);
            ASSERT_EQ(done.exit_code, 0) << args << ": " << done.err;
        }
    }
    // Runs a headless session on a FIFO camera of its own; returns the session's JSON.
    json practise(const std::string& args) {
        const fs::path dir = scratch_ / ("camera-" + std::to_string(cameras_++));
        fs::create_directories(dir);
        testing::FifoCamera camera(dir, 120);
        // Without the session's own analysis (the coder "auto", issue 15): on testsrc2, which
        // never holds still, whether it finds a motion onset (and adds that code to the scheme)
        // depends on the moment the practice caught; these tests are about people's coding.
        auto done = mimic("session --headless --child demo --camera " + shellQuoted(camera.path()) +
                          " --mic none --practice-seconds 2 --therapist 'A. Jones' --no-analysis "
                          "--json " +
                          args);
        EXPECT_EQ(done.exit_code, 0) << done.err;
        const auto at = done.out.find('{');
        return at == std::string::npos ? json() : json::parse(done.out.substr(at));
    }
    store::ReviewTrial reviewTrial(std::int64_t trial) {
        auto database = db();
        auto found = store::ReviewRepository(database).findReviewTrial(trial);
        EXPECT_TRUE(found.ok() && *found);
        return found.ok() && *found ? **found : store::ReviewTrial{};
    }
    json reviewAt(std::int64_t trial, double at) {
        char at_text[32];
        std::snprintf(at_text, sizeof at_text, "%.6f", at);
        auto done =
            mimic("review --trial " + std::to_string(trial) + " --at " + at_text + " --json");
        EXPECT_EQ(done.exit_code, 0) << done.err;
        EXPECT_EQ(done.err, "");
        return done.exit_code == 0 ? json::parse(done.out) : json();
    }

    // Draws kRandomTimes times (seeded) across the recording and a little past it, and checks
    // both frames `review --at` names against ffprobe's lists, with the model mapped by
    // `model_origin + (t - practice_origin - offset)` (docs/review.md, "The timeline").
    void expectFramesMatchFfprobe(std::int64_t trial, double model_origin, double offset,
                                  std::uint32_t seed) {
        const store::ReviewTrial row = reviewTrial(trial);
        ASSERT_TRUE(row.recording_path);
        ASSERT_TRUE(row.attempt_offset_ms) << "the session stores where the practice starts";
        const std::vector<double> model = ffprobeFrameTimes(data_ / row.clip_path);
        const std::vector<double> practice = ffprobeFrameTimes(data_ / *row.recording_path);
        ASSERT_GE(model.size(), 85u);
        ASSERT_GE(practice.size(), 90u);  // the 1.5 s cue and the 2 s practice at 30 fps
        // The practice starts attempt_offset_ms after the recording's first frame.
        const double practice_origin = practice.front() + *row.attempt_offset_ms / 1000.0;
        EXPECT_GT(practice_origin, 1.0) << "the recording starts at the cue, before the practice";

        std::mt19937 random(seed);
        std::uniform_real_distribution<double> pick(0.0, practice.back() + 0.5);
        int model_shown = 0;
        for (int i = 0; i < kRandomTimes;) {
            const double t = std::round(pick(random) * 1e6) / 1e6;
            const double mapped = model_origin + (t - practice_origin - offset);
            if (nearAFrame(practice, t) || nearAFrame(model, mapped)) continue;
            ++i;
            const json screen = reviewAt(trial, t);
            SCOPED_TRACE("at " + std::to_string(t) + " s: " + screen.dump());
            const auto want_practice = lastAtOrBefore(practice, t);
            const auto want_model = lastAtOrBefore(model, mapped);
            ASSERT_TRUE(screen.contains("model") && screen.contains("practice"));
            if (want_practice) {
                EXPECT_NEAR(screen["practice"]["pts"].get<double>(), *want_practice,
                            kTimeTolerance);
            } else {
                EXPECT_TRUE(screen["practice"]["pts"].is_null());
            }
            if (want_model) {
                ++model_shown;
                EXPECT_NEAR(screen["model"]["pts"].get<double>(), *want_model, kTimeTolerance);
            } else {
                EXPECT_TRUE(screen["model"]["pts"].is_null());
            }
        }
        EXPECT_GE(model_shown, kRandomTimes / 3) << "the model was on screen at few times";
    }

    int cameras_ = 0;
};

TEST_F(ReviewCommandTest, ReviewTimesMatchFfprobeWithAndWithoutANudge) {
    setUpLibrary();
    const json session = practise("--trials 1 --score independent");
    ASSERT_EQ(session["trials"].size(), 1u) << session.dump(1);
    const std::int64_t trial = session["trials"][0]["trial"];
    const double model_start = ffprobeFrameTimes(data_ / reviewTrial(trial).clip_path).front();
    expectFramesMatchFfprobe(trial, model_start, 0.0, 20261201);

    // --nudge adds to the saved offset, --offset sets it; both are kept with the trial.
    auto nudged = mimic("review --trial " + std::to_string(trial) + " --nudge 0.25 --json");
    ASSERT_EQ(nudged.exit_code, 0) << nudged.err;
    EXPECT_EQ(json::parse(nudged.out), (json{{"offset", 0.25}}));
    nudged = mimic("review --trial " + std::to_string(trial) + " --nudge -0.1 --json");
    EXPECT_EQ(json::parse(nudged.out), (json{{"offset", 0.15}}));
    EXPECT_EQ(reviewTrial(trial).offset_us, 150'000);
    expectFramesMatchFfprobe(trial, model_start, 0.15, 20261202);

    auto set = mimic("review --trial " + std::to_string(trial) + " --offset -0.4");
    ASSERT_EQ(set.exit_code, 0) << set.err;
    EXPECT_EQ(reviewTrial(trial).offset_us, -400'000);
    expectFramesMatchFfprobe(trial, model_start, -0.4, 20261203);
}

// Video prompting: each step is a trial of its own, and step k's segment start lines up with
// the practice of step k.
TEST_F(ReviewCommandTest, ReviewTimesMatchFfprobeOnASteppedTrial) {
    setUpLibrary();
    for (const std::string args : {"library segment add 1 --behaviour greeting --in 0.4 --out "
                                   "1.0 --step 1 --label look",
                                   "library segment add 1 --behaviour greeting --in 1.5 --out "
                                   "2.2 --step 2 --label wave"}) {
        auto done = mimic(args);
        ASSERT_EQ(done.exit_code, 0) << args << ": " << done.err;
    }
    {
        auto database = db();
        store::ClinicalRepository clinical(database);
        auto child = clinical.findChild("demo");
        ASSERT_TRUE(child.ok() && *child);
        auto program = clinical.findProgram((*child)->id, 1);
        ASSERT_TRUE(program.ok() && *program);
        store::ProgramRecord record = (*program)->record;
        record.video_prompting = true;
        ASSERT_TRUE(clinical.updateProgram((*program)->id, record).ok());
    }
    const json session = practise("--trials 1 --score independent --score independent");
    ASSERT_EQ(session["trials"].size(), 2u) << session.dump(1);
    EXPECT_EQ(session["trials"][1]["step"], 2);
    const std::int64_t step2 = session["trials"][1]["trial"];
    EXPECT_EQ(reviewTrial(step2).step_in_ms, 1500);
    expectFramesMatchFfprobe(step2, 1.5, 0.0, 20261204);
    auto nudged = mimic("review --trial " + std::to_string(step2) + " --nudge -0.3");
    ASSERT_EQ(nudged.exit_code, 0) << nudged.err;
    expectFramesMatchFfprobe(step2, 1.5, -0.3, 20261205);
    const std::int64_t step1 = session["trials"][0]["trial"];
    expectFramesMatchFfprobe(step1, 0.4, 0.0, 20261206);
}

// The still: both frames `review --at` names, each letterboxed into its 640x360 pane (a
// 320x240 picture fills 480x360 of it, 80 pixels in), the strip below.
TEST_F(ReviewCommandTest, TheStillShowsTheFramesOnScreen) {
    setUpLibrary();
    const json session = practise("--trials 1 --score independent");
    const std::int64_t trial = session["trials"][0]["trial"];
    const store::ReviewTrial row = reviewTrial(trial);
    ASSERT_TRUE(row.recording_path && row.attempt_offset_ms);
    const double at = *row.attempt_offset_ms / 1000.0 + 1.2;  // well into both files
    const json screen = reviewAt(trial, at);
    ASSERT_FALSE(screen["model"]["pts"].is_null());
    ASSERT_FALSE(screen["practice"]["pts"].is_null());

    // A still is the child's picture: it leaves the data folder only with consent (issue 14).
    const fs::path still = scratch_ / "still.png";
    const std::string draw = "review --trial " + std::to_string(trial) + " --at " +
                             std::to_string(at) + " --out " + shellQuoted(still);
    auto refused = mimic(draw);
    EXPECT_NE(refused.exit_code, 0);
    EXPECT_NE(refused.err.find("no current share-with-parents consent"), std::string::npos)
        << refused.err;
    EXPECT_FALSE(fs::exists(still));
    ASSERT_EQ(mimic("consent grant demo --scope share-with-parents --by parent").exit_code, 0);
    EXPECT_NE(mimic(draw + " --purpose training").exit_code, 0) << "training needs its own";
    auto drawn = mimic(draw);
    ASSERT_EQ(drawn.exit_code, 0) << drawn.err;
    const render::RgbImage whole = readPicture(still);
    EXPECT_EQ(whole.width, 3 * 8 + 2 * 640);
    EXPECT_GT(whole.height, 360 + 40);
    for (const auto& [file, pts, x] :
         {std::tuple{data_ / row.clip_path, screen["model"]["pts"].get<double>(), 8 + 80},
          std::tuple{data_ / *row.recording_path, screen["practice"]["pts"].get<double>(),
                     8 + 640 + 8 + 80}}) {
        const fs::path alone = scratch_ / "alone.png";
        auto snapshot = mimic("snapshot " + shellQuoted(file) + " --at " + std::to_string(pts) +
                              " --width 480 --out " + shellQuoted(alone));
        ASSERT_EQ(snapshot.exit_code, 0) << snapshot.err;
        const render::RgbImage pane = readPicture(still, "480:360:" + std::to_string(x) + ":8");
        const render::RgbImage expected = readPicture(alone);
        EXPECT_GT(testing::quarterPsnr(pane, expected), 30.0) << file;
    }
}

TEST_F(ReviewCommandTest, CodingAndAgreementFromTheCommandLine) {
    setUpLibrary();
    const json session = practise("--trials 1 --score independent");
    const std::string trial = std::to_string(session["trials"][0]["trial"].get<std::int64_t>());
    for (const std::string args : {"code scheme add greeting look --type state --key l",
                                   "code scheme add greeting smile --type state",
                                   "code scheme add greeting wave --type point --key w"}) {
        auto done = mimic(args);
        ASSERT_EQ(done.exit_code, 0) << args << ": " << done.err;
    }
    auto scheme = mimic("code scheme list greeting --json");
    ASSERT_EQ(scheme.exit_code, 0) << scheme.err;
    const json codes = json::parse(scheme.out);
    ASSERT_EQ(codes.size(), 3u);
    EXPECT_EQ(codes[0]["code"], "look");
    EXPECT_EQ(codes[0]["type"], "state");
    EXPECT_EQ(codes[0]["key"], "l");
    EXPECT_TRUE(codes[1]["key"].is_null());
    EXPECT_EQ(codes[2]["type"], "point");

    // The overlapping states of tests/review (kappa 0.588 by hand), and a point each coder
    // puts in the same slice.
    for (const std::string args :
         {"--coder A --behaviour look --at 0 --to 4", "--coder A --behaviour smile --at 2 --to 6",
          "--coder 'B. Two' --behaviour look --at 0 --to 3",
          "--coder 'B. Two' --behaviour smile --at 3 --to 6"}) {
        auto done = mimic("code add --trial " + trial + " " + args);
        ASSERT_EQ(done.exit_code, 0) << args << ": " << done.err;
    }
    auto point = mimic("code add --trial " + trial + " --coder A --behaviour wave --at 1.25");
    ASSERT_EQ(point.exit_code, 0) << point.err;

    auto listed = mimic("code list --trial " + trial + " --json");
    ASSERT_EQ(listed.exit_code, 0) << listed.err;
    const json events = json::parse(listed.out);
    ASSERT_EQ(events.size(), 5u);
    EXPECT_EQ(
        events[0],
        (json{{"id", 1}, {"coder", "A"}, {"behaviour", "look"}, {"start", 0.0}, {"stop", 4.0}}));
    EXPECT_EQ(
        events[2],
        (json{
            {"id", 5}, {"coder", "A"}, {"behaviour", "wave"}, {"start", 1.25}, {"stop", nullptr}}));

    // With A's point, A's category at the slice at 1 is [look, wave]: only agreement counts.
    auto removed = mimic("code remove 5");
    ASSERT_EQ(removed.exit_code, 0) << removed.err;
    auto agreement =
        mimic("agreement --trial " + trial + " --coders A 'B. Two' --interval 1 --json");
    ASSERT_EQ(agreement.exit_code, 0) << agreement.err;
    const json result = json::parse(agreement.out);
    EXPECT_EQ(result["kappa"], 0.588);
    EXPECT_DOUBLE_EQ(result["percent"].get<double>(), 500.0 / 7.0);
    EXPECT_EQ(result["slices"], 7);
    auto text = mimic("agreement --trial " + trial + " --coders A 'B. Two'");
    ASSERT_EQ(text.exit_code, 0) << text.err;
    EXPECT_NE(text.out.find("kappa 0.588, percent agreement 71.4 %"), std::string::npos)
        << text.out;

    auto all = mimic("code remove --trial " + trial + " --all");
    ASSERT_EQ(all.exit_code, 0) << all.err;
    EXPECT_EQ(json::parse(mimic("code list --trial " + trial + " --json").out), json::array());
    // Who coded what, and its removal, is in the audit log with the child.
    auto audit = mimic("audit list --child demo --json");
    ASSERT_EQ(audit.exit_code, 0) << audit.err;
    EXPECT_NE(audit.out.find("coded event"), std::string::npos);
}

TEST_F(ReviewCommandTest, BadInputIsRefusedInOneLineAndNothingIsStored) {
    setUpLibrary();
    const json session = practise("--trials 1 --score independent");
    const std::string trial = std::to_string(session["trials"][0]["trial"].get<std::int64_t>());
    ASSERT_EQ(mimic("code scheme add greeting look --type state").exit_code, 0);
    ASSERT_EQ(mimic("code scheme add greeting wave --type point --key w").exit_code, 0);
    ASSERT_EQ(mimic("code add --trial " + trial + " --coder A --behaviour wave --at 1").exit_code,
              0);
    const std::string t = " --trial " + trial;
    const auto before_db = [&] {
        auto database = db();
        std::string counts;
        for (const char* table : {"coded_events", "codes", "audit_log", "trial_reviews"}) {
            auto count =
                database.connection().queryText(std::string("SELECT count(*) FROM ") + table);
            counts += table + std::string(" ") + (count.ok() ? count->value_or("?") : "?") + "\n";
        }
        return counts;
    };
    const std::string counts = before_db();
    const std::string files_before = std::to_string(files(data_).size());
    for (const auto& [args, expected] : std::vector<std::pair<std::string, std::string>>{
             {"code add --trial 999 --coder A --behaviour wave --at 1", "no trial 999"},
             {"code add" + t + " --coder A --behaviour jump --at 1", "has no code 'jump'"},
             {"code add" + t + " --coder A --behaviour look --at 1",
              "'look' is a state event: it needs a stop time"},
             {"code add" + t + " --coder A --behaviour look --at 2 --to 1",
              "the stop (1.000 s) is before the start (2.000 s)"},
             {"code add" + t + " --coder A --behaviour wave --at 1 --to 2",
              "'wave' is a point event: it has no stop time"},
             {"code add" + t + " --coder A --behaviour wave --at -1", "--at is before"},
             {"code add" + t + " --coder \"$(printf 'A\\nB')\" --behaviour wave --at 1",
              "control character"},
             {"code add" + t + " --coder \"$(printf '\\033[2J')\" --behaviour wave --at 1",
              "control character"},
             {"code add" + t + " --coder '' --behaviour wave --at 1", "coder"},
             {"code scheme add greeting \"$(printf 'x\\ty')\" --type point", "control character"},
             {"code scheme add greeting jump --type hop", "--type must be point or state"},
             {"code scheme add greeting jump --type point --key w", "key 'w' is taken"},
             {"code scheme add greeting jump --type point --key ww", "one visible character"},
             {"code scheme add nothing jump --type point", "no behaviour 'nothing'"},
             {"code scheme add greeting look --type point", "has a code 'look' already"},
             {"code list --trial 999", "no trial 999"},
             {"code remove 999", "no such event"},
             {"code remove --all", "--trial N --all"},
             {"agreement --trial 999 --coders A B", "no trial 999"},
             {"agreement" + t + " --coders A Nobody", "coder 'Nobody' has coded no events"},
             {"agreement" + t + " --coders A A --interval 0", "--interval"},
             {"review --trial 999 --at 1 --json", "no trial 999"},
             {"review" + t + " --offset 1 --nudge 1", "not both"},
             {"review" + t, "give --at"},
             {"review" + t + " --offset 99999", "within an hour"}}) {
        auto refused = mimic(args);
        EXPECT_NE(refused.exit_code, 0) << args;
        ASSERT_EQ(refused.errLines().size(), 1u) << args << ": " << refused.err;
        EXPECT_NE(refused.err.find(expected), std::string::npos) << args << ": " << refused.err;
        EXPECT_EQ(refused.out, "") << args;
    }
    EXPECT_EQ(before_db(), counts) << "a refused command changed the database";
    EXPECT_EQ(std::to_string(files(data_).size()), files_before);
}

}  // namespace
}  // namespace mimic
