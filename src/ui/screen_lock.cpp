#include "ui/screen_lock.h"

#include <SDL.h>
#include <imgui.h>

#include <string.h>  // explicit_bzero
#include <algorithm>
#include <cstring>

#include "ui/theme.h"
#include "ui/widgets.h"

namespace mimic::ui {

namespace {

bool isInput(const SDL_Event& event) {
    switch (event.type) {
        case SDL_KEYDOWN:
        case SDL_TEXTINPUT:
        case SDL_MOUSEBUTTONDOWN:
        case SDL_MOUSEMOTION:
        case SDL_MOUSEWHEEL:
            return true;
        default:
            return false;
    }
}

}  // namespace

ScreenLock::ScreenLock(std::chrono::milliseconds idle, ScreenLockCallbacks callbacks,
                       Clock::time_point now)
    : lock_(idle, now), callbacks_(std::move(callbacks)) {}

ScreenLock::~ScreenLock() {
    explicit_bzero(passphrase_, sizeof passphrase_);
}

bool ScreenLock::onEvent(const SDL_Event& event, Clock::time_point now) {
    if (lock_.locked()) return true;
    if (isInput(event)) lock_.activity(now);
    const bool ctrl_l = event.type == SDL_KEYDOWN && event.key.keysym.sym == SDLK_l &&
                        (event.key.keysym.mod & KMOD_CTRL) != 0;
    if (ctrl_l) {
        lock_.lockNow();
        focus_field_ = true;
        problem_.clear();
        if (callbacks_.record) callbacks_.record("lock (asked)");
    }
    return ctrl_l;
}

bool ScreenLock::update(Clock::time_point now) {
    if (lock_.locked()) return true;
    if (lock_.update(now)) {
        focus_field_ = true;
        problem_.clear();
        if (callbacks_.record) callbacks_.record("lock (idle)");
    }
    return lock_.locked();
}

int ScreenLock::millisecondsUntilLock(int cap_ms, Clock::time_point now) const {
    if (lock_.locked() || lock_.idle().count() <= 0) return cap_ms;
    const auto left = lock_.remaining(now).count();
    return static_cast<int>(std::min<long long>(cap_ms, left + 1));
}

void ScreenLock::tryUnlock() {
    std::string typed(passphrase_, ::strnlen(passphrase_, sizeof passphrase_));
    explicit_bzero(passphrase_, sizeof passphrase_);
    submit(std::move(typed));
}

void ScreenLock::submit(std::string typed) {
    if (!lock_.locked()) return;
    const bool right = !typed.empty() && callbacks_.check && callbacks_.check(typed);
    lock_.passphraseChecked(right, Clock::now());
    if (right) {
        problem_.clear();
        if (callbacks_.record) callbacks_.record("unlock");
    } else {
        const int tries = lock_.failedAttempts();
        problem_ = "That passphrase is not " + callbacks_.user + "'s (" + std::to_string(tries) +
                   (tries == 1 ? " try)." : " tries).");
        if (callbacks_.record) callbacks_.record("unlock refused");
    }
    explicit_bzero(typed.data(), typed.size());
    focus_field_ = true;
}

void ScreenLock::draw() {
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->WorkPos);
    ImGui::SetNextWindowSize(viewport->WorkSize);
    ImGui::Begin("##locked", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus);
    const float width = std::min(460.0f, viewport->WorkSize.x - 40.0f);
    ImGui::SetCursorPos(ImVec2((viewport->WorkSize.x - width) * 0.5f, viewport->WorkSize.y * 0.3f));
    ImGui::BeginGroup();
    ImGui::TextUnformatted("mimic is locked");
    ImGui::Spacing();
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
    ImGui::PushStyleColor(ImGuiCol_Text, toImVec4(kQuietText));
    const std::string who = "Signed in: " + callbacks_.user + " (" + callbacks_.role +
                            "). Type your passphrase to go on.";
    ImGui::TextUnformatted(who.c_str());
    ImGui::PopStyleColor();
    ImGui::PopTextWrapPos();
    ImGui::Spacing();
    // The field keeps the keyboard: Esc (which leaves an ImGui field) or a click elsewhere must
    // not send the next typed passphrase nowhere.
    if (focus_field_ || !ImGui::IsAnyItemActive()) {
        ImGui::SetKeyboardFocusHere();
        focus_field_ = false;
    }
    ImGui::SetNextItemWidth(width - 110.0f);
    const bool entered = ImGui::InputTextWithHint(
        "##passphrase", "passphrase", passphrase_, sizeof passphrase_,
        ImGuiInputTextFlags_Password | ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::SameLine();
    const bool clicked = ImGui::Button("Unlock", ImVec2(100.0f, 0.0f));
    if (entered || clicked) tryUnlock();
    problemLine(problem_);
    ImGui::EndGroup();
    ImGui::End();
}

}  // namespace mimic::ui
