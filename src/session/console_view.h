// The therapist's view of a running session, as plain C++: SessionStatus (where the session
// is: what the strip at the child's screen's edge shows with one display) and ConsoleView
// (what the therapist's console window shows with two: the same, spelled out, and one button
// per thing the therapist's keys do).
//
// A console button stands for keys: pressing it feeds consoleKeys() to the same
// TherapistKeys the keyboard feeds, so a click and its keys can never mean different things,
// and "end early" still asks for the PIN. A button is enabled exactly when its command acts in
// the session's state (commandAvailable, therapist_keys.h) and the keys are not taking typed
// text (a note or the PIN).
//
// Threads: any; values and pure functions.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "session/session.h"
#include "session/therapist_keys.h"

namespace mimic::session {

// Where the session is, for the therapist. Times are the owner's; views format them.
struct SessionStatus {
    std::string child;  // the child's code
    int trial = 0;      // from 1; 0: no trial yet
    int trials = 0;
    std::string target;  // the behaviour's name
    State state = State::kNone;
    bool paused = false;
    std::chrono::seconds elapsed{0};  // since the session started
    bool microphone = false;          // the session records sound
    // 0..1 while a trial records (audio/level_meter.h); nullopt without a microphone or while
    // nothing records.
    std::optional<float> mic_level;
    bool recording = false;
    std::vector<std::string> prompt_levels;      // most intrusive first (keys 1..n after 2)
    std::optional<std::string> next_level_down;  // what Enter takes after 2
    std::string analysis;  // "analysing trial 2 (40%)" while a recording is analysed, else ""
};

// What the keys are doing, for the console to show.
struct KeysStatus {
    TherapistKeys::Mode mode = TherapistKeys::Mode::kChild;
    std::size_t pin_length = 0;  // characters typed at the PIN prompt
    bool pin_set = false;        // without a PIN the word "stop" ends the session
    std::string note;            // the note being typed
    std::string notice;          // a passing word: "wrong PIN", "note kept"
};

enum class ConsoleAction {
    kNone = 0,
    kGoOn,
    kReplay,
    kIndependent,
    kPrompted,       // at ConsoleButton::level
    kNextLevelDown,  // prompted at SessionStatus::next_level_down (Enter after 2)
    kIncorrect,
    kNoResponse,
    kNote,
    kPause,  // pause, or resume when paused
    kEnd,    // opens the PIN prompt
};

struct ConsoleButton {
    ConsoleAction action = ConsoleAction::kNone;
    int level = 0;  // kPrompted: the level's number (1 = most intrusive)
    // "1 independent", "Space go on"; a prompted level "2 gestural" (under "2 prompted:"),
    // the next level down "Enter gestural". Unique within a view.
    std::string label;
    bool enabled = false;
};

// One line of the console: "Trial" "2 of 6".
struct ConsoleLine {
    std::string label;
    std::string value;
};

struct ConsoleView {
    std::vector<ConsoleLine> lines;   // child, target, trial, now, time, microphone, recording
    std::optional<float> mic_level;   // drawn as a meter beside the microphone line
    std::vector<ConsoleLine> levels;  // the prompt hierarchy: "1" "full physical", ...
    // In rows as drawn: go on, replay, pause, note, end; the scores; the prompted levels (after
    // the key 2: its row is headed "2 prompted:").
    std::vector<ConsoleButton> controls;
    std::vector<ConsoleButton> scores;
    std::vector<ConsoleButton> prompted;
    // What the keys are waiting for ("Type the note, Enter keeps it..."), else empty.
    std::string prompt;
    std::string notice;
};

// The most levels a button can pick: after 2 the keys read one digit, 1..9.
inline constexpr int kMaxLevelButtons = 9;

// "03:12", "1:02:03".
std::string clockText(std::chrono::seconds elapsed);
// For people: "model clip", "your turn cue", "practice", "waiting for the score", "reward",
// "all done", "starting".
std::string stateWords(State state);

ConsoleView consoleView(const SessionStatus& status, const KeysStatus& keys);

// The keys `button` stands for, from the keys' `mode` now (a level choice begun on the
// keyboard is cancelled first when the button is not a level). Empty while a note or the PIN
// is being typed.
std::vector<Key> consoleKeys(const ConsoleButton& button, TherapistKeys::Mode mode);

}  // namespace mimic::session
