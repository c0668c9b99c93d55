// Calendar time as text: only real dates are read (issue 10, D8), and an expiry must lie in the
// future. Times are given, never read from the clock, so every case is deterministic.
#include "common/utc_time.h"

#include <gtest/gtest.h>

namespace mimic {
namespace {

UtcSeconds at(std::string_view text) {
    auto parsed = parseUtc(text);
    EXPECT_TRUE(parsed.ok()) << text;
    return parsed.ok() ? *parsed : UtcSeconds{};
}

TEST(UtcTime, RealDatesAndTimesAreReadAndWrittenBackTheSame) {
    for (const char* text : {"2027-06-30T12:00:00Z", "2028-02-29T23:59:59Z", "2000-02-29T00:00:00Z",
                             "1970-01-01T00:00:00Z", "9999-12-31T23:59:59Z"}) {
        EXPECT_EQ(formatUtc(at(text)), text);
    }
    EXPECT_EQ(formatUtc(at("2027-06-30")), "2027-06-30T00:00:00Z");  // the start of the day
    EXPECT_EQ(at("1970-01-01T00:00:01Z").time_since_epoch().count(), 1);
    EXPECT_EQ(at("2027-07-01") - at("2027-06-30T23:59:59Z"), std::chrono::seconds(1));
}

TEST(UtcTime, DatesThatDoNotExistAreRefused) {
    for (const char* text : {"2019-99-99",
                             "0000-00-00",
                             "2027-02-29",
                             "1900-02-29",
                             "2027-04-31",
                             "2027-13-01",
                             "2027-00-10",
                             "2027-06-00",
                             "2027-06-30T24:00:00Z",
                             "2027-06-30T12:60:00Z",
                             "2027-06-30T12:00:60Z",
                             "2027-6-30",
                             "27-06-30",
                             "30/06/2027",
                             "2027-06-30 12:00:00",
                             "2027-06-30T12:00:00",
                             "2027-06-30T12:00:00+02:00",
                             "+202-06-30",
                             "2027-06-3x",
                             "",
                             "tomorrow",
                             "2027-06-30\n"}) {
        auto parsed = parseUtc(text);
        ASSERT_FALSE(parsed.ok()) << text;
        EXPECT_NE(parsed.error().message.find("is not a real date"), std::string::npos)
            << parsed.error().message;
    }
}

TEST(UtcTime, AnExpiryMustLieAfterNow) {
    const UtcSeconds now = at("2026-12-02T10:00:00Z");
    auto later = parseFutureExpiry("2026-12-02T10:00:01Z", now);
    ASSERT_TRUE(later.ok());
    EXPECT_EQ(*later, "2026-12-02T10:00:01Z");
    auto tomorrow = parseFutureExpiry("2026-12-03", now);
    ASSERT_TRUE(tomorrow.ok());
    EXPECT_EQ(*tomorrow, "2026-12-03T00:00:00Z");
    // Now itself, today (its start has passed) and any earlier date have already expired.
    for (const char* text : {"2026-12-02T10:00:00Z", "2026-12-02", "2019-01-01", "0001-01-01"}) {
        auto refused = parseFutureExpiry(text, now);
        ASSERT_FALSE(refused.ok()) << text;
        EXPECT_NE(refused.error().message.find("lies in the past"), std::string::npos)
            << refused.error().message;
        EXPECT_NE(refused.error().message.find("2026-12-02T10:00:00Z"), std::string::npos);
    }
    auto bad = parseFutureExpiry("2019-99-99", now);
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().message.rfind("expiry '2019-99-99' is not a real date", 0), 0u)
        << bad.error().message;
}

}  // namespace
}  // namespace mimic
