// `mimic export eaf` and `mimic import eaf` (issue 13, build 1, acceptance 1): on a trial
// recorded by `mimic session --headless` and coded by two coders with point and state events,
// the export validates against ELAN's schema (xmllint), names both media with the model's
// offset as the review timeline lines them up, and imports back into the cleared trial as the
// same events to the millisecond; bad input is refused in one line with nothing written.
#include <nlohmann/json.hpp>

#include <cmath>
#include <regex>
#include <tuple>

#include "capture_test_util.h"
#include "records_fixture.h"
#include "store/audit_log.h"
#include "store/review_repository.h"

namespace mimic {
namespace {

using nlohmann::json;

const fs::path kSchema = fs::path(MIMIC_SOURCE_DIR) / "tests" / "exchange" / "EAFv3.0.xsd";

using EventKey =
    std::tuple<std::string, std::string, std::int64_t, std::optional<std::int64_t>, std::string>;

class EafCommandTest : public RecordsTest {
  protected:
    // A trial of `greeting` coded by A and B: points, states and a modifier.
    void SetUp() override {
        RecordsTest::SetUp();
        install();
        auto practised = session("demo", "greeting");
        ASSERT_EQ(practised.exit_code, 0) << practised.err;
        for (const std::string args :
             {"code scheme add greeting look --type state --key l",
              "code scheme add greeting wave --type point --key w --modifier big",
              "code add --trial 1 --coder A --behaviour look --at 0.1 --to 0.654",
              "code add --trial 1 --coder A --behaviour wave --at 0.25 --modifier big",
              "code add --trial 1 --coder A --behaviour wave --at 0.25",
              "code add --trial 1 --coder 'Dr. B/2' --behaviour look --at 0 --to 0",
              "code add --trial 1 --coder 'Dr. B/2' --behaviour wave --at 0.999"}) {
            auto done = mimic(args);
            ASSERT_EQ(done.exit_code, 0) << args << ": " << done.err;
        }
    }
    std::vector<EventKey> events() {
        auto database = db();
        auto found = store::ReviewRepository(database).codedEvents(1);
        EXPECT_TRUE(found.ok());
        std::vector<EventKey> keys;
        for (const auto& event : found.ok() ? *found : std::vector<store::CodedEvent>{}) {
            keys.emplace_back(event.record.coder, event.code, event.record.start_ms,
                              event.record.stop_ms, event.record.modifier);
        }
        std::sort(keys.begin(), keys.end());
        return keys;
    }
    std::size_t auditEntries(const std::string& action) {
        auto database = db();
        auto entries = store::AuditLog(database).entries("trial", 1);
        EXPECT_TRUE(entries.ok());
        return static_cast<std::size_t>(
            std::count_if(entries->begin(), entries->end(),
                          [&](const store::AuditEntry& e) { return e.action == action; }));
    }
    // Expects `args` refused with exit 1 and one line on stderr holding `expected`.
    void expectRefused(const std::string& args, const std::string& expected) {
        auto done = mimic(args);
        EXPECT_EQ(done.exit_code, 1) << args;
        ASSERT_EQ(done.errLines().size(), 1u) << args << ": " << done.err;
        EXPECT_NE(done.err.find(expected), std::string::npos) << args << ": " << done.err;
    }
};

TEST_F(EafCommandTest, ExportValidatesAgainstElanSchemaAndRoundTripsToTheMillisecond) {
    ASSERT_EQ(mimic("review --trial 1 --offset 0.25").exit_code, 0);
    const fs::path out = scratch_ / "trial 1.eaf";
    auto exported = mimic("export eaf --trial 1 --out " + shellQuoted(out));
    ASSERT_EQ(exported.exit_code, 0) << exported.err;
    EXPECT_NE(exported.out.find("5 event(s) by 2 coder(s)"), std::string::npos) << exported.out;
    auto valid = runCommand(
        "xmllint --noout --schema " + shellQuoted(kSchema) + " " + shellQuoted(out), scratch_);
    EXPECT_EQ(valid.exit_code, 0) << valid.err;
    EXPECT_EQ(auditEntries("export"), 1u);

    // Both media, the model's TIME_ORIGIN where the review timeline puts the model at the
    // recording's 0: model first frame + (0 - practice origin - offset).
    const std::string xml = testing::readText(out);
    const auto trial = *this->trial(1);
    const store::ReviewTrial review = [&] {
        auto database = db();
        return **store::ReviewRepository(database).findReviewTrial(1);
    }();
    ASSERT_TRUE(review.attempt_offset_ms);
    const double practice_origin =
        testing::ffprobeFrameTimes(data_ / *trial.recording_path).front() +
        *review.attempt_offset_ms / 1000.0;
    const double model_first = testing::ffprobeFrameTimes(data_ / review.clip_path).front();
    const long origin = std::lround((model_first - practice_origin - 0.25) * 1000.0);
    EXPECT_NE(xml.find("TIME_ORIGIN=\"" + std::to_string(origin) + "\""), std::string::npos) << xml;
    EXPECT_NE(xml.find("MIME_TYPE=\"video/x-matroska\""), std::string::npos);
    EXPECT_NE(xml.find("MIME_TYPE=\"video/mp4\""), std::string::npos);
    EXPECT_NE(xml.find("TIER_ID=\"Dr. B/2/look\""), std::string::npos);
    EXPECT_NE(xml.find("PARTICIPANT=\"Dr. B/2\""), std::string::npos);

    const auto before = events();
    ASSERT_EQ(before.size(), 5u);
    ASSERT_EQ(mimic("code remove --trial 1 --all").exit_code, 0);
    ASSERT_TRUE(events().empty());
    auto imported = mimic("import eaf " + shellQuoted(out) + " --trial 1");
    ASSERT_EQ(imported.exit_code, 0) << imported.err;
    EXPECT_NE(imported.out.find("5 event(s) imported"), std::string::npos) << imported.out;
    EXPECT_EQ(events(), before);
    EXPECT_EQ(auditEntries("import"), 1u);

    // --coder gives every event to one coder.
    ASSERT_EQ(mimic("code remove --trial 1 --all").exit_code, 0);
    ASSERT_EQ(mimic("import eaf " + shellQuoted(out) + " --trial 1 --coder C").exit_code, 0);
    for (const EventKey& event : events())
        EXPECT_EQ(std::get<0>(event), "C");
}

TEST_F(EafCommandTest, AnElanDocumentsTiersComeInByTheDocumentedRule) {
    const fs::path eaf = scratch_ / "elan.eaf";
    std::ofstream(eaf) << R"(<?xml version="1.0" encoding="UTF-8"?>
<ANNOTATION_DOCUMENT AUTHOR="" DATE="2020-01-01T00:00:00+01:00" FORMAT="3.0" VERSION="3.0">
  <HEADER MEDIA_FILE="" TIME_UNITS="milliseconds"/>
  <TIME_ORDER><TIME_SLOT TIME_SLOT_ID="ts1" TIME_VALUE="100"/>
    <TIME_SLOT TIME_SLOT_ID="ts2" TIME_VALUE="100"/><TIME_SLOT TIME_SLOT_ID="ts3" TIME_VALUE="900"/>
  </TIME_ORDER>
  <TIER LINGUISTIC_TYPE_REF="default-lt" PARTICIPANT="Ann" TIER_ID="gestures">
    <ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a1" TIME_SLOT_REF1="ts1" TIME_SLOT_REF2="ts2">
      <ANNOTATION_VALUE>wave</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>
    <ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a2" TIME_SLOT_REF1="ts1" TIME_SLOT_REF2="ts3">
      <ANNOTATION_VALUE>look</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>
  </TIER>
  <LINGUISTIC_TYPE LINGUISTIC_TYPE_ID="default-lt" TIME_ALIGNABLE="true"/>
</ANNOTATION_DOCUMENT>)";
    ASSERT_EQ(mimic("code remove --trial 1 --all").exit_code, 0);
    auto imported = mimic("import eaf " + shellQuoted(eaf) + " --trial 1");
    ASSERT_EQ(imported.exit_code, 0) << imported.err;
    EXPECT_EQ(events(), (std::vector<EventKey>{{"Ann", "look", 100, 900, ""},
                                               {"Ann", "wave", 100, std::nullopt, ""}}));
}

TEST_F(EafCommandTest, BadInputIsRefusedInOneLineAndNothingIsWritten) {
    const auto before = events();
    const fs::path good = scratch_ / "good.eaf";
    ASSERT_EQ(mimic("export eaf --trial 1 --out " + shellQuoted(good)).exit_code, 0);
    const std::string xml = testing::readText(good);
    const auto variant = [&](const std::string& name, std::string text) {
        std::ofstream(scratch_ / name) << text;
        return shellQuoted(scratch_ / name);
    };
    // Out of order: the first annotation (A's look, 100 to 654 ms) from its end to its start.
    const std::string backwards = std::regex_replace(
        xml, std::regex("TIME_SLOT_REF1=\"(ts[0-9]+)\" TIME_SLOT_REF2=\"(ts[0-9]+)\""),
        "TIME_SLOT_REF1=\"$2\" TIME_SLOT_REF2=\"$1\"", std::regex_constants::format_first_only);
    ASSERT_NE(backwards, xml);
    std::string hostile = xml;
    hostile.replace(hostile.find("PARTICIPANT=\"A\""), 15, "PARTICIPANT=\"A&#10;B\"");
    hostile.replace(hostile.find("TIER_ID=\"A/look\""), 16, "TIER_ID=\"A&#10;B/look\"");
    std::string unknown = xml;
    unknown.replace(unknown.find("TIER_ID=\"A/look\""), 16, "TIER_ID=\"A/jump\"");

    const std::string trial = " --trial 1";
    const std::pair<std::string, std::string> refused[] = {
        {"import eaf " + shellQuoted(good) + " --trial 999", "no trial 999"},
        {"import eaf " + shellQuoted(scratch_ / "missing.eaf") + trial, "no file"},
        {"import eaf " + variant("bad.eaf", xml.substr(0, xml.size() / 2)) + trial,
         "not an EAF document"},
        {"import eaf " + variant("html.eaf", "<html/>") + trial, "not ANNOTATION_DOCUMENT"},
        {"import eaf " + variant("backwards.eaf", backwards) + trial, "out of order"},
        {"import eaf " + variant("hostile.eaf", hostile) + trial, "control character"},
        {"import eaf " + variant("unknown.eaf", unknown) + trial, "no code 'jump'"},
        {"import eaf " + shellQuoted(good) + trial + " --coder ''", "--coder"},
    };
    for (const auto& [args, expected] : refused)
        expectRefused(args, expected);
    EXPECT_EQ(events(), before) << "a refused import added events";
    EXPECT_EQ(auditEntries("import"), 0u);

    // Exports: an unknown trial, an existing file without --force, a file in the data folder.
    const fs::path mine = scratch_ / "mine.eaf";
    std::ofstream(mine) << "keep me";
    expectRefused("export eaf --trial 999 --out " + shellQuoted(scratch_ / "x.eaf"),
                  "no trial 999");
    EXPECT_FALSE(fs::exists(scratch_ / "x.eaf"));
    expectRefused("export eaf --trial 1 --out " + shellQuoted(mine), "add --force");
    EXPECT_EQ(testing::readText(mine), "keep me");
    expectRefused("export eaf --trial 1 --out " + shellQuoted(data_ / "x.eaf"), "data folder");
    EXPECT_FALSE(fs::exists(data_ / "x.eaf"));
    EXPECT_EQ(auditEntries("export"), 1u);
    auto forced = mimic("export eaf --trial 1 --force --out " + shellQuoted(mine));
    EXPECT_EQ(forced.exit_code, 0) << forced.err;
    EXPECT_NE(testing::readText(mine), "keep me");

    // A wrong command line: exit 2.
    EXPECT_EQ(mimic("export eaf --out " + shellQuoted(scratch_ / "y.eaf")).exit_code, 2);
    EXPECT_EQ(mimic("import eaf --trial 1").exit_code, 2);
    EXPECT_FALSE(fs::exists(scratch_ / "y.eaf"));
}

}  // namespace
}  // namespace mimic
