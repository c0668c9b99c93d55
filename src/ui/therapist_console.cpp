#include "ui/therapist_console.h"

#include "ui/screen_lock.h"

#include <SDL.h>

#include <algorithm>

#include <imgui.h>

#include "ui/theme.h"

namespace mimic::ui {
namespace {

// Frames drawn after a mouse event: the press, the release, and one to show the result.
constexpr int kFramesAfterInput = 3;
constexpr float kLabelWidth = 150.0f;
constexpr float kMeterWidth = 260.0f;

constexpr int kPerRow = 4;
constexpr float kLevelsLeft = 470.0f;
constexpr float kLinesTop = 16.0f;

void line(const session::ConsoleLine& l) {
    ImGui::TextColored(toImVec4(kQuietText), "%s", l.label.c_str());
    ImGui::SameLine(TherapistConsole::kMargin + kLabelWidth);
    ImGui::TextUnformatted(l.value.c_str());
}

// One button at its fixed place; added to `pressed` when clicked while enabled.
void placedButton(const session::ConsoleButton& b, float x, float y,
                  std::vector<session::ConsoleButton>& pressed) {
    ImGui::SetCursorPos(ImVec2(x, y));
    ImGui::BeginDisabled(!b.enabled);
    if (ImGui::Button(b.label.c_str(),
                      ImVec2(TherapistConsole::kButtonWidth, TherapistConsole::kButtonHeight)) &&
        b.enabled) {
        pressed.push_back(b);
    }
    ImGui::EndDisabled();
}

// A row of buttons from `top`, kPerRow to a row.
void buttonGrid(const std::vector<session::ConsoleButton>& row, float top,
                std::vector<session::ConsoleButton>& pressed) {
    constexpr float kStepX = TherapistConsole::kButtonWidth + TherapistConsole::kButtonGap;
    constexpr float kStepY = TherapistConsole::kButtonHeight + TherapistConsole::kButtonGap;
    for (std::size_t i = 0; i < row.size(); ++i) {
        const auto column = static_cast<float>(i % kPerRow);
        const auto line_index = static_cast<float>(i / kPerRow);
        placedButton(row[i], TherapistConsole::kMargin + column * kStepX, top + line_index * kStepY,
                     pressed);
    }
}

}  // namespace

TherapistConsole::TherapistConsole(GlWindow window) : window_(std::move(window)) {}

Result<std::unique_ptr<TherapistConsole>> TherapistConsole::open(const std::string& title,
                                                                 int display) {
    auto window = GlWindow::open(title, kWidth, kHeight, display);
    if (!window) return Error{"the therapist's console: " + window.error().message};
    // Its swaps never wait for a vertical blank: the child's screen, drawn on the same thread,
    // must not wait for the console's display.
    SDL_GL_SetSwapInterval(0);
    // The owner shows the cursor over the console only (SDL's cursor is every window's).
    ImGui::GetIO().ConfigFlags |= ImGuiConfigFlags_NoMouseCursorChange;
    return std::unique_ptr<TherapistConsole>(new TherapistConsole(std::move(*window)));
}

void TherapistConsole::drawLocked(ScreenLock& lock, RgbaImage* snapshot) {
    window_.beginFrame();
    lock.draw();
    window_.endFrame(snapshot);
    if (frames_wanted_ > 0) --frames_wanted_;
}

unsigned int TherapistConsole::windowId() const {
    return window_.windowId();
}

void TherapistConsole::processEvent(const SDL_Event& event) {
    window_.processEvent(event);
    if (event.type == SDL_MOUSEBUTTONDOWN || event.type == SDL_MOUSEBUTTONUP ||
        event.type == SDL_MOUSEMOTION || event.type == SDL_WINDOWEVENT ||
        event.type == SDL_KEYDOWN || event.type == SDL_KEYUP || event.type == SDL_TEXTINPUT) {
        frames_wanted_ = kFramesAfterInput;
    }
}

std::vector<session::ConsoleButton> TherapistConsole::draw(const session::ConsoleView& view,
                                                           RgbaImage* snapshot) {
    std::vector<session::ConsoleButton> pressed;
    window_.beginFrame();
    const ImGuiIO& io = ImGui::GetIO();
    ImGui::SetNextWindowPos(ImVec2(0.0f, 0.0f));
    ImGui::SetNextWindowSize(io.DisplaySize);
    ImGui::Begin("console", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus);

    ImGui::SetCursorPos(ImVec2(kMargin, kLinesTop));
    ImGui::BeginGroup();
    for (const session::ConsoleLine& l : view.lines) {
        if (l.label == "Microphone" && view.mic_level) {
            ImGui::TextColored(toImVec4(kQuietText), "%s", l.label.c_str());
            ImGui::SameLine(kMargin + kLabelWidth);
            ImGui::ProgressBar(std::clamp(*view.mic_level, 0.0f, 1.0f), ImVec2(kMeterWidth, 0.0f),
                               "");
            continue;
        }
        line(l);
    }
    ImGui::EndGroup();
    if (!view.levels.empty()) {
        ImGui::SetCursorPos(ImVec2(kLevelsLeft, kLinesTop + kButtonHeight + kButtonGap));
        ImGui::BeginGroup();
        ImGui::TextColored(toImVec4(kQuietText), "Prompt levels");
        for (const session::ConsoleLine& level : view.levels)
            ImGui::Text("%s  %s", level.label.c_str(), level.value.c_str());
        ImGui::EndGroup();
    }

    // End early apart from the scores, top right; the other controls in their row.
    std::vector<session::ConsoleButton> controls;
    for (const session::ConsoleButton& b : view.controls) {
        if (b.action == session::ConsoleAction::kEnd) {
            placedButton(b, io.DisplaySize.x - kMargin - kButtonWidth, kLinesTop, pressed);
        } else {
            controls.push_back(b);
        }
    }
    buttonGrid(controls, kControlsTop, pressed);
    buttonGrid(view.scores, kScoresTop, pressed);
    if (!view.prompted.empty()) {
        ImGui::SetCursorPos(
            ImVec2(kMargin, kPromptedTop - ImGui::GetTextLineHeightWithSpacing() - kButtonGap));
        ImGui::TextColored(toImVec4(kQuietText), "2 prompted:");
        buttonGrid(view.prompted, kPromptedTop, pressed);
    }
    ImGui::SetCursorPos(ImVec2(kMargin, kPromptTop));
    ImGui::PushTextWrapPos(io.DisplaySize.x - kMargin);
    if (!view.prompt.empty()) ImGui::TextUnformatted(view.prompt.c_str());
    if (!view.notice.empty()) ImGui::TextColored(toImVec4(kProblemText), "%s", view.notice.c_str());
    ImGui::PopTextWrapPos();
    ImGui::End();
    window_.endFrame(snapshot);
    if (frames_wanted_ > 0) --frames_wanted_;
    return pressed;
}

}  // namespace mimic::ui
