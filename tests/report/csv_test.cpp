// report/csv.h: RFC 4180 quoting, the formula guard, and the tables' columns, read back by a
// small RFC 4180 reader of the test's own.
#include "report/csv.h"

#include <gtest/gtest.h>

#include "csv_reader.h"

namespace mimic::report {
namespace {

TEST(Csv, QuotesOnlyWhatMustBe) {
    EXPECT_EQ(csvField("plain text"), "plain text");
    EXPECT_EQ(csvField("a,b"), "\"a,b\"");
    EXPECT_EQ(csvField("say \"hi\""), "\"say \"\"hi\"\"\"");
    EXPECT_EQ(csvField("two\nlines"), "\"two\nlines\"");
    EXPECT_EQ(csvField("cr\rhere"), "\"cr\rhere\"");
    EXPECT_EQ(csvField(""), "");
}

TEST(Csv, GuardsFormulaLookingText) {
    EXPECT_EQ(csvText("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
    EXPECT_EQ(csvText("+1"), "'+1");
    EXPECT_EQ(csvText("-2+3"), "'-2+3");
    EXPECT_EQ(csvText("@SUM(A1)"), "'@SUM(A1)");
    EXPECT_EQ(csvText("\tx"), "'\tx");
    EXPECT_EQ(csvText("Zoë = friend"), "Zoë = friend");
}

TEST(Csv, TrialTableRoundTripsHostileNames) {
    TrialRow row;
    row.trial_id = 7;
    row.date = "2026-11-05";
    row.session_id = 3;
    row.therapist = "O'Brien, \"Sam\"\nSLP";
    row.setting = "clinic";
    row.behaviour = "=cmd|' /C calc'!A0";
    row.phase = "intervention";
    row.clip = "library/hello, world.mp4";
    row.step = 2;
    row.outcome = "prompted";
    row.prompt_level = "verbal";
    row.latency_ms = 1250;
    row.reinforced = true;
    TrialRow unscored;
    unscored.trial_id = 8;
    unscored.date = "2026-11-06";
    unscored.session_id = 4;
    unscored.behaviour = "greeting";
    const std::string text = trialsCsv({row, unscored});
    ASSERT_TRUE(text.starts_with(kUtf8Bom));
    const auto rows = testing::readCsv(std::string_view(text).substr(kUtf8Bom.size()));
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[0], kTrialColumns);
    const std::vector<std::string> first{"7",
                                         "2026-11-05",
                                         "3",
                                         "O'Brien, \"Sam\"\nSLP",
                                         "clinic",
                                         "'=cmd|' /C calc'!A0",
                                         "intervention",
                                         "library/hello, world.mp4",
                                         "2",
                                         "prompted",
                                         "verbal",
                                         "1250",
                                         "yes"};
    EXPECT_EQ(rows[1], first);
    const std::vector<std::string> second{"8", "2026-11-06", "4", "", "", "greeting", "",
                                          "",  "",           "",  "", "", ""};
    EXPECT_EQ(rows[2], second);
}

TEST(Csv, EventTableHasPointsAndStates) {
    const std::string text =
        eventsCsv({{5, "2026-11-05", "greeting", "Ann", "wave", "", 1200, {}},
                   {5, "2026-11-05", "greeting", "Bo", "look", "left", 0, 900}});
    const auto rows = testing::readCsv(std::string_view(text).substr(kUtf8Bom.size()));
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[0], kEventColumns);
    EXPECT_EQ(rows[1], (std::vector<std::string>{"5", "2026-11-05", "greeting", "Ann", "wave", "",
                                                 "1200", ""}));
    EXPECT_EQ(rows[2], (std::vector<std::string>{"5", "2026-11-05", "greeting", "Bo", "look",
                                                 "left", "0", "900"}));
}

}  // namespace
}  // namespace mimic::report
