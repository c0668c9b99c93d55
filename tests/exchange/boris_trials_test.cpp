// Trials and codes to and from BORIS observations (exchange/boris_trials.h): one observation
// per trial and coder, states as start and stop rows, and back to the same codes; what BORIS
// cannot hold or mimic cannot take is refused with one line.
#include "exchange/boris_trials.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

namespace mimic::exchange {
namespace {

store::Code code(std::int64_t id, const std::string& name, store::CodeKind kind,
                 std::vector<std::string> modifiers = {}) {
    return {id, {1, name, kind, std::nullopt, std::move(modifiers)}, ""};
}

store::CodedEvent event(const std::string& coder, const std::string& name, std::int64_t start,
                        std::optional<std::int64_t> stop, const std::string& modifier = "") {
    store::CodedEvent e;
    e.record = {7, 0, coder, start, stop, modifier};
    e.code = name;
    return e;
}

BorisTrial trial(std::vector<store::CodedEvent> events) {
    BorisTrial t;
    t.trial.trial_id = 7;
    t.trial.behaviour_name = "greeting";
    t.trial.clip_path = "library/hello.mp4";
    t.trial.recording_path = "recordings/7.mkv";
    t.trial.offset_us = 250000;
    t.child = "c-017";
    t.date = "2026-01-02T10:00:00Z";
    t.scheme = {code(1, "look", store::CodeKind::kState),
                code(2, "wave", store::CodeKind::kPoint, {"left", "right"})};
    t.events = std::move(events);
    return t;
}

TEST(BorisTrials, OneObservationPerCoderAndBackToTheSameCodes) {
    const BorisTrial t = trial({event("A", "look", 125, 1001), event("A", "look", 1001, 2500),
                                event("A", "wave", 700, std::nullopt, "left"),
                                event("B. Two", "wave", 900, std::nullopt)});
    auto project = borisProjectOf({t}, "p");
    ASSERT_TRUE(project.ok()) << project.error().message;
    ASSERT_EQ(project->observations.size(), 2u);
    EXPECT_EQ(project->observations[0].id, "trial-7-A");
    EXPECT_EQ(project->observations[1].id, "trial-7-B. Two");
    EXPECT_EQ(project->subjects, std::vector<std::string>{"c-017"});
    const BorisObservation& a = project->observations[0];
    ASSERT_EQ(a.players.size(), 2u);
    EXPECT_EQ(a.players[1].offset_s, 0.25);
    ASSERT_EQ(a.events.size(), 5u);
    EXPECT_EQ(a.events[1].time_ms, 700);
    EXPECT_EQ(a.events[1].modifier, "left");

    auto back = borisCodesOf(*project, "trial-7-A", t.scheme);
    ASSERT_TRUE(back.ok()) << back.error().message;
    ASSERT_EQ(back->size(), 3u);
    std::vector<std::tuple<std::string, std::int64_t, std::optional<std::int64_t>, std::string>>
        got;
    for (const ImportedCode& c : *back)
        got.emplace_back(c.code, c.start_ms, c.stop_ms, c.modifier);
    std::sort(got.begin(), got.end());
    using Tuple = decltype(got)::value_type;
    EXPECT_EQ(got, (std::vector<Tuple>{{"look", 125, 1001, ""},
                                       {"look", 1001, 2500, ""},
                                       {"wave", 700, std::nullopt, "left"}}));
}

TEST(BorisTrials, RefusesWhatEitherSideCannotHold) {
    // Overlapping states of one code by one coder.
    auto overlap =
        borisProjectOf({trial({event("A", "look", 0, 2000), event("A", "look", 1000, 3000)})}, "p");
    ASSERT_FALSE(overlap.ok());
    EXPECT_NE(overlap.error().message.find("overlap"), std::string::npos);
    // A trial nobody coded: one observation without events.
    auto empty = borisProjectOf({trial({})}, "p");
    ASSERT_TRUE(empty.ok());
    ASSERT_EQ(empty->observations.size(), 1u);
    EXPECT_EQ(empty->observations[0].id, "trial-7");

    auto project = borisProjectOf({trial({event("A", "look", 0, 1000)})}, "p");
    ASSERT_TRUE(project.ok());
    // The same code a point in the trial's scheme: refused.
    auto wrong_type =
        borisCodesOf(*project, "trial-7-A", {code(1, "look", store::CodeKind::kPoint)});
    EXPECT_FALSE(wrong_type.ok());
    auto missing = borisCodesOf(*project, "trial-7-A", {code(2, "wave", store::CodeKind::kPoint)});
    ASSERT_FALSE(missing.ok());
    EXPECT_NE(missing.error().message.find("\"look\""), std::string::npos);
    // Two subjects in one observation: a trial has one child.
    project->observations[0].events.push_back({3000, "other", "look", "", ""});
    project->observations[0].events.push_back({4000, "other", "look", "", ""});
    auto two = borisCodesOf(*project, "trial-7-A", {code(1, "look", store::CodeKind::kState)});
    ASSERT_FALSE(two.ok());
    EXPECT_NE(two.error().message.find("several subjects"), std::string::npos);
}

}  // namespace
}  // namespace mimic::exchange
