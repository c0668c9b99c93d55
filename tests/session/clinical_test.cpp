// The therapy's words as names, and the prompt hierarchy helpers behind the scoring keys.
#include "session/clinical.h"

#include <gtest/gtest.h>

namespace mimic::session {
namespace {

TEST(ClinicalNames, AreTheWordsTheStoreAndTheCommandLineUse) {
    EXPECT_EQ(phaseName(Phase::kBaseline), "baseline");
    EXPECT_EQ(phaseName(Phase::kIntervention), "intervention");
    EXPECT_EQ(phaseName(Phase::kMaintenance), "maintenance");
    EXPECT_EQ(phaseName(Phase::kMastered), "mastered");
    EXPECT_EQ(phaseName(Phase::kGeneralization), "generalization");
    EXPECT_EQ(phaseName(Phase::kNone), "");
    EXPECT_EQ(settingName(Setting::kClinic), "clinic");
    EXPECT_EQ(settingName(Setting::kHome), "home");
    EXPECT_EQ(settingName(Setting::kSchool), "school");
    EXPECT_EQ(modelKindName(ModelKind::kPointOfView), "point-of-view");
    EXPECT_EQ(outcomeName(Outcome::kIndependent), "independent");
    EXPECT_EQ(outcomeName(Outcome::kPrompted), "prompted");
    EXPECT_EQ(outcomeName(Outcome::kIncorrect), "incorrect");
    EXPECT_EQ(outcomeName(Outcome::kNoResponse), "no-response");
    EXPECT_EQ(outcomeName(Outcome::kNone), "");
    EXPECT_EQ(scheduleKindName(ScheduleKind::kVariableRatio), "variable-ratio");
    EXPECT_EQ(fadingKindName(FadingKind::kReplayFailedStep), "replay-failed-step");
}

TEST(NextLevelDown, StepsFromMostToLeastIntrusive) {
    const std::vector<std::string>& h = kDefaultPromptHierarchy;
    struct Case {
        std::optional<std::string> last;
        std::optional<std::string> next;
    };
    const Case cases[] = {
        {std::nullopt, "full physical"},  // nothing before: the most help
        {"full physical", "partial physical"},
        {"partial physical", "model"},
        {"model", "verbal"},
        {"verbal", "gestural"},
        {"gestural", "gestural"},  // already the least: stays
        {"a level since removed", "full physical"},
    };
    for (const Case& c : cases)
        EXPECT_EQ(nextLevelDown(h, c.last), c.next) << c.last.value_or("-");
    EXPECT_EQ(nextLevelDown({}, std::string("model")), std::nullopt);
    EXPECT_EQ(nextLevelDown({"point", "nod"}, std::string("point")), "nod");
}

TEST(LevelByNumber, CountsFromOneTheMostIntrusive) {
    const std::vector<std::string>& h = kDefaultPromptHierarchy;
    EXPECT_EQ(levelByNumber(h, 1), "full physical");
    EXPECT_EQ(levelByNumber(h, 5), "gestural");
    EXPECT_EQ(levelByNumber(h, 0), std::nullopt);
    EXPECT_EQ(levelByNumber(h, 6), std::nullopt);
    EXPECT_EQ(levelByNumber(h, -1), std::nullopt);
}

}  // namespace
}  // namespace mimic::session
