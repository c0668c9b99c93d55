// BORIS projects (issue 13, acceptance 2): the reader, the writer (a round trip keeps every
// field mimic writes) and Cohen's kappa on projects built here with contingency tables worked
// out by hand (slices, each observation's category per subject, expected = sum of row *
// column / items, kappa = (agreements - expected) / (items - expected)): several subjects,
// points near slice edges, states that touch; and BORIS's own test values on rows from its
// test project (BORIS tests/test_irr.py, tests/files/test.boris).
#include "exchange/boris.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "boris_test_rows.h"

namespace mimic::exchange {
namespace {

struct Row {
    double time;
    std::string subject;
    std::string code;
};

// A BORIS 7 project: state "look" (key l), point "wave" (key w), subjects Ann and Ben, and
// one observation per entry of `observations`.
std::string project(const std::vector<std::pair<std::string, std::vector<Row>>>& observations,
                    const std::vector<std::string>& states = {"look"}) {
    std::string text = R"({"project_format_version": "7.0", "project_name": "test",
        "subjects_conf": {"0": {"key": "a", "name": "Ann", "description": ""},
                          "1": {"key": "b", "name": "Ben", "description": ""}},
        "behaviors_conf": {)";
    const std::vector<std::string> codes{"look", "wave", "s", "p"};
    for (std::size_t i = 0; i < codes.size(); ++i) {
        bool state = false;
        for (const std::string& s : states)
            state = state || s == codes[i];
        text += (i ? "," : "") + std::string("\"") + std::to_string(i) + R"(": {"type": ")" +
                (state ? "State event" : "Point event") + R"(", "key": ")" +
                std::string(1, static_cast<char>('a' + i)) + R"(", "code": ")" + codes[i] +
                R"(", "description": "", "category": "", "modifiers": {}})";
    }
    text += R"(}, "observations": {)";
    for (std::size_t o = 0; o < observations.size(); ++o) {
        text += (o ? "," : "") + std::string("\"") + observations[o].first +
                R"(": {"type": "MEDIA", "file": {"1": ["model.mp4"], "2": ["practice.mkv"]},
                "media_info": {"length": {"model.mp4": 4.5}, "fps": {"model.mp4": 25},
                "hasVideo": {"model.mp4": true}, "hasAudio": {"model.mp4": false},
                "offset": {"1": 0.0, "2": 1.25}}, "events": [)";
        for (std::size_t i = 0; i < observations[o].second.size(); ++i) {
            const Row& row = observations[o].second[i];
            char time[32];
            std::snprintf(time, sizeof time, "%.3f", row.time);
            text += std::string(i ? "," : "").append("[") + time + ", \"" + row.subject + "\", \"" +
                    row.code + "\", \"\", \"\"]";
        }
        text += "]}";
    }
    return text + "}}";
}

BorisProject parsed(const std::string& text) {
    auto result = parseBorisProject(text);
    EXPECT_TRUE(result.ok()) << result.error().message;
    return result.ok() ? *result : BorisProject{};
}

review::Agreement kappaOf(const BorisProject& p, const std::string& a, const std::string& b,
                          double interval_s, std::vector<std::string> subjects = {},
                          std::vector<std::string> codes = {}) {
    auto first = borisObservation(p, a);
    auto second = borisObservation(p, b);
    EXPECT_TRUE(first.ok() && second.ok());
    if (!first.ok() || !second.ok()) return {};
    review::AgreementOptions options;
    options.interval_ms = std::llround(interval_s * 1000);
    options.subjects = std::move(subjects);
    options.codes = std::move(codes);
    auto agreement = review::cohenKappa(*first, *second, options);
    EXPECT_TRUE(agreement.ok()) << agreement.error().message;
    return agreement.ok() ? *agreement : review::Agreement{};
}

TEST(BorisProject, ReadsEthogramSubjectsMediaAndEvents) {
    const BorisProject p =
        parsed(project({{"A", {{0.0, "Ann", "look"}, {2.0, "Ann", "look"}, {1.0, "", "wave"}}}}));
    ASSERT_EQ(p.behaviours.size(), 4u);
    EXPECT_EQ(p.behaviours[0].code, "look");
    EXPECT_TRUE(p.behaviours[0].state);
    EXPECT_FALSE(p.behaviours[1].state);
    EXPECT_EQ(p.subjects, (std::vector<std::string>{"Ann", "Ben"}));
    const BorisObservation* o = findBorisObservation(p, "A");
    ASSERT_NE(o, nullptr);
    ASSERT_EQ(o->players.size(), 2u);
    EXPECT_EQ(o->players[0].path, "model.mp4");
    EXPECT_EQ(o->players[0].length_s, 4.5);
    EXPECT_EQ(o->players[1].offset_s, 1.25);
    ASSERT_EQ(o->events.size(), 3u);
    EXPECT_EQ(o->events[1].time_ms, 1000);  // in time order
    auto events = borisObservation(p, "A");
    ASSERT_TRUE(events.ok());
    ASSERT_EQ(events->events.size(), 2u);
    EXPECT_TRUE(events->events[0].state);
    EXPECT_EQ(events->events[0].stop_ms, 2000);
}

TEST(BorisProject, RoundTripKeepsEveryField) {
    BorisProject p;
    p.name = "mimic";
    p.behaviours = {{"look", true, "l", "eyes on the peer", "", {"brief", "long"}},
                    {"wave", false, "w", "", "", {}}};
    p.subjects = {"Child"};
    BorisObservation o;
    o.id = "trial-3-ana";
    o.date = "2026-01-02T10:00:00";
    o.players = {{"clips/model.mp4", 4.2, 25, true, false, 0.0},
                 {"rec/practice.mkv", 9.1, 30, true, true, 0.437}};
    o.events = {{1234, "Child", "look", "brief", ""},
                {2001, "Child", "wave", "", "a note"},
                {3999, "Child", "look", "brief", ""}};
    p.observations = {o};
    const BorisProject back = parsed(borisProjectJson(p));
    ASSERT_EQ(back.behaviours.size(), 2u);
    EXPECT_EQ(back.behaviours[0].modifiers, p.behaviours[0].modifiers);
    EXPECT_EQ(back.behaviours[0].description, "eyes on the peer");
    EXPECT_EQ(back.subjects, p.subjects);
    ASSERT_EQ(back.observations.size(), 1u);
    const BorisObservation& b = back.observations[0];
    EXPECT_EQ(b.id, o.id);
    EXPECT_EQ(b.date, o.date);
    ASSERT_EQ(b.players.size(), 2u);
    EXPECT_EQ(b.players[1].path, "rec/practice.mkv");
    EXPECT_EQ(b.players[1].offset_s, 0.437);
    EXPECT_TRUE(b.players[1].has_audio);
    ASSERT_EQ(b.events.size(), 3u);
    for (std::size_t i = 0; i < 3; ++i) {
        EXPECT_EQ(b.events[i].time_ms, o.events[i].time_ms);
        EXPECT_EQ(b.events[i].code, o.events[i].code);
        EXPECT_EQ(b.events[i].modifier, o.events[i].modifier);
        EXPECT_EQ(b.events[i].comment, o.events[i].comment);
    }
}

// Ann looks 0-2 s (A) or 0-1 s (B); Ben waves at 1 s in both. Slices 0, 1, 2; subjects Ann,
// Ben, No focal subject: 9 items. Only Ann at 2 s differs. Rows A, columns B:
//   look: 3 (2 agree, 1 none), wave: 1, none: 5. Columns: look 2, wave 1, none 6.
// expected = (3*2 + 1*1 + 5*6) / 9 = 37/9; kappa = (8 - 37/9) / (9 - 37/9) = 35/44 = 0.795.
TEST(BorisAgreement, SeveralSubjects) {
    const BorisProject p = parsed(
        project({{"A", {{0.0, "Ann", "look"}, {2.0, "Ann", "look"}, {1.0, "Ben", "wave"}}},
                 {"B", {{0.0, "Ann", "look"}, {1.0, "Ann", "look"}, {1.0, "Ben", "wave"}}}}));
    const review::Agreement a = kappaOf(p, "A", "B", 1.0);
    EXPECT_EQ(a.slices, 3);
    EXPECT_EQ(a.items, 9);
    EXPECT_EQ(a.agreements, 8);
    EXPECT_EQ(a.kappa, 0.795);
    // Ben alone: both see the wave at 1 s, nothing else: kappa 1.
    EXPECT_EQ(kappaOf(p, "A", "B", 1.0, {"Ben"}).kappa, 1.0);
}

// Waves at 0 and 2.5 s (A) or 0 and 2.501 s (B); slices 0, 1, 2 (3 > 2.501). At 2 s A's wave
// is exactly half an interval away (in), B's 0.501 s (out). Rows A: wave 2, none 1; columns
// B: wave 1, none 2; agreements 2; expected = (2*1 + 1*2) / 3 = 4/3;
// kappa = (2 - 4/3) / (3 - 4/3) = 0.4.
TEST(BorisAgreement, PointsNearSliceEdges) {
    const BorisProject p = parsed(project({{"A", {{0.0, "", "wave"}, {2.5, "", "wave"}}},
                                           {"B", {{0.0, "", "wave"}, {2.501, "", "wave"}}}}));
    const review::Agreement a = kappaOf(p, "A", "B", 1.0);
    EXPECT_EQ(a.slices, 3);
    EXPECT_EQ(a.agreements, 2);
    EXPECT_EQ(a.kappa, 0.4);
    ASSERT_TRUE(a.percent.has_value());
    EXPECT_NEAR(*a.percent, 200.0 / 3, 1e-9);
}

// A looks 0-1 and 1-2 s (two states touching at 1 s), B 0-2 s. At 1 s A has both states:
// [look, look] against B's [look]. Rows A: look 2, look+look 1; columns B: look 3;
// expected = 2*3/3 + 1*0/3 = 2; agreements 2; kappa = (2 - 2) / (3 - 2) = 0.
TEST(BorisAgreement, StatesThatTouch) {
    const BorisProject p = parsed(project(
        {{"A", {{0.0, "", "look"}, {1.0, "", "look"}, {1.0, "", "look"}, {2.0, "", "look"}}},
         {"B", {{0.0, "", "look"}, {2.0, "", "look"}}}}));
    const review::Agreement a = kappaOf(p, "A", "B", 1.0);
    EXPECT_EQ(a.slices, 3);
    EXPECT_EQ(a.agreements, 2);
    EXPECT_EQ(a.kappa, 0.0);
}

// BORIS's test project's observations read as a project: BORIS's own kappas (tests/test_irr.py).
TEST(BorisAgreement, ReproducesBorisOwnTestValue) {
    const auto rows = [](const std::vector<testing::BorisRow>& from) {
        std::vector<Row> out;
        for (const testing::BorisRow& r : from)
            out.push_back({r.time, r.subject, r.code});
        return out;
    };
    const std::vector<Row> first = rows(testing::kBorisObservation1);
    const std::vector<Row> second = rows(testing::borisObservation2(false));
    const std::vector<Row> copy = rows(testing::borisObservation2(true));
    const BorisProject p =
        parsed(project({{"#1", first}, {"#2", second}, {"#2 (copy)", copy}}, {"s"}));
    EXPECT_EQ(kappaOf(p, "#1", "#2", 1.0, {"subject1", "subject2"}, {"s"}).kappa, -0.036);
    const std::vector<std::string> three{review::kNoFocalSubject, "subject1", "subject2"};
    EXPECT_EQ(kappaOf(p, "#2", "#2 (copy)", 1.0, three, {"s"}).kappa, 0.988);
    EXPECT_EQ(kappaOf(p, "#2", "#2 (copy)", 1.0, three, {"p"}).kappa, 0.866);
    EXPECT_EQ(kappaOf(p, "#2", "#2 (copy)", 3.0, three, {"p"}).kappa, 0.798);
}

TEST(BorisProject, RefusesWhatItCannotRead) {
    EXPECT_FALSE(parseBorisProject("not json").ok());
    EXPECT_FALSE(parseBorisProject("{}").ok());
    const BorisProject p = parsed(project({{"A", {{0.0, "", "look"}}}, {"B", {{1.0, "", "zzz"}}}}));
    auto unpaired = borisObservation(p, "A");
    ASSERT_FALSE(unpaired.ok());
    EXPECT_EQ(unpaired.error().message,
              "observation \"A\" has a state \"look\" started at 0.000 s and never stopped");
    auto unknown_code = borisObservation(p, "B");
    ASSERT_FALSE(unknown_code.ok());
    EXPECT_NE(unknown_code.error().message.find("\"zzz\""), std::string::npos);
    auto missing = borisObservation(p, "C");
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().message, "the project has no observation \"C\"");
    EXPECT_FALSE(
        parseBorisProject(
            R"({"behaviors_conf": {}, "observations": {"A": {"events": [[-1, "", "x"]]}}})")
            .ok());
    EXPECT_FALSE(
        parseBorisProject(R"({"behaviors_conf": {}, "observations": {"A": {"media_info": [1]}}})")
            .ok());
    // A live observation (no media: "file" a list) reads, without players.
    auto live = parseBorisProject(
        R"({"behaviors_conf": {}, "observations": {"L": {"type": "LIVE", "file": [], "events": []}}})");
    ASSERT_TRUE(live.ok()) << live.error().message;
    EXPECT_TRUE(live->observations[0].players.empty());
}

}  // namespace
}  // namespace mimic::exchange
