// The insides of the child's screen (child_screen.h): what ChildScreen's Impl holds and how it
// draws, handles keys and moves from one part of a trial to the next. Included by
// child_screen.cpp only; a header of its own so that neither file grows past a reading.
#pragma once

#include "ui/child_screen.h"

#include <SDL.h>
#include <string.h>  // explicit_bzero

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <utility>

#include <imgui.h>

#include "capture/preview.h"
#include "common/log.h"
#include "render/video_renderer.h"
#include "session/therapist_keys.h"
#include "ui/clip_player.h"
#include "ui/gl_window.h"
#include "ui/layout.h"
#include "ui/pausable_timer.h"
#include "ui/reward_animation.h"
#include "ui/screen_events.h"
#include "ui/screen_lock.h"
#include "ui/screen_pictures.h"
#include "ui/screen_sound.h"
#include "ui/theme.h"
#include "ui/therapist_console.h"

namespace mimic::ui {

// Below: names for child_screen.cpp alone (no other file includes this header).

// Animations (cue, reward) redraw at this pace; nothing on the child's screen needs more.
inline constexpr std::chrono::milliseconds kAnimationFrame{33};
// The camera's picture is polled this often (a 30 fps camera).
inline constexpr std::chrono::milliseconds kPreviewPoll{15};
// The words on the child's pictures: a second, large font (DejaVu Sans, as gl_window.cpp).
inline constexpr const char* kBigFontPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";
inline constexpr float kBigFontPixels = 120.0f;
// How long a passing word for the therapist ("wrong PIN") stays on the strip.
inline constexpr std::chrono::seconds kNoticeTime{3};
// While the console finishes a click it is drawn at least this often.
inline constexpr std::chrono::milliseconds kConsoleClickFrame{15};

enum class Showing { kNothing = 0, kModel, kCue, kPractice, kAwaitScore, kReward, kEnd };

inline void* textureId(unsigned int texture) {
    return reinterpret_cast<void*>(static_cast<std::uintptr_t>(texture));
}

// Members are destroyed in reverse order: the players and renderers (GL objects, audio
// devices) before the window and its GL context.
struct ChildScreen::Impl {
    ChildScreenOptions options;
    GlWindow window;
    ImFont* big_font = nullptr;
    session::TherapistKeys keys;

    ClipPlayer model;
    ClipPlayer favourite;  // RewardStyle::kFavouriteClip
    SoundPlayer sound;
    std::optional<SoundClip> cue_voice;
    std::optional<SoundClip> reward_sound;
    std::optional<render::VideoRenderer> preview_renderer;
    std::vector<std::uint8_t> preview_rgb;
    render::Size preview_size;
    std::int64_t preview_sequence = 0;
    bool preview_shown = false;

    Showing showing = Showing::kNothing;
    bool paused = false;
    bool model_end_sent = true;
    bool cue_end_sent = true;
    bool reward_end_sent = true;
    bool cue_voice_started = false;
    PausableTimer timer;  // of the cue or the reward
    std::optional<RewardAnimation> animation;
    capture::PreviewSlot* preview = nullptr;
    bool recording = false;
    StripInfo strip;
    std::string notice;
    Clock::time_point notice_until{};
    int wrong_pins_seen = 0;
    bool redraw = true;
    std::int64_t frames = 0;
    std::vector<ScreenEvent> pressed;  // made by console buttons, for the next poll()
    bool console_redraw = true;
    // Last: closed first, while the child's window (whose GL objects the members above hold)
    // is still there to be made current again.
    std::unique_ptr<TherapistConsole> console;
    std::string lock_typed;  // without a console: the passphrase typed at the lock so far

    Impl(ChildScreenOptions opts, GlWindow w)
        : options(std::move(opts)), window(std::move(w)), keys(options.pin_check) {}

    void setNotice(std::string text) {
        notice = std::move(text);
        notice_until = Clock::now() + kNoticeTime;
    }

    // Leaves what was shown for `next`: what played stops, score keys open or close.
    void enter(Showing next) {
        if (showing == Showing::kModel && next != Showing::kModel) model.close();
        if (showing == Showing::kReward) favourite.close();
        sound.stop();
        showing = next;
        redraw = true;
        console_redraw = true;
        preview = nullptr;
        keys.setScoring(next == Showing::kPractice || next == Showing::kAwaitScore);
    }

    void trace(const ScreenEvent& event) const {
        if (!options.trace_keys) return;
        std::string line = "screen " + std::string(screenEventName(event.kind));
        if (event.kind == ScreenEventKind::kScore) {
            line += ' ';
            line += session::outcomeName(event.outcome);
            if (event.level_number) line += " level=" + std::to_string(*event.level_number);
            if (event.next_level_down) line += " level=next-down";
        }
        if (event.kind == ScreenEventKind::kPause) line += event.paused ? " on" : " off";
        if (event.kind == ScreenEventKind::kNote) line += " " + event.note;
        std::printf("%s\n", line.c_str());
        std::fflush(stdout);
    }

    bool consoleEvent(const SDL_Event& event) const {
        if (!console) return false;
        switch (event.type) {
            case SDL_MOUSEMOTION:
                return event.motion.windowID == console->windowId();
            case SDL_MOUSEBUTTONDOWN:
            case SDL_MOUSEBUTTONUP:
                return event.button.windowID == console->windowId();
            case SDL_MOUSEWHEEL:
                return event.wheel.windowID == console->windowId();
            case SDL_WINDOWEVENT:
                return event.window.windowID == console->windowId();
            default:
                return false;
        }
    }

    // Whether the therapist's controls are under the lock: the console's, or without one the
    // keys (the passphrase is then typed blind, a mark per character over the strip).
    bool lockable() const { return options.lock != nullptr; }
    bool locked() const { return lockable() && options.lock->locked(); }

    // A key or text while locked without a console: the passphrase being typed.
    void typeAtLock(const SDL_Event& event) {
        if (event.type == SDL_TEXTINPUT) {
            lock_typed += event.text.text;
        } else if (event.type == SDL_KEYDOWN) {
            switch (event.key.keysym.sym) {
                case SDLK_BACKSPACE:
                    if (!lock_typed.empty()) lock_typed.pop_back();
                    break;
                case SDLK_ESCAPE:
                    explicit_bzero(lock_typed.data(), lock_typed.size());
                    lock_typed.clear();
                    break;
                case SDLK_RETURN:
                case SDLK_KP_ENTER:
                    options.lock->submit(std::exchange(lock_typed, {}));
                    break;
                default:
                    break;
            }
        }
    }

    void handleEvent(const SDL_Event& event, std::vector<ScreenEvent>& out) {
        const Clock::time_point now = Clock::now();
        const bool was_locked = locked();
        if (lockable() && options.lock->onEvent(event, now)) {
            // Locked (or Ctrl+L): what is typed goes to the lock's field on the console (or,
            // without one, to the passphrase typed blind) and the therapist's keys do nothing;
            // the child's screen goes on.
            const bool typed =
                event.type == SDL_KEYDOWN || event.type == SDL_KEYUP || event.type == SDL_TEXTINPUT;
            if (console) {
                if (typed || consoleEvent(event)) console->processEvent(event);
                console_redraw = true;
            } else {
                if (was_locked) typeAtLock(event);
                redraw = true;
            }
            return;
        }
        if (consoleEvent(event)) console->processEvent(event);
        std::optional<session::TherapistCommand> command;
        switch (event.type) {
            case SDL_KEYDOWN:
                // From either window: the keys are the therapist's wherever the focus is.
                if (event.key.repeat != 0) return;
                command = keys.key(toKey(event.key.keysym));
                break;
            case SDL_TEXTINPUT:
                keys.text(event.text.text);
                break;
            case SDL_QUIT:
                // Closing the window asks for the PIN, as Esc does.
                if (keys.mode() != session::TherapistKeys::Mode::kPin) {
                    command = keys.key({session::KeyCode::kEscape, 0});
                }
                break;
            case SDL_WINDOWEVENT:
                // With two windows closing one is no SDL_QUIT: it asks for the PIN too.
                if (event.window.event == SDL_WINDOWEVENT_CLOSE &&
                    keys.mode() != session::TherapistKeys::Mode::kPin) {
                    command = keys.key({session::KeyCode::kEscape, 0});
                }
                break;
            default:
                return;  // mouse, wheel, touch, controllers: nothing on the child's screen
        }
        redraw = true;
        console_redraw = true;
        act(command, now, out);
    }

    // What a command of the keys completed becomes: a screen event.
    void act(const std::optional<session::TherapistCommand>& command, Clock::time_point now,
             std::vector<ScreenEvent>& out) {
        if (keys.wrongPins() != wrong_pins_seen) {
            wrong_pins_seen = keys.wrongPins();
            setNotice("wrong PIN");
        }
        if (!command) return;
        ScreenEvent screen_event;
        screen_event.kind = toEventKind(command->command);
        screen_event.at = now;
        screen_event.outcome = command->outcome;
        screen_event.level_number = command->level_number;
        screen_event.next_level_down = command->next_level_down;
        screen_event.note = command->note;
        screen_event.paused = command->paused;
        if (screen_event.kind == ScreenEventKind::kNote) setNotice("note kept");
        out.push_back(std::move(screen_event));
    }

    // A console button: its keys, as if typed.
    void press(const session::ConsoleButton& button, std::vector<ScreenEvent>& out) {
        const Clock::time_point now = Clock::now();
        for (const session::Key& key : session::consoleKeys(button, keys.mode()))
            act(keys.key(key), now, out);
        redraw = true;
        console_redraw = true;
    }

    session::ConsoleView view() const {
        session::KeysStatus status;
        status.mode = keys.mode();
        status.pin_length = keys.pinLength();
        status.pin_set = keys.pinSet();
        status.note = keys.noteText();
        status.notice = notice;
        StripInfo shown = strip;
        shown.paused = paused;
        return session::consoleView(shown, status);
    }

    // Draws the console (its contexts then current) and makes the child's window current again.
    void drawConsole(RgbaImage* snapshot) {
        if (locked()) {
            console->drawLocked(*options.lock, snapshot);
            window.makeCurrent();
            // Unlocked by this frame's passphrase: the controls come back in the next.
            console_redraw = !options.lock->locked();
            return;
        }
        const std::vector<session::ConsoleButton> clicked = console->draw(view(), snapshot);
        window.makeCurrent();
        console_redraw = false;
        for (const session::ConsoleButton& button : clicked)
            press(button, pressed);
    }

    // The cursor is the therapist's: shown over the console, hidden over the child's screen
    // (SDL shows or hides it for every window at once).
    void placeCursor() const {
        const bool over_console = console && SDL_GetMouseFocus() != nullptr &&
                                  SDL_GetWindowID(SDL_GetMouseFocus()) == console->windowId();
        SDL_ShowCursor(over_console ? SDL_ENABLE : SDL_DISABLE);
    }

    void emit(ScreenEventKind kind, std::vector<ScreenEvent>& out, std::string message = {}) {
        ScreenEvent event;
        event.kind = kind;
        event.at = Clock::now();
        event.message = std::move(message);
        out.push_back(std::move(event));
    }

    void advance(std::vector<ScreenEvent>& out) {
        const Clock::time_point now = Clock::now();
        if (showing == Showing::kModel) {
            if (model.update()) redraw = true;
            const bool over = model.state() == ClipPlayer::State::kFinished ||
                              model.state() == ClipPlayer::State::kFailed;
            if (over && !model_end_sent) {
                model_end_sent = true;
                emit(ScreenEventKind::kModelEnded, out, model.message());
            }
        }
        if (showing == Showing::kCue && !cue_end_sent && !paused) {
            const bool spoken = !cue_voice_started || !sound.playing();
            if (spoken && timer.elapsed(now) >= kMinCueTime) {
                cue_end_sent = true;
                emit(ScreenEventKind::kCueEnded, out);
            }
        }
        if (showing == Showing::kReward && !reward_end_sent && !paused) {
            bool done = false;
            if (options.reward == RewardStyle::kFavouriteClip) {
                if (favourite.update()) redraw = true;
                done = favourite.state() == ClipPlayer::State::kFinished ||
                       favourite.state() == ClipPlayer::State::kFailed;
            } else if (options.reward == RewardStyle::kQuiet) {
                done = timer.elapsed(now) >= kQuietRewardTime;
            } else {
                done = timer.elapsed(now) >= RewardAnimation::kDuration && !sound.playing();
            }
            if (done) {
                reward_end_sent = true;
                emit(ScreenEventKind::kRewardEnded, out);
            }
        }
        if (showing == Showing::kPractice && preview != nullptr) {
            if (auto frame = preview->latest(preview_sequence)) {
                preview_sequence = frame->sequence;
                uploadPreview(*frame);
                redraw = true;
            }
        }
        if (!notice.empty() && now >= notice_until) {
            notice.clear();
            redraw = true;
            console_redraw = true;
        }
    }

    void uploadPreview(const capture::PreviewFrame& frame) {
        if (frame.width <= 0 || frame.height <= 0) return;
        if (!preview_renderer) {
            auto created = render::VideoRenderer::create();
            if (!created) {
                log::warning("the camera's picture cannot be shown: " + created.error().message);
                preview = nullptr;
                return;
            }
            preview_renderer.emplace(std::move(*created));
        }
        // The slot gives BGR; the renderer takes RGB (the swap is cheap next to the upload).
        preview_rgb.resize(frame.bgr.size());
        for (std::size_t i = 0; i + 2 < frame.bgr.size(); i += 3) {
            preview_rgb[i] = frame.bgr[i + 2];
            preview_rgb[i + 1] = frame.bgr[i + 1];
            preview_rgb[i + 2] = frame.bgr[i];
        }
        render::FrameView view;
        view.layout = render::PixelLayout::kRgb24;
        view.width = frame.width;
        view.height = frame.height;
        view.planes[0] = {preview_rgb.data(), frame.width * 3};
        view.colour.range = render::ColourRange::kFull;
        if (Status s = preview_renderer->upload(view); !s) {
            log::warning("the camera's picture cannot be shown: " + s.error().message);
            return;
        }
        preview_size = {frame.width, frame.height};
        preview_shown = true;
    }

    bool animating() const {
        return (showing == Showing::kReward && options.reward != RewardStyle::kQuiet &&
                options.reward != RewardStyle::kFavouriteClip && !paused) ||
               (showing == Showing::kCue && !cue_end_sent);
    }

    std::chrono::milliseconds nextWake(std::chrono::milliseconds max_wait) const {
        std::chrono::milliseconds wait = max_wait;
        if (redraw) return std::chrono::milliseconds(0);
        if (showing == Showing::kModel) {
            const int due = model.millisecondsUntilDue();
            if (due >= 0) wait = std::min(wait, std::chrono::milliseconds(due));
        }
        if (showing == Showing::kReward && options.reward == RewardStyle::kFavouriteClip) {
            const int due = favourite.millisecondsUntilDue();
            if (due >= 0) wait = std::min(wait, std::chrono::milliseconds(due));
        }
        if (animating() || (showing == Showing::kReward && !reward_end_sent)) {
            wait = std::min(wait, kAnimationFrame);
        }
        if (showing == Showing::kPractice && preview != nullptr)
            wait = std::min(wait, kPreviewPoll);
        if (!notice.empty()) wait = std::min(wait, std::chrono::milliseconds(250));
        if (console && console->wantsFrame()) wait = std::min(wait, kConsoleClickFrame);
        if (lockable()) {
            wait = std::chrono::milliseconds(
                options.lock->millisecondsUntilLock(static_cast<int>(wait.count())));
        }
        if (console && console_redraw) return std::chrono::milliseconds(0);
        return std::max(wait, std::chrono::milliseconds(0));
    }

    void drawPicture(ClipPlayer& player, const Rect& area) {
        const std::optional<render::Size> shape = player.pictureSize();
        if (!shape) return;
        drawTexture(area, *shape, [&](render::Size size) { return player.pictureTexture(size); });
    }

    template <typename TextureFor>
    void drawTexture(const Rect& area, render::Size shape, TextureFor texture_for) {
        const Rect fitted = fitPicture(shape.width, shape.height, area);
        const ImVec2 scale = ImGui::GetIO().DisplayFramebufferScale;
        const std::optional<unsigned int> texture =
            texture_for(render::Size{static_cast<int>(std::lround(fitted.width * scale.x)),
                                     static_cast<int>(std::lround(fitted.height * scale.y))});
        if (!texture) return;
        // The renderer's texture keeps GL's bottom-up rows: flip it vertically.
        ImGui::GetWindowDrawList()->AddImage(
            textureId(*texture), ImVec2(fitted.x, fitted.y),
            ImVec2(fitted.x + fitted.width, fitted.y + fitted.height), ImVec2(0.0f, 1.0f),
            ImVec2(1.0f, 0.0f));
    }

    void drawFrame(RgbaImage* snapshot) {
        window.beginFrame();
        const ImGuiIO& io = ImGui::GetIO();
        const bool stage =
            showing == Showing::kModel || showing == Showing::kPractice ||
            (showing == Showing::kReward && options.reward == RewardStyle::kFavouriteClip);
        ImGui::SetNextWindowPos(ImVec2(0.0f, 0.0f));
        ImGui::SetNextWindowSize(io.DisplaySize);
        ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0.0f, 0.0f));
        ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0.0f);
        ImGui::PushStyleColor(ImGuiCol_WindowBg, toImVec4(stage ? kStage : kCalmBackground));
        ImGui::Begin("child", nullptr,
                     ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                         ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoInputs |
                         ImGuiWindowFlags_NoBringToFrontOnFocus);
        ImDrawList* draw = ImGui::GetWindowDrawList();
        const Rect full{0.0f, 0.0f, io.DisplaySize.x, io.DisplaySize.y};
        StripText strip_text;
        strip_text.line = stripLine(strip);
        strip_text.mic_level = strip.mic_level.value_or(-1.0f);
        strip_text.recording = strip.recording;
        strip_text.paused = paused;
        if (keys.mode() == session::TherapistKeys::Mode::kPromptLevel)
            strip_text.levels = levelsLine(strip);
        strip_text.notice = notice;
        strip_text.analysis = strip.analysis;
        const float strip_height = console ? 0.0f : ImGui::GetFontSize() * 1.5f;
        const Rect area{0.0f, 0.0f, full.width, std::max(0.0f, full.height - strip_height)};
        const Clock::time_point now = Clock::now();
        switch (showing) {
            case Showing::kModel:
                drawPicture(model, area);
                break;
            case Showing::kCue:
                drawTurnCue(draw, area, options.cue_words, big_font);
                break;
            case Showing::kPractice:
                if (preview_shown && preview_renderer) {
                    drawTexture(area, preview_size,
                                [&](render::Size size) -> std::optional<unsigned int> {
                                    auto texture = preview_renderer->renderToTexture(size);
                                    if (!texture) return std::nullopt;
                                    return *texture;
                                });
                }
                if (recording) drawRecordingMark(draw, area);
                break;
            case Showing::kAwaitScore:
                drawWaiting(draw, area);
                break;
            case Showing::kReward:
                if (options.reward == RewardStyle::kFavouriteClip) {
                    drawPicture(favourite, area);
                } else if (options.reward == RewardStyle::kQuiet || !animation) {
                    drawWellDone(draw, area, big_font);
                } else {
                    drawReward(draw, area, animation->at(timer.elapsed(now)), animation->kind());
                }
                break;
            case Showing::kEnd:
                drawAllDone(draw, area, big_font);
                break;
            case Showing::kNothing:
                break;
        }
        // With a console the therapist's words are there, not on the child's screen.
        if (!console) {
            drawStrip(draw, full, strip_text);
            if (locked()) {
                drawLockPrompt(draw, full, options.lock->user(), lock_typed.size(),
                               options.lock->problem());
            } else if (keys.mode() == session::TherapistKeys::Mode::kPin) {
                drawPinPrompt(draw, full, keys.pinLength(), keys.pinSet());
            } else if (keys.mode() == session::TherapistKeys::Mode::kNote) {
                drawNoteField(draw, full, keys.noteText());
            }
        }
        ImGui::End();
        ImGui::PopStyleColor();
        ImGui::PopStyleVar(2);
        window.endFrame(snapshot);
        ++frames;
        redraw = false;
    }
};

}  // namespace mimic::ui
