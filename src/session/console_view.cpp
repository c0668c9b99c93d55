#include "session/console_view.h"

#include <cstdio>

namespace mimic::session {

namespace {

constexpr const char* kDot = " \u00b7 ";

ConsoleButton button(ConsoleAction action, std::string label, bool enabled, int level = 0) {
    ConsoleButton b;
    b.action = action;
    b.level = level;
    b.label = std::move(label);
    b.enabled = enabled;
    return b;
}

std::string pinPrompt(const KeysStatus& keys) {
    const std::string typed =
        keys.pin_length == 0 ? std::string() : " [" + std::string(keys.pin_length, '*') + "]";
    if (!keys.pin_set)
        return "To end the session, type stop and press Enter; Esc goes back." + typed;
    return "To end the session, type the therapist's PIN and press Enter; Esc goes back." + typed;
}

}  // namespace

std::string clockText(std::chrono::seconds elapsed) {
    const long long s = elapsed.count() < 0 ? 0 : elapsed.count();
    char text[48];
    if (s >= 3600) {
        std::snprintf(text, sizeof text, "%lld:%02lld:%02lld", s / 3600, s / 60 % 60, s % 60);
    } else {
        std::snprintf(text, sizeof text, "%02lld:%02lld", s / 60, s % 60);
    }
    return text;
}

std::string stateWords(State state) {
    switch (state) {
        case State::kModel:
            return "model clip";
        case State::kTurn:
            return "your turn cue";
        case State::kPractice:
            return "practice";
        case State::kScore:
            return "waiting for the score";
        case State::kReward:
            return "reward";
        case State::kEnd:
            return "all done";
        case State::kNone:
            break;
    }
    return "starting";
}

ConsoleView consoleView(const SessionStatus& status, const KeysStatus& keys) {
    ConsoleView view;
    view.lines.push_back({"Child", status.child});
    view.lines.push_back({"Target", status.target});
    view.lines.push_back({"Trial", status.trial > 0 ? std::to_string(status.trial) + " of " +
                                                          std::to_string(status.trials)
                                                    : "none yet"});
    view.lines.push_back({"Now", stateWords(status.state) + (status.paused ? " (paused)" : "")});
    view.lines.push_back({"Time", clockText(status.elapsed)});
    std::string microphone;
    if (!status.microphone) {
        microphone = "none";
    } else if (!status.mic_level) {
        microphone = "heard while recording";
    }
    view.lines.push_back({"Microphone", microphone});
    view.mic_level = status.microphone ? status.mic_level : std::nullopt;
    view.lines.push_back({"Recording", status.recording ? "recording" : "not recording"});
    if (!status.analysis.empty()) view.lines.push_back({"Analysis", status.analysis});
    for (std::size_t i = 0; i < status.prompt_levels.size(); ++i) {
        std::string name = status.prompt_levels[i];
        if (status.next_level_down == name) name += " (Enter: next level down)";
        view.levels.push_back({std::to_string(i + 1), name});
    }

    const bool typing =
        keys.mode == TherapistKeys::Mode::kNote || keys.mode == TherapistKeys::Mode::kPin;
    auto can = [&](Command command) {
        return !typing && commandAvailable(command, status.state, status.paused);
    };
    view.controls.push_back(button(ConsoleAction::kGoOn, "Space go on", can(Command::kGoOn)));
    view.controls.push_back(
        button(ConsoleAction::kReplay, "R replay the model", can(Command::kReplay)));
    view.controls.push_back(button(ConsoleAction::kPause, status.paused ? "P resume" : "P pause",
                                   can(Command::kPause)));
    view.controls.push_back(button(ConsoleAction::kNote, "N note", can(Command::kNote)));
    view.controls.push_back(button(ConsoleAction::kEnd, "Esc end early", can(Command::kEnd)));

    const bool scoring = can(Command::kScore);
    view.scores.push_back(button(ConsoleAction::kIndependent, "1 independent", scoring));
    view.scores.push_back(button(ConsoleAction::kIncorrect, "3 incorrect", scoring));
    view.scores.push_back(button(ConsoleAction::kNoResponse, "4 no response", scoring));
    for (std::size_t i = 0; i < status.prompt_levels.size(); ++i) {
        const int number = static_cast<int>(i) + 1;
        if (number > kMaxLevelButtons) break;
        view.prompted.push_back(button(ConsoleAction::kPrompted,
                                       std::to_string(number) + " " + status.prompt_levels[i],
                                       scoring, number));
    }
    if (status.next_level_down) {
        view.prompted.push_back(
            button(ConsoleAction::kNextLevelDown, "Enter " + *status.next_level_down, scoring));
    }

    switch (keys.mode) {
        case TherapistKeys::Mode::kPromptLevel: {
            view.prompt = "Prompted: press the level's number";
            if (status.next_level_down) view.prompt += ", or Enter for " + *status.next_level_down;
            view.prompt += "; Esc cancels.";
            break;
        }
        case TherapistKeys::Mode::kNote:
            view.prompt = "Note: " + keys.note + "_" + kDot + "Enter keeps it, Esc drops it.";
            break;
        case TherapistKeys::Mode::kPin:
            view.prompt = pinPrompt(keys);
            break;
        case TherapistKeys::Mode::kChild:
            break;
    }
    view.notice = keys.notice;
    return view;
}

std::vector<Key> consoleKeys(const ConsoleButton& button, TherapistKeys::Mode mode) {
    if (mode == TherapistKeys::Mode::kNote || mode == TherapistKeys::Mode::kPin) return {};
    const bool choosing = mode == TherapistKeys::Mode::kPromptLevel;
    const bool level =
        button.action == ConsoleAction::kPrompted || button.action == ConsoleAction::kNextLevelDown;
    std::vector<Key> keys;
    // A level choice begun with 2 on the keyboard: a level button finishes it, anything else
    // cancels it first.
    if (choosing && !level) keys.push_back({KeyCode::kEscape, 0});
    if (level && !choosing) keys.push_back(Key::typed('2'));
    switch (button.action) {
        case ConsoleAction::kGoOn:
            keys.push_back({KeyCode::kSpace, 0});
            break;
        case ConsoleAction::kReplay:
            keys.push_back(Key::typed('r'));
            break;
        case ConsoleAction::kIndependent:
            keys.push_back(Key::typed('1'));
            break;
        case ConsoleAction::kPrompted:
            if (button.level < 1 || button.level > kMaxLevelButtons) return {};
            keys.push_back(Key::typed(static_cast<char>('0' + button.level)));
            break;
        case ConsoleAction::kNextLevelDown:
            keys.push_back({KeyCode::kEnter, 0});
            break;
        case ConsoleAction::kIncorrect:
            keys.push_back(Key::typed('3'));
            break;
        case ConsoleAction::kNoResponse:
            keys.push_back(Key::typed('4'));
            break;
        case ConsoleAction::kNote:
            keys.push_back(Key::typed('n'));
            break;
        case ConsoleAction::kPause:
            keys.push_back(Key::typed('p'));
            break;
        case ConsoleAction::kEnd:
            keys.push_back({KeyCode::kEscape, 0});
            break;
        case ConsoleAction::kNone:
            return {};
    }
    return keys;
}

}  // namespace mimic::session
