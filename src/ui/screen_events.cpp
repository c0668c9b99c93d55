#include "ui/screen_events.h"

#include <algorithm>

namespace mimic::ui {

session::Key toKey(const SDL_Keysym& keysym) {
    using session::Key;
    using session::KeyCode;
    const SDL_Keycode sym = keysym.sym;
    switch (sym) {
        case SDLK_SPACE:
            return {KeyCode::kSpace, 0};
        case SDLK_RETURN:
        case SDLK_KP_ENTER:
            return {KeyCode::kEnter, 0};
        case SDLK_ESCAPE:
            return {KeyCode::kEscape, 0};
        case SDLK_BACKSPACE:
            return {KeyCode::kBackspace, 0};
        default:
            break;
    }
    if (sym >= SDLK_0 && sym <= SDLK_9) return Key::typed(static_cast<char>('0' + (sym - SDLK_0)));
    if (sym >= SDLK_KP_1 && sym <= SDLK_KP_9) {
        return Key::typed(static_cast<char>('1' + (sym - SDLK_KP_1)));
    }
    if (sym == SDLK_KP_0) return Key::typed('0');
    if (sym >= SDLK_a && sym <= SDLK_z) return Key::typed(static_cast<char>('a' + (sym - SDLK_a)));
    return {KeyCode::kOther, 0};
}

ScreenEventKind toEventKind(session::Command command) {
    switch (command) {
        case session::Command::kGoOn:
            return ScreenEventKind::kGoOn;
        case session::Command::kReplay:
            return ScreenEventKind::kReplay;
        case session::Command::kScore:
            return ScreenEventKind::kScore;
        case session::Command::kNote:
            return ScreenEventKind::kNote;
        case session::Command::kPause:
            return ScreenEventKind::kPause;
        case session::Command::kEnd:
            return ScreenEventKind::kEnd;
        case session::Command::kNone:
            break;
    }
    return ScreenEventKind::kNone;
}

// "trial 2 of 6 · greeting · 03:12"
std::string stripLine(const StripInfo& info) {
    std::string line;
    if (info.trial > 0)
        line = "trial " + std::to_string(info.trial) + " of " + std::to_string(info.trials);
    if (!info.target.empty()) line += (line.empty() ? "" : " \u00b7 ") + info.target;
    if (!line.empty()) line += " \u00b7 ";
    return line + session::clockText(info.elapsed);
}

std::string levelsLine(const StripInfo& info) {
    std::string line = "level:";
    for (std::size_t i = 0; i < info.prompt_levels.size(); ++i) {
        line += (i == 0 ? " " : " \u00b7 ") + std::to_string(i + 1) + " " + info.prompt_levels[i];
    }
    if (info.next_level_down) line += " \u00b7 Enter " + *info.next_level_down;
    return line;
}

Result<SessionDisplays> chooseSessionDisplays(int count, std::optional<int> child_display) {
    const int displays = std::max(count, 1);
    if (child_display && (*child_display < 1 || *child_display > displays)) {
        return Error{"there is no display " + std::to_string(*child_display) +
                     " for the child's screen (" + std::to_string(displays) +
                     (displays == 1 ? " display is" : " displays are") + " connected)"};
    }
    SessionDisplays chosen;
    if (displays == 1) return chosen;
    chosen.child = child_display.value_or(2) - 1;
    chosen.console = chosen.child == 0 ? 1 : 0;
    return chosen;
}

std::string_view screenEventName(ScreenEventKind kind) {
    switch (kind) {
        case ScreenEventKind::kModelEnded:
            return "model-ended";
        case ScreenEventKind::kCueEnded:
            return "cue-ended";
        case ScreenEventKind::kRewardEnded:
            return "reward-ended";
        case ScreenEventKind::kGoOn:
            return "go-on";
        case ScreenEventKind::kReplay:
            return "replay";
        case ScreenEventKind::kScore:
            return "score";
        case ScreenEventKind::kNote:
            return "note";
        case ScreenEventKind::kPause:
            return "pause";
        case ScreenEventKind::kEnd:
            return "end";
        case ScreenEventKind::kNone:
            break;
    }
    return "";
}

}  // namespace mimic::ui
