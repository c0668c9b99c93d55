#include "ui/player_window.h"

#include <SDL.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <thread>
#include <vector>

#include <imgui.h>

#include "audio/audio_output.h"
#include "common/log.h"
#include "media/picture_description.h"
#include "render/geometry.h"
#include "render/video_renderer.h"
#include "ui/gl_window.h"
#include "ui/layout.h"
#include "ui/picture_view.h"
#include "ui/player_sound.h"

namespace mimic::ui {
namespace {

// The rate steps of the - and + keys.
constexpr std::array<double, 8> kRates{0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 1.75, 2.0};
// The jump of the Left and Right keys.
constexpr std::int64_t kJumpUs = 5'000'000;
// Largest window the picture opens in (it keeps its shape); smallest width for the controls.
constexpr int kMaxWindowWidth = 1280;
constexpr int kMaxWindowHeight = 720;
constexpr int kMinWindowWidth = 480;
// While paused with nothing pending the loop sleeps on the event queue this long at most
// (only to notice the --for limit); no redraw happens unless something changed.
constexpr int kIdleWaitMs = 250;
// After a seek or step, how often to ask the engine whether the picture has arrived.
constexpr int kAwaitPollMs = 4;
// How long a traced key waits for its picture before its line is printed anyway. A step back
// from a keyframe decodes a whole group of pictures, which takes seconds on a loaded machine.
constexpr auto kTraceWait = std::chrono::seconds(10);

double seconds(std::int64_t us) {
    return static_cast<double>(us) / 1e6;
}

// The window's starting size: the picture's display shape, at most 1280x720.
render::Size windowSize(const media::VideoStreamInfo& video) {
    const render::Size display = render::displaySize(video.width, video.height, video.sar_num,
                                                     video.sar_den, video.rotation_degrees);
    const render::Rect fit = render::fitRect(display, {kMaxWindowWidth, kMaxWindowHeight});
    render::Size size{std::min(display.width, fit.width), std::min(display.height, fit.height)};
    if (size.width < kMinWindowWidth) size = render::scaledToWidth(size, kMinWindowWidth);
    return size;
}

std::size_t nearestRate(double rate) {
    std::size_t best = 0;
    for (std::size_t i = 0; i < kRates.size(); ++i)
        if (std::abs(kRates[i] - rate) < std::abs(kRates[best] - rate)) best = i;
    return best;
}

// What the keys and the controls change, beside the engine's own state.
struct ViewState {
    bool loop = false;
    bool muted = false;
    bool child_view = false;
    bool fullscreen_before_child = false;
};

class PlayerWindow {
  public:
    PlayerWindow(media::Player& player, GlWindow& window, render::VideoRenderer& renderer,
                 const PlayerWindowOptions& options)
        : player_(player), window_(window), renderer_(renderer), options_(options) {
        view_.loop = options.loop;
        const auto& info = player_.info();
        duration_us_ = info.duration_us;
        segment_in_us_ = options.start_us.value_or(0);
        segment_out_us_ = options.end_us.value_or(INT64_MAX);
    }

    Status run(PlayerWindowReport& report);
    PacingFigures pacing() const;

  private:
    bool handleKey(const SDL_KeyboardEvent& key);  // false: close the window
    void trace(const char* key_name);
    void setChildView(bool on);
    bool fullscreen() const {
        return (SDL_GetWindowFlags(window_.sdlWindow()) & SDL_WINDOW_FULLSCREEN) != 0;
    }
    void seekTo(std::int64_t target_us);
    void drawControls();
    Status showPicture(media::VideoFrame frame);
    Status draw();

    media::Player& player_;
    GlWindow& window_;
    render::VideoRenderer& renderer_;
    const PlayerWindowOptions& options_;
    ViewState view_;
    std::int64_t duration_us_ = 0;
    std::int64_t segment_in_us_ = 0;
    std::int64_t segment_out_us_ = INT64_MAX;
    bool awaiting_picture_ = true;  // a seek/step/start whose picture has not arrived yet
    bool ended_ = false;
    std::int64_t draws_ = 0;
    const char* pending_trace_ = nullptr;  // key whose trace line waits for its picture
    Clock::time_point pending_trace_since_{};
    // Pacing: (swap time - start) - pts / rate, per picture shown while playing, since the
    // last control that moved the clock.
    std::vector<double> pacing_ms_;
    double draw_ms_total_ = 0.0;
    std::int64_t draw_count_ = 0;
    Clock::time_point started_{};
};

void PlayerWindow::trace(const char* key_name) {
    if (!options_.trace_keys) return;
    std::printf(
        "key=%s paused=%d position_s=%.3f rate=%.2f muted=%d loop=%d fullscreen=%d child=%d "
        "draws=%lld\n",
        key_name, player_.paused() ? 1 : 0, seconds(player_.position_us()), player_.rate(),
        view_.muted ? 1 : 0, view_.loop ? 1 : 0, fullscreen() ? 1 : 0, view_.child_view ? 1 : 0,
        static_cast<long long>(draws_));
    std::fflush(stdout);
}

void PlayerWindow::seekTo(std::int64_t target_us) {
    const std::int64_t last = duration_us_ > 0 ? duration_us_ - 1 : 0;
    player_.seek(std::clamp<std::int64_t>(target_us, 0, last), media::SeekMode::kExact);
    ended_ = false;
    awaiting_picture_ = true;
    pacing_ms_.clear();
}

void PlayerWindow::setChildView(bool on) {
    if (on == view_.child_view) return;
    SDL_Window* window = window_.sdlWindow();
    if (on) {
        view_.fullscreen_before_child = fullscreen();
        SDL_SetWindowFullscreen(window, SDL_WINDOW_FULLSCREEN_DESKTOP);
        SDL_ShowCursor(SDL_DISABLE);
    } else {
        if (!view_.fullscreen_before_child) SDL_SetWindowFullscreen(window, 0);
        SDL_ShowCursor(SDL_ENABLE);
    }
    view_.child_view = on;
}

bool PlayerWindow::handleKey(const SDL_KeyboardEvent& key) {
    const char* name = nullptr;
    switch (key.keysym.sym) {
        case SDLK_ESCAPE:
        case SDLK_q:
            return false;
        case SDLK_SPACE:
            name = "space";
            if (!player_.paused()) {
                player_.pause();
            } else {
                if (ended_) seekTo(segment_in_us_);
                player_.play();
            }
            pacing_ms_.clear();
            break;
        case SDLK_COMMA:
            name = "comma";
            player_.stepBack();
            awaiting_picture_ = true;
            break;
        case SDLK_PERIOD:
            name = "period";
            player_.stepForward();
            awaiting_picture_ = true;
            break;
        case SDLK_LEFT:
            name = "left";
            seekTo(player_.position_us() - kJumpUs);
            break;
        case SDLK_RIGHT:
            name = "right";
            seekTo(player_.position_us() + kJumpUs);
            break;
        case SDLK_MINUS:
        case SDLK_KP_MINUS: {
            name = "minus";
            const std::size_t i = nearestRate(player_.rate());
            player_.setRate(kRates[i > 0 ? i - 1 : 0]);
            awaiting_picture_ = true;
            pacing_ms_.clear();
            break;
        }
        case SDLK_EQUALS:  // the + key without shift on most layouts
        case SDLK_PLUS:
        case SDLK_KP_PLUS: {
            name = "plus";
            const std::size_t i = nearestRate(player_.rate());
            player_.setRate(kRates[std::min(i + 1, kRates.size() - 1)]);
            awaiting_picture_ = true;
            pacing_ms_.clear();
            break;
        }
        case SDLK_l:
            name = "l";
            view_.loop = !view_.loop;
            if (view_.loop) {
                player_.setSegment(segment_in_us_, segment_out_us_, true);
                ended_ = false;
                awaiting_picture_ = true;
                pacing_ms_.clear();
            } else {
                player_.clearSegment();
            }
            break;
        case SDLK_f:
            name = "f";
            SDL_SetWindowFullscreen(window_.sdlWindow(),
                                    fullscreen() ? 0 : SDL_WINDOW_FULLSCREEN_DESKTOP);
            break;
        case SDLK_m:
            name = "m";
            view_.muted = !view_.muted;
            player_.setMuted(view_.muted);
            break;
        case SDLK_c:
            name = "c";
            setChildView(!view_.child_view);
            break;
        default:
            return true;
    }
    // A key that moves the picture is reported once its picture is on screen.
    if (awaiting_picture_) {
        pending_trace_ = name;
        pending_trace_since_ = Clock::now();
    } else {
        trace(name);
    }
    return true;
}

void PlayerWindow::drawControls() {
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    const float height = ImGui::GetFrameHeightWithSpacing() * 2.0f + 16.0f;
    ImGui::SetNextWindowPos({viewport->Pos.x, viewport->Pos.y + viewport->Size.y - height});
    ImGui::SetNextWindowSize({viewport->Size.x, height});
    ImGui::SetNextWindowBgAlpha(0.75f);
    ImGui::Begin("transport", nullptr,
                 ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove |
                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoScrollbar |
                     ImGuiWindowFlags_NoFocusOnAppearing);
    if (ImGui::Button(player_.paused() ? "Play" : "Pause")) {
        SDL_KeyboardEvent space{};
        space.keysym.sym = SDLK_SPACE;
        handleKey(space);
    }
    ImGui::SameLine();
    const std::string time =
        formatDuration(player_.position_us()) + " / " + formatDuration(duration_us_);
    ImGui::TextUnformatted(time.c_str());
    ImGui::SameLine();
    ImGui::Text("%.2fx%s%s", player_.rate(), view_.loop ? "  loop" : "",
                view_.muted ? "  muted" : "");

    // The seek bar; the segment's in and out points are marked on it.
    ImGui::SetNextItemWidth(-1.0f);
    float position_s = static_cast<float>(seconds(player_.position_us()));
    const float duration_s = static_cast<float>(seconds(std::max<std::int64_t>(duration_us_, 1)));
    ImGui::SliderFloat("##seek", &position_s, 0.0f, duration_s, "");
    if (ImGui::IsItemDeactivatedAfterEdit()) {
        seekTo(static_cast<std::int64_t>(static_cast<double>(position_s) * 1e6));
    }
    const ImVec2 min = ImGui::GetItemRectMin();
    const ImVec2 max = ImGui::GetItemRectMax();
    ImDrawList* draw_list = ImGui::GetWindowDrawList();
    const auto markAt = [&](std::int64_t us) {
        const float x = min.x + (max.x - min.x) * static_cast<float>(seconds(us) / duration_s);
        draw_list->AddLine({x, min.y}, {x, max.y}, IM_COL32(200, 120, 40, 255), 3.0f);
    };
    if (options_.start_us) markAt(segment_in_us_);
    if (options_.end_us) markAt(std::min(segment_out_us_, duration_us_));
    ImGui::End();
}

Status PlayerWindow::showPicture(media::VideoFrame frame) {
    auto drawable = media::toDrawable(std::move(frame));
    if (!drawable) return drawable.error();
    auto view = frameView(*drawable, player_.info().video);
    if (!view) return view.error();
    return renderer_.upload(*view);
}

Status PlayerWindow::draw() {
    window_.beginFrame();
    if (!view_.child_view) drawControls();
    Status drawn;
    window_.endFrame(nullptr, [&](int width, int height) {
        drawn = renderer_.draw({width, height});
    });
    ++draws_;
    if (!drawn) return drawn;
    return renderer_.takeGlErrors();
}

Status PlayerWindow::run(PlayerWindowReport& report) {
    setChildView(options_.child_view);
    started_ = Clock::now();
    player_.play();
    bool dirty = true;
    for (;;) {
        SDL_Event event;
        while (SDL_PollEvent(&event) != 0) {
            window_.processEvent(event);
            dirty = true;
            if (event.type == SDL_QUIT) return {};
            if (event.type == SDL_KEYDOWN && event.key.repeat == 0 && !handleKey(event.key))
                return {};
        }
        const auto now = Clock::now();
        if (options_.limit && now - started_ >= *options_.limit) return {};
        media::Presentation shown = player_.present(now);
        std::optional<std::int64_t> shown_pts;
        if (shown.frame) {
            // The landing picture of a start or seek is shown at once, not on schedule.
            if (!awaiting_picture_) shown_pts = shown.frame->pts_us();
            if (Status uploaded = showPicture(std::move(*shown.frame)); !uploaded) return uploaded;
            awaiting_picture_ = false;
            dirty = true;
        }
        if (shown.ended && !ended_) {
            ended_ = true;
            if (options_.close_at_end) return {};
            player_.pause();  // stays on the last picture; Space plays it again
            dirty = true;
        }
        if (dirty) {
            const auto draw_started = Clock::now();
            if (Status drawn = draw(); !drawn) return drawn;
            const auto swapped = Clock::now();
            dirty = false;
            if (shown_pts && !player_.paused()) {
                draw_ms_total_ +=
                    std::chrono::duration<double, std::milli>(swapped - draw_started).count();
                ++draw_count_;
                const double since_start_ms =
                    std::chrono::duration<double, std::milli>(swapped - started_).count();
                pacing_ms_.push_back(since_start_ms -
                                     static_cast<double>(*shown_pts) / 1000.0 / player_.rate());
            }
        }
        // A picture that never comes (a step past the end) still gets its line.
        if (pending_trace_ != nullptr &&
            (!awaiting_picture_ || now - pending_trace_since_ > kTraceWait)) {
            trace(pending_trace_);
            pending_trace_ = nullptr;
        }
        // Sleep on the event queue until the next picture is due; long when idle.
        int wait_ms = kIdleWaitMs;
        if (!player_.paused() && !ended_) {
            const auto until = shown.next_due - Clock::now();
            wait_ms = static_cast<int>(
                std::chrono::duration_cast<std::chrono::milliseconds>(until).count());
            wait_ms = std::clamp(wait_ms, 0, kIdleWaitMs);
        } else if (awaiting_picture_ || pending_trace_ != nullptr) {
            wait_ms = kAwaitPollMs;
        }
        if (options_.limit) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                *options_.limit - (Clock::now() - started_));
            wait_ms = std::clamp(static_cast<int>(left.count()), 0, wait_ms);
        }
        if (wait_ms > 0) SDL_WaitEventTimeout(nullptr, wait_ms);
        report.draws = draws_;
    }
}

PacingFigures PlayerWindow::pacing() const {
    const std::vector<double>& offsets_ms = pacing_ms_;
    PacingFigures figures;
    figures.frames = static_cast<std::int64_t>(offsets_ms.size());
    if (draw_count_ > 0) figures.mean_draw_ms = draw_ms_total_ / static_cast<double>(draw_count_);
    if (offsets_ms.empty()) return figures;
    double mean = 0.0;
    for (double v : offsets_ms)
        mean += v;
    mean /= static_cast<double>(offsets_ms.size());
    double squares = 0.0;
    for (double v : offsets_ms) {
        squares += (v - mean) * (v - mean);
        figures.max_abs_ms = std::max(figures.max_abs_ms, std::abs(v - mean));
    }
    figures.sd_ms = std::sqrt(squares / static_cast<double>(offsets_ms.size()));
    return figures;
}

}  // namespace

Result<PlayerWindowReport> runPlayerWindow(const std::filesystem::path& clip,
                                           const PlayerWindowOptions& options) {
    media::PlayerOptions player_options;
    player_options.decode_audio = options.audio;
    player_options.rate = options.rate;
    auto opened = media::Player::open(clip, player_options);
    if (!opened) return opened.error();
    media::Player& player = *opened;
    if (options.end_us || options.loop) {
        player.setSegment(options.start_us.value_or(0), options.end_us.value_or(INT64_MAX),
                          options.loop);
    } else if (options.start_us) {
        player.seek(*options.start_us, media::SeekMode::kExact);
    }

    PlayerWindowReport report;
    std::optional<audio::AudioOutput> output = attachSound(player);
    if (output) {
        report.audio_played = true;
        report.audio_driver = output->driverName();
    }

    const render::Size size = windowSize(player.info().video);
    auto window = GlWindow::open(options.title, size.width, size.height);
    if (!window) return window.error();
    Status outcome;
    {
        // The renderer's GL objects go before the window's context (inner scope).
        auto renderer = render::VideoRenderer::create();
        if (!renderer) return renderer.error();
        PlayerWindow view(player, *window, *renderer, options);
        const auto started = Clock::now();
        if (output) output->pause(false);
        outcome = view.run(report);
        report.seconds = std::chrono::duration<double>(Clock::now() - started).count();
        report.pacing = view.pacing();
    }
    output.reset();  // the audio thread stops before the engine goes away
    report.stats = player.stats();
    if (!outcome) return outcome.error();
    return report;
}

}  // namespace mimic::ui
