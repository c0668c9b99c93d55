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
#include "ui/widgets.h"

namespace mimic::ui {
namespace {

// Longest sleep with nothing playing: only automation deadlines need a wake-up then.
constexpr int kIdleWaitMs = 1000;
// A window driven by a test hook wakes this often to call it.
constexpr int kDrivenWaitMs = 10;
// A key after a step or seek waits at most this long for its picture.
constexpr std::int64_t kAwaitPictureUs = 5'000'000;
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

// Draws the lists; returns the clip the person chose to play, if any. With curation the clip
// rows show their thumbnails.
std::optional<ClipRef> drawLists(const std::vector<BehaviourEntry>& library, Selection& selection,
                                 CurationPanel* curation) {
    std::optional<ClipRef> chosen;
    const float height = ImGui::GetContentRegionAvail().y;
    ImGui::BeginChild("behaviours", ImVec2(0.0f, height * kBehaviourListShare), true);
    ImGui::TextDisabled("Behaviours");
    if (library.empty()) {
        ImGui::TextWrapped("The library has no behaviours yet.");
    }
    for (std::size_t i = 0; i < library.size(); ++i) {
        const std::string id = "##behaviour" + std::to_string(i);
        const std::string& quiet =
            library[i].untagged ? std::string("clips tagged with no behaviour") : library[i].domain;
        if (twoLineRow(id.c_str(), library[i].name, quiet, {}, selection.behaviour == i)) {
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
            const bool clicked = curation != nullptr
                                     ? curation->clipRow(clip, playing, static_cast<int>(i))
                                     : twoLineRow(id.c_str(), clip.title, {},
                                                  formatDuration(clip.duration_us), playing);
            if (clicked) chosen = ClipRef{selection.behaviour, i};
        }
    }
    ImGui::EndChild();
    return chosen;
}

std::string statusLine(const ClipPlayer& player, const ClipEntry* clip) {
    const std::string title = clip != nullptr ? clip->title : player.path().filename().string();
    // The picture's own time once there is one (a step or seek moves it, not only playing).
    const std::string played = formatDuration(player.shownPts_us().value_or(
        static_cast<std::int64_t>(player.stats().seconds_played * 1e6)));
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

// `below`: the height kept under the stage (curation's editor).
void drawStage(ClipPlayer& player, const ClipEntry* clip, float below) {
    const float line = ImGui::GetTextLineHeightWithSpacing();
    const bool has_message = !player.message().empty();
    const float status_height = line * (has_message ? 2.0f : 1.0f) + below;
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
        texture = player.pictureTexture(pixelSize(picture));
    }
    if (texture) {
        drawTexture(*texture, picture);
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

enum class Tab { kNone = 0, kLibrary, kChildren };

// Where a clip is listed: under the behaviour called `behaviour` when there (any when empty),
// else its first listing.
std::optional<ClipRef> findClip(const std::vector<BehaviourEntry>& library, std::int64_t clip_id,
                                const std::string& behaviour) {
    std::optional<ClipRef> first;
    for (std::size_t b = 0; b < library.size(); ++b) {
        for (std::size_t c = 0; c < library[b].clips.size(); ++c) {
            if (library[b].clips[c].id != clip_id) continue;
            if (library[b].name == behaviour) return ClipRef{b, c};
            if (!first) first = ClipRef{b, c};
        }
    }
    return first;
}

// The Library tab's left column with curation: its tools over the lists or the search's hits.
std::optional<ClipRef> drawCuratedLists(const std::vector<BehaviourEntry>& library,
                                        Selection& selection, CurationPanel& curation) {
    curation.drawTop();
    if (!curation.searching()) return drawLists(library, selection, &curation);
    const CurationPanel::Choice choice = curation.drawSearchResults();
    if (choice.behaviour) {
        for (std::size_t i = 0; i < library.size(); ++i) {
            if (!library[i].untagged && library[i].name == *choice.behaviour) {
                selection.behaviour = i;
            }
        }
    }
    if (!choice.clip_id) return std::nullopt;
    return findClip(library, *choice.clip_id, choice.behaviour.value_or(""));
}

// The tab bar (only with a Children panel) and the chosen tab's screen; returns the clip the
// person chose to play, if any.
std::optional<ClipRef> drawScreen(const std::vector<BehaviourEntry>& library, Selection& selection,
                                  ClipPlayer& player, ChildrenPanel* children, Tab& tab,
                                  bool select_children, CurationPanel* curation) {
    const ImGuiIO& io = ImGui::GetIO();
    ImGui::SetNextWindowPos(ImVec2(0.0f, 0.0f));
    ImGui::SetNextWindowSize(io.DisplaySize);
    ImGui::Begin("library", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus);
    const float list_width = std::max(kMinListWidth, io.DisplaySize.x * kListShare);
    tab = Tab::kLibrary;
    if (children != nullptr && ImGui::BeginTabBar("tabs")) {
        if (ImGui::BeginTabItem("Library")) {
            ImGui::EndTabItem();
        }
        if (ImGui::BeginTabItem("Children", nullptr,
                                select_children ? ImGuiTabItemFlags_SetSelected : 0)) {
            tab = Tab::kChildren;
            ImGui::EndTabItem();
        }
        ImGui::EndTabBar();
    }
    std::optional<ClipRef> chosen;
    if (tab == Tab::kChildren) {
        children->draw(list_width);
    } else {
        ImGui::BeginGroup();
        ImGui::BeginChild("lists", ImVec2(list_width, 0.0f), false);
        chosen = curation != nullptr ? drawCuratedLists(library, selection, *curation)
                                     : drawLists(library, selection, nullptr);
        ImGui::EndChild();
        ImGui::EndGroup();
        ImGui::SameLine();
        ImGui::BeginChild("stage", ImVec2(0.0f, 0.0f), false);
        const ClipEntry* clip = nullptr;
        if (selection.playing) {
            clip = &library[selection.playing->behaviour].clips[selection.playing->clip];
        }
        drawStage(player, clip, curation != nullptr ? curation->editorHeight() : 0.0f);
        if (curation != nullptr) {
            const BehaviourEntry* behaviour =
                selection.behaviour < library.size() ? &library[selection.behaviour] : nullptr;
            curation->drawEditor(clip, behaviour, player);
        }
        ImGui::EndChild();
    }
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
    return runLibraryWindow(library, ClinicalCallbacks{}, options);
}

namespace {

std::vector<BehaviourChoice> behaviourChoices(const std::vector<BehaviourEntry>& library) {
    std::vector<BehaviourChoice> choices;
    for (const BehaviourEntry& behaviour : library) {
        BehaviourChoice choice{behaviour.name, {}};
        for (const ClipEntry& clip : behaviour.clips)
            choice.clips.push_back({clip.id, clip.title});
        choices.push_back(std::move(choice));
    }
    return choices;
}

}  // namespace

Result<WindowReport> runLibraryWindow(const std::vector<BehaviourEntry>& library,
                                      const ClinicalCallbacks& clinical,
                                      const WindowOptions& options) {
    std::optional<ChildrenPanel> children;
    if (clinical.load) {
        children.emplace(behaviourChoices(library), clinical);
        // SDL's video subsystem counts the displays (GlWindow::open below keeps it running).
        keepGraphicsDriverLoaded();
        children->setDisplayCount(std::max(1, SDL_GetNumVideoDisplays()));
        if (Status loaded = children->reload(); !loaded) return loaded.error();
        if (!options.children_selected.empty()) children->selectChild(options.children_selected);
        children->setLines(options.children_notice, options.children_problem);
    }
    Tab tab = Tab::kNone;
    bool select_children = options.start_in_children && children.has_value();
    bool running = true;
    bool snapshot_pending = !options.snapshot_png.empty();
    int frames_to_draw = kFramesAfterEvent;
    Result<GlWindow> opened = GlWindow::open(options.title, options.width, options.height);
    if (!opened) return opened.error();
    GlWindow window = std::move(opened).value();
    // Declared after the window: its GL objects go before the GL context does.
    ClipPlayer player;
    std::optional<CurationPanel> curation;
    if (options.curation.reload) curation.emplace(options.curation, library);
    // The lists shown: curation's, which it reads again after each change.
    const auto shown = [&]() -> const std::vector<BehaviourEntry>& {
        return curation ? curation->library() : library;
    };
    std::uint64_t curation_changes = 0;
    Selection selection;
    WindowReport report;
    const Clock::time_point start = Clock::now();
    Clock::time_point awaiting_since = start;

    auto play = [&](ClipRef ref) {
        selection.playing = ref;
        player.play(shown()[ref.behaviour].clips[ref.clip].path);
        ++report.clips_started;
    };
    const auto playingClip = [&]() -> const ClipEntry* {
        if (!selection.playing) return nullptr;
        return &shown()[selection.playing->behaviour].clips[selection.playing->clip];
    };
    const auto selectedBehaviour = [&]() -> const BehaviourEntry* {
        return selection.behaviour < shown().size() ? &shown()[selection.behaviour] : nullptr;
    };
    // After curation read the library again: the same behaviour and clip, found by name and
    // id (an archived clip is gone from the lists and stops).
    const auto refreshCuration = [&] {
        if (!curation) return;
        const std::string behaviour_before =
            selectedBehaviour() != nullptr ? selectedBehaviour()->name : std::string();
        const std::string playing_under =
            selection.playing ? shown()[selection.playing->behaviour].name : std::string();
        const std::int64_t playing_id = playingClip() != nullptr ? playingClip()->id : 0;
        curation->refresh();
        if (curation->changes() == curation_changes) return;
        curation_changes = curation->changes();
        frames_to_draw = std::max(frames_to_draw, 1);
        const std::vector<BehaviourEntry>& now = shown();
        selection.behaviour = std::min(selection.behaviour, now.empty() ? 0 : now.size() - 1);
        for (std::size_t i = 0; i < now.size(); ++i) {
            if (now[i].name == behaviour_before) selection.behaviour = i;
        }
        if (selection.playing) {
            selection.playing = findClip(now, playing_id, playing_under);
            if (!selection.playing) player.close();
        }
    };
    // Autoplay waits for the first frame: it builds the font atlas and compiles the shaders
    // (a few hundred ms on llvmpipe), which would otherwise make the first pictures late.
    bool autoplay_pending =
        options.autoplay_first_clip && !library.empty() && !library.front().clips.empty();

    while (running) {
        // Sleep until an event, the next picture, or an automation deadline.
        int wait_ms = player.millisecondsUntilDue();
        if (wait_ms < 0) wait_ms = kIdleWaitMs;
        if (frames_to_draw > 0) wait_ms = 0;
        if (options.drive_children || options.drive_curation) {
            wait_ms = std::min(wait_ms, kDrivenWaitMs);
        }
        if (options.lock != nullptr) wait_ms = options.lock->millisecondsUntilLock(wait_ms);
        const double now_s = secondsSince(start);
        auto wakeFor = [&](double deadline_s) {
            if (deadline_s > 0.0) {
                const double left_ms = std::max(0.0, (deadline_s - now_s) * 1000.0);
                wait_ms = std::min(wait_ms, static_cast<int>(left_ms) + 1);
            }
        };
        wakeFor(options.quit_after_seconds);
        if (snapshot_pending) wakeFor(std::max(options.snapshot_after_seconds, 1e-3));

        // A key waits for the picture of the step or seek before it (I marks the picture
        // shown), for as long as a busy machine may take to decode it.
        const bool picture_due =
            player.awaitingPicture() && microsecondsSince(awaiting_since) < kAwaitPictureUs;
        if (!player.awaitingPicture()) awaiting_since = Clock::now();
        SDL_Event event;
        bool have_event = !picture_due && nextEvent(event, wait_ms);
        if (picture_due) SDL_Delay(static_cast<Uint32>(std::min(wait_ms, kDrivenWaitMs)));
        while (have_event) {
            window.processEvent(event);
            frames_to_draw = kFramesAfterEvent;
            if (isCloseRequest(event)) running = false;
            if (options.lock != nullptr && options.lock->onEvent(event)) {
                if (event.type == SDL_KEYDOWN) break;
                have_event = SDL_PollEvent(&event) != 0;
                continue;
            }
            if (event.type == SDL_DROPFILE) {
                if (curation && event.drop.file != nullptr) curation->queueImport(event.drop.file);
                SDL_free(event.drop.file);
            }
            // A key typed into a form's field is the field's; Esc closes an open form first.
            const bool typing = ImGui::GetIO().WantTextInput;
            if (curation && event.type == SDL_KEYDOWN && !typing && tab != Tab::kChildren) {
                const bool ctrl = (event.key.keysym.mod & KMOD_CTRL) != 0;
                if (curation->onKey(event.key.keysym.sym, ctrl, playingClip(), selectedBehaviour(),
                                    player)) {
                    break;  // the next key waits for this one's picture
                }
            }
            if (event.type == SDL_KEYDOWN && event.key.repeat == 0 && !typing) {
                const bool form_open =
                    tab == Tab::kChildren && children->openForm() != ChildrenPanel::Form::kNone;
                if (event.key.keysym.sym == SDLK_ESCAPE) {
                    if (form_open) {
                        children->cancel();
                    } else {
                        running = false;
                    }
                }
                if (event.key.keysym.sym == SDLK_SPACE && tab != Tab::kChildren) {
                    player.togglePause();
                }
            }
            // ImGui 1.86 keeps a key as down or up, not as presses: a key's release handled in
            // the frame of its press would hide the press (a quick tap, a typed BackSpace). The
            // rest of the queue waits for the next frame.
            if (event.type == SDL_KEYDOWN) break;
            have_event = SDL_PollEvent(&event) != 0;
        }

        if (player.update()) frames_to_draw = std::max(frames_to_draw, 1);
        const bool locked = options.lock != nullptr && options.lock->update();
        if (locked) {
            if (player.state() == ClipPlayer::State::kPlaying) player.togglePause();
            if (!report.locked) frames_to_draw = std::max(frames_to_draw, 1);
        }
        report.locked = locked;
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

        if (curation && options.drive_curation && !locked) {
            options.drive_curation(elapsed_s, *curation);
            frames_to_draw = std::max(frames_to_draw, 1);
        }
        refreshCuration();
        if (children && options.drive_children && !locked) {
            options.drive_children(elapsed_s, *children);
            frames_to_draw = std::max(frames_to_draw, 1);
        }
        if (frames_to_draw > 0) {
            --frames_to_draw;
            window.beginFrame();
            if (locked) {
                options.lock->draw();
            } else {
                const Tab shown_before = tab;
                const std::uint64_t changes_before = children ? children->changes() : 0;
                if (const std::optional<ClipRef> chosen =
                        drawScreen(shown(), selection, player, children ? &*children : nullptr, tab,
                                   select_children, curation ? &*curation : nullptr)) {
                    play(*chosen);
                    frames_to_draw = std::max(frames_to_draw, 1);
                }
                select_children = false;
                if (children && children->changes() != changes_before) {
                    frames_to_draw = std::max(frames_to_draw, 1);
                }
                // The clip waits while its picture is out of sight.
                if (tab == Tab::kChildren && shown_before != Tab::kChildren &&
                    player.state() == ClipPlayer::State::kPlaying) {
                    player.togglePause();
                }
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

        // One file a frame, after it was drawn: the bar shows each file as it goes.
        if (curation && curation->importing() && !locked) {
            const BehaviourEntry* behaviour = selectedBehaviour();
            curation->importNext(behaviour != nullptr && !behaviour->untagged ? behaviour->name
                                                                              : std::string());
            frames_to_draw = std::max(frames_to_draw, 1);
        }
        refreshCuration();

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
        if (curation && !curation->message().empty()) report.message = curation->message();
        if (children) {
            if (!children->message().empty()) report.message = children->message();
            if (std::optional<SessionRequest> request = children->takeSessionRequest()) {
                report.session_request = std::move(request);
                running = false;
            }
            if (std::optional<ReviewRequest> review = children->takeReviewRequest()) {
                report.review_request = std::move(review);
                running = false;
            }
        }
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
