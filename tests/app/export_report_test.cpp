// `mimic export csv` and `mimic report` (issue 13, parts 4 and 5) against the real binary and a
// real SQLite file: trials, scores, notes and coded events stored through the store, the CSV
// read back by an RFC 4180 reader, the PDF through poppler's pdftotext and pdftoppm, the HTML
// as text; bad input refused in one line with nothing written; every export audited.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "command_runner.h"
#include "csv_reader.h"
#include "store/audit_log.h"
#include "store/clinical_repository.h"
#include "store/library_repository.h"
#include "store/review_repository.h"
#include "store/session_repository.h"

namespace mimic {
namespace {

namespace fs = std::filesystem;
using store::TrialOutcome;
using testing::runCommand;
using testing::shellQuoted;

const std::string kMimic = MIMIC_EXE;
// A behaviour name a spreadsheet would take for a formula, and a therapist with a comma and
// quotes.
const std::string kFormula = "=1+2";
const std::string kTherapist = "O'Brien, \"Sam\"";

// `text` in single quotes for /bin/sh, its own single quotes too.
std::string shellWord(const std::string& text) {
    std::string out = "'";
    for (char c : text)
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

class ExportReportTest : public ::testing::Test {
  protected:
    void SetUp() override {
        scratch_ = testing::makeScratch(
            "mimic-export", ::testing::UnitTest::GetInstance()->current_test_info()->name());
        data_ = scratch_ / "data";
        ASSERT_EQ(mimic("child add c-1").exit_code, 0);
        ASSERT_EQ(mimic("behaviour add greeting --definition 'Says hello and looks at the "
                        "person within 5 seconds'")
                      .exit_code,
                  0);
        ASSERT_EQ(mimic("behaviour add " + shellWord(kFormula) + " --definition 'Adds one and two'")
                      .exit_code,
                  0);
        ASSERT_EQ(mimic("therapist add " + shellWord(kTherapist)).exit_code, 0);
        ASSERT_EQ(mimic("program add c-1 greeting --accuracy 80 --sessions 2").exit_code, 0);
    }
    void TearDown() override { fs::remove_all(scratch_); }

    testing::CommandResult mimic(const std::string& args) {
        return runCommand("TZ=UTC " + kMimic + " --data-dir " + shellQuoted(data_) + " " + args,
                          scratch_);
    }
    store::Database db() {
        auto opened = store::Database::open(data_ / "mimic.db");
        EXPECT_TRUE(opened.ok()) << opened.error().message;
        return std::move(opened).value();
    }
    // A session of c-1 on `started_at` with one trial of `behaviour` per outcome, the first
    // with `notes`; returns the trials' ids.
    std::vector<std::int64_t> addSession(const std::string& started_at,
                                         const std::string& behaviour_name,
                                         const std::vector<TrialOutcome>& outcomes,
                                         const std::string& notes = {}) {
        auto database = db();
        store::ClinicalRepository clinical(database);
        store::LibraryRepository library(database);
        const std::int64_t behaviour = library.findBehaviour(behaviour_name).value()->id;
        if (!clip_id_) {
            store::ClipRecord clip;
            clip.path = "library/hello, world.mp4";
            clip.sha256 = "ab";
            clip.duration_ms = 1000;
            clip.model_kind = store::ModelKind::kPeer;
            clip_id_ = library.addClip(clip).value();
        }
        const std::int64_t session =
            clinical.addSession(1, started_at, std::nullopt, 1, store::SessionSetting::kClinic)
                .value();
        std::vector<std::int64_t> ids;
        for (TrialOutcome outcome : outcomes) {
            const std::int64_t trial =
                clinical.addTrial(session, behaviour, *clip_id_, std::nullopt, 1).value();
            ids.push_back(trial);
            store::TrialScore score;
            score.outcome = outcome;
            if (outcome == TrialOutcome::kPrompted) score.prompt_level = "verbal";
            score.latency_ms = 1500;
            score.reinforced = outcome == TrialOutcome::kIndependent;
            if (ids.size() == 1) score.notes = notes;
            EXPECT_TRUE(clinical.scoreTrial(trial, score).ok());
        }
        return ids;
    }
    // Baseline from 1 Nov, intervention from 10 Nov (the CLI stamps the time now).
    void addRecord() {
        {
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
                                             store::ProgramPhase::kIntervention,
                                             "2026-11-10T09:00:00Z", 1, "baseline stable"})
                            .ok());
            ASSERT_TRUE(
                database.connection().exec("UPDATE programs SET phase = 'intervention'").ok());
        }
        addSession("2026-11-05T10:00:00Z", "greeting",
                   {TrialOutcome::kPrompted, TrialOutcome::kIndependent},
                   "tired today\nshare: Waved to the receptionist by himself!");
        addSession(
            "2026-11-12T10:00:00Z", "greeting",
            {TrialOutcome::kIndependent, TrialOutcome::kIndependent, TrialOutcome::kIndependent,
             TrialOutcome::kIndependent, TrialOutcome::kNoResponse});
        addSession("2026-11-20T10:00:00Z", kFormula, {TrialOutcome::kIncorrect});
    }
    std::vector<store::AuditEntry> audit() {
        auto database = db();
        return store::AuditLog(database).entriesAboutChild(1).value();
    }
    static std::size_t count(const std::string& text, const std::string& what) {
        std::size_t n = 0;
        for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
            ++n;
        return n;
    }

    fs::path scratch_;
    fs::path data_;
    std::optional<std::int64_t> clip_id_;
};

TEST_F(ExportReportTest, CsvHasOneRowPerTrialWithItsColumns) {
    addRecord();
    const fs::path out = scratch_ / "trials.csv";
    auto result = mimic("export csv --child c-1 --out " + shellQuoted(out));
    ASSERT_EQ(result.exit_code, 0) << result.err;
    const std::string text = testing::readText(out);
    ASSERT_TRUE(text.starts_with("\xEF\xBB\xBF"));
    const auto rows = testing::readCsv(text.substr(3));
    ASSERT_EQ(rows.size(), 9u) << text;
    EXPECT_EQ(rows[0], (std::vector<std::string>{"trial", "date", "session", "therapist", "setting",
                                                 "behaviour", "phase", "clip", "step", "outcome",
                                                 "prompt_level", "latency_ms", "reinforced"}));
    EXPECT_EQ(rows[1], (std::vector<std::string>{"1", "2026-11-05", "1", kTherapist, "clinic",
                                                 "greeting", "baseline", "library/hello, world.mp4",
                                                 "", "prompted", "verbal", "1500", "no"}));
    EXPECT_EQ(rows[3][6], "intervention");
    EXPECT_EQ(rows[7][9], "no-response");
    // The formula-looking name is kept as text, with a leading apostrophe.
    EXPECT_EQ(rows[8][5], "'" + kFormula);
    EXPECT_EQ(rows[8][6], "");  // no program
    const auto entries = audit();
    ASSERT_FALSE(entries.empty());
    EXPECT_EQ(entries.back().action, "export");
    EXPECT_NE(entries.back().detail.find("csv of 8 trials"), std::string::npos);
}

TEST_F(ExportReportTest, CsvDateRangeAndEvents) {
    addRecord();
    {
        auto database = db();
        store::ReviewRepository reviews(database);
        store::CodeRecord wave{1, "wave", store::CodeKind::kPoint, std::nullopt, {}};
        store::CodeRecord look{1, "look", store::CodeKind::kState, std::nullopt, {}};
        const std::int64_t wave_id = reviews.addCode(wave).value();
        const std::int64_t look_id = reviews.addCode(look).value();
        ASSERT_TRUE(reviews.addCodedEvent({3, wave_id, "Ann", 1200, std::nullopt, ""}).ok());
        ASSERT_TRUE(reviews.addCodedEvent({3, look_id, "Bo", 100, 900, ""}).ok());
        ASSERT_TRUE(reviews.addCodedEvent({1, wave_id, "Ann", 50, std::nullopt, ""}).ok());
    }
    const fs::path out = scratch_ / "events.csv";
    auto result = mimic("export csv --child c-1 --from 2026-11-10 --to 2026-11-30 --events --out " +
                        shellQuoted(out));
    ASSERT_EQ(result.exit_code, 0) << result.err;
    const auto rows = testing::readCsv(testing::readText(out).substr(3));
    ASSERT_EQ(rows.size(), 3u);  // the event of trial 1 (5 Nov) is outside the range
    EXPECT_EQ(rows[1], (std::vector<std::string>{"3", "2026-11-12", "greeting", "Bo", "look", "",
                                                 "100", "900"}));
    EXPECT_EQ(rows[2], (std::vector<std::string>{"3", "2026-11-12", "greeting", "Ann", "wave", "",
                                                 "1200", ""}));
    const fs::path trials = scratch_ / "trials.csv";
    ASSERT_EQ(
        mimic("export csv --child c-1 --to 2026-11-05 --out " + shellQuoted(trials)).exit_code, 0);
    EXPECT_EQ(testing::readCsv(testing::readText(trials).substr(3)).size(), 3u);
}

// Each refusal: one line on stderr, a non-zero exit, no file, no audit entry.
TEST_F(ExportReportTest, BadInputWritesNothing) {
    addRecord();
    const std::size_t audited = audit().size();
    const fs::path existing = scratch_ / "old.csv";
    std::ofstream(existing) << "keep me";
    const fs::path file = scratch_ / "a-file";
    std::ofstream(file) << "x";
    const std::vector<std::string> bad{
        "export csv --child nobody --out " + shellQuoted(scratch_ / "x.csv"),
        "export csv --child c-1 --from 2026-02-30 --out " + shellQuoted(scratch_ / "x.csv"),
        "export csv --child c-1 --from 2026-11-10 --to 2026-11-01 --out " +
            shellQuoted(scratch_ / "x.csv"),
        "export csv --child c-1 --to yesterday --out " + shellQuoted(scratch_ / "x.csv"),
        "export csv --child c-1 --out " + shellQuoted(existing),
        "export csv --child c-1 --out " + shellQuoted(scratch_ / "no-such-folder" / "x.csv"),
        "export csv --child c-1 --out " + shellQuoted(file / "x.csv"),
        "export csv --child c-1 --out " + shellQuoted(data_ / "x.csv"),
        "export csv --child c-1 --out " + shellQuoted(scratch_ / "x.txt"),
        "report --child nobody --out " + shellQuoted(scratch_ / "x.pdf"),
        "report --child c-1 --from 2026-13-01 --out " + shellQuoted(scratch_ / "x.pdf"),
        "report --child c-1 --out " + shellQuoted(scratch_ / "x.doc"),
        "report --child c-1 --out " + shellQuoted(scratch_ / "no-such-folder" / "x.html"),
        "report --child c-1 --with-stills --out " + shellQuoted(scratch_ / "x.pdf"),
    };
    for (const std::string& args : bad) {
        auto result = mimic(args);
        EXPECT_NE(result.exit_code, 0) << args;
        EXPECT_EQ(count(result.err, "\n"), 1u) << args << ": " << result.err;
    }
    EXPECT_EQ(testing::readText(existing), "keep me");
    for (const fs::path& absent : {scratch_ / "x.csv", scratch_ / "x.pdf", scratch_ / "x.doc",
                                   scratch_ / "x.txt", data_ / "x.csv"})
        EXPECT_FALSE(fs::exists(absent)) << absent;
    for (const auto& entry : fs::directory_iterator(scratch_))
        EXPECT_EQ(entry.path().string().find(".tmp"), std::string::npos) << entry.path();
    EXPECT_EQ(audit().size(), audited);
    // --force replaces it.
    ASSERT_EQ(mimic("export csv --child c-1 --force --out " + shellQuoted(existing)).exit_code, 0);
    EXPECT_TRUE(
        testing::readText(existing).starts_with("\xEF\xBB\xBF"
                                                "trial,"));
}

TEST_F(ExportReportTest, PdfReportHoldsEachTarget) {
    addRecord();
    const fs::path out = scratch_ / "report.pdf";
    auto result = mimic("report --child c-1 --out " + shellQuoted(out));
    ASSERT_EQ(result.exit_code, 0) << result.err;
    const std::string text =
        runCommand("pdftotext -layout " + shellQuoted(out) + " -", scratch_).out;
    for (const std::string& expected :
         {std::string("Progress report for c-1"), std::string("greeting"),
          std::string("Says hello and looks at the person within 5 seconds"), kFormula,
          std::string("Adds one and two"), std::string("goal 80 %"),
          std::string(
              "In the last 2 sessions, your child did it on their own 50 % and 80 %"),
          std::string("Waved to the receptionist by himself!"), std::string("To practise at home"),
          std::string("with help: verbal 1")}) {
        EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n" << text;
    }
    EXPECT_EQ(text.find("tired today"), std::string::npos);  // not marked for sharing
    const fs::path pages = scratch_ / "page";
    auto rendered =
        runCommand("pdftoppm -r 50 -png " + shellQuoted(out) + " " + shellQuoted(pages), scratch_);
    ASSERT_EQ(rendered.exit_code, 0) << rendered.err;
    EXPECT_TRUE(fs::exists(scratch_ / "page-1.png"));
    const auto entries = audit();
    EXPECT_EQ(entries.back().action, "report");
    EXPECT_NE(entries.back().detail.find("2 targets, 0 stills"), std::string::npos);
}

TEST_F(ExportReportTest, HtmlReportHasAnSvgPerTarget) {
    addRecord();
    const fs::path out = scratch_ / "report.html";
    auto result = mimic("report --child c-1 --from 2026-11-01 --out " + shellQuoted(out));
    ASSERT_EQ(result.exit_code, 0) << result.err;
    const std::string page = testing::readText(out);
    EXPECT_EQ(count(page, "<svg"), 2u);
    EXPECT_EQ(count(page, "<section>"), 2u);
    EXPECT_NE(page.find("<h2>greeting</h2>"), std::string::npos);
    EXPECT_NE(page.find("<h2>=1+2</h2>"), std::string::npos);
    EXPECT_NE(page.find("Waved to the receptionist by himself!"), std::string::npos);
    EXPECT_EQ(page.find("<img"), std::string::npos);  // no pictures without --with-stills
    // The graphs' ids do not collide.
    EXPECT_EQ(count(page, "id=\"t0-glyph0-1\""), count(page, "id=\"t1-glyph0-1\""));
}

}  // namespace
}  // namespace mimic
