// `mimic progress` (issue 11) against the real binary and a real SQLite file: sessions and
// scored trials stored through the store, programs and phase changes through the CLI or the
// store, and what the command prints.
#include <gtest/gtest.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <filesystem>

#include "command_runner.h"
#include "store/clinical_repository.h"
#include "store/library_repository.h"
#include "store/session_repository.h"

namespace mimic {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using store::TrialOutcome;
using testing::runCommand;
using testing::shellQuoted;

const std::string kMimic = MIMIC_EXE;

constexpr auto I = TrialOutcome::kIndependent;
constexpr auto P = TrialOutcome::kPrompted;
constexpr auto X = TrialOutcome::kIncorrect;
constexpr auto N = TrialOutcome::kNoResponse;
constexpr auto U = TrialOutcome::kNone;  // not scored

class ProgressTest : public ::testing::Test {
  protected:
    void SetUp() override {
        scratch_ = testing::makeScratch(
            "mimic-progress", ::testing::UnitTest::GetInstance()->current_test_info()->name());
        data_ = scratch_ / "data";
        ASSERT_EQ(mimic("child add c-1").exit_code, 0);
        ASSERT_EQ(mimic("behaviour add greeting").exit_code, 0);
        ASSERT_EQ(mimic("therapist add 'T. One'").exit_code, 0);
        ASSERT_EQ(mimic("therapist add 'T. Two'").exit_code, 0);
    }
    void TearDown() override { fs::remove_all(scratch_); }

    // TZ=UTC: the dates printed are the local calendar days of the stored UTC times.
    testing::CommandResult mimic(const std::string& args) {
        return runCommand("TZ=UTC " + kMimic + " --data-dir " + shellQuoted(data_) + " " + args,
                          scratch_);
    }
    json progressJson() {
        auto result = mimic("progress --child c-1 --behaviour greeting --json");
        EXPECT_EQ(result.exit_code, 0) << result.err;
        return json::parse(result.out);
    }
    store::Database db() {
        auto opened = store::Database::open(data_ / "mimic.db");
        EXPECT_TRUE(opened.ok()) << opened.error().message;
        return std::move(opened).value();
    }
    // A session of c-1 at `started_at` run by therapist `therapist_id` (1 or 2), with one
    // greeting trial per outcome.
    void addSession(const std::string& started_at, std::int64_t therapist_id,
                    const std::vector<TrialOutcome>& outcomes) {
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
            ASSERT_TRUE(library.tagClip(*clip_id_, behaviour).ok());
        }
        const std::int64_t clip_id = *clip_id_;
        const std::int64_t session = clinical
                                         .addSession(1, started_at, std::nullopt, therapist_id,
                                                     store::SessionSetting::kClinic)
                                         .value();
        for (TrialOutcome outcome : outcomes) {
            const std::int64_t trial =
                clinical.addTrial(session, behaviour, clip_id, std::nullopt, 1).value();
            if (outcome == U) continue;
            store::TrialScore score;
            score.outcome = outcome;
            if (outcome == P) score.prompt_level = "verbal";
            ASSERT_TRUE(clinical.scoreTrial(trial, score).ok());
        }
    }

    fs::path scratch_;
    fs::path data_;
    std::optional<std::int64_t> clip_id_;  // the one clip, added with the first session
};

// The numbers of each session, the phase it ran in, and mastery before and after the session
// that meets the criterion (80 % in 2 sessions in a row).
TEST_F(ProgressTest, SessionsPhasesAndMastery) {
    ASSERT_EQ(mimic("program add c-1 greeting --accuracy 80 --sessions 2").exit_code, 0);
    {
        // The history with fixed times (the CLI stamps the time now): baseline from 1 Nov,
        // intervention from 10 Nov.
        auto database = db();
        store::SessionRepository sessions(database);
        ASSERT_TRUE(database.connection().exec("DELETE FROM program_phase_changes").ok());
        ASSERT_TRUE(
            sessions
                .addPhaseChange({1, store::ProgramPhase::kNone, store::ProgramPhase::kBaseline,
                                 "2026-11-01T09:00:00Z", std::nullopt, "program added"})
                .ok());
        ASSERT_TRUE(sessions
                        .addPhaseChange({1, store::ProgramPhase::kBaseline,
                                         store::ProgramPhase::kIntervention, "2026-11-10T09:00:00Z",
                                         1, "baseline stable"})
                        .ok());
        ASSERT_TRUE(database.connection().exec("UPDATE programs SET phase = 'intervention'").ok());
    }
    addSession("2026-11-05T10:00:00Z", 1, {N, P});
    addSession("2026-11-11T10:00:00Z", 1, {I, I, I, I, P});
    addSession("2026-11-12T10:00:00Z", 2, {I, I, I, X, U});
    addSession("2026-11-13T10:00:00Z", 2, {I, I, I, I, I});

    json out = progressJson();
    ASSERT_EQ(out["sessions"].size(), 4u) << out.dump(2);
    const json& first = out["sessions"][0];
    EXPECT_EQ(first["session"], 1);
    EXPECT_EQ(first["date"], "2026-11-05");
    EXPECT_EQ(first["phase"], "baseline");
    EXPECT_EQ(first["trials"], 2);
    EXPECT_EQ(first["no_response"], 1);
    EXPECT_EQ(first["prompted"], 1);
    EXPECT_EQ(first["accuracy"], 0.0);
    const json& second = out["sessions"][1];
    EXPECT_EQ(second["phase"], "intervention");
    EXPECT_EQ(second["independent"], 4);
    EXPECT_EQ(second["accuracy"], 80.0);
    const json& third = out["sessions"][2];  // the unscored trial counts neither way
    EXPECT_EQ(third["trials"], 4);
    EXPECT_EQ(third["independent"], 3);
    EXPECT_EQ(third["incorrect"], 1);
    EXPECT_EQ(third["accuracy"], 75.0);
    EXPECT_EQ(out["sessions"][3]["accuracy"], 100.0);
    EXPECT_EQ(out["phase"], "intervention");
    ASSERT_EQ(out["phase_history"].size(), 2u);
    EXPECT_EQ(out["phase_history"][0]["from"], nullptr);
    EXPECT_EQ(out["phase_history"][1]["from"], "baseline");
    EXPECT_EQ(out["phase_history"][1]["to"], "intervention");
    EXPECT_EQ(out["phase_history"][1]["therapist"], "T. One");
    EXPECT_EQ(out["phase_history"][1]["reason"], "baseline stable");
    // Session 3 (75 %) is one of the last two: not met.
    EXPECT_EQ(out["mastery"]["met"], false);
    EXPECT_EQ(out["mastery"]["proposed_phase"], nullptr);
    EXPECT_NE(out["mastery"]["reason"].get<std::string>().find("session 3 reached 75"),
              std::string::npos)
        << out["mastery"];

    addSession("2026-11-14T10:00:00Z", 1, {I, I, I, I, X});  // 80 % exactly
    out = progressJson();
    ASSERT_EQ(out["sessions"].size(), 5u);
    EXPECT_EQ(out["sessions"][4]["accuracy"], 80.0);
    EXPECT_EQ(out["mastery"]["met"], true) << out["mastery"];
    EXPECT_EQ(out["mastery"]["proposed_phase"], "maintenance");

    auto text = mimic("progress --child c-1 --behaviour greeting");
    ASSERT_EQ(text.exit_code, 0) << text.err;
    EXPECT_NE(text.out.find("2026-11-12  intervention"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("75.0%"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("baseline -> intervention  by T. One  (baseline stable)"),
              std::string::npos)
        << text.out;
    EXPECT_NE(text.out.find("\nmet: the last 2 sessions"), std::string::npos) << text.out;
}

// `program add` and `program set --phase` write the history, with who decided and why.
TEST_F(ProgressTest, ProgramCommandRecordsPhaseChanges) {
    ASSERT_EQ(mimic("program add c-1 greeting").exit_code, 0);
    ASSERT_EQ(mimic("program set c-1 greeting --accuracy 90").exit_code, 0);  // no phase change
    auto set = mimic(
        "program set c-1 greeting --phase intervention --therapist 'T. Two' --reason 'stable'");
    ASSERT_EQ(set.exit_code, 0) << set.err;
    auto unknown = mimic("program set c-1 greeting --phase maintenance --therapist Nobody");
    EXPECT_NE(unknown.exit_code, 0);
    EXPECT_NE(unknown.err.find("no therapist 'Nobody'"), std::string::npos) << unknown.err;

    json out = progressJson();
    EXPECT_TRUE(out["sessions"].empty());
    EXPECT_EQ(out["phase"], "intervention");  // the refused change left nothing behind
    ASSERT_EQ(out["phase_history"].size(), 2u) << out.dump(2);
    EXPECT_EQ(out["phase_history"][0]["from"], nullptr);
    EXPECT_EQ(out["phase_history"][0]["to"], "baseline");
    EXPECT_EQ(out["phase_history"][0]["reason"], "program added");
    EXPECT_EQ(out["phase_history"][1]["from"], "baseline");
    EXPECT_EQ(out["phase_history"][1]["to"], "intervention");
    EXPECT_EQ(out["phase_history"][1]["therapist"], "T. Two");
    EXPECT_EQ(out["phase_history"][1]["reason"], "stable");
    EXPECT_EQ(out["mastery"]["met"], false);
}

// Without a program the sessions still show; mastery has no criterion to apply.
TEST_F(ProgressTest, WithoutProgram) {
    addSession("2026-11-11T10:00:00Z", 1, {I, P});
    json out = progressJson();
    ASSERT_EQ(out["sessions"].size(), 1u);
    EXPECT_EQ(out["sessions"][0]["accuracy"], 50.0);
    EXPECT_EQ(out["sessions"][0]["phase"], nullptr);
    EXPECT_EQ(out["program"], nullptr);
    EXPECT_EQ(out["mastery"], nullptr);
    auto text = mimic("progress --child c-1 --behaviour greeting");
    ASSERT_EQ(text.exit_code, 0) << text.err;
    EXPECT_NE(text.out.find("not yet: no program"), std::string::npos) << text.out;
}

TEST_F(ProgressTest, UnknownChildOrBehaviourIsOneLine) {
    auto child = mimic("progress --child nobody --behaviour greeting --json");
    EXPECT_NE(child.exit_code, 0);
    EXPECT_TRUE(child.out.empty()) << child.out;
    EXPECT_EQ(child.err.find("mimic: no child with code 'nobody'"), 0u) << child.err;
    EXPECT_EQ(child.err.find('\n'), child.err.size() - 1) << child.err;
    auto behaviour = mimic("progress --child c-1 --behaviour waving");
    EXPECT_NE(behaviour.exit_code, 0);
    EXPECT_NE(behaviour.err.find("no behaviour 'waving'"), std::string::npos) << behaviour.err;
    // A code with a control character is printed escaped.
    auto escaped = mimic("progress --behaviour greeting --child \"$(printf 'a\\033[2Jb')\"");
    EXPECT_NE(escaped.exit_code, 0);
    EXPECT_EQ(escaped.err.find('\033'), std::string::npos) << escaped.err;
}

}  // namespace
}  // namespace mimic
