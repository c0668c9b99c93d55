// The therapist's keys: every sequence of the key table, and key mashing that must do nothing.
#include "session/therapist_keys.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace mimic::session {
namespace {

Key space() {
    return {KeyCode::kSpace, 0};
}
Key enter() {
    return {KeyCode::kEnter, 0};
}
Key esc() {
    return {KeyCode::kEscape, 0};
}
Key backspace() {
    return {KeyCode::kBackspace, 0};
}
Key other() {
    return {KeyCode::kOther, 0};
}
Key ch(char c) {
    return Key::typed(c);
}

// One written-out sequence: a step is a key or, with `text` set, a text event.
struct Step {
    Key key;
    std::string text;
    bool is_text = false;
};
Step k(Key key) {
    return {key, {}, false};
}
Step t(std::string text) {
    return {{}, std::move(text), true};
}

std::vector<TherapistCommand> run(TherapistKeys& keys, const std::vector<Step>& steps) {
    std::vector<TherapistCommand> out;
    for (const Step& step : steps) {
        if (step.is_text) {
            keys.text(step.text);
        } else if (auto command = keys.key(step.key)) {
            out.push_back(*command);
        }
    }
    return out;
}

std::string describe(const TherapistCommand& c) {
    std::string s(commandName(c.command));
    if (c.command == Command::kScore) {
        s += ':';
        s += outcomeName(c.outcome);
        if (c.level_number) {
            s += ':';
            s += std::to_string(*c.level_number);
        }
        if (c.next_level_down) s += ":down";
    }
    if (c.command == Command::kNote) {
        s += ':';
        s += c.note;
    }
    if (c.command == Command::kPause) s += c.paused ? ":on" : ":off";
    return s;
}

struct Case {
    const char* name;
    bool scoring;
    std::vector<Step> steps;
    std::vector<std::string> expected;
    TherapistKeys::Mode mode_after = TherapistKeys::Mode::kChild;
};

TEST(TherapistKeys, KeyTable) {
    const std::vector<Case> cases = {
        {"space goes on", false, {k(space())}, {"go-on"}},
        {"r replays", false, {k(ch('r'))}, {"replay"}},
        {"p toggles pause", false, {k(ch('p')), k(ch('p'))}, {"pause:on", "pause:off"}},
        {"1 independent", true, {k(ch('1'))}, {"score:independent"}},
        {"3 incorrect", true, {k(ch('3'))}, {"score:incorrect"}},
        {"4 no response", true, {k(ch('4'))}, {"score:no-response"}},
        {"2 then level", true, {k(ch('2')), k(ch('3'))}, {"score:prompted:3"}},
        {"2 then enter", true, {k(ch('2')), k(enter())}, {"score:prompted:down"}},
        {"2 then a level too high waits",
         true,
         {k(ch('2')), k(ch('9')), k(ch('0'))},
         {},
         TherapistKeys::Mode::kPromptLevel},
        {"2 waits through letters, then level 1",
         true,
         {k(ch('2')), k(ch('x')), k(ch('1'))},
         {"score:prompted:1"}},
        {"2 then esc cancels, no pin prompt",
         true,
         {k(ch('2')), k(esc()), k(ch('1'))},
         {"score:independent"}},
        {"digits outside scoring do nothing",
         false,
         {k(ch('1')), k(ch('2')), k(ch('3')), k(ch('4')), k(enter())},
         {}},
        {"5..9 and 0 never score",
         true,
         {k(ch('5')), k(ch('6')), k(ch('7')), k(ch('8')), k(ch('9')), k(ch('0'))},
         {}},
        {"note",
         false,
         {k(ch('n')), t("n"), t("looked "), t("at me"), k(enter())},
         {"note:looked at me"}},
        {"note keys are not commands",
         true,
         {k(ch('n')), t("n"), k(ch('1')), t("1"), k(space()), t(" "), k(ch('r')), t("r"),
          k(enter())},
         {"note:1 r"}},
        {"note backspace",
         false,
         {k(ch('n')), t("n"), t("caf\xc3\xa9"), k(backspace()), t("e"), k(enter())},
         {"note:cafe"}},
        {"note esc drops it", false, {k(ch('n')), t("n"), t("x"), k(esc()), k(space())}, {"go-on"}},
        {"blank note is not stored", false, {k(ch('n')), t("n"), t("  "), k(enter())}, {}},
        {"note keeps a later n",
         false,
         {k(ch('n')), t("n"), k(ch('n')), t("n"), k(enter())},
         {"note:n"}},
        {"esc asks for the pin", false, {k(esc())}, {}, TherapistKeys::Mode::kPin},
        {"right pin ends",
         false,
         {k(esc()), k(ch('1')), k(ch('2')), k(ch('3')), k(ch('4')), k(enter())},
         {"end"}},
        {"wrong pin stays",
         false,
         {k(esc()), k(ch('1')), k(ch('1')), k(ch('1')), k(ch('1')), k(enter()), k(space())},
         {"go-on"}},
        {"pin backspace",
         false,
         {k(esc()), k(ch('1')), k(ch('2')), k(ch('9')), k(backspace()), k(ch('3')), k(ch('4')),
          k(enter())},
         {"end"}},
        {"esc twice cancels the prompt", false, {k(esc()), k(esc()), k(ch('r'))}, {"replay"}},
        {"pin digits do not score",
         true,
         {k(esc()), k(ch('1')), k(ch('4'))},
         {},
         TherapistKeys::Mode::kPin},
        {"stop is not a pin when one is set",
         false,
         {k(esc()), k(ch('s')), k(ch('t')), k(ch('o')), k(ch('p')), k(enter())},
         {}},
    };
    for (const Case& c : cases) {
        TherapistKeys keys([](std::string_view pin) { return pin == "1234"; });
        keys.setPromptLevelCount(5);
        keys.setScoring(c.scoring);
        std::vector<std::string> got;
        for (const auto& command : run(keys, c.steps))
            got.push_back(describe(command));
        EXPECT_EQ(got, c.expected) << c.name;
        EXPECT_EQ(keys.mode(), c.mode_after) << c.name;
    }
}

TEST(TherapistKeys, WithoutAPinTheWordStopEnds) {
    TherapistKeys keys;
    EXPECT_FALSE(keys.pinSet());
    EXPECT_TRUE(
        run(keys, {k(esc()), k(ch('1')), k(ch('2')), k(ch('3')), k(ch('4')), k(enter())}).empty());
    EXPECT_EQ(keys.wrongPins(), 1);
    EXPECT_TRUE(run(keys, {k(esc()), k(enter())}).empty());
    const auto ended =
        run(keys, {k(esc()), k(ch('s')), k(ch('t')), k(ch('o')), k(ch('p')), k(enter())});
    ASSERT_EQ(ended.size(), 1U);
    EXPECT_EQ(ended[0].command, Command::kEnd);
}

TEST(TherapistKeys, PinIsMaskedByLengthOnlyAndBounded) {
    TherapistKeys keys([](std::string_view) { return false; });
    keys.key(esc());
    for (int i = 0; i < 40; ++i)
        keys.key(ch('7'));
    EXPECT_EQ(keys.pinLength(), TherapistKeys::kMaxPinLength);
    keys.key(enter());
    EXPECT_EQ(keys.pinLength(), 0U);
    EXPECT_EQ(keys.mode(), TherapistKeys::Mode::kChild);
}

TEST(TherapistKeys, PromptedNeedsAHierarchy) {
    TherapistKeys keys;
    keys.setScoring(true);
    keys.setPromptLevelCount(0);
    EXPECT_TRUE(run(keys, {k(ch('2')), k(ch('1'))}).size() == 1);  // the 1 is "independent"
    keys.setPromptLevelCount(2);
    keys.key(ch('2'));
    keys.setScoring(false);  // practice ended into something that takes no score
    EXPECT_EQ(keys.mode(), TherapistKeys::Mode::kChild);
}

// A child at the keyboard: any key that is not one of the therapist's, any text, in any
// order and number, never gives a command nor opens a mode.
TEST(TherapistKeys, MashingDoesNothing) {
    const std::string harmless = "abcdefghijklmoqstuvwxyz056789";  // no n, p, r; no 1-4
    std::mt19937 random(11);
    for (const bool scoring : {false, true}) {
        TherapistKeys keys([](std::string_view) { return true; });
        keys.setPromptLevelCount(5);
        keys.setScoring(scoring);
        for (int i = 0; i < 5000; ++i) {
            const auto pick = random() % 5;
            std::optional<TherapistCommand> command;
            if (pick == 0) {
                command = keys.key(other());
            } else if (pick == 1) {
                command = keys.key(enter());
            } else if (pick == 2) {
                command = keys.key(backspace());
            } else if (pick == 3) {
                keys.text(std::string(1, harmless[random() % harmless.size()]));
            } else {
                command = keys.key(ch(harmless[random() % harmless.size()]));
            }
            ASSERT_FALSE(command) << "step " << i;
            ASSERT_EQ(keys.mode(), TherapistKeys::Mode::kChild) << "step " << i;
        }
    }
}

}  // namespace
}  // namespace mimic::session
