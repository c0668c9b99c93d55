#include "ui/library_window.h"

#include <SDL.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string_view>

#include <imgui.h>

#include "common/clock.h"
#include "common/log.h"
#include "ui/clip_player.h"
#include "ui/gl_window.h"
#include "ui/layout.h"
#include "ui/theme.h"

namespace mimic::ui {
namespace {

// Longest sleep with nothing playing: only automation deadlines need a wake-up then.
constexpr int kIdleWaitMs = 1000;
// ImGui settles an input over two frames (hover, then click), so every event is followed
// by this many frames.
constexpr int kFramesAfterEvent = 2;
// Share of the window width given to the lists; the rest is the stage.
constexpr float kListShare = 0.34f;
constexpr float kMinListWidth = 320.0f;
// Share of the lists' height given to the behaviours; their clips get the rest.
constexpr float kBehaviourListShare = 0.55f;

struct ClipRef {
    std::size_t behaviour = 0;
    std::size_t clip = 0;
};

// What the person has chosen on the library screen.
struct Selection {
    std::size_t behaviour = 0;
    std::optional<ClipRef> playing;
};

ImVec2 operator+(ImVec2 a, ImVec2 b) {
    return ImVec2(a.x + b.x, a.y + b.y);
}

void* textureId(unsigned int texture) {
    return reinterpret_cast<void*>(static_cast<std::uintptr_t>(texture));
}

// A two-line list row (a main line and a quiet line) that is selected as a whole.
bool twoLineRow(const char* id, std::string_view main, std::string_view quiet,
                std::string_view right, bool selected) {
    const float line = ImGui::GetTextLineHeight();
    const ImVec2 pad = ImGui::GetStyle().FramePadding;
    const float text_height = quiet.empty() ? line : 2.0f * line;
    const bool clicked = ImGui::Selectable(id, selected, 0, ImVec2(0.0f, text_height + pad.y));
    const ImVec2 min = ImGui::GetItemRectMin();
    const ImVec2 max = ImGui::GetItemRectMax();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    // Centred in the highlighted rectangle, which ImGui widens by the item spacing.
    const ImVec2 text_at = ImVec2(min.x + pad.x, (min.y + max.y - text_height) / 2.0f);
    draw->AddText(text_at, toImU32(kText), main.data(), main.data() + main.size());
    if (!quiet.empty()) {
        draw->AddText(text_at + ImVec2(0.0f, line), toImU32(kQuietText), quiet.data(),
                      quiet.data() + quiet.size());
    }
    if (!right.empty()) {
        const float width = ImGui::CalcTextSize(right.data(), right.data() + right.size()).x;
        draw->AddText(ImVec2(max.x - pad.x - width, text_at.y), toImU32(kQuietText), right.data(),
                      right.data() + right.size());
    }
    return clicked;
}

// Draws the lists; returns the clip the person chose to play, if any.
std::optional<ClipRef> drawLists(const std::vector<BehaviourEntry>& library, Selection& selection) {
    std::optional<ClipRef> chosen;
    const float height = ImGui::GetContentRegionAvail().y;
    ImGui::BeginChild("behaviours", ImVec2(0.0f, height * kBehaviourListShare), true);
    ImGui::TextDisabled("Behaviours");
    if (library.empty()) {
        ImGui::TextWrapped("The library has no behaviours yet.");
    }
    for (std::size_t i = 0; i < library.size(); ++i) {
        const std::string id = "##behaviour" + std::to_string(i);
        if (twoLineRow(id.c_str(), library[i].name, library[i].domain, {},
                       selection.behaviour == i)) {
            selection.behaviour = i;
        }
    }
    ImGui::EndChild();

    ImGui::BeginChild("clips", ImVec2(0.0f, 0.0f), true);
    if (selection.behaviour < library.size()) {
        const BehaviourEntry& behaviour = library[selection.behaviour];
        ImGui::TextDisabled("Clips of %s", behaviour.name.c_str());
        if (behaviour.clips.empty()) ImGui::TextWrapped("No clips for this behaviour yet.");
        for (std::size_t i = 0; i < behaviour.clips.size(); ++i) {
            const ClipEntry& clip = behaviour.clips[i];
            const bool playing = selection.playing &&
                                 selection.playing->behaviour == selection.behaviour &&
                                 selection.playing->clip == i;
            const std::string id = "##clip" + std::to_string(i);
            if (twoLineRow(id.c_str(), clip.title, {}, formatDuration(clip.duration_us), playing)) {
                chosen = ClipRef{selection.behaviour, i};
            }
        }
    }
    ImGui::EndChild();
    return chosen;
}

std::string statusLine(const ClipPlayer& player, const ClipEntry* clip) {
    const std::string title = clip != nullptr ? clip->title : player.path().filename().string();
    const std::string played =
        formatDuration(static_cast<std::int64_t>(player.stats().seconds_played * 1e6));
    const std::string total = clip != nullptr ? " / " + formatDuration(clip->duration_us) : "";
    switch (player.state()) {
        case ClipPlayer::State::kPlaying:
            return title + "   " + played + total + "      Space pauses";
        case ClipPlayer::State::kPaused:
            return title + "   paused at " + played + total + "      Space resumes";
        case ClipPlayer::State::kFinished:
            return title + "   finished      Space plays it again";
        case ClipPlayer::State::kFailed:
            return title + "   could not be played";
        case ClipPlayer::State::kIdle:
            break;
    }
    return "Choose a clip to play it here.";
}

void drawStage(ClipPlayer& player, const ClipEntry* clip) {
    const float line = ImGui::GetTextLineHeightWithSpacing();
    const bool has_message = !player.message().empty();
    const float status_height = line * (has_message ? 2.0f : 1.0f);
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const Rect stage{origin.x, origin.y, avail.x, std::max(0.0f, avail.y - status_height)};

    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddRectFilled(ImVec2(stage.x, stage.y),
                        ImVec2(stage.x + stage.width, stage.y + stage.height), toImU32(kStage),
                        ImGui::GetStyle().ChildRounding);
    std::optional<unsigned int> texture;
    Rect picture;
    if (const std::optional<render::Size> shape = player.pictureSize()) {
        picture = fitPicture(shape->width, shape->height, stage);
        // Drawn at the window's pixel density (the drawable may be larger than the layout).
        const ImVec2 scale = ImGui::GetIO().DisplayFramebufferScale;
        texture = player.pictureTexture({static_cast<int>(std::lround(picture.width * scale.x)),
                                         static_cast<int>(std::lround(picture.height * scale.y))});
    }
    if (texture) {
        // The renderer's texture keeps GL's bottom-up rows: flip it vertically.
        draw->AddImage(textureId(*texture), ImVec2(picture.x, picture.y),
                       ImVec2(picture.x + picture.width, picture.y + picture.height),
                       ImVec2(0.0f, 1.0f), ImVec2(1.0f, 0.0f));
    } else {
        const char* hint = "The clip plays here";
        const ImVec2 size = ImGui::CalcTextSize(hint);
        draw->AddText(ImVec2(stage.x + (stage.width - size.x) / 2.0f,
                             stage.y + (stage.height - size.y) / 2.0f),
                      toImU32(kStageText), hint);
    }
    ImGui::Dummy(ImVec2(stage.width, stage.height));
    ImGui::TextUnformatted(statusLine(player, clip).c_str());
    if (has_message) {
        ImGui::PushStyleColor(ImGuiCol_Text, toImVec4(kProblemText));
        ImGui::TextUnformatted(player.message().c_str());
        ImGui::PopStyleColor();
    }
}

std::optional<ClipRef> drawScreen(const std::vector<BehaviourEntry>& library, Selection& selection,
                                  ClipPlayer& player) {
    const ImGuiIO& io = ImGui::GetIO();
    ImGui::SetNextWindowPos(ImVec2(0.0f, 0.0f));
    ImGui::SetNextWindowSize(io.DisplaySize);
    ImGui::Begin("library", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus);
    const float list_width = std::max(kMinListWidth, io.DisplaySize.x * kListShare);
    ImGui::BeginGroup();
    ImGui::BeginChild("lists", ImVec2(list_width, 0.0f), false);
    const std::optional<ClipRef> chosen = drawLists(library, selection);
    ImGui::EndChild();
    ImGui::EndGroup();
    ImGui::SameLine();
    ImGui::BeginChild("stage", ImVec2(0.0f, 0.0f), false);
    const ClipEntry* clip = nullptr;
    if (selection.playing) {
        clip = &library[selection.playing->behaviour].clips[selection.playing->clip];
    }
    drawStage(player, clip);
    ImGui::EndChild();
    ImGui::End();
    return chosen;
}

double secondsSince(Clock::time_point start) {
    return static_cast<double>(microsecondsSince(start)) / 1e6;
}

bool envSet(const char* name) {
    const char* value = std::getenv(name);
    return value != nullptr && value[0] != '\0';
}

}  // namespace

bool displayAvailable() {
    if (envSet("DISPLAY") || envSet("WAYLAND_DISPLAY")) return true;
    const char* driver = std::getenv("SDL_VIDEODRIVER");
    return driver != nullptr && std::string_view(driver) == "offscreen";
}

Result<WindowReport> runLibraryWindow(const std::vector<BehaviourEntry>& library,
                                      const WindowOptions& options) {
    Result<GlWindow> opened = GlWindow::open(options.title, options.width, options.height);
    if (!opened) return opened.error();
    GlWindow window = std::move(opened).value();
    // Declared after the window: its GL objects go before the GL context does.
    ClipPlayer player;
    Selection selection;
    WindowReport report;
    const Clock::time_point start = Clock::now();

    auto play = [&](ClipRef ref) {
        selection.playing = ref;
        player.play(library[ref.behaviour].clips[ref.clip].path);
        ++report.clips_started;
    };
    // Autoplay waits for the first frame: it builds the font atlas and compiles the shaders
    // (a few hundred ms on llvmpipe), which would otherwise make the first pictures late.
    bool autoplay_pending =
        options.autoplay_first_clip && !library.empty() && !library.front().clips.empty();

    bool running = true;
    bool snapshot_pending = !options.snapshot_png.empty();
    int frames_to_draw = kFramesAfterEvent;
    while (running) {
        // Sleep until an event, the next picture, or an automation deadline.
        int wait_ms = player.millisecondsUntilDue();
        if (wait_ms < 0) wait_ms = kIdleWaitMs;
        if (frames_to_draw > 0) wait_ms = 0;
        const double now_s = secondsSince(start);
        auto wakeFor = [&](double deadline_s) {
            if (deadline_s > 0.0) {
                const double left_ms = std::max(0.0, (deadline_s - now_s) * 1000.0);
                wait_ms = std::min(wait_ms, static_cast<int>(left_ms) + 1);
            }
        };
        wakeFor(options.quit_after_seconds);
        if (snapshot_pending) wakeFor(std::max(options.snapshot_after_seconds, 1e-3));

        SDL_Event event;
        bool have_event =
            wait_ms > 0 ? SDL_WaitEventTimeout(&event, wait_ms) != 0 : SDL_PollEvent(&event) != 0;
        while (have_event) {
            window.processEvent(event);
            frames_to_draw = kFramesAfterEvent;
            if (event.type == SDL_QUIT) running = false;
            if (event.type == SDL_WINDOWEVENT && event.window.event == SDL_WINDOWEVENT_CLOSE) {
                running = false;
            }
            if (event.type == SDL_KEYDOWN && event.key.repeat == 0) {
                if (event.key.keysym.sym == SDLK_ESCAPE) running = false;
                if (event.key.keysym.sym == SDLK_SPACE) player.togglePause();
            }
            have_event = SDL_PollEvent(&event) != 0;
        }

        if (player.update()) frames_to_draw = std::max(frames_to_draw, 1);
        const double elapsed_s = secondsSince(start);
        // A clip that is starting is waited for (a busy machine may take longer than the
        // given time to show its first picture), so the snapshot shows what was asked for.
        const bool clip_starting =
            autoplay_pending || ((player.state() == ClipPlayer::State::kPlaying ||
                                  player.state() == ClipPlayer::State::kPaused) &&
                                 player.stats().pictures_shown == 0);
        const bool take_snapshot =
            snapshot_pending && elapsed_s >= options.snapshot_after_seconds && !clip_starting;
        if (take_snapshot) frames_to_draw = std::max(frames_to_draw, 1);

        if (frames_to_draw > 0) {
            --frames_to_draw;
            window.beginFrame();
            if (const std::optional<ClipRef> chosen = drawScreen(library, selection, player)) {
                play(*chosen);
                frames_to_draw = std::max(frames_to_draw, 1);
            }
            RgbaImage snapshot;
            window.endFrame(take_snapshot ? &snapshot : nullptr);
            ++report.frames_drawn;
            if (take_snapshot) {
                snapshot_pending = false;
                const Status written = writePng(snapshot, options.snapshot_png);
                report.snapshot_written = written.ok();
                if (!written) log::warning(written.error().message);
            }
        }

        if (autoplay_pending && report.frames_drawn > 0) {
            autoplay_pending = false;
            play(ClipRef{0, 0});
        }

        const PlayerStats& stats = player.stats();
        report.pictures_shown = stats.pictures_shown;
        report.pictures_dropped = stats.pictures_dropped;
        report.seconds_played = stats.seconds_played;
        report.audio_played = stats.audio_played;
        report.paused = player.state() == ClipPlayer::State::kPaused;
        report.clip_finished = player.state() == ClipPlayer::State::kFinished;
        if (!player.message().empty()) report.message = player.message();
        if (options.on_frame) options.on_frame(elapsed_s, report);

        if (options.quit_after_seconds > 0.0 && elapsed_s >= options.quit_after_seconds &&
            !snapshot_pending) {
            running = false;
        }
        const bool clip_over = player.state() == ClipPlayer::State::kFinished ||
                               player.state() == ClipPlayer::State::kFailed;
        if (options.quit_when_clip_ends && clip_over && frames_to_draw == 0) running = false;
    }
    return report;
}

}  // namespace mimic::ui
