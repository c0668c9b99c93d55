// Coded events as EAF tiers and back (issue 13, build 1): one tier per coder and code, points
// as 1 ms annotations and states from start to stop; read back through the scheme they are
// the same events to the millisecond; ELAN's own tiers follow the documented rule; codes not
// in the scheme are all named.
#include "exchange/eaf_codes.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <tuple>

namespace mimic::exchange {
namespace {

const std::map<std::string, store::CodeKind> kScheme = {{"wave", store::CodeKind::kPoint},
                                                        {"look", store::CodeKind::kState}};

auto key(const EafEvent& e) {
    return std::tie(e.coder, e.code, e.start_ms, e.stop_ms, e.modifier);
}

std::vector<EafEvent> sorted(std::vector<EafEvent> events) {
    std::sort(events.begin(), events.end(),
              [](const EafEvent& a, const EafEvent& b) { return key(a) < key(b); });
    return events;
}

const std::vector<EafEvent> kEvents = {{"B", "look", 1000, 2500, ""},
                                       {"A", "wave", 1250, std::nullopt, ""},
                                       {"A", "look", 0, 0, ""},
                                       {"A", "wave", 7, std::nullopt, "big"},
                                       {"B", "wave", 1250, std::nullopt, ""}};

TEST(EafCodesTest, OneTierPerCoderAndCode) {
    const auto tiers = eafTiersOf(kEvents);
    ASSERT_EQ(tiers.size(), 4u);
    EXPECT_EQ(tiers[0].id, "A/look");
    EXPECT_EQ(tiers[1].id, "A/wave");
    EXPECT_EQ(tiers[1].participant, "A");
    ASSERT_EQ(tiers[1].annotations.size(), 2u);
    EXPECT_EQ(tiers[1].annotations[0].start_ms, 7);  // by start
    EXPECT_EQ(tiers[1].annotations[0].end_ms, 7 + kEafPointMs);
    EXPECT_EQ(tiers[1].annotations[0].value, "big");
    EXPECT_EQ(tiers[1].annotations[1].value, "wave");
    EXPECT_EQ(tiers[2].id, "B/look");
    EXPECT_EQ(tiers[2].annotations[0].end_ms, 2500);
}

TEST(EafCodesTest, TiersReadBackAsTheSameEvents) {
    auto back = eventsOfEafTiers(eafTiersOf(kEvents), kScheme, "");
    ASSERT_TRUE(back.ok()) << back.error().message;
    const auto expected = sorted(kEvents);
    const auto got = sorted(*back);
    ASSERT_EQ(got.size(), expected.size());
    for (std::size_t i = 0; i < got.size(); ++i)
        EXPECT_EQ(key(got[i]), key(expected[i])) << i;
}

TEST(EafCodesTest, NamesWithSlashesStayWhole) {
    const std::vector<EafEvent> events = {{"Dr. A/B", "wave", 5, std::nullopt, ""}};
    auto back = eventsOfEafTiers(eafTiersOf(events), kScheme, "");
    ASSERT_TRUE(back.ok()) << back.error().message;
    ASSERT_EQ(back->size(), 1u);
    EXPECT_EQ((*back)[0].coder, "Dr. A/B");
    EXPECT_EQ((*back)[0].code, "wave");
}

TEST(EafCodesTest, ElanTiersGiveTheValueAsCodeAndTheParticipantAsCoder) {
    const std::vector<EafTier> tiers = {
        {"gestures", "Ann", {{100, 100, "wave"}, {200, 900, "look"}}},
        {"look", "Ben", {{300, 400, ""}}}};
    auto events = eventsOfEafTiers(tiers, kScheme, "");
    ASSERT_TRUE(events.ok()) << events.error().message;
    ASSERT_EQ(events->size(), 3u);
    EXPECT_EQ(key((*events)[0]), key(EafEvent{"Ann", "wave", 100, std::nullopt, ""}));
    EXPECT_EQ(key((*events)[1]), key(EafEvent{"Ann", "look", 200, 900, ""}));
    EXPECT_EQ(key((*events)[2]), key(EafEvent{"Ben", "look", 300, 400, ""}));

    auto overridden = eventsOfEafTiers(tiers, kScheme, "Cat");
    ASSERT_TRUE(overridden.ok());
    for (const EafEvent& event : *overridden)
        EXPECT_EQ(event.coder, "Cat");
}

TEST(EafCodesTest, TierWithoutParticipantNeedsACoder) {
    const std::vector<EafTier> tiers = {{"gestures", "", {{100, 101, "wave"}}}};
    auto refused = eventsOfEafTiers(tiers, kScheme, "");
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.error().message.find("--coder"), std::string::npos);
    auto given = eventsOfEafTiers(tiers, kScheme, "Dee");
    ASSERT_TRUE(given.ok());
    EXPECT_EQ(given->at(0).coder, "Dee");
}

TEST(EafCodesTest, CodesNotInTheSchemeAreAllNamed) {
    const std::vector<EafTier> tiers = {
        {"x", "Ann", {{1, 2, "jump"}, {3, 4, "wave"}, {5, 6, "hop"}, {7, 8, "jump"}}}};
    auto refused = eventsOfEafTiers(tiers, kScheme, "");
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.error().message.find("'hop', 'jump'"), std::string::npos)
        << refused.error().message;
}

}  // namespace
}  // namespace mimic::exchange
