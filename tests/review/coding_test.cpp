// The coding rules (issue 12, build 1): a scheme's codes (a point or a state, a key of one
// character, modifiers), events that fit their code, times as typed, and a coder's events as
// an observation for agreement.
#include "review/coding.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace mimic::review {
namespace {

store::Code code(const std::string& name, store::CodeKind kind,
                 std::optional<std::string> key = std::nullopt,
                 std::vector<std::string> modifiers = {}) {
    store::Code c;
    c.id = 1;
    c.record.behaviour_id = 1;
    c.record.name = name;
    c.record.kind = kind;
    c.record.key = std::move(key);
    c.record.modifiers = std::move(modifiers);
    return c;
}

std::string messageOf(const Status& s) {
    return s.ok() ? std::string("ok") : s.error().message;
}

TEST(Coding, TimesAreKeptToTheMillisecond) {
    EXPECT_EQ(millisecondsOf(1.2344, "--at").value(), 1234);
    EXPECT_EQ(millisecondsOf(1.2346, "--at").value(), 1235);
    EXPECT_EQ(millisecondsOf(0.0, "--at").value(), 0);
    EXPECT_EQ(millisecondsOf(-0.5, "--at").error().message,
              "--at is before the recording's start (a time is >= 0 s)");
    EXPECT_FALSE(millisecondsOf(std::nan(""), "--to").ok());
    EXPECT_FALSE(millisecondsOf(std::numeric_limits<double>::infinity(), "--to").ok());
    EXPECT_FALSE(millisecondsOf(90'000.0, "--to").ok());  // a day is the most
}

TEST(Coding, ANewCodeNeedsAFreeNameAFreeKeyAndAType) {
    const std::vector<store::Code> scheme{code("wave", store::CodeKind::kPoint, "w"),
                                          code("look", store::CodeKind::kState, "l")};
    EXPECT_TRUE(checkNewCode(scheme, code("smile", store::CodeKind::kPoint, "s").record).ok());
    EXPECT_TRUE(checkNewCode(scheme, code("smile", store::CodeKind::kState).record).ok());
    EXPECT_EQ(messageOf(checkNewCode(scheme, code("wave", store::CodeKind::kState).record)),
              "the scheme has a code 'wave' already");
    EXPECT_EQ(messageOf(checkNewCode(scheme, code("walk", store::CodeKind::kPoint, "w").record)),
              "key 'w' is taken by code 'wave'");
    EXPECT_EQ(messageOf(checkNewCode(scheme, code("walk", store::CodeKind::kNone).record)),
              "code 'walk' needs a type: point or state");
    for (const std::string key : {"", "ww", " ", "\x1b", "\xc3\xa9"}) {
        EXPECT_FALSE(checkNewCode(scheme, code("walk", store::CodeKind::kPoint, key).record).ok())
            << key;
    }
    EXPECT_FALSE(checkNewCode(scheme, code("wa\nlk", store::CodeKind::kPoint).record).ok());
    EXPECT_FALSE(checkNewCode(scheme, code("", store::CodeKind::kPoint).record).ok());
    EXPECT_EQ(messageOf(checkNewCode(
                  scheme, code("walk", store::CodeKind::kPoint, std::nullopt, {"l", "l"}).record)),
              "modifier 'l' is given twice");
}

TEST(Coding, AnEventMustFitItsCode) {
    const store::Code wave = code("wave", store::CodeKind::kPoint, "w", {"left", "right"});
    const store::Code look = code("look", store::CodeKind::kState);
    EXPECT_TRUE(checkEvent(wave, 1000, std::nullopt, "").ok());
    EXPECT_TRUE(checkEvent(wave, 1000, std::nullopt, "left").ok());
    EXPECT_TRUE(checkEvent(look, 1000, 2500, "").ok());
    EXPECT_TRUE(checkEvent(look, 1000, 1000, "").ok());  // a state of one moment
    EXPECT_EQ(messageOf(checkEvent(look, 1000, std::nullopt, "")),
              "'look' is a state event: it needs a stop time");
    EXPECT_EQ(messageOf(checkEvent(wave, 1000, 2000, "")),
              "'wave' is a point event: it has no stop time");
    EXPECT_EQ(messageOf(checkEvent(look, 2000, 1000, "")),
              "the stop (1.000 s) is before the start (2.000 s)");
    EXPECT_EQ(messageOf(checkEvent(wave, 1000, std::nullopt, "up")), "'wave' has no modifier 'up'");
}

TEST(Coding, ACodersEventsBecomeTheirObservation) {
    std::vector<store::CodedEvent> events(3);
    events[0].record = {1, 1, "A", 1000, std::nullopt, "left"};
    events[0].code = "wave";
    events[0].kind = store::CodeKind::kPoint;
    events[1].record = {1, 2, "B", 500, 900, ""};
    events[1].code = "look";
    events[1].kind = store::CodeKind::kState;
    events[2].record = {1, 2, "A", 0, 3000, ""};
    events[2].code = "look";
    events[2].kind = store::CodeKind::kState;
    const Observation a = observationOf("A", events);
    EXPECT_EQ(a.coder, "A");
    ASSERT_EQ(a.events.size(), 2u);
    EXPECT_EQ(a.events[0].code, "wave");
    EXPECT_FALSE(a.events[0].state);
    EXPECT_EQ(a.events[0].start_ms, 1000);
    EXPECT_EQ(a.events[0].modifiers, "left");
    EXPECT_EQ(a.events[0].subject, "");  // no focal subject
    EXPECT_TRUE(a.events[1].state);
    EXPECT_EQ(a.events[1].stop_ms, 3000);
    EXPECT_TRUE(observationOf("C", events).events.empty());
}

}  // namespace
}  // namespace mimic::review
