// The analysis as the coder "auto"'s events (cues/auto_codes.h).
#include "cues/auto_codes.h"

#include <gtest/gtest.h>

namespace mimic::cues {
namespace {

TEST(AutoCodes, FacesAreStatesAndOnsetsArePointsInTimeOrder) {
    const auto events = autoEvents({{0.5, 1.25}, {2.0, 3.9996}}, 1.1004, std::nullopt);
    ASSERT_EQ(events.size(), 3u);
    EXPECT_EQ(events[0].code, kFacingCode);
    EXPECT_EQ(events[0].start_ms, 500);
    EXPECT_EQ(events[0].stop_ms, 1250);
    EXPECT_EQ(events[1].code, kMotionCode);
    EXPECT_EQ(events[1].start_ms, 1100);
    EXPECT_FALSE(events[1].stop_ms.has_value());
    EXPECT_EQ(events[2].start_ms, 2000);
    EXPECT_EQ(events[2].stop_ms, 4000);
    const auto voice = autoEvents({}, std::nullopt, 0.25);
    ASSERT_EQ(voice.size(), 1u);
    EXPECT_EQ(voice[0].code, kVoiceCode);
    EXPECT_TRUE(autoEvents({}, std::nullopt, std::nullopt).empty());
}

TEST(AutoCodes, AStateShorterThanAMillisecondIsLeftOutAndTimesAreNeverNegative) {
    EXPECT_TRUE(autoEvents({{1.0, 1.0004}}, std::nullopt, std::nullopt).empty());
    EXPECT_EQ(toMs(-0.2), 0);
    EXPECT_EQ(toMs(0.0015), 2);
}

}  // namespace
}  // namespace mimic::cues
