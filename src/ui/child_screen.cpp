#include "ui/child_screen.h"

#include <SDL.h>

#include "ui/child_screen_impl.h"

namespace mimic::ui {

ChildScreen::ChildScreen(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ChildScreen::~ChildScreen() {
    if (impl_) SDL_ShowCursor(SDL_ENABLE);
}

Result<std::unique_ptr<ChildScreen>> ChildScreen::open(const ChildScreenOptions& options) {
    keepGraphicsDriverLoaded();
    auto displays = chooseSessionDisplays(SDL_GetNumVideoDisplays(), options.child_display);
    if (!displays) return displays.error();
    const bool with_console = displays->console || options.force_console;
    if (with_console) {
        // The therapist clicking the console must not minimise the child's full screen.
        SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
    }
    auto window = GlWindow::open(options.title, options.width, options.height, displays->child);
    if (!window) return window.error();
    auto impl = std::make_unique<Impl>(options, std::move(*window));
    // The cursor is hidden or shown by placeCursor(), never by ImGui's backend.
    ImGui::GetIO().ConfigFlags |= ImGuiConfigFlags_NoMouseCursorChange;
    if (options.fullscreen) {
        // The window first covers its display itself: without a window manager (a kiosk
        // session, a virtual X server) nobody acts on the full-screen request that follows.
        SDL_Window* sdl_window = impl->window.sdlWindow();
        SDL_Rect bounds;
        if (SDL_GetDisplayBounds(displays->child, &bounds) == 0) {
            SDL_SetWindowPosition(sdl_window, bounds.x, bounds.y);
            SDL_SetWindowSize(sdl_window, bounds.w, bounds.h);
        }
        SDL_SetWindowFullscreen(sdl_window, SDL_WINDOW_FULLSCREEN_DESKTOP);
    }
    SDL_ShowCursor(SDL_DISABLE);
    // Added before the first frame builds the font atlas.
    std::error_code exists_error;
    if (std::filesystem::exists(kBigFontPath, exists_error)) {
        impl->big_font = ImGui::GetIO().Fonts->AddFontFromFileTTF(kBigFontPath, kBigFontPixels);
    }
    if (with_console) {
        auto console = TherapistConsole::open(options.console_title,
                                              displays->console.value_or(displays->child));
        if (!console) return console.error();
        impl->console = std::move(*console);
        impl->window.makeCurrent();
    }

    auto voice =
        options.cue_voice.empty() ? speakWords(options.cue_words) : loadSound(options.cue_voice);
    if (voice) {
        impl->cue_voice = std::move(*voice);
    } else {
        log::warning("the cue will show without its words spoken: " + voice.error().message);
    }
    if (options.reward == RewardStyle::kFavouriteSound) {
        auto sound = loadSound(options.reward_file);
        if (sound) {
            impl->reward_sound = std::move(*sound);
        } else {
            log::warning("the reward will show without its sound: " + sound.error().message);
        }
    }
    return std::unique_ptr<ChildScreen>(new ChildScreen(std::move(impl)));
}

Status ChildScreen::playModel(const std::filesystem::path& clip, std::int64_t in_ms,
                              std::int64_t out_ms) {
    Impl& s = *impl_;
    s.enter(Showing::kModel);
    if (out_ms > in_ms) {
        s.model.playSegment(clip, in_ms * 1000, out_ms * 1000);
    } else if (in_ms > 0) {
        s.model.playSegment(clip, in_ms * 1000, INT64_MAX);
    } else {
        s.model.play(clip);
    }
    if (s.model.state() == ClipPlayer::State::kFailed) {
        s.showing = Showing::kNothing;
        s.model_end_sent = true;
        return Error{s.model.message()};
    }
    s.model_end_sent = false;
    if (s.paused) s.model.togglePause();
    return {};
}

void ChildScreen::showTurnCue() {
    Impl& s = *impl_;
    s.enter(Showing::kCue);
    s.timer.start(Clock::now());
    s.cue_end_sent = false;
    s.cue_voice_started = false;
    if (s.cue_voice) {
        if (Status started = s.sound.start(*s.cue_voice); started) {
            s.cue_voice_started = true;
        } else {
            log::warning("the cue shows without its words spoken: " + started.error().message);
        }
    }
    if (s.paused) {
        s.timer.pause(true, Clock::now());
        s.sound.pause(true);
    }
}

void ChildScreen::showPractice(capture::PreviewSlot* preview, bool recording) {
    Impl& s = *impl_;
    s.enter(Showing::kPractice);
    s.preview = preview;
    s.recording = recording;
    s.preview_shown = false;
    s.preview_sequence = 0;
}

void ChildScreen::showAwaitScore() {
    impl_->enter(Showing::kAwaitScore);
}

void ChildScreen::showReward() {
    Impl& s = *impl_;
    s.enter(Showing::kReward);
    s.timer.start(Clock::now());
    s.reward_end_sent = false;
    s.animation.reset();
    switch (s.options.reward) {
        case RewardStyle::kStars:
        case RewardStyle::kFavouriteSound:
            s.animation.emplace(RewardKind::kStars, s.options.reward_seed);
            break;
        case RewardStyle::kConfetti:
            s.animation.emplace(RewardKind::kConfetti, s.options.reward_seed);
            break;
        case RewardStyle::kFavouriteClip:
            s.favourite.play(s.options.reward_file);
            if (s.favourite.state() == ClipPlayer::State::kFailed) {
                // The stars stand in for a favourite clip that cannot play.
                s.options.reward = RewardStyle::kStars;
                s.animation.emplace(RewardKind::kStars, s.options.reward_seed);
            }
            break;
        case RewardStyle::kQuiet:
            break;
    }
    if (s.options.reward == RewardStyle::kFavouriteSound && s.reward_sound) {
        if (Status started = s.sound.start(*s.reward_sound); !started) {
            log::warning("the reward plays without its sound: " + started.error().message);
        }
    }
    if (s.paused) setPaused(true);
}

void ChildScreen::showEnd() {
    impl_->enter(Showing::kEnd);
}

void ChildScreen::setPaused(bool paused) {
    Impl& s = *impl_;
    s.console_redraw = true;
    const Clock::time_point now = Clock::now();
    s.timer.pause(paused, now);
    s.sound.pause(paused);
    auto hold = [paused](ClipPlayer& player) {
        const bool playing = player.state() == ClipPlayer::State::kPlaying;
        const bool held = player.state() == ClipPlayer::State::kPaused;
        if ((paused && playing) || (!paused && held)) player.togglePause();
    };
    hold(s.model);
    hold(s.favourite);
    s.paused = paused;
    s.redraw = true;
}

void ChildScreen::setStrip(const StripInfo& info) {
    Impl& s = *impl_;
    s.strip = info;
    s.keys.setPromptLevelCount(static_cast<int>(info.prompt_levels.size()));
    s.redraw = true;
    s.console_redraw = true;
}

Result<std::vector<ScreenEvent>> ChildScreen::poll(std::chrono::milliseconds max_wait) {
    Impl& s = *impl_;
    std::vector<ScreenEvent> out = std::exchange(s.pressed, {});
    const std::chrono::milliseconds wait =
        out.empty() ? s.nextWake(max_wait) : std::chrono::milliseconds(0);
    SDL_Event event;
    bool have_event = wait.count() > 0
                          ? SDL_WaitEventTimeout(&event, static_cast<int>(wait.count())) != 0
                          : SDL_PollEvent(&event) != 0;
    while (have_event) {
        s.handleEvent(event, out);
        // The lock's field is ImGui's, which keeps a key as down or up: a key's release in the
        // frame of its press would hide the press (Enter). The rest waits for the next poll.
        if (event.type == SDL_KEYDOWN && s.console && s.locked()) break;
        have_event = SDL_PollEvent(&event) != 0;
    }
    s.advance(out);
    if (s.lockable()) {
        const bool was_locked = s.options.lock->locked();
        if (s.options.lock->update() != was_locked) {
            s.console_redraw = true;
            s.redraw = true;
        }
    }
    if (s.animating() || (s.showing == Showing::kReward && !s.reward_end_sent)) s.redraw = true;
    if (s.redraw) s.drawFrame(nullptr);
    if (s.console && (s.console_redraw || s.console->wantsFrame())) {
        s.drawConsole(nullptr);
        out.insert(out.end(), s.pressed.begin(), s.pressed.end());
        s.pressed.clear();
    }
    s.placeCursor();
    for (const ScreenEvent& e : out)
        s.trace(e);
    return out;
}

RgbaImage ChildScreen::capture() {
    RgbaImage image;
    impl_->drawFrame(&image);
    return image;
}

bool ChildScreen::hasConsole() const {
    return impl_->console != nullptr;
}

session::ConsoleView ChildScreen::consoleView() const {
    return impl_->view();
}

void ChildScreen::pressConsoleButton(const session::ConsoleButton& button) {
    Impl& s = *impl_;
    // A locked console shows no buttons.
    if (s.locked()) return;
    // Only what the console offers now: a stale or disabled button does nothing.
    const session::ConsoleView view = s.view();
    for (const auto* row : {&view.controls, &view.scores, &view.prompted}) {
        for (const session::ConsoleButton& offered : *row) {
            if (offered.action == button.action && offered.level == button.level &&
                offered.enabled) {
                return s.press(offered, s.pressed);
            }
        }
    }
}

RgbaImage ChildScreen::captureConsole() {
    RgbaImage image;
    if (impl_->console) impl_->drawConsole(&image);
    return image;
}

std::int64_t ChildScreen::modelPicturesShown() const {
    return impl_->model.stats().pictures_shown;
}

std::int64_t ChildScreen::modelPicturesDropped() const {
    return impl_->model.stats().pictures_dropped;
}

std::int64_t ChildScreen::framesDrawn() const {
    return impl_->frames;
}

bool ChildScreen::cueVoiceAvailable() const {
    return impl_->cue_voice.has_value();
}

}  // namespace mimic::ui
