#include "ui/gl_window.h"

#include <GL/gl.h>
#include <SDL.h>

#include <filesystem>
#include <utility>

#include <imgui.h>
#include <imgui_impl_opengl3.h>
#include <imgui_impl_sdl.h>

#include "ui/theme.h"

namespace mimic::ui {
namespace {

// DejaVu Sans ships with Debian's fonts-dejavu-core; at 22 px it reads from across a
// therapy table. Without it ImGui's built-in font is scaled up instead.
constexpr const char* kFontPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
constexpr float kFontPixels = 22.0f;
constexpr float kBuiltinFontScale = 1.6f;

}  // namespace

// Members are released in reverse order of set-up; each flag says a step was done, so a
// failure part-way cleans up exactly what exists.
struct GlWindow::Impl {
    bool video_initialised = false;
    SDL_Window* window = nullptr;
    SDL_GLContext gl_context = nullptr;
    ImGuiContext* imgui_context = nullptr;
    bool imgui_sdl = false;
    bool imgui_gl = false;
    // What was current before this window was opened (another window's), made current again
    // when it is closed.
    SDL_Window* previous_window = nullptr;
    SDL_GLContext previous_gl = nullptr;
    ImGuiContext* previous_imgui = nullptr;

    ~Impl() {
        // The backends free GL objects and ImGui state of the contexts current: this window's.
        SDL_Window* const current_window = SDL_GL_GetCurrentWindow();
        SDL_GLContext const current_gl = SDL_GL_GetCurrentContext();
        ImGuiContext* const current_imgui = ImGui::GetCurrentContext();
        if (gl_context != nullptr) SDL_GL_MakeCurrent(window, gl_context);
        if (imgui_context != nullptr) ImGui::SetCurrentContext(imgui_context);
        if (imgui_gl) ImGui_ImplOpenGL3_Shutdown();
        if (imgui_sdl) ImGui_ImplSDL2_Shutdown();
        if (imgui_context != nullptr) ImGui::DestroyContext(imgui_context);
        if (gl_context != nullptr) SDL_GL_DeleteContext(gl_context);
        if (window != nullptr) SDL_DestroyWindow(window);
        // Another window's contexts that were current stay current; else the ones before this.
        const bool other_current = current_gl != nullptr && current_gl != gl_context;
        SDL_Window* const back_window = other_current ? current_window : previous_window;
        SDL_GLContext const back_gl = other_current ? current_gl : previous_gl;
        if (back_gl != nullptr) SDL_GL_MakeCurrent(back_window, back_gl);
        ImGui::SetCurrentContext(current_imgui != nullptr && current_imgui != imgui_context
                                     ? current_imgui
                                     : previous_imgui);
        if (video_initialised) SDL_QuitSubSystem(SDL_INIT_VIDEO);
    }
};

GlWindow::GlWindow(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
GlWindow::GlWindow(GlWindow&&) noexcept = default;
GlWindow& GlWindow::operator=(GlWindow&&) noexcept = default;
GlWindow::~GlWindow() = default;

// The GL driver stays loaded from the first window to the end of the process: a session
// opens several windows in turn, reloading Mesa each time costs start-up time, and Mesa's
// driver leaves allocations behind when it is unloaded (LeakSanitizer reports them). One
// reference to SDL's video subsystem is held for that, on top of each window's own.
bool nextEvent(SDL_Event& event, int wait_ms) {
    return wait_ms > 0 ? SDL_WaitEventTimeout(&event, wait_ms) != 0 : SDL_PollEvent(&event) != 0;
}

bool isCloseRequest(const SDL_Event& event) {
    return event.type == SDL_QUIT ||
           (event.type == SDL_WINDOWEVENT && event.window.event == SDL_WINDOWEVENT_CLOSE);
}

void keepGraphicsDriverLoaded() {
    static const bool loaded = [] {
        return SDL_InitSubSystem(SDL_INIT_VIDEO) == 0 && SDL_GL_LoadLibrary(nullptr) == 0;
    }();
    (void)loaded;
}

Result<GlWindow> GlWindow::open(const std::string& title, int width, int height, int display) {
    auto impl = std::make_unique<Impl>();
    impl->previous_window = SDL_GL_GetCurrentWindow();
    impl->previous_gl = SDL_GL_GetCurrentContext();
    impl->previous_imgui = ImGui::GetCurrentContext();
    if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) {
        return Error{std::string("cannot open the window: no usable display (SDL: ") +
                     SDL_GetError() + ")"};
    }
    impl->video_initialised = true;
    keepGraphicsDriverLoaded();

    SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
    const int centred = display >= 0 ? static_cast<int>(SDL_WINDOWPOS_CENTERED_DISPLAY(display))
                                     : static_cast<int>(SDL_WINDOWPOS_CENTERED);
    impl->window =
        SDL_CreateWindow(title.c_str(), centred, centred, width, height,
                         SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
    if (impl->window == nullptr) {
        return Error{std::string("cannot open the window: ") + SDL_GetError()};
    }
    impl->gl_context = SDL_GL_CreateContext(impl->window);
    if (impl->gl_context == nullptr) {
        return Error{std::string("cannot open the window: no OpenGL 3.3 core context (") +
                     SDL_GetError() + ")"};
    }
    SDL_GL_MakeCurrent(impl->window, impl->gl_context);
    // Vsync where the driver has it; pacing never relies on it (docs/architecture.md, "Testing
    // without hardware").
    SDL_GL_SetSwapInterval(1);

    IMGUI_CHECKVERSION();
    // CreateContext leaves another window's context current: this one is set up now.
    impl->imgui_context = ImGui::CreateContext();
    ImGui::SetCurrentContext(impl->imgui_context);
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // no imgui.ini dropped in the working directory
    io.LogFilename = nullptr;
    std::error_code exists_error;
    if (std::filesystem::exists(kFontPath, exists_error) &&
        io.Fonts->AddFontFromFileTTF(kFontPath, kFontPixels) != nullptr) {
        io.FontGlobalScale = 1.0f;
    } else {
        io.Fonts->AddFontDefault();
        io.FontGlobalScale = kBuiltinFontScale;
    }
    applyCalmTheme(ImGui::GetStyle());

    if (!ImGui_ImplSDL2_InitForOpenGL(impl->window, impl->gl_context)) {
        return Error{"cannot open the window: the ImGui SDL2 backend failed to start"};
    }
    impl->imgui_sdl = true;
    if (!ImGui_ImplOpenGL3_Init("#version 330")) {
        return Error{"cannot open the window: the ImGui OpenGL 3 backend failed to start"};
    }
    impl->imgui_gl = true;
    return GlWindow(std::move(impl));
}

void GlWindow::makeCurrent() {
    if (SDL_GL_GetCurrentContext() != impl_->gl_context)
        SDL_GL_MakeCurrent(impl_->window, impl_->gl_context);
    ImGui::SetCurrentContext(impl_->imgui_context);
}

void GlWindow::processEvent(const SDL_Event& event) {
    ImGui::SetCurrentContext(impl_->imgui_context);
    ImGui_ImplSDL2_ProcessEvent(&event);
}

void GlWindow::beginFrame() {
    makeCurrent();
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplSDL2_NewFrame();
    ImGui::NewFrame();
}

void GlWindow::endFrame(RgbaImage* snapshot) {
    endFrame(snapshot, {});
}

SDL_Window* GlWindow::sdlWindow() const {
    return impl_->window;
}

unsigned int GlWindow::windowId() const {
    return SDL_GetWindowID(impl_->window);
}

void GlWindow::endFrame(RgbaImage* snapshot, const std::function<void(int, int)>& draw_under) {
    ImGui::Render();
    int width = 0;
    int height = 0;
    SDL_GL_GetDrawableSize(impl_->window, &width, &height);
    glViewport(0, 0, width, height);
    glClearColor(kCalmBackground.r, kCalmBackground.g, kCalmBackground.b, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    if (draw_under) draw_under(width, height);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    if (snapshot != nullptr) *snapshot = readFramebuffer(width, height);
    SDL_GL_SwapWindow(impl_->window);
}

}  // namespace mimic::ui
