// What the therapist's console shows and which of its buttons act in which state, and that a
// button's keys mean, on a real TherapistKeys, what the button says.
#include "session/console_view.h"

#include <gtest/gtest.h>

namespace mimic::session {
namespace {

using Mode = TherapistKeys::Mode;

SessionStatus practising() {
    SessionStatus status;
    status.child = "c-017";
    status.trial = 2;
    status.trials = 6;
    status.target = "greeting";
    status.state = State::kPractice;
    status.elapsed = std::chrono::seconds(192);
    status.microphone = true;
    status.mic_level = 0.5f;
    status.recording = true;
    status.prompt_levels = {"full physical", "gestural", "verbal"};
    status.next_level_down = "gestural";
    return status;
}

const ConsoleButton& find(const ConsoleView& view, ConsoleAction action, int level = 0) {
    for (const auto* row : {&view.controls, &view.scores, &view.prompted}) {
        for (const ConsoleButton& b : *row) {
            if (b.action == action && b.level == level) return b;
        }
    }
    static const ConsoleButton none;
    ADD_FAILURE() << "no button for action " << static_cast<int>(action) << " level " << level;
    return none;
}

std::string value(const ConsoleView& view, const std::string& label) {
    for (const ConsoleLine& line : view.lines) {
        if (line.label == label) return line.value;
    }
    ADD_FAILURE() << "no line " << label;
    return {};
}

TEST(CommandAvailable, EachCommandInEachState) {
    // Rows: state; then go on, replay, score, note, pause, end (not paused).
    struct Row {
        State state;
        bool go_on, replay, score, note, pause, end;
    };
    const std::vector<Row> rows{
        {State::kNone, false, false, false, false, false, true},
        {State::kModel, true, true, false, true, true, true},
        {State::kTurn, true, true, false, true, true, true},
        {State::kPractice, true, true, true, true, true, true},
        {State::kScore, true, false, true, true, true, true},
        {State::kReward, true, false, false, true, true, true},
        {State::kEnd, false, false, false, false, false, false},
    };
    for (const Row& r : rows) {
        const std::string at(stateName(r.state));
        EXPECT_EQ(commandAvailable(Command::kGoOn, r.state, false), r.go_on) << at;
        EXPECT_EQ(commandAvailable(Command::kReplay, r.state, false), r.replay) << at;
        EXPECT_EQ(commandAvailable(Command::kScore, r.state, false), r.score) << at;
        EXPECT_EQ(commandAvailable(Command::kNote, r.state, false), r.note) << at;
        EXPECT_EQ(commandAvailable(Command::kPause, r.state, false), r.pause) << at;
        EXPECT_EQ(commandAvailable(Command::kEnd, r.state, false), r.end) << at;
        // Paused: nothing moves on, but a note, resuming and ending still act.
        EXPECT_FALSE(commandAvailable(Command::kGoOn, r.state, true)) << at;
        EXPECT_FALSE(commandAvailable(Command::kReplay, r.state, true)) << at;
        EXPECT_FALSE(commandAvailable(Command::kScore, r.state, true)) << at;
        EXPECT_EQ(commandAvailable(Command::kNote, r.state, true), r.note) << at;
        EXPECT_EQ(commandAvailable(Command::kPause, r.state, true), r.pause) << at;
        EXPECT_EQ(commandAvailable(Command::kEnd, r.state, true), r.end) << at;
        EXPECT_FALSE(commandAvailable(Command::kNone, r.state, false)) << at;
    }
}

TEST(ConsoleView, ShowsWhereTheSessionIs) {
    const ConsoleView view = consoleView(practising(), {});
    EXPECT_EQ(value(view, "Child"), "c-017");
    EXPECT_EQ(value(view, "Target"), "greeting");
    EXPECT_EQ(value(view, "Trial"), "2 of 6");
    EXPECT_EQ(value(view, "Now"), "practice");
    EXPECT_EQ(value(view, "Time"), "03:12");
    EXPECT_EQ(value(view, "Microphone"), "") << "the meter shows it";
    ASSERT_TRUE(view.mic_level);
    EXPECT_EQ(*view.mic_level, 0.5f);
    EXPECT_EQ(value(view, "Recording"), "recording");
    ASSERT_EQ(view.levels.size(), 3u);
    EXPECT_EQ(view.levels[0].label, "1");
    EXPECT_EQ(view.levels[0].value, "full physical");
    EXPECT_EQ(view.levels[1].value, "gestural (Enter: next level down)");
    EXPECT_TRUE(view.prompt.empty());

    SessionStatus status = practising();
    status.state = State::kScore;
    status.paused = true;
    status.recording = false;
    status.mic_level.reset();
    status.elapsed = std::chrono::seconds(3723);
    const ConsoleView waiting = consoleView(status, {});
    EXPECT_EQ(value(waiting, "Now"), "waiting for the score (paused)");
    EXPECT_EQ(value(waiting, "Time"), "1:02:03");
    EXPECT_EQ(value(waiting, "Microphone"), "heard while recording");
    EXPECT_FALSE(waiting.mic_level);
    EXPECT_EQ(value(waiting, "Recording"), "not recording");

    status.microphone = false;  // --mic none
    status.mic_level = 0.7f;    // never shown without a microphone
    const ConsoleView silent = consoleView(status, {});
    EXPECT_EQ(value(silent, "Microphone"), "none");
    EXPECT_FALSE(silent.mic_level);

    // The last recording's analysis, while it runs in the background; no line when idle.
    status.analysis = "analysing trial 2 (40%)";
    EXPECT_EQ(value(consoleView(status, {}), "Analysis"), "analysing trial 2 (40%)");
    status.analysis.clear();
    for (const ConsoleLine& line : consoleView(status, {}).lines)
        EXPECT_NE(line.label, "Analysis");

    const ConsoleView before = consoleView(SessionStatus{}, {});
    EXPECT_EQ(value(before, "Trial"), "none yet");
    EXPECT_EQ(value(before, "Now"), "starting");
}

TEST(ConsoleView, ButtonsActWhenTheirKeysWould) {
    const ConsoleView practice = consoleView(practising(), {});
    for (const auto* row : {&practice.controls, &practice.scores, &practice.prompted}) {
        for (const ConsoleButton& b : *row)
            EXPECT_TRUE(b.enabled) << b.label << " during practice";
    }
    EXPECT_EQ(find(practice, ConsoleAction::kIndependent).label, "1 independent");
    EXPECT_EQ(find(practice, ConsoleAction::kPrompted, 2).label, "2 gestural");
    EXPECT_EQ(find(practice, ConsoleAction::kNextLevelDown).label, "Enter gestural");
    EXPECT_EQ(find(practice, ConsoleAction::kPause).label, "P pause");

    SessionStatus status = practising();
    status.state = State::kModel;
    const ConsoleView model = consoleView(status, {});
    EXPECT_TRUE(find(model, ConsoleAction::kGoOn).enabled);
    EXPECT_TRUE(find(model, ConsoleAction::kReplay).enabled);
    EXPECT_FALSE(find(model, ConsoleAction::kIndependent).enabled) << "no score during the model";
    EXPECT_FALSE(find(model, ConsoleAction::kPrompted, 1).enabled);

    status.state = State::kReward;
    status.paused = true;
    const ConsoleView paused = consoleView(status, {});
    EXPECT_FALSE(find(paused, ConsoleAction::kGoOn).enabled);
    EXPECT_FALSE(find(paused, ConsoleAction::kReplay).enabled);
    EXPECT_EQ(find(paused, ConsoleAction::kPause).label, "P resume");
    EXPECT_TRUE(find(paused, ConsoleAction::kPause).enabled);
    EXPECT_TRUE(find(paused, ConsoleAction::kEnd).enabled);

    status.state = State::kEnd;
    status.paused = false;
    const ConsoleView end = consoleView(status, {});
    for (const auto* row : {&end.controls, &end.scores, &end.prompted}) {
        for (const ConsoleButton& b : *row)
            EXPECT_FALSE(b.enabled) << b.label << " after the end";
    }

    // While the keys take a note or the PIN, no button acts: they would type into it.
    for (Mode mode : {Mode::kNote, Mode::kPin}) {
        KeysStatus keys;
        keys.mode = mode;
        const ConsoleView typing = consoleView(practising(), keys);
        for (const auto* row : {&typing.controls, &typing.scores, &typing.prompted}) {
            for (const ConsoleButton& b : *row)
                EXPECT_FALSE(b.enabled) << b.label << " while typing";
        }
        EXPECT_FALSE(typing.prompt.empty());
    }

    // A hierarchy of more than nine levels: the keys read one digit, so do the buttons.
    status = practising();
    status.prompt_levels.assign(12, "level");
    status.next_level_down.reset();
    EXPECT_EQ(consoleView(status, {}).prompted.size(), 9u);
}

TEST(ConsoleView, PromptsSayWhatTheKeysWaitFor) {
    KeysStatus keys;
    keys.mode = Mode::kPromptLevel;
    EXPECT_EQ(consoleView(practising(), keys).prompt,
              "Prompted: press the level's number, or Enter for gestural; Esc cancels.");
    keys.mode = Mode::kNote;
    keys.note = "looked away";
    EXPECT_EQ(consoleView(practising(), keys).prompt,
              "Note: looked away_ \u00b7 Enter keeps it, Esc drops it.");
    keys.mode = Mode::kPin;
    keys.pin_set = true;
    keys.pin_length = 3;
    EXPECT_EQ(consoleView(practising(), keys).prompt,
              "To end the session, type the therapist's PIN and press Enter; Esc goes back. [***]");
    keys.pin_set = false;
    EXPECT_NE(consoleView(practising(), keys).prompt.find("type stop"), std::string::npos);
    keys.mode = Mode::kChild;
    keys.notice = "wrong PIN";
    EXPECT_EQ(consoleView(practising(), keys).notice, "wrong PIN");
}

// Presses `button` on `keys` as the console does; returns the last command its keys made.
std::optional<TherapistCommand> press(TherapistKeys& keys, const ConsoleButton& button) {
    std::optional<TherapistCommand> made;
    for (const Key& key : consoleKeys(button, keys.mode())) {
        if (auto command = keys.key(key)) made = command;
    }
    return made;
}

TEST(ConsoleKeys, EachButtonMeansWhatItsKeysMean) {
    const ConsoleView view = consoleView(practising(), {});
    auto fresh = [] {
        TherapistKeys keys([](std::string_view pin) { return pin == "4321"; });
        keys.setScoring(true);
        keys.setPromptLevelCount(3);
        return keys;
    };
    struct Row {
        ConsoleAction action;
        int level;
        Command command;
        Outcome outcome;
        std::optional<int> level_number;
        bool next_level_down;
    };
    const std::vector<Row> rows{
        {ConsoleAction::kGoOn, 0, Command::kGoOn, Outcome::kNone, {}, false},
        {ConsoleAction::kReplay, 0, Command::kReplay, Outcome::kNone, {}, false},
        {ConsoleAction::kPause, 0, Command::kPause, Outcome::kNone, {}, false},
        {ConsoleAction::kIndependent, 0, Command::kScore, Outcome::kIndependent, {}, false},
        {ConsoleAction::kIncorrect, 0, Command::kScore, Outcome::kIncorrect, {}, false},
        {ConsoleAction::kNoResponse, 0, Command::kScore, Outcome::kNoResponse, {}, false},
        {ConsoleAction::kPrompted, 1, Command::kScore, Outcome::kPrompted, 1, false},
        {ConsoleAction::kPrompted, 3, Command::kScore, Outcome::kPrompted, 3, false},
        {ConsoleAction::kNextLevelDown, 0, Command::kScore, Outcome::kPrompted, {}, true},
    };
    for (const Row& r : rows) {
        // From the keys' usual mode, and from a level choice begun with 2 on the keyboard.
        for (bool after_two : {false, true}) {
            TherapistKeys keys = fresh();
            if (after_two) {
                EXPECT_FALSE(keys.key(Key::typed('2')));
                ASSERT_EQ(keys.mode(), Mode::kPromptLevel);
            }
            const ConsoleButton& b = find(view, r.action, r.level);
            auto made = press(keys, b);
            ASSERT_TRUE(made) << b.label << (after_two ? " after 2" : "");
            EXPECT_EQ(made->command, r.command) << b.label;
            EXPECT_EQ(made->outcome, r.outcome) << b.label;
            EXPECT_EQ(made->level_number, r.level_number) << b.label;
            EXPECT_EQ(made->next_level_down, r.next_level_down) << b.label;
            EXPECT_EQ(keys.mode(), Mode::kChild) << b.label;
        }
    }
}

TEST(ConsoleKeys, EndEarlyAsksForThePinAndNoteTakesTypedText) {
    const ConsoleView view = consoleView(practising(), {});
    TherapistKeys keys([](std::string_view pin) { return pin == "4321"; });
    keys.setScoring(true);
    EXPECT_FALSE(press(keys, find(view, ConsoleAction::kEnd))) << "not ended by a click";
    EXPECT_EQ(keys.mode(), Mode::kPin);
    EXPECT_TRUE(consoleKeys(find(view, ConsoleAction::kIndependent), keys.mode()).empty())
        << "no button types into the PIN";
    for (char c : std::string("4321"))
        EXPECT_FALSE(keys.key(Key::typed(c)));
    auto ended = keys.key({KeyCode::kEnter, 0});
    ASSERT_TRUE(ended);
    EXPECT_EQ(ended->command, Command::kEnd);

    // Note: the click has no echo of an N typed, so a note starting with n keeps its n.
    EXPECT_FALSE(press(keys, find(view, ConsoleAction::kNote)));
    ASSERT_EQ(keys.mode(), Mode::kNote);
    for (char c : std::string("nice")) {
        EXPECT_FALSE(keys.key(Key::typed(c)));
        keys.text(std::string(1, c));
    }
    auto note = keys.key({KeyCode::kEnter, 0});
    ASSERT_TRUE(note);
    EXPECT_EQ(note->command, Command::kNote);
    EXPECT_EQ(note->note, "nice");

    // From a level choice, end early cancels it and then asks for the PIN.
    keys.setPromptLevelCount(3);
    EXPECT_FALSE(keys.key(Key::typed('2')));
    ASSERT_EQ(keys.mode(), Mode::kPromptLevel);
    EXPECT_FALSE(press(keys, find(view, ConsoleAction::kEnd)));
    EXPECT_EQ(keys.mode(), Mode::kPin);
}

}  // namespace
}  // namespace mimic::session
