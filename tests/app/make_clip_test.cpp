// `mimic library make-clip` end to end (issue 16, self-modelling clips): a trial's recording
// made by ffmpeg (testsrc2's numbered pictures, a sine's sound) cut by the real binary, and
// judged by ffmpeg's own decode of both files: every picture of the clip is the recording's
// picture at the mapped time and none comes from outside the keeps; the length is the keeps'
// sum; the joins do not click. Then who may see the clip, bad input, and erasure.
#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <sstream>

#include <sys/statvfs.h>

#include "records_fixture.h"
#include "store/library_repository.h"
#include "tmpfs_mount.h"

namespace mimic {
namespace {

constexpr int kWidth = 160;
constexpr int kHeight = 120;
constexpr int kRate = 30;
constexpr int kSoundRate = 48000;

std::string readBytes(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class MakeClipTest : public RecordsTest {
  protected:
    // A recording of `seconds` for a trial of `child`: testsrc2 at 30 fps with a 437 Hz sine (no
    // whole number of cycles between the keeps, so a join without a crossfade jumps), H.264 + AAC
    // in Matroska like the recorder's; stored as the child's trial (its id).
    std::int64_t recordedTrial(const std::string& child, double seconds) {
        const std::string name = "recordings/made-" + std::to_string(++recordings_) + ".mkv";
        const fs::path file = data_ / name;
        fs::create_directories(file.parent_path());
        auto made = runCommand(
            "ffmpeg -v error -nostdin -f lavfi -i testsrc2=s=" + std::to_string(kWidth) + "x" +
                std::to_string(kHeight) + ":r=30 -f lavfi -i sine=f=437:r=48000 -t " +
                std::to_string(seconds) +
                " -c:v libx264 -g 30 -pix_fmt yuv420p -crf 12 -c:a aac -b:a 192k -ac 1 " +
                shellQuoted(file),
            scratch_);
        EXPECT_EQ(made.exit_code, 0) << made.err;
        auto database = db();
        store::ClinicalRepository clinical(database);
        auto found = clinical.findChild(child);
        EXPECT_TRUE(found.ok() && found->has_value());
        const std::int64_t child_id = (*found)->id;
        auto behaviour = store::LibraryRepository(database).findBehaviour("greeting");
        EXPECT_TRUE(behaviour.ok() && behaviour->has_value());
        auto session =
            clinical.addSession(child_id, "2026-12-04T09:00:00Z", "2026-12-04T09:05:00Z");
        EXPECT_TRUE(session.ok());
        store::RecordingRecord recording;
        recording.path = name;
        recording.started_at = "2026-12-04T09:01:00Z";
        recording.duration_ms = std::llround(seconds * 1000);
        recording.video_frames = std::llround(seconds * kRate);
        recording.status = store::RecordingStatus::kComplete;
        auto recording_id = clinical.addRecording(recording);
        EXPECT_TRUE(recording_id.ok());
        auto trial = clinical.addTrial(*session, (*behaviour)->id, 1, *recording_id, 1);
        EXPECT_TRUE(trial.ok()) << trial.error().message;
        return *trial;
    }

    // Every picture of `file` as grey bytes at 160x120.
    std::vector<std::string> greyPictures(const fs::path& file) {
        const fs::path raw = scratch_ / "pictures.gray";
        auto decoded =
            runCommand("ffmpeg -v error -nostdin -i " + shellQuoted(file) +
                           " -fps_mode passthrough -f rawvideo -pix_fmt gray -s 160x120 -y " +
                           shellQuoted(raw),
                       scratch_);
        EXPECT_EQ(decoded.exit_code, 0) << decoded.err;
        const std::string bytes = readBytes(raw);
        std::vector<std::string> pictures;
        const std::size_t size = static_cast<std::size_t>(kWidth) * kHeight;
        for (std::size_t at = 0; at + size <= bytes.size(); at += size)
            pictures.push_back(bytes.substr(at, size));
        return pictures;
    }

    // The sound of `file`, mono float at 48 kHz.
    std::vector<float> sound(const fs::path& file) {
        const fs::path raw = scratch_ / "sound.f32";
        auto decoded = runCommand("ffmpeg -v error -nostdin -i " + shellQuoted(file) +
                                      " -f f32le -ac 1 -ar 48000 -y " + shellQuoted(raw),
                                  scratch_);
        EXPECT_EQ(decoded.exit_code, 0) << decoded.err;
        const std::string bytes = readBytes(raw);
        std::vector<float> samples(bytes.size() / sizeof(float));
        std::memcpy(samples.data(), bytes.data(), samples.size() * sizeof(float));
        return samples;
    }

    static double psnr(const std::string& a, const std::string& b) {
        double squared = 0.0;
        for (std::size_t i = 0; i < a.size(); ++i) {
            const double d = static_cast<unsigned char>(a[i]) - static_cast<unsigned char>(b[i]);
            squared += d * d;
        }
        const double mse = squared / static_cast<double>(a.size());
        return mse == 0.0 ? 99.0 : 10.0 * std::log10(255.0 * 255.0 / mse);
    }

    std::int64_t clipRows() {
        auto database = db();
        auto clips = store::LibraryRepository(database).listClips();
        EXPECT_TRUE(clips.ok());
        return static_cast<std::int64_t>(clips->size());
    }

    // The one-clip library of "greeting" and the children c-1 and c-2 with consent.
    void installWithTwoChildren() {
        install("greeting");
        addChildWithConsent("c-1");
        addChildWithConsent("c-2");
    }

    int recordings_ = 0;
};

TEST_F(MakeClipTest, KeepsJoinedFrameExactWithSoundThatDoesNotClick) {
    install("greeting");
    addChildWithConsent("c-1");
    const std::int64_t trial = recordedTrial("c-1", 8.0);
    struct Range {
        double start;
        double end;
    };
    const std::vector<Range> keeps = {{1.0, 2.5}, {4.0, 5.0}, {6.2, 7.4}};
    auto made = mimic("library make-clip --from-trial " + std::to_string(trial) +
                      " --keep 1-2.5 --keep 4-5 --keep 6.2-7.4 --behaviour greeting --title "
                      "'Best hello' --json");
    ASSERT_EQ(made.exit_code, 0) << made.err;
    const auto out = nlohmann::json::parse(made.out);
    ASSERT_TRUE(out.contains("clip_id") && out.contains("path") && out.contains("duration"))
        << made.out;
    const fs::path clip = out["path"].get<std::string>();
    ASSERT_TRUE(fs::exists(clip)) << clip;
    const double sum = 1.5 + 1.0 + 1.2;
    EXPECT_NEAR(out["duration"].get<double>(), sum, 1.0 / kRate) << made.out;
    auto probed = runCommand(
        "ffprobe -v error -show_entries format=duration -of csv=p=0 " + shellQuoted(clip),
        scratch_);
    EXPECT_NEAR(std::stod(probed.out), sum, 1.0 / kRate) << "ffprobe: " << probed.out;

    const auto recording = greyPictures(data_ / "recordings/made-1.mkv");
    const auto pictures = greyPictures(clip);
    ASSERT_EQ(recording.size(), 240u);
    std::vector<double> times;
    {
        auto listed = runCommand(
            "ffprobe -v error -select_streams v -show_entries frame=pts_time "
            "-of csv=p=0 " +
                shellQuoted(data_ / "recordings/made-1.mkv"),
            scratch_);
        std::istringstream lines(listed.out);
        for (std::string line; std::getline(lines, line);)
            if (!line.empty()) times.push_back(std::stod(line));
    }
    ASSERT_EQ(times.size(), recording.size());
    EXPECT_NEAR(static_cast<double>(pictures.size()), sum * kRate, 1.0);
    // Picture k is at k/30 s: the recording's picture at the mapped time, and the recording's
    // picture it is most like lies inside a keep.
    double offset = 0.0;
    std::size_t k = 0;
    for (const Range& keep : keeps) {
        const double length = keep.end - keep.start;
        for (; k < pictures.size() && static_cast<double>(k) / kRate < offset + length - 1e-6;
             ++k) {
            // The recording's first picture at or after the mapped time (as `ffmpeg -ss` finds
            // it): its pictures start 21 ms in, behind the sound encoder's delay.
            const double mapped = keep.start + static_cast<double>(k) / kRate - offset;
            const auto frame = static_cast<std::size_t>(
                std::lower_bound(times.begin(), times.end(), mapped - 0.0005) - times.begin());
            ASSERT_LT(frame, recording.size());
            EXPECT_GE(psnr(pictures[k], recording[frame]), 35.0)
                << "picture " << k << " against the recording's at " << mapped << " s";
            std::size_t best = 0;
            double best_psnr = -1.0;
            for (std::size_t f = 0; f < recording.size(); ++f) {
                const double p = psnr(pictures[k], recording[f]);
                if (p > best_psnr) {
                    best_psnr = p;
                    best = f;
                }
            }
            const double at = static_cast<double>(best) / kRate;
            bool inside = false;
            for (const Range& r : keeps)
                inside = inside || (at >= r.start - 1e-6 && at < r.end);
            EXPECT_TRUE(inside) << "picture " << k << " is the recording's at " << at << " s";
        }
        offset += length;
    }

    // The joins: no sample-to-sample step louder than the sine's own largest step.
    const auto samples = sound(clip);
    ASSERT_NEAR(static_cast<double>(samples.size()) / kSoundRate, sum, 0.05);
    double material = 0.0;
    for (std::size_t i = kSoundRate / 5; i < kSoundRate; ++i)
        material = std::max(material, static_cast<double>(std::abs(samples[i] - samples[i - 1])));
    ASSERT_GT(material, 0.005) << "the clip has its sound (ffmpeg's sine: amplitude 1/8)";
    for (const double join : {1.5, 2.5}) {
        const auto centre = static_cast<std::size_t>(join * kSoundRate);
        double worst = 0.0;
        for (std::size_t i = centre - kSoundRate / 50; i < centre + kSoundRate / 50; ++i)
            worst = std::max(worst, static_cast<double>(std::abs(samples[i] - samples[i - 1])));
        EXPECT_LE(worst, material * 1.25) << "a click at the join at " << join << " s";
    }

    // A library clip of model kind "self", tagged, the child's, with where it came from.
    const auto listed = nlohmann::json::parse(mimic("library list --json").out);
    const auto entry = std::find_if(listed.begin(), listed.end(),
                                    [&](const auto& c) { return c["id"] == out["clip_id"]; });
    ASSERT_NE(entry, listed.end()) << listed.dump();
    EXPECT_EQ((*entry)["model_kind"], "self");
    EXPECT_EQ((*entry)["title"], "Best hello");
    EXPECT_EQ((*entry)["behaviours"], nlohmann::json::array({"greeting"}));
    auto database = db();
    store::LibraryRepository library(database);
    auto stored = library.findClip(out["clip_id"].get<std::int64_t>());
    ASSERT_TRUE(stored.ok() && stored->has_value());
    EXPECT_TRUE((*stored)->record.child_id.has_value());
    auto cuts = library.clipCuts((*stored)->id);
    ASSERT_TRUE(cuts.ok());
    ASSERT_EQ(cuts->size(), 3u);
    EXPECT_EQ((*cuts)[2].start_ms, 6200);
    EXPECT_EQ((*cuts)[2].end_ms, 7400);
    EXPECT_TRUE(fs::exists(data_ / *(*stored)->record.thumbnail_path));
}

TEST_F(MakeClipTest, SeveralTrialsInTheOrderGivenAndTheClipIsTheChildsOnly) {
    installWithTwoChildren();
    const std::int64_t first = recordedTrial("c-1", 4.0);
    const std::int64_t second = recordedTrial("c-1", 3.0);
    auto made = mimic("library make-clip --from-trial " + std::to_string(second) +
                      " --keep 0.5-1.5 --from-trial " + std::to_string(first) +
                      " --keep 2-3 --keep 3-3.5 --behaviour greeting --title mine --json");
    ASSERT_EQ(made.exit_code, 0) << made.err;
    const auto out = nlohmann::json::parse(made.out);
    EXPECT_NEAR(out["duration"].get<double>(), 2.5, 1.0 / kRate);
    const std::int64_t clip_id = out["clip_id"];
    const fs::path file = out["path"].get<std::string>();

    // c-2's sessions never show it, even with c-1's training-use consent (a clip shown in
    // c-2's trials would be part of c-2's record, and c-1's erasure must take it whole);
    // c-1's take it in turn with the library's clip.
    auto granted = mimic("consent grant c-1 --scope training-use --by 'parent: A. Smith'");
    ASSERT_EQ(granted.exit_code, 0) << granted.err;
    const auto shown = [&](const std::string& child) {
        auto ran = mimic(
            "session --headless --trials 2 --camera synthetic --mic none "
            "--practice-seconds 1 --no-analysis --json --child " +
            child + " --behaviour greeting");
        EXPECT_EQ(ran.exit_code, 0) << ran.err;
        std::set<std::int64_t> clips;
        const auto report = nlohmann::json::parse(ran.out);
        for (const auto& t : report["trials"])
            clips.insert(t["clip"].get<std::int64_t>());
        return clips;
    };
    EXPECT_EQ(shown("c-2"), std::set<std::int64_t>{1});
    EXPECT_EQ(shown("c-1"), (std::set<std::int64_t>{1, clip_id}));

    // Erasing c-1 takes the clip, its file and its thumbnail.
    std::string thumbnail;
    {
        auto database = db();
        auto stored = store::LibraryRepository(database).findClip(clip_id);
        ASSERT_TRUE(stored.ok() && stored->has_value());
        thumbnail = *(*stored)->record.thumbnail_path;
    }
    auto erased = mimic("child erase c-1 --yes");
    ASSERT_EQ(erased.exit_code, 0) << erased.err;
    EXPECT_FALSE(fs::exists(file));
    EXPECT_FALSE(fs::exists(data_ / thumbnail));
    auto database = db();
    auto gone = store::LibraryRepository(database).findClip(clip_id);
    ASSERT_TRUE(gone.ok());
    EXPECT_FALSE(gone->has_value());
    EXPECT_EQ(shown("c-2"), std::set<std::int64_t>{1});
}

// A caption is drawn on every picture, near the bottom, as typed (drawtext's own syntax and
// expansions included); the rest of the picture stays the recording's.
TEST_F(MakeClipTest, ACaptionIsDrawnAsTypedAndTheRestIsThePicture) {
    installWithTwoChildren();
    const std::int64_t trial = recordedTrial("c-1", 4.0);
    const std::string caption = "Sam's turn: 100% {hello} %{pts} \\ ok";
    auto made = mimic("library make-clip --from-trial " + std::to_string(trial) +
                      " --keep 1-2 --behaviour greeting --title x --json --caption " +
                      shellQuoted(caption));
    ASSERT_EQ(made.exit_code, 0) << made.err;
    const auto out = nlohmann::json::parse(made.out);
    const auto pictures = greyPictures(out["path"].get<std::string>());
    const auto recording = greyPictures(data_ / "recordings/made-1.mkv");
    auto listed = runCommand(
        "ffprobe -v error -select_streams v -show_entries frame=pts_time "
        "-of csv=p=0 " +
            shellQuoted(data_ / "recordings/made-1.mkv"),
        scratch_);
    std::vector<double> times;
    std::istringstream lines(listed.out);
    for (std::string line; std::getline(lines, line);)
        if (!line.empty()) times.push_back(std::stod(line));
    ASSERT_EQ(times.size(), recording.size());
    ASSERT_NEAR(static_cast<double>(pictures.size()), 30.0, 1.0);
    const std::size_t row = kWidth;
    for (std::size_t k = 0; k < pictures.size(); k += 5) {
        const auto frame = static_cast<std::size_t>(
            std::lower_bound(times.begin(), times.end(),
                             1.0 + static_cast<double>(k) / kRate - 0.0005) -
            times.begin());
        // The top two thirds: the recording's picture; the band at the bottom: the words.
        EXPECT_GE(psnr(pictures[k].substr(0, 80 * row), recording[frame].substr(0, 80 * row)), 35.0)
            << "picture " << k;
        EXPECT_LT(psnr(pictures[k].substr(96 * row, 20 * row),
                       recording[frame].substr(96 * row, 20 * row)),
                  25.0)
            << "picture " << k << " has no caption";
    }
    const auto listed_clips = nlohmann::json::parse(mimic("library list --json").out);
    EXPECT_NE(listed_clips.back()["notes"].get<std::string>().find(caption), std::string::npos);
    auto bad =
        mimic("library make-clip --from-trial " + std::to_string(trial) +
              " --keep 1-2 --behaviour greeting --title y --caption \"$(printf 'two\\nlines')\"");
    EXPECT_NE(bad.exit_code, 0);
    EXPECT_NE(bad.err.find("caption"), std::string::npos) << bad.err;
}

// --slow: the keep before it lasts that many times longer, silent; the next plays as it was.
TEST_F(MakeClipTest, ASlowedStepLastsLongerWithoutItsSound) {
    installWithTwoChildren();
    const std::int64_t trial = recordedTrial("c-1", 5.0);
    const std::string from = "library make-clip --from-trial " + std::to_string(trial);
    auto misplaced = mimic(from + " --slow 2 --keep 1-2 --behaviour greeting --title x");
    EXPECT_NE(misplaced.exit_code, 0);
    EXPECT_NE(misplaced.err.find("--slow follows"), std::string::npos) << misplaced.err;
    auto too_slow = mimic(from + " --keep 1-2 --slow 9 --behaviour greeting --title x");
    EXPECT_NE(too_slow.exit_code, 0);
    auto made =
        mimic(from + " --keep 1-2 --slow 2 --keep 3-4 --behaviour greeting --title x --json");
    ASSERT_EQ(made.exit_code, 0) << made.err;
    const auto out = nlohmann::json::parse(made.out);
    EXPECT_NEAR(out["duration"].get<double>(), 3.0, 1.0 / kRate);
    const fs::path clip = out["path"].get<std::string>();
    EXPECT_NEAR(static_cast<double>(greyPictures(clip).size()), 90.0, 1.0);
    const auto samples = sound(clip);
    double slowed = 0.0;
    double after = 0.0;
    for (std::size_t i = kSoundRate / 20; i < 2 * kSoundRate - kSoundRate / 20; ++i)
        slowed = std::max(slowed, static_cast<double>(std::abs(samples[i])));
    for (std::size_t i = 2 * kSoundRate + kSoundRate / 20; i < samples.size() - kSoundRate / 20;
         ++i)
        after = std::max(after, static_cast<double>(std::abs(samples[i])));
    EXPECT_LT(slowed, 0.01) << "the slowed step is silent";
    EXPECT_GT(after, 0.1) << "the next step keeps its sound";
    const auto listed = nlohmann::json::parse(mimic("library list --json").out);
    EXPECT_NE(listed.back()["notes"].get<std::string>().find("1-2 (2x slower)"), std::string::npos)
        << listed.back()["notes"];
}

// A disk that fills up while the clip is written: one line, no file left in the library, no
// row; once space returns the same command makes the clip.
TEST_F(MakeClipTest, AFullDiskLeavesNoFileAndNoRow) {
    fs::create_directories(data_);
    testing::TmpfsMount disk(data_, std::size_t{64} << 20);
    ASSERT_EQ(disk.error(), "");
    installWithTwoChildren();
    const std::int64_t trial = recordedTrial("c-1", 6.0);
    const auto before = files(data_ / "library");
    const std::int64_t rows = clipRows();
    struct statvfs space {};
    ASSERT_EQ(::statvfs(data_.c_str(), &space), 0);
    const std::size_t used = (space.f_blocks - space.f_bfree) * space.f_frsize;
    ASSERT_EQ(disk.resize(used + (std::size_t{96} << 10)), "");  // 96 KB left
    const std::string making = "library make-clip --from-trial " + std::to_string(trial) +
                               " --keep 0.5-5.5 --behaviour greeting --title full";
    auto full = mimic(making);
    EXPECT_NE(full.exit_code, 0);
    EXPECT_NE(full.err.find("No space left on device"), std::string::npos) << full.err;
    EXPECT_EQ(std::count(full.err.begin(), full.err.end(), '\n'), 1) << full.err;
    EXPECT_EQ(files(data_ / "library"), before);
    ASSERT_EQ(disk.resize(std::size_t{64} << 20), "");  // space returns
    EXPECT_EQ(clipRows(), rows);
    auto made = mimic(making);
    EXPECT_EQ(made.exit_code, 0) << made.err;
    EXPECT_EQ(clipRows(), rows + 1);
}

// Codes seed the keeps: the stretches coded "independent" are kept (overlapping ones joined),
// the "prompted" one is not.
TEST_F(MakeClipTest, TheStretchesCodedIndependentAreKept) {
    installWithTwoChildren();
    const std::int64_t trial = recordedTrial("c-1", 7.0);
    const std::string t = std::to_string(trial);
    ASSERT_EQ(mimic("code scheme add greeting independent --type state").exit_code, 0);
    ASSERT_EQ(mimic("code scheme add greeting prompted --type state").exit_code, 0);
    for (const char* range : {"independent --at 1 --to 2", "independent --at 1.5 --to 3",
                              "prompted --at 3.5 --to 4.5", "independent --at 5 --to 6"}) {
        auto coded = mimic("code add --trial " + t + " --coder Theo --behaviour " + range);
        ASSERT_EQ(coded.exit_code, 0) << coded.err;
    }
    auto none = mimic("library make-clip --from-trial " + t +
                      " --keep-coded independent --coder Ann --behaviour greeting --title x");
    EXPECT_NE(none.exit_code, 0);
    EXPECT_NE(none.err.find("has no stretch coded 'independent' by Ann"), std::string::npos)
        << none.err;
    auto made = mimic("library make-clip --from-trial " + t +
                      " --keep-coded independent --behaviour greeting --title x --json");
    ASSERT_EQ(made.exit_code, 0) << made.err;
    const auto out = nlohmann::json::parse(made.out);
    EXPECT_NEAR(out["duration"].get<double>(), 3.0, 1.0 / kRate);
    auto database = db();
    auto cuts = store::LibraryRepository(database).clipCuts(out["clip_id"].get<std::int64_t>());
    ASSERT_TRUE(cuts.ok());
    ASSERT_EQ(cuts->size(), 2u);
    EXPECT_EQ((*cuts)[0].start_ms, 1000);
    EXPECT_EQ((*cuts)[0].end_ms, 3000);
    EXPECT_EQ((*cuts)[1].start_ms, 5000);
    EXPECT_EQ((*cuts)[1].end_ms, 6000);
}

TEST_F(MakeClipTest, BadInputIsOneLineAndWritesNothing) {
    installWithTwoChildren();
    const std::int64_t trial = recordedTrial("c-1", 4.0);
    const std::int64_t other = recordedTrial("c-2", 4.0);
    const std::string t = std::to_string(trial);
    const auto before = files(data_ / "library");
    const std::int64_t rows = clipRows();
    struct Case {
        std::string args;
        std::string says;
    };
    const std::vector<Case> cases = {
        {"--from-trial " + t + " --keep 1-3 --keep 2-4", "overlaps"},
        {"--from-trial " + t + " --keep 3-5", "ends after the recording"},
        {"--from-trial " + t + " --keep 2-3 --keep 0-1", "go in order"},
        {"--from-trial " + t + " --keep 3-2", "ends before it starts"},
        {"--from-trial " + t + " --keep one-two", "not START-END"},
        {"--keep 1-2 --from-trial " + t, "comes before any --from-trial"},
        {"--from-trial " + t + " --keep 1-2 --from-trial " + std::to_string(other) + " --keep 1-2",
         "another child's"},
        {"--from-trial 99 --keep 1-2", "there is no trial 99"},
        {"--from-trial " + t + " --keep 1-2 --behaviour ../../etc", "no behaviour"},
    };
    for (const Case& c : cases) {
        const std::string behaviour =
            c.args.find("--behaviour") == std::string::npos ? " --behaviour greeting" : "";
        auto ran = mimic("library make-clip " + c.args + behaviour + " --title x");
        EXPECT_NE(ran.exit_code, 0) << c.args;
        EXPECT_NE(ran.err.find(c.says), std::string::npos) << c.args << ": " << ran.err;
        EXPECT_EQ(std::count(ran.err.begin(), ran.err.end(), '\n'), 1) << ran.err;
    }
    // A trial without a recording, and a child whose recording consent was revoked.
    {
        auto database = db();
        store::ClinicalRepository clinical(database);
        auto child = clinical.findChild("c-1");
        ASSERT_TRUE(child.ok() && child->has_value());
        auto session = clinical.addSession((*child)->id, "2026-12-04T10:00:00Z", std::nullopt);
        ASSERT_TRUE(session.ok());
        auto bare = clinical.addTrial(*session, 1, 1, std::nullopt, 1);
        ASSERT_TRUE(bare.ok());
        auto ran = mimic("library make-clip --from-trial " + std::to_string(*bare) +
                         " --keep 0-1 --behaviour greeting --title x");
        EXPECT_NE(ran.exit_code, 0);
        EXPECT_NE(ran.err.find("has no recording"), std::string::npos) << ran.err;
    }
    const auto consents = nlohmann::json::parse(mimic("consent list c-1 --json").out);
    for (const auto& consent : consents) {
        if (consent["scope"] == "record") {
            auto revoked = mimic("consent revoke " + std::to_string(consent["id"].get<int>()));
            ASSERT_EQ(revoked.exit_code, 0) << revoked.err;
        }
    }
    auto refused =
        mimic("library make-clip --from-trial " + t + " --keep 0-1 --behaviour greeting --title x");
    EXPECT_NE(refused.exit_code, 0);
    EXPECT_NE(refused.err.find("no current consent"), std::string::npos) << refused.err;
    EXPECT_EQ(files(data_ / "library"), before);
    EXPECT_EQ(clipRows(), rows);
}

}  // namespace
}  // namespace mimic
