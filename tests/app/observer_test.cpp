// `mimic observer`, `mimic code list --coder`, `mimic agreement` for a blind pair and `mimic
// ioa` (issue 12, build 3) against the real binary and a real SQLite file: sessions, trials
// and recording rows stored through the store, everything else through the command line.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>

#include "command_runner.h"
#include "store/clinical_repository.h"
#include "store/library_repository.h"
#include "store/session_repository.h"

namespace mimic {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::runCommand;
using testing::shellQuoted;

const std::string kMimic = MIMIC_EXE;

class ObserverCommandTest : public ::testing::Test {
  protected:
    void SetUp() override {
        scratch_ = testing::makeScratch(
            "mimic-observer", ::testing::UnitTest::GetInstance()->current_test_info()->name());
        data_ = scratch_ / "data";
        for (const std::string args :
             {"child add c-1", "behaviour add greeting", "program add c-1 greeting",
              "code scheme add greeting wave --type point --key w",
              "code scheme add greeting look --type state --key l"}) {
            auto done = mimic(args);
            ASSERT_EQ(done.exit_code, 0) << args << ": " << done.err;
        }
    }
    void TearDown() override { fs::remove_all(scratch_); }

    testing::CommandResult mimic(const std::string& args) {
        return runCommand("TZ=UTC " + kMimic + " --data-dir " + shellQuoted(data_) + " " + args,
                          scratch_);
    }
    json mimicJson(const std::string& args) {
        auto result = mimic(args);
        EXPECT_EQ(result.exit_code, 0) << args << ": " << result.err;
        return result.exit_code == 0 ? json::parse(result.out) : json();
    }
    // A failing command: its exit code is not 0 and it says why in one line on stderr.
    std::string refused(const std::string& args) {
        auto result = mimic(args);
        EXPECT_NE(result.exit_code, 0) << args << " succeeded: " << result.out;
        EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
        return result.err;
    }
    store::Database db() {
        auto opened = store::Database::open(data_ / "mimic.db");
        EXPECT_TRUE(opened.ok()) << opened.error().message;
        return std::move(opened).value();
    }
    // A session of c-1 at `started_at` with `trials` greeting trials, recorded unless
    // `recorded` is false; returns the trials' ids.
    std::vector<std::int64_t> addSession(const std::string& started_at, int trials,
                                         bool recorded = true) {
        auto database = db();
        store::ClinicalRepository clinical(database);
        store::LibraryRepository library(database);
        const std::int64_t behaviour = library.findBehaviour("greeting").value()->id;
        if (!clip_id_) {
            store::ClipRecord clip;
            clip.path = "library/greeting.mp4";
            clip.sha256 = "ab";
            clip.duration_ms = 1000;
            clip.model_kind = store::ModelKind::kPeer;
            clip_id_ = library.addClip(clip).value();
        }
        const std::int64_t session = clinical
                                         .addSession(1, started_at, std::nullopt, std::nullopt,
                                                     store::SessionSetting::kClinic)
                                         .value();
        std::vector<std::int64_t> ids;
        for (int i = 0; i < trials; ++i) {
            std::optional<std::int64_t> recording;
            if (recorded) {
                store::RecordingRecord record;
                record.path = "recordings/r" + std::to_string(recordings_++) + ".mkv";
                record.started_at = started_at;
                record.duration_ms = 4000;
                record.video_frames = 120;
                record.status = store::RecordingStatus::kComplete;
                recording = clinical.addRecording(record).value();
            }
            ids.push_back(clinical.addTrial(session, behaviour, *clip_id_, recording, 1).value());
        }
        return ids;
    }
    static std::vector<std::string> codersOf(const json& events) {
        std::vector<std::string> coders;
        for (const json& event : events)
            coders.push_back(event["coder"]);
        return coders;
    }

    fs::path scratch_;
    fs::path data_;
    std::optional<std::int64_t> clip_id_;
    int recordings_ = 0;
};

TEST_F(ObserverCommandTest, ABlindPairCodesApartAndAgreesOnceBothAreDone) {
    const std::string trial = std::to_string(addSession("2026-11-05T10:00:00Z", 1)[0]);
    const std::string on = " --trial " + trial;
    ASSERT_EQ(
        mimic("code add" + on + " --coder 'A. Jones' --behaviour look --at 0.5 --to 2").exit_code,
        0);
    ASSERT_EQ(mimic("code add" + on + " --coder 'A. Jones' --behaviour wave --at 1").exit_code, 0);
    // A coder who has coded it already cannot be its blind observer.
    EXPECT_NE(refused("observer assign" + on + " --coder 'A. Jones'")
                  .find("A. Jones has coded it already"),
              std::string::npos);
    auto assigned = mimic("observer assign" + on + " --coder 'B. Smith'");
    ASSERT_EQ(assigned.exit_code, 0) << assigned.err;
    EXPECT_NE(refused("observer assign" + on + " --coder 'C. Lee'")
                  .find("it has a second observer already (B. Smith)"),
              std::string::npos);
    ASSERT_EQ(
        mimic("code add" + on + " --coder 'B. Smith' --behaviour look --at 0.6 --to 2").exit_code,
        0);
    ASSERT_EQ(mimic("code add" + on + " --coder 'B. Smith' --behaviour wave --at 1.1").exit_code,
              0);

    // Without --coder the listing is as before: every event, the same fields.
    const json all = mimicJson("code list" + on + " --json");
    ASSERT_EQ(all.size(), 4u) << all.dump(2);
    for (const json& event : all) {
        EXPECT_EQ(event.size(), 5u) << event.dump();
        for (const char* key : {"id", "coder", "behaviour", "start", "stop"})
            EXPECT_TRUE(event.contains(key)) << key;
    }
    // The blind coder sees only their own; the first coder does not see the blind coder's.
    EXPECT_EQ(codersOf(mimicJson("code list" + on + " --coder 'B. Smith' --json")),
              (std::vector<std::string>{"B. Smith", "B. Smith"}));
    EXPECT_EQ(codersOf(mimicJson("code list" + on + " --coder 'A. Jones' --json")),
              (std::vector<std::string>{"A. Jones", "A. Jones"}));
    auto text = mimic("code list" + on + " --coder 'B. Smith'");
    EXPECT_NE(text.out.find("coded blind by B. Smith"), std::string::npos) << text.out;
    EXPECT_EQ(text.out.find("A. Jones"), std::string::npos) << text.out;

    // No agreement until both are done, in one line.
    const std::string agreement = "agreement" + on + " --coders 'A. Jones' 'B. Smith' --json";
    std::string why = refused(agreement);
    EXPECT_NE(why.find("no agreement yet on trial " + trial), std::string::npos) << why;
    EXPECT_NE(why.find("still coding: A. Jones and B. Smith"), std::string::npos) << why;
    EXPECT_NE(refused("observer done" + on + " --coder 'B Smith'").find("has coded nothing"),
              std::string::npos);
    ASSERT_EQ(mimic("observer done" + on + " --coder 'B. Smith'").exit_code, 0);
    why = refused(agreement);
    EXPECT_NE(why.find("(still coding: A. Jones)"), std::string::npos) << why;
    // The blind coder is done: they see everything, and their events are final.
    const json seen = mimicJson("code list" + on + " --coder 'B. Smith' --json");
    EXPECT_EQ(seen.size(), 4u);
    std::string blind_event;
    for (const json& event : seen) {
        if (event["coder"] == "B. Smith") blind_event = std::to_string(event["id"].get<int>());
    }
    EXPECT_NE(refused("code remove " + blind_event).find("their events are final"),
              std::string::npos);
    EXPECT_NE(refused("code add" + on + " --coder 'B. Smith' --behaviour wave --at 3")
                  .find("their events are final"),
              std::string::npos);
    EXPECT_NE(refused("observer done" + on + " --coder 'B. Smith'").find("already"),
              std::string::npos);
    ASSERT_EQ(mimic("observer done" + on + " --coder 'A. Jones'").exit_code, 0);
    const json kappa = mimicJson(agreement);
    EXPECT_TRUE(kappa.contains("kappa")) << kappa.dump();
    EXPECT_GT(kappa["slices"].get<int>(), 0);

    const json list = mimicJson("observer list --child c-1 --json");
    ASSERT_EQ(list.size(), 1u);
    EXPECT_EQ(list[0]["trial"], std::stoll(trial));
    EXPECT_EQ(list[0]["child"], "c-1");
    EXPECT_EQ(list[0]["behaviour"], "greeting");
    EXPECT_EQ(list[0]["coder"], "B. Smith");
    EXPECT_TRUE(list[0]["done_at"].is_string());
    EXPECT_NE(mimic("observer list").out.find("done"), std::string::npos);
    EXPECT_NE(refused("observer list --child c-9").find("no child with code 'c-9'"),
              std::string::npos);
    // Each step is in the audit log with the child.
    const json audit = mimicJson("audit list --child c-1 --json");
    int observer_entries = 0;
    for (const json& entry : audit) {
        if (entry["action"] == "assign" || entry["action"] == "finish") ++observer_entries;
    }
    EXPECT_EQ(observer_entries, 3);
}

TEST_F(ObserverCommandTest, OnlyARecordedTrialGetsASecondObserver) {
    const std::string trial = std::to_string(addSession("2026-11-05T10:00:00Z", 1, false)[0]);
    EXPECT_NE(refused("observer assign --trial " + trial + " --coder 'B. Smith'")
                  .find("it has no recording to code"),
              std::string::npos);
    EXPECT_NE(refused("observer assign --trial 999 --coder 'B. Smith'").find("999"),
              std::string::npos);
    EXPECT_EQ(mimicJson("observer list --json").size(), 0u);
}

// Six intervention sessions: 20 % of 6 is 1.2, so two need a second observer. With one
// observed, one more is picked from the middle of the five others; once it is assigned the
// goal is met.
TEST_F(ObserverCommandTest, IoaSharesPerPhaseAndPicksTheNextTrial) {
    {
        auto database = db();
        ASSERT_TRUE(database.connection().exec("DELETE FROM program_phase_changes").ok());
        store::SessionRepository sessions(database);
        ASSERT_TRUE(
            sessions
                .addPhaseChange({1, store::ProgramPhase::kNone, store::ProgramPhase::kBaseline,
                                 "2026-11-01T09:00:00Z", std::nullopt, "program added"})
                .ok());
        ASSERT_TRUE(sessions
                        .addPhaseChange({1, store::ProgramPhase::kBaseline,
                                         store::ProgramPhase::kIntervention, "2026-11-10T09:00:00Z",
                                         std::nullopt, "stable"})
                        .ok());
    }
    const std::vector<std::int64_t> baseline = addSession("2026-11-05T10:00:00Z", 2);
    std::vector<std::int64_t> firsts;
    for (int day = 11; day <= 16; ++day) {
        firsts.push_back(addSession("2026-11-" + std::to_string(day) + "T10:00:00Z", 2)[0]);
    }
    ASSERT_EQ(
        mimic("observer assign --trial " + std::to_string(firsts[0]) + " --coder B").exit_code, 0);

    json ioa = mimicJson("ioa --child c-1 --json");
    EXPECT_EQ(ioa["goal_pct"], 20);
    ASSERT_EQ(ioa["programs"].size(), 1u) << ioa.dump(2);
    const json& phases = ioa["programs"][0]["phases"];
    EXPECT_EQ(ioa["programs"][0]["behaviour"], "greeting");
    ASSERT_EQ(phases.size(), 2u) << ioa.dump(2);
    EXPECT_EQ(phases[0]["phase"], "baseline");
    EXPECT_EQ(phases[0]["sessions"], 1);
    EXPECT_EQ(phases[0]["observed"], 0);
    EXPECT_EQ(phases[0]["met"], false);
    ASSERT_EQ(phases[0]["picks"].size(), 1u);
    EXPECT_EQ(phases[0]["picks"][0]["trial"], baseline[0]);  // the session's first trial
    EXPECT_EQ(phases[0]["picks"][0]["date"], "2026-11-05");
    const json& intervention = phases[1];
    EXPECT_EQ(intervention["phase"], "intervention");
    EXPECT_EQ(intervention["sessions"], 6);
    EXPECT_EQ(intervention["observed"], 1);
    EXPECT_EQ(intervention["done"], 0);
    EXPECT_NEAR(intervention["percent"].get<double>(), 100.0 / 6, 1e-9);
    EXPECT_EQ(intervention["needed"], 1);
    ASSERT_EQ(intervention["picks"].size(), 1u);
    // The candidates are the sessions of 12..16 Nov; the middle one is the 14th.
    EXPECT_EQ(intervention["picks"][0]["trial"], firsts[3]);
    EXPECT_EQ(intervention["picks"][0]["date"], "2026-11-14");

    auto text = mimic("ioa --child c-1");
    EXPECT_EQ(text.exit_code, 0) << text.err;
    EXPECT_NE(text.out.find("intervention: 1 of 6 sessions (16.7 %), goal 20 %"), std::string::npos)
        << text.out;
    EXPECT_NE(text.out.find("pick trial " + std::to_string(firsts[3])), std::string::npos);

    ASSERT_EQ(
        mimic("observer assign --trial " + std::to_string(firsts[3]) + " --coder B").exit_code, 0);
    ioa = mimicJson("ioa --child c-1 --json");
    EXPECT_EQ(ioa["programs"][0]["phases"][1]["met"], true);
    EXPECT_TRUE(ioa["programs"][0]["phases"][1]["picks"].empty());
    EXPECT_NE(refused("ioa --child c-9").find("no child with code 'c-9'"), std::string::npos);
}

}  // namespace
}  // namespace mimic
