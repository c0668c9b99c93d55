#include "session/therapist_keys.h"

#include <utility>

namespace mimic::session {
namespace {

bool isDigit(Key key) {
    return key.code == KeyCode::kCharacter && key.character >= '0' && key.character <= '9';
}

bool isLetter(Key key, char letter) {
    return key.code == KeyCode::kCharacter && key.character == letter;
}

TherapistCommand scoreCommand(Outcome outcome) {
    TherapistCommand command;
    command.command = Command::kScore;
    command.outcome = outcome;
    return command;
}

TherapistCommand simple(Command kind) {
    TherapistCommand command;
    command.command = kind;
    return command;
}

// Removes the last UTF-8 character of `text` (its continuation bytes too).
void popCharacter(std::string& text) {
    while (!text.empty()) {
        const auto byte = static_cast<unsigned char>(text.back());
        text.pop_back();
        if ((byte & 0xC0U) != 0x80U) break;
    }
}

}  // namespace

std::string_view commandName(Command command) {
    switch (command) {
        case Command::kGoOn:
            return "go-on";
        case Command::kReplay:
            return "replay";
        case Command::kScore:
            return "score";
        case Command::kNote:
            return "note";
        case Command::kPause:
            return "pause";
        case Command::kEnd:
            return "end";
        case Command::kNone:
            break;
    }
    return "";
}

bool commandAvailable(Command command, State state, bool paused) {
    const bool running = state != State::kNone && state != State::kEnd;
    switch (command) {
        case Command::kGoOn:
            return !paused && running;
        case Command::kReplay:
            return !paused &&
                   (state == State::kModel || state == State::kTurn || state == State::kPractice);
        case Command::kScore:
            return !paused && (state == State::kPractice || state == State::kScore);
        case Command::kNote:
        case Command::kPause:
            return running;
        case Command::kEnd:
            return state != State::kEnd;
        case Command::kNone:
            break;
    }
    return false;
}

TherapistKeys::TherapistKeys(PinCheck pin_check) : pin_check_(std::move(pin_check)) {}

void TherapistKeys::setScoring(bool open) {
    scoring_ = open;
    // A level choice started while scoring was open makes no sense once it closed.
    if (!open && mode_ == Mode::kPromptLevel) mode_ = Mode::kChild;
}

void TherapistKeys::setPromptLevelCount(int count) {
    level_count_ = count < 0 ? 0 : count;
}

std::optional<TherapistCommand> TherapistKeys::key(Key key) {
    // Only the text event right after N can be its echo; any key in between means it is not.
    const bool dropping = std::exchange(drop_opening_text_, false);
    switch (mode_) {
        case Mode::kChild:
            return childKey(key);
        case Mode::kPromptLevel:
            return levelKey(key);
        case Mode::kNote:
            drop_opening_text_ = dropping && key.code == KeyCode::kOther;
            return noteKey(key);
        case Mode::kPin:
            return pinKey(key);
    }
    return std::nullopt;
}

std::optional<TherapistCommand> TherapistKeys::childKey(Key key) {
    switch (key.code) {
        case KeyCode::kSpace:
            return simple(Command::kGoOn);
        case KeyCode::kEscape:
            mode_ = Mode::kPin;
            pin_.clear();
            return std::nullopt;
        case KeyCode::kCharacter:
            break;
        case KeyCode::kEnter:
        case KeyCode::kBackspace:
        case KeyCode::kOther:
            return std::nullopt;
    }
    if (isLetter(key, 'r')) return simple(Command::kReplay);
    if (isLetter(key, 'p')) {
        paused_ = !paused_;
        TherapistCommand command = simple(Command::kPause);
        command.paused = paused_;
        return command;
    }
    if (isLetter(key, 'n')) {
        mode_ = Mode::kNote;
        note_.clear();
        drop_opening_text_ = true;
        return std::nullopt;
    }
    if (!scoring_ || !isDigit(key)) return std::nullopt;
    switch (key.character) {
        case '1':
            return scoreCommand(Outcome::kIndependent);
        case '2':
            // A hierarchy without levels cannot be scored as prompted.
            if (level_count_ > 0) mode_ = Mode::kPromptLevel;
            return std::nullopt;
        case '3':
            return scoreCommand(Outcome::kIncorrect);
        case '4':
            return scoreCommand(Outcome::kNoResponse);
        default:
            return std::nullopt;
    }
}

std::optional<TherapistCommand> TherapistKeys::levelKey(Key key) {
    if (key.code == KeyCode::kEscape) {
        mode_ = Mode::kChild;
        return std::nullopt;
    }
    if (key.code == KeyCode::kEnter) {
        mode_ = Mode::kChild;
        TherapistCommand command = scoreCommand(Outcome::kPrompted);
        command.next_level_down = true;
        return command;
    }
    if (!isDigit(key)) return std::nullopt;
    const int number = key.character - '0';
    if (number < 1 || number > level_count_) return std::nullopt;  // not a level: still waiting
    mode_ = Mode::kChild;
    TherapistCommand command = scoreCommand(Outcome::kPrompted);
    command.level_number = number;
    return command;
}

std::optional<TherapistCommand> TherapistKeys::noteKey(Key key) {
    switch (key.code) {
        case KeyCode::kEscape:
            mode_ = Mode::kChild;
            note_.clear();
            return std::nullopt;
        case KeyCode::kBackspace:
            popCharacter(note_);
            return std::nullopt;
        case KeyCode::kEnter: {
            mode_ = Mode::kChild;
            std::string text = std::exchange(note_, {});
            const bool blank = text.find_first_not_of(" \t") == std::string::npos;
            if (blank) return std::nullopt;
            TherapistCommand command = simple(Command::kNote);
            command.note = std::move(text);
            return command;
        }
        case KeyCode::kSpace:
        case KeyCode::kCharacter:
        case KeyCode::kOther:
            break;  // the text arrives as text()
    }
    return std::nullopt;
}

void TherapistKeys::text(std::string_view utf8) {
    if (mode_ != Mode::kNote) return;
    if (std::exchange(drop_opening_text_, false) && (utf8 == "n" || utf8 == "N")) return;
    for (const char c : utf8) {
        // Control characters have no place in a note (names.h keeps them out of records too).
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) continue;
        if (note_.size() >= kMaxNoteBytes) break;
        note_.push_back(c);
    }
}

std::optional<TherapistCommand> TherapistKeys::pinKey(Key key) {
    switch (key.code) {
        case KeyCode::kEscape:
            mode_ = Mode::kChild;
            pin_.clear();
            return std::nullopt;
        case KeyCode::kBackspace:
            if (!pin_.empty()) pin_.pop_back();
            return std::nullopt;
        case KeyCode::kCharacter:
            if (pin_.size() < kMaxPinLength) pin_.push_back(key.character);
            return std::nullopt;
        case KeyCode::kSpace:
        case KeyCode::kOther:
            return std::nullopt;
        case KeyCode::kEnter:
            break;
    }
    const std::string typed = std::exchange(pin_, {});
    mode_ = Mode::kChild;
    const bool right = pin_check_ ? pin_check_(typed) : typed == kStopWord;
    if (!right) {
        ++wrong_pins_;
        return std::nullopt;
    }
    return simple(Command::kEnd);
}

}  // namespace mimic::session
