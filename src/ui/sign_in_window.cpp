#include "ui/sign_in_window.h"

#include <SDL.h>
#include <imgui.h>
#include <string.h>  // explicit_bzero

#include <algorithm>
#include <cstring>

#include "ui/gl_window.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace mimic::ui {

namespace {

constexpr int kIdleWaitMs = 1000;
constexpr int kFramesAfterEvent = 2;
constexpr float kFieldWidth = 320.0f;

struct Form {
    char user[128] = {};
    char passphrase[256] = {};
    std::string problem;
    bool focus_passphrase = false;
    bool focus_user = false;
    ~Form() { explicit_bzero(passphrase, sizeof passphrase); }
};

// Draws the form; true when Enter or "Sign in" asks to try.
bool drawForm(Form& form, const SignInWindowOptions& options) {
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->WorkPos);
    ImGui::SetNextWindowSize(viewport->WorkSize);
    ImGui::Begin(
        "##sign-in", nullptr,
        ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
    const float width = std::min(480.0f, viewport->WorkSize.x - 40.0f);
    ImGui::SetCursorPos(
        ImVec2((viewport->WorkSize.x - width) * 0.5f, viewport->WorkSize.y * 0.25f));
    ImGui::BeginGroup();
    ImGui::TextUnformatted("Sign in to mimic");
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
    ImGui::PushStyleColor(ImGuiCol_Text, toImVec4(kQuietText));
    const std::string folder = "This data folder is encrypted: " + options.folder;
    ImGui::TextUnformatted(folder.c_str());
    ImGui::PopStyleColor();
    ImGui::PopTextWrapPos();
    ImGui::Spacing();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Name");
    ImGui::SameLine(120.0f);
    if (form.focus_user) {
        ImGui::SetKeyboardFocusHere();
        form.focus_user = false;
    }
    ImGui::SetNextItemWidth(kFieldWidth);
    bool go = ImGui::InputText("##user", form.user, sizeof form.user,
                               ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Passphrase");
    ImGui::SameLine(120.0f);
    if (form.focus_passphrase) {
        ImGui::SetKeyboardFocusHere();
        form.focus_passphrase = false;
    }
    ImGui::SetNextItemWidth(kFieldWidth);
    go |= ImGui::InputText("##passphrase", form.passphrase, sizeof form.passphrase,
                           ImGuiInputTextFlags_Password | ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::Spacing();
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + 120.0f);
    go |= ImGui::Button("Sign in", ImVec2(120.0f, 0.0f));
    problemLine(form.problem);
    ImGui::EndGroup();
    ImGui::End();
    return go;
}

}  // namespace

Result<bool> runSignInWindow(const SignInWindowOptions& options) {
    Result<GlWindow> opened = GlWindow::open(options.title, 720, 420);
    if (!opened) return opened.error();
    GlWindow window = std::move(opened).value();
    Form form;
    std::strncpy(form.user, options.user.c_str(), sizeof form.user - 1);
    (options.user.empty() ? form.focus_user : form.focus_passphrase) = true;
    int frames_to_draw = kFramesAfterEvent;
    while (true) {
        SDL_Event event;
        bool have_event = nextEvent(event, frames_to_draw > 0 ? 0 : kIdleWaitMs);
        while (have_event) {
            window.processEvent(event);
            frames_to_draw = kFramesAfterEvent;
            if (isCloseRequest(event)) return false;
            if (event.type == SDL_KEYDOWN && event.key.keysym.sym == SDLK_ESCAPE) return false;
            if (event.type == SDL_KEYDOWN) break;  // ImGui's key state: one press per frame
            have_event = SDL_PollEvent(&event) != 0;
        }
        if (frames_to_draw == 0) continue;
        --frames_to_draw;
        window.beginFrame();
        const bool go = drawForm(form, options);
        window.endFrame(nullptr);
        if (!go) continue;
        const std::string user(form.user, ::strnlen(form.user, sizeof form.user));
        const std::string passphrase(form.passphrase,
                                     ::strnlen(form.passphrase, sizeof form.passphrase));
        explicit_bzero(form.passphrase, sizeof form.passphrase);
        if (user.empty()) {
            form.problem = "Type your name first.";
            form.focus_user = true;
        } else if (Status signed_in = options.sign_in(user, passphrase); signed_in) {
            return true;
        } else {
            form.problem = signed_in.error().message;
            form.focus_passphrase = true;
        }
        frames_to_draw = kFramesAfterEvent;
    }
}

}  // namespace mimic::ui
