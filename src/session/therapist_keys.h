// TherapistKeys: what the therapist's keys mean on the child's screen, as plain C++ (no SDL:
// the window turns its key and text events into Key values and feeds them here).
//
//   Space  go on                 R  replay the model        P  pause / resume
//   1      independent           3  incorrect               4  no response
//   2      prompted, then 1..n picks the level of the program's hierarchy (1 = most
//          intrusive), or Enter takes the next level down from last time; Esc cancels
//   N      a note: text is typed, Enter stores it, Esc drops it
//   Esc    asks for the therapist's PIN (digits, shown masked); Enter checks it. The right
//          PIN ends the session; a wrong one goes back to the child's screen. Without a PIN
//          set, the word "stop" then Enter ends it.
//
// Everything else does nothing, in every mode: a child mashing the keyboard or clicking
// cannot end, score or note anything. Score keys (1-4) act only while scoring is open
// (setScoring: during practice and while awaiting the score); elsewhere a stray digit is
// ignored. Letters never act in the PIN or level modes except as PIN characters.
//
// Threads: one at a time (the UI thread); a plain value apart from the PIN check it holds.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "session/clinical.h"
#include "session/session.h"

namespace mimic::session {

// An abstract key: the keys that mean something, and kCharacter for a printable key (a
// digit or a lower-case letter in `character`). Any other key is kOther.
enum class KeyCode { kOther = 0, kSpace, kEnter, kEscape, kBackspace, kCharacter };

struct Key {
    KeyCode code = KeyCode::kOther;
    char character = 0;  // with kCharacter: '0'..'9' or 'a'..'z'

    static Key typed(char c) { return Key{KeyCode::kCharacter, c}; }
};

enum class Command { kNone = 0, kGoOn, kReplay, kScore, kNote, kPause, kEnd };
std::string_view commandName(Command command);  // "go-on", "replay", "score", ...

// Whether `command` does something in the session's `state`, paused or not: the one rule the
// runner applies to the keys (app/session_driver.h) and the therapist's console shows on its
// buttons (console_view.h). Go on, replay and scores wait while paused; go on acts from model
// to reward, replay from model, turn and practice, scores in practice and score; a note, pause
// and resume anywhere in a running session; ending at any time before the end.
bool commandAvailable(Command command, State state, bool paused);

// What a key asked for.
struct TherapistCommand {
    Command command = Command::kNone;
    // kScore: the outcome; with kPrompted exactly one of `level_number` (1..n) and
    // `next_level_down` is set.
    Outcome outcome = Outcome::kNone;
    std::optional<int> level_number;
    bool next_level_down = false;
    std::string note;     // kNote: the text, never empty
    bool paused = false;  // kPause: the state after the toggle
};

class TherapistKeys {
  public:
    enum class Mode { kChild = 0, kPromptLevel, kNote, kPin };

    // Checks a typed PIN. Empty: no PIN is set, and leaving needs the word kStopWord.
    using PinCheck = std::function<bool(std::string_view)>;
    static constexpr std::string_view kStopWord = "stop";
    // Longest PIN or word kept while typing (PINs are 4-8 digits; more is never right).
    static constexpr std::size_t kMaxPinLength = 16;
    static constexpr std::size_t kMaxNoteBytes = 2000;

    explicit TherapistKeys(PinCheck pin_check = {});

    // A key press (not a repeat). Returns the command it completes, if any.
    std::optional<TherapistCommand> key(Key key);
    // Typed text (UTF-8), used only while a note is open.
    void text(std::string_view utf8);

    // Whether score keys act now (practice and awaiting the score).
    void setScoring(bool open);
    // How many levels the running trial's prompt hierarchy has (keys 1..n after 2).
    void setPromptLevelCount(int count);

    Mode mode() const { return mode_; }
    bool scoring() const { return scoring_; }
    bool paused() const { return paused_; }
    bool pinSet() const { return static_cast<bool>(pin_check_); }
    // What the PIN prompt shows: one mark per character typed.
    std::size_t pinLength() const { return pin_.size(); }
    // The note being typed.
    const std::string& noteText() const { return note_; }
    // How many times a wrong PIN was entered (the screen may say so gently).
    int wrongPins() const { return wrong_pins_; }

  private:
    std::optional<TherapistCommand> childKey(Key key);
    std::optional<TherapistCommand> levelKey(Key key);
    std::optional<TherapistCommand> noteKey(Key key);
    std::optional<TherapistCommand> pinKey(Key key);

    PinCheck pin_check_;
    Mode mode_ = Mode::kChild;
    bool scoring_ = false;
    bool paused_ = false;
    int level_count_ = 0;
    std::string pin_;
    std::string note_;
    // The N that opened a note also arrives as text; that one text event is not the note's.
    bool drop_opening_text_ = false;
    int wrong_pins_ = 0;
};

}  // namespace mimic::session
