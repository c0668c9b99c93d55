#include "ui/review_window.h"

#include <SDL.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <map>
#include <memory>
#include <set>
#include <utility>

#include <imgui.h>

#include "common/clock.h"
#include "common/log.h"
#include "media/picture_description.h"
#include "render/video_renderer.h"
#include "review/timeline_strip.h"
#include "ui/gl_window.h"
#include "ui/layout.h"
#include "ui/picture_view.h"
#include "ui/review_transport.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace mimic::ui {
namespace {

constexpr float kListWidth = 300.0f;
constexpr float kSideWidth = 280.0f;   // the codes and the outcome, right of the strip
constexpr float kLabelWidth = 100.0f;  // the strip's row names
constexpr float kFileRow = 14.0f;      // the model's and the recording's rows
constexpr float kCoderRow = 20.0f;     // one per coder
constexpr float kRowGap = 8.0f;
constexpr float kEdgeGrab = 5.0f;   // pixels either side of a state's edge that resize it
constexpr float kPointGrab = 5.0f;  // half the width of a point's grab area
constexpr int kIdleWaitMs = 250;
constexpr int kFramesAfterEvent = 2;
constexpr std::array<double, 4> kRates{0.25, 0.5, 0.75, 1.0};
const std::vector<std::string> kOutcomes{"", "independent", "prompted", "incorrect", "no-response"};

// The colours of the strip: the model blue, the recording green (as in the still), one per
// coder, the playhead a warm yellow.
constexpr Colour kModelColour{0.33f, 0.55f, 0.90f};
constexpr Colour kPracticeColour{0.38f, 0.70f, 0.43f};
constexpr Colour kTrack{0.87f, 0.86f, 0.83f};
constexpr Colour kPlayhead{0.90f, 0.62f, 0.10f};
constexpr Colour kLoopShade{0.90f, 0.80f, 0.45f, 0.35f};
constexpr std::array<Colour, 4> kCoderColours{
    Colour{0.85f, 0.45f, 0.30f}, Colour{0.60f, 0.42f, 0.80f}, Colour{0.25f, 0.62f, 0.66f},
    Colour{0.72f, 0.60f, 0.20f}};

std::string clockText(std::int64_t us) {
    const double s = static_cast<double>(std::max<std::int64_t>(0, us)) / 1e6;
    char text[32];
    std::snprintf(text, sizeof text, "%d:%05.2f", static_cast<int>(s / 60.0), std::fmod(s, 60.0));
    return text;
}

// One pane's picture: the renderer and its texture at the pane's size.
class PanePicture {
  public:
    // Uploads `frame` (of a file with `stream`); an error names why.
    Status show(media::VideoFrame frame, const media::VideoStreamInfo& stream) {
        auto drawable = media::toDrawable(std::move(frame));
        if (!drawable) return drawable.error();
        if (!renderer_) {
            auto created = render::VideoRenderer::create();
            if (!created) return created.error();
            renderer_.emplace(std::move(*created));
        }
        auto view = frameView(*drawable, stream);
        if (!view) return view.error();
        if (Status uploaded = renderer_->upload(*view); !uploaded) return uploaded;
        has_picture_ = true;
        stale_ = true;
        return {};
    }
    void clear() { has_picture_ = false; }
    std::optional<render::Size> size() const {
        if (!has_picture_ || !renderer_) return std::nullopt;
        return renderer_->displaySize();
    }
    std::optional<unsigned int> texture(render::Size size) {
        if (!has_picture_ || !renderer_ || size.width <= 0 || size.height <= 0) return std::nullopt;
        if (texture_ && !stale_ && size == texture_size_) return texture_;
        auto drawn = renderer_->renderToTexture(size);
        if (!drawn) return std::nullopt;
        texture_ = *drawn;
        texture_size_ = size;
        stale_ = false;
        return texture_;
    }

  private:
    std::optional<render::VideoRenderer> renderer_;
    bool has_picture_ = false;
    bool stale_ = true;
    std::optional<unsigned int> texture_;
    render::Size texture_size_;
};

// An event as the window writes it again (undo, move): what `mimic code add` takes.
struct EventCopy {
    std::string coder;
    std::string code;
    std::int64_t start_ms = 0;
    std::optional<std::int64_t> stop_ms;
};

EventCopy copyOf(const store::CodedEvent& event) {
    return {event.record.coder, event.code, event.record.start_ms, event.record.stop_ms};
}

// One change, as undo takes it back: events removed (to add again) and events added (to
// remove). A move is both.
struct UndoStep {
    std::vector<std::int64_t> added;  // ids
    std::vector<EventCopy> removed;
};

// A drag on the strip: seeking, or moving/resizing one event.
enum class DragKind { kNone, kSeek, kMove, kStart, kStop };

struct Drag {
    DragKind kind = DragKind::kNone;
    std::int64_t event_id = 0;
    std::int64_t grab_ms = 0;  // the time under the pointer when the drag began
    EventCopy original;
    EventCopy now;
};

class ReviewScreen {
  public:
    ReviewScreen(const ReviewCallbacks& callbacks, const ReviewWindowOptions& options)
        : callbacks_(callbacks), options_(options) {
        std::snprintf(coder_, sizeof coder_, "%s", options.coder.c_str());
    }

    Status loadTrials();
    void openTrial(std::int64_t trial_id);
    bool hasTrial() const { return transport_ != nullptr; }
    ReviewTransport* transport() { return transport_.get(); }

    // Keys while no field has the keyboard; true when handled.
    bool key(const SDL_KeyboardEvent& key);
    bool text(const char* text);
    // Takes the pictures due now; true when something changed on screen.
    bool update();
    int millisecondsUntilDue() const;
    void draw();

    const std::string& message() const { return message_; }
    std::string coder() const { return coder_; }
    std::int64_t eventsAdded() const { return events_added_; }
    std::string traceLine() const;
    void finishOpenStates();

  private:
    void reloadEvents();
    void drawList();
    void drawPanes(float height);
    void drawPane(PanePicture& picture, const Rect& area, const std::string& caption,
                  const std::string& problem, const Colour& colour);
    void drawTransport();
    void drawStrip();
    void drawSide();
    void codeKey(const store::Code& code, std::int64_t now_ms);
    std::optional<std::int64_t> addEvent(const EventCopy& event);
    bool removeEvent(std::int64_t event_id);
    void pushUndo(UndoStep step);
    void undo();
    void deleteSelected();
    void loopIn();
    void loopOut();
    void clearLoop();
    void finishDrag();
    std::int64_t playheadMs() const;
    void fail(const std::string& line);

    const ReviewCallbacks& callbacks_;
    const ReviewWindowOptions& options_;
    std::vector<ReviewTrialEntry> trials_;
    std::optional<std::size_t> selected_trial_;
    std::optional<ReviewTrialOpen> open_;
    std::unique_ptr<ReviewTransport> transport_;
    PanePicture model_picture_;
    PanePicture practice_picture_;
    std::vector<store::CodedEvent> events_;
    // A state started with its key and not stopped yet: code -> (event id, start ms).
    std::map<std::string, std::pair<std::int64_t, std::int64_t>> open_states_;
    std::vector<UndoStep> undo_;
    std::optional<std::int64_t> selected_event_;
    Drag drag_;
    std::optional<std::int64_t> loop_in_;
    char coder_[128] = {};
    char notes_[2048] = {};
    int outcome_index_ = 0;
    int prompt_index_ = 0;
    std::string message_;
    std::string notice_;
    std::int64_t events_added_ = 0;
    std::optional<std::int64_t> handled_ms_;  // the playhead when the last code key was handled
};

void ReviewScreen::fail(const std::string& line) {
    message_ = line;
    notice_.clear();
    log::warning(line);
}

Status ReviewScreen::loadTrials() {
    auto trials = callbacks_.trials();
    if (!trials) return trials.error();
    trials_ = std::move(*trials);
    return {};
}

std::int64_t ReviewScreen::playheadMs() const {
    if (!transport_) return 0;
    return std::max<std::int64_t>(0, transport_->playhead_us(Clock::now()) / 1000);
}

void ReviewScreen::openTrial(std::int64_t trial_id) {
    finishOpenStates();
    transport_.reset();
    model_picture_.clear();
    practice_picture_.clear();
    open_.reset();
    events_.clear();
    selected_event_.reset();
    loop_in_.reset();
    message_.clear();
    notice_.clear();
    selected_trial_.reset();
    for (std::size_t i = 0; i < trials_.size(); ++i) {
        if (trials_[i].trial_id == trial_id) selected_trial_ = i;
    }
    auto opened = callbacks_.open(trial_id);
    if (!opened) {
        fail(opened.error().message);
        return;
    }
    open_ = std::move(*opened);
    if (selected_trial_) {
        const ReviewTrialEntry& entry = trials_[*selected_trial_];
        outcome_index_ = 0;
        for (std::size_t i = 0; i < kOutcomes.size(); ++i) {
            if (kOutcomes[i] == entry.outcome) outcome_index_ = static_cast<int>(i);
        }
        prompt_index_ = 0;
        for (std::size_t i = 0; i < entry.prompt_levels.size(); ++i) {
            if (entry.prompt_levels[i] == entry.prompt_level) prompt_index_ = static_cast<int>(i);
        }
        std::snprintf(notes_, sizeof notes_, "%s", entry.notes.c_str());
    }
    // A review opens where the practice starts.
    transport_ =
        std::make_unique<ReviewTransport>(open_->timeline, open_->model, open_->practice,
                                          open_->timeline.practiceStart_us(), options_.sound);
    reloadEvents();
}

void ReviewScreen::reloadEvents() {
    if (!selected_trial_) return;
    auto events = callbacks_.events(trials_[*selected_trial_].trial_id);
    if (!events) {
        fail(events.error().message);
        return;
    }
    events_ = std::move(*events);
    // The list's "coded by" follows.
    std::set<std::string> coders;
    for (const store::CodedEvent& event : events_)
        coders.insert(event.record.coder);
    trials_[*selected_trial_].coders.assign(coders.begin(), coders.end());
}

std::optional<std::int64_t> ReviewScreen::addEvent(const EventCopy& event) {
    auto id = callbacks_.add_event(trials_[*selected_trial_].trial_id, event.coder, event.code,
                                   event.start_ms, event.stop_ms);
    if (!id) {
        fail(id.error().message);
        return std::nullopt;
    }
    ++events_added_;
    return *id;
}

bool ReviewScreen::removeEvent(std::int64_t event_id) {
    if (Status removed = callbacks_.remove_event(event_id); !removed) {
        fail(removed.error().message);
        return false;
    }
    return true;
}

void ReviewScreen::pushUndo(UndoStep step) {
    undo_.push_back(std::move(step));
    reloadEvents();
}

void ReviewScreen::undo() {
    if (undo_.empty() || !selected_trial_) {
        notice_ = "Nothing to undo.";
        return;
    }
    UndoStep step = std::move(undo_.back());
    undo_.pop_back();
    for (const std::int64_t id : step.added) {
        removeEvent(id);
        for (auto it = open_states_.begin(); it != open_states_.end();) {
            it = it->second.first == id ? open_states_.erase(it) : std::next(it);
        }
    }
    for (const EventCopy& event : step.removed) {
        addEvent(event);
    }
    // An event added again has a new id: steps further down that name the old one cannot
    // know it, so they find it by its content when they are undone.
    reloadEvents();
    for (UndoStep& older : undo_) {
        for (std::int64_t& id : older.added) {
            const bool exists = std::any_of(events_.begin(), events_.end(),
                                            [&](const store::CodedEvent& e) { return e.id == id; });
            if (exists) continue;
            for (const EventCopy& again : step.removed) {
                for (const store::CodedEvent& e : events_) {
                    const EventCopy c = copyOf(e);
                    if (c.coder == again.coder && c.code == again.code &&
                        c.start_ms == again.start_ms && c.stop_ms == again.stop_ms) {
                        id = e.id;
                    }
                }
            }
        }
    }
    notice_ = "Undone.";
}

void ReviewScreen::codeKey(const store::Code& code, std::int64_t now_ms) {
    if (!selected_trial_ || !transport_) return;
    const std::string coder = coder_;
    if (coder.empty()) {
        fail("Type the coder's name (under the codes) before coding.");
        return;
    }
    if (code.record.kind == store::CodeKind::kPoint) {
        if (const auto id = addEvent({coder, code.record.name, now_ms, std::nullopt})) {
            pushUndo({{*id}, {}});
            notice_ = code.record.name + " at " + clockText(now_ms * 1000);
        }
        return;
    }
    const std::string state_key = coder + '\n' + code.record.name;
    if (const auto open = open_states_.find(state_key); open != open_states_.end()) {
        // The same key stops the state: its zero-length row becomes the whole state.
        const auto [id, start_ms] = open->second;
        open_states_.erase(open);
        const std::int64_t from = std::min(start_ms, now_ms);
        const std::int64_t to = std::max(start_ms, now_ms);
        const EventCopy started{coder, code.record.name, start_ms, start_ms};
        if (!removeEvent(id)) return;
        if (const auto whole = addEvent({coder, code.record.name, from, to})) {
            // Undo of a stop takes back the whole state (the start with it).
            pushUndo({{*whole}, {}});
            // The start's own step named the zero-length row: drop it.
            for (auto it = undo_.begin(); it != undo_.end(); ++it) {
                if (it->added.size() == 1 && it->added.front() == id && it->removed.empty()) {
                    undo_.erase(it);
                    break;
                }
            }
            notice_ =
                code.record.name + " " + clockText(from * 1000) + " to " + clockText(to * 1000);
        } else {
            addEvent(started);
            reloadEvents();
        }
        return;
    }
    if (const auto id = addEvent({coder, code.record.name, now_ms, now_ms})) {
        open_states_[state_key] = {*id, now_ms};
        pushUndo({{*id}, {}});
        notice_ = code.record.name + " started at " + clockText(now_ms * 1000) + "; press " +
                  code.record.key.value_or("its key") + " again to stop it";
    }
}

void ReviewScreen::finishOpenStates() {
    // A state still open when the trial changes or the window closes stops where the playhead
    // is (as its key would have stopped it).
    if (!selected_trial_ || open_states_.empty()) return;
    const std::int64_t now_ms = playheadMs();
    const auto states = open_states_;
    open_states_.clear();
    for (const auto& [state_key, open] : states) {
        const auto [id, start_ms] = open;
        const std::string coder = state_key.substr(0, state_key.find('\n'));
        const std::string code = state_key.substr(state_key.find('\n') + 1);
        if (now_ms <= start_ms || !removeEvent(id)) continue;
        addEvent({coder, code, start_ms, now_ms});
    }
    reloadEvents();
}

void ReviewScreen::deleteSelected() {
    if (!selected_event_) return;
    const auto it = std::find_if(events_.begin(), events_.end(), [&](const store::CodedEvent& e) {
        return e.id == *selected_event_;
    });
    if (it == events_.end()) return;
    const EventCopy copy = copyOf(*it);
    if (!removeEvent(it->id)) return;
    selected_event_.reset();
    pushUndo({{}, {copy}});
    notice_ = "Removed " + copy.code + " (Ctrl+Z brings it back).";
}

bool ReviewScreen::key(const SDL_KeyboardEvent& key) {
    handled_ms_.reset();
    const SDL_Keycode sym = key.keysym.sym;
    const bool ctrl = (key.keysym.mod & KMOD_CTRL) != 0;
    const bool shift = (key.keysym.mod & KMOD_SHIFT) != 0;
    if (ctrl && sym == SDLK_z) {
        undo();
        return true;
    }
    // A scheme key is the scheme's, whatever else it would do (its text event codes it).
    if (open_ && sym > 0 && sym < 128 && std::isprint(sym) != 0 && sym != ' ') {
        for (const store::Code& code : open_->scheme) {
            if (code.record.key &&
                std::tolower(static_cast<unsigned char>((*code.record.key)[0])) == sym) {
                return false;
            }
        }
    }
    if (sym == SDLK_DELETE || sym == SDLK_BACKSPACE) {
        deleteSelected();
        return true;
    }
    if (!transport_) return false;
    const std::int64_t now = transport_->playhead_us(Clock::now());
    switch (sym) {
        case SDLK_SPACE:
            transport_->togglePause();
            return true;
        case SDLK_LEFT:
        case SDLK_RIGHT:
            if (shift) {
                transport_->seek(now + (sym == SDLK_RIGHT ? 1'000'000 : -1'000'000));
            } else {
                transport_->step(sym == SDLK_RIGHT);
            }
            return true;
        case SDLK_COMMA:
        case SDLK_PERIOD:
            transport_->step(sym == SDLK_PERIOD);
            return true;
        case SDLK_HOME:
            transport_->seek(transport_->timeline().practiceStart_us());
            return true;
        case SDLK_LEFTBRACKET:
            loopIn();
            return true;
        case SDLK_RIGHTBRACKET:
            loopOut();
            return true;
        case SDLK_BACKSLASH:
            clearLoop();
            return true;
        case SDLK_1:
        case SDLK_2:
        case SDLK_3:
        case SDLK_4:
            transport_->setRate(kRates[static_cast<std::size_t>(sym - SDLK_1)]);
            return true;
        default:
            return false;
    }
}

void ReviewScreen::loopIn() {
    const std::int64_t now = transport_->playhead_us(Clock::now());
    loop_in_ = now;
    notice_ = "Loop from " + clockText(now) + "; ] sets where it ends.";
}

void ReviewScreen::loopOut() {
    const std::int64_t now = transport_->playhead_us(Clock::now());
    if (loop_in_ && now > *loop_in_) {
        transport_->setLoop(review::LoopRange{*loop_in_, now});
        notice_ =
            "Looping " + clockText(*loop_in_) + " to " + clockText(now) + "; \\ stops looping.";
    } else {
        fail("Set the loop's start with [ before its end.");
    }
}

void ReviewScreen::clearLoop() {
    transport_->setLoop(std::nullopt);
    loop_in_.reset();
    notice_ = "Not looping.";
}

bool ReviewScreen::text(const char* typed) {
    if (!open_ || typed == nullptr || typed[0] == '\0' || typed[1] != '\0') return false;
    for (const store::Code& code : open_->scheme) {
        if (code.record.key && *code.record.key == std::string(1, typed[0])) {
            // The moment the key was handled: the event's time, and the trace line's.
            handled_ms_ = playheadMs();
            codeKey(code, *handled_ms_);
            return true;
        }
    }
    return false;
}

bool ReviewScreen::update() {
    if (!transport_) return false;
    ReviewFrames frames = transport_->update(Clock::now());
    if (frames.model_cleared) model_picture_.clear();
    if (frames.model && transport_->modelStream()) {
        if (Status s = model_picture_.show(std::move(*frames.model), *transport_->modelStream());
            !s) {
            fail("The model clip: " + s.error().message);
        }
    }
    if (frames.practice && transport_->practiceStream()) {
        if (Status s =
                practice_picture_.show(std::move(*frames.practice), *transport_->practiceStream());
            !s) {
            fail("The recording: " + s.error().message);
        }
    }
    return frames.changed || !open_states_.empty();
}

int ReviewScreen::millisecondsUntilDue() const {
    if (!transport_) return -1;
    const auto wait =
        std::chrono::duration_cast<std::chrono::milliseconds>(transport_->nextDue() - Clock::now());
    return static_cast<int>(std::clamp<std::int64_t>(wait.count(), 0, kIdleWaitMs));
}

std::string ReviewScreen::traceLine() const {
    char line[160];
    const double t = handled_ms_  ? static_cast<double>(*handled_ms_) / 1e3
                     : transport_ ? static_cast<double>(transport_->playhead_us(Clock::now())) / 1e6
                                  : 0.0;
    std::snprintf(line, sizeof line, "t=%.3f playing=%d rate=%.2f events=%zu", t,
                  transport_ && !transport_->paused() ? 1 : 0,
                  transport_ ? transport_->rate() : 1.0, events_.size());
    return line;
}

void ReviewScreen::drawList() {
    ImGui::TextDisabled("Sessions and trials of %s", options_.child.c_str());
    if (trials_.empty()) ImGui::TextWrapped("No trials yet: a session stores them.");
    std::optional<std::int64_t> chosen;
    std::int64_t session = -1;
    for (std::size_t i = 0; i < trials_.size(); ++i) {
        const ReviewTrialEntry& trial = trials_[i];
        if (trial.session_id != session) {
            session = trial.session_id;
            ImGui::Spacing();
            std::string date = trial.date.substr(0, 16);
            std::replace(date.begin(), date.end(), 'T', ' ');
            ImGui::TextDisabled("%s", date.c_str());
            if (ImGui::IsItemHovered()) {
                ImGui::SetTooltip("Session %lld", static_cast<long long>(session));
            }
        }
        std::string quiet = trial.outcome.empty() ? "not scored" : wordForPeople(trial.outcome, "");
        if (!trial.prompt_level.empty()) quiet += " (" + trial.prompt_level + ")";
        quiet += trial.coders.empty() ? "; not coded" : "; by ";
        for (std::size_t c = 0; c < trial.coders.size(); ++c)
            quiet += (c == 0 ? "" : ", ") + trial.coders[c];
        const std::string main = "Trial " + std::to_string(trial.trial_id) + ": " + trial.target +
                                 (trial.has_recording ? "" : "  (no recording)");
        const std::string id = "##trial" + std::to_string(trial.trial_id);
        if (twoLineRow(id.c_str(), main, quiet, {}, selected_trial_ == i)) chosen = trial.trial_id;
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Open this trial at its practice start");
    }
    if (chosen) openTrial(*chosen);
}

void ReviewScreen::drawPane(PanePicture& picture, const Rect& area, const std::string& caption,
                            const std::string& problem, const Colour& colour) {
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddRectFilled(ImVec2(area.x, area.y), ImVec2(area.x + area.width, area.y + area.height),
                        toImU32(kStage), 6.0f);
    draw->AddRectFilled(ImVec2(area.x, area.y + area.height - 3.0f),
                        ImVec2(area.x + area.width, area.y + area.height), toImU32(colour));
    std::optional<unsigned int> texture;
    Rect fitted;
    if (const std::optional<render::Size> shape = picture.size()) {
        fitted = fitPicture(shape->width, shape->height,
                            {area.x, area.y + 22.0f, area.width, area.height - 25.0f});
        texture = picture.texture(pixelSize(fitted));
    }
    if (texture) {
        drawTexture(*texture, fitted);
    } else {
        const std::string hint = problem.empty() ? "No picture here at this moment" : problem;
        const float wrap = area.width - 24.0f;
        const ImVec2 size = ImGui::CalcTextSize(hint.c_str(), nullptr, false, wrap);
        draw->AddText(
            nullptr, 0.0f,
            ImVec2(area.x + (area.width - size.x) / 2.0f, area.y + (area.height - size.y) / 2.0f),
            toImU32(problem.empty() ? kStageText : kProblemSoft), hint.c_str(), nullptr, wrap);
    }
    draw->AddText(ImVec2(area.x + 8.0f, area.y + 4.0f), toImU32(kStageText), caption.c_str());
}

void ReviewScreen::drawPanes(float height) {
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float width = ImGui::GetContentRegionAvail().x;
    const float gap = 8.0f;
    const float pane_width = (width - gap) / 2.0f;
    const std::string model_caption =
        "Model" + (selected_trial_ ? ": " + trials_[*selected_trial_].target : std::string());
    const std::string practice_caption =
        std::string("Practice recording") +
        (transport_ && transport_->soundPlaying() ? " (its sound plays)" : "");
    std::string practice_problem = open_ ? open_->problem : std::string();
    if (practice_problem.empty() && transport_) practice_problem = transport_->practiceMessage();
    const std::string model_problem = transport_ ? transport_->modelMessage() : std::string();
    drawPane(model_picture_, {origin.x, origin.y, pane_width, height}, model_caption, model_problem,
             kModelColour);
    drawPane(practice_picture_, {origin.x + pane_width + gap, origin.y, pane_width, height},
             practice_caption, practice_problem, kPracticeColour);
    ImGui::Dummy(ImVec2(width, height));
}

void ReviewScreen::drawTransport() {
    ReviewTransport& t = *transport_;
    const std::int64_t now = t.playhead_us(Clock::now());
    if (ImGui::Button("<")) t.step(false);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("One frame back on both (Left or ,)");
    ImGui::SameLine();
    if (ImGui::Button(t.paused() ? "  Play  " : " Pause ")) t.togglePause();
    if (ImGui::IsItemHovered()) {
        ImGui::SetTooltip("Play or pause both videos (Space); only the recording is heard");
    }
    ImGui::SameLine();
    if (ImGui::Button(">")) t.step(true);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("One frame on on both (Right or .)");
    ImGui::SameLine();
    if (ImGui::Button("Start")) t.seek(t.timeline().practiceStart_us());
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Where the practice starts (Home)");
    ImGui::SameLine();
    ImGui::TextUnformatted(
        ("  " + clockText(now) + " / " + clockText(t.timeline().end_us())).c_str());
    ImGui::SameLine();
    ImGui::TextDisabled("  Speed");
    for (std::size_t i = 0; i < kRates.size(); ++i) {
        ImGui::SameLine();
        char label[16];
        std::snprintf(label, sizeof label, "%gx", kRates[i]);
        const bool current = t.rate() == kRates[i];
        if (current) ImGui::PushStyleColor(ImGuiCol_Button, toImVec4(kAccent));
        if (ImGui::Button(label)) t.setRate(kRates[i]);
        if (current) ImGui::PopStyleColor();
        if (ImGui::IsItemHovered()) {
            ImGui::SetTooltip("Slow motion keeps the voice's pitch (key %zu)", i + 1);
        }
    }
    // The second row: the loop and the model's alignment.
    ImGui::TextDisabled("Loop");
    ImGui::SameLine();
    if (ImGui::Button("[")) loopIn();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("The loop starts here ([)");
    ImGui::SameLine();
    if (ImGui::Button("]")) loopOut();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("The loop ends here and starts playing (])");
    ImGui::SameLine();
    if (ImGui::Button("No loop")) clearLoop();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Stop looping (\\)");
    ImGui::SameLine();
    ImGui::TextDisabled("   Line the model up");
    ImGui::SameLine();
    const auto nudge = [&](std::int64_t by_us) {
        if (!selected_trial_) return;
        const std::int64_t offset = t.timeline().alignment().offset_us + by_us;
        t.setOffset(offset);
        if (Status saved = callbacks_.save_offset(trials_[*selected_trial_].trial_id, offset);
            !saved) {
            fail(saved.error().message);
        } else {
            notice_ = "The model is lined up " + std::to_string(offset / 1000) +
                      " ms after the practice start (saved).";
        }
    };
    if (ImGui::Button("earlier")) nudge(-40'000);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("The model 40 ms earlier (saved with the trial)");
    ImGui::SameLine();
    if (ImGui::Button("later")) nudge(40'000);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("The model 40 ms later (saved with the trial)");
    ImGui::SameLine();
    ImGui::TextDisabled("   now %+lld ms",
                        static_cast<long long>(t.timeline().alignment().offset_us / 1000));
}

void ReviewScreen::drawStrip() {
    ReviewTransport& t = *transport_;
    const std::int64_t playhead = t.playhead_us(Clock::now());
    std::vector<store::CodedEvent> shown = events_;
    // A drag shows where the event goes.
    if (drag_.kind == DragKind::kMove || drag_.kind == DragKind::kStart ||
        drag_.kind == DragKind::kStop) {
        for (store::CodedEvent& e : shown) {
            if (e.id != drag_.event_id) continue;
            e.record.start_ms = drag_.now.start_ms;
            e.record.stop_ms = drag_.now.stop_ms;
        }
    }
    // Open states grow with the playhead.
    for (const auto& [state_key, open] : open_states_) {
        for (store::CodedEvent& e : shown) {
            if (e.id == open.first) e.record.stop_ms = std::max(open.second, playhead / 1000);
        }
    }
    const review::TimelineStrip strip = review::timelineStrip(t.timeline(), playhead, shown);
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float width = ImGui::GetContentRegionAvail().x;
    const float x0 = origin.x + kLabelWidth;
    const float track = std::max(10.0f, width - kLabelWidth - 8.0f);
    std::set<std::string> coder_names;
    for (const store::CodedEvent& e : shown)
        coder_names.insert(e.record.coder);
    if (coder_[0] != '\0') coder_names.insert(coder_);
    const std::vector<std::string> coders(coder_names.begin(), coder_names.end());
    const float height = 2.0f * (kFileRow + kRowGap) +
                         static_cast<float>(coders.size()) * (kCoderRow + kRowGap) + 6.0f;
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const auto xOf = [&](double fraction) { return x0 + static_cast<float>(fraction) * track; };
    const auto xOfMs = [&](std::int64_t ms) {
        return xOf(static_cast<double>(ms * 1000 - strip.begin_us) /
                   static_cast<double>(strip.end_us - strip.begin_us));
    };
    const auto msOfX = [&](float x) {
        const double fraction = std::clamp((x - x0) / track, 0.0f, 1.0f);
        return (strip.begin_us +
                static_cast<std::int64_t>(fraction *
                                          static_cast<double>(strip.end_us - strip.begin_us))) /
               1000;
    };
    const auto bar = [&](float y, float h, review::StripSpan span, Colour colour) {
        draw->AddRectFilled(ImVec2(xOf(span.from), y),
                            ImVec2(std::max(xOf(span.to), xOf(span.from) + 1.0f), y + h),
                            toImU32(colour), 2.0f);
    };
    float y = origin.y + 2.0f;
    const float strip_top = y;
    // The loop's range behind everything.
    if (t.loop()) {
        const review::LoopRange loop = *t.loop();
        draw->AddRectFilled(ImVec2(xOfMs(loop.in_us / 1000), origin.y),
                            ImVec2(xOfMs(loop.out_us / 1000), origin.y + height),
                            toImU32(kLoopShade));
    }
    draw->AddText(ImVec2(origin.x, y - 3.0f), toImU32(kQuietText), "model");
    draw->AddRectFilled(ImVec2(x0, y), ImVec2(x0 + track, y + kFileRow), toImU32(kTrack), 2.0f);
    bar(y, kFileRow, strip.model, kModelColour);
    y += kFileRow + kRowGap;
    draw->AddText(ImVec2(origin.x, y - 3.0f), toImU32(kQuietText), "recording");
    draw->AddRectFilled(ImVec2(x0, y), ImVec2(x0 + track, y + kFileRow), toImU32(kTrack), 2.0f);
    bar(y, kFileRow, strip.practice, kPracticeColour);
    const float start_x = xOf(strip.practice_start);
    draw->AddTriangleFilled(ImVec2(start_x - 5.0f, y - 4.0f), ImVec2(start_x + 5.0f, y - 4.0f),
                            ImVec2(start_x, y + 3.0f), toImU32(kText));
    y += kFileRow + kRowGap;
    // Hit areas of the events, for the mouse.
    struct Hit {
        std::int64_t id;
        float from;
        float to;
        float top;
        bool point;
    };
    std::vector<Hit> hits;
    for (std::size_t row = 0; row < coders.size(); ++row) {
        const Colour colour = kCoderColours[row % kCoderColours.size()];
        const Colour light{(colour.r + 1.0f) / 2.0f, (colour.g + 1.0f) / 2.0f,
                           (colour.b + 1.0f) / 2.0f};
        draw->AddText(ImVec2(origin.x, y + 2.0f), toImU32(kText), coders[row].c_str());
        draw->AddRectFilled(ImVec2(x0, y), ImVec2(x0 + track, y + kCoderRow), toImU32(kTrack),
                            2.0f);
        for (const bool points : {false, true}) {
            for (const store::CodedEvent& e : shown) {
                if (e.record.coder != coders[row] || (!e.record.stop_ms) != points) continue;
                const float from = xOfMs(e.record.start_ms);
                const float to = xOfMs(e.record.stop_ms.value_or(e.record.start_ms));
                const bool selected = selected_event_ == e.id;
                if (points) {
                    draw->AddRectFilled(ImVec2(from - 2.0f, y), ImVec2(from + 2.0f, y + kCoderRow),
                                        toImU32(selected ? kText : colour));
                } else {
                    draw->AddRectFilled(ImVec2(from, y + 3.0f),
                                        ImVec2(std::max(to, from + 2.0f), y + kCoderRow - 3.0f),
                                        toImU32(selected ? colour : light), 3.0f);
                    draw->AddRect(ImVec2(from, y + 3.0f),
                                  ImVec2(std::max(to, from + 2.0f), y + kCoderRow - 3.0f),
                                  toImU32(colour), 3.0f);
                }
                if (!points || selected) {
                    const std::string label = e.code;
                    if (to - from > ImGui::CalcTextSize(label.c_str()).x + 6.0f) {
                        draw->AddText(ImVec2(from + 4.0f, y + 3.0f), toImU32(kText), label.c_str());
                    }
                }
                hits.push_back({e.id, from, to, y, points});
            }
        }
        y += kCoderRow + kRowGap;
    }
    const float play_x = xOf(strip.playhead);
    draw->AddLine(ImVec2(play_x, strip_top - 4.0f), ImVec2(play_x, y), toImU32(kPlayhead), 3.0f);

    // The mouse: on an event, select it and drag it (its edge resizes a state); elsewhere,
    // seek (and scrub while dragging).
    ImGui::SetCursorScreenPos(ImVec2(x0, origin.y));
    ImGui::InvisibleButton("strip", ImVec2(track, std::max(1.0f, height)));
    const bool hovered = ImGui::IsItemHovered();
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    if (hovered && drag_.kind == DragKind::kNone) {
        ImGui::SetTooltip(
            "Click or drag to seek; drag an event to move it, its edge to resize it; "
            "Delete removes the selected one");
    }
    if (ImGui::IsItemActivated()) {
        drag_ = Drag{};
        drag_.kind = DragKind::kSeek;
        selected_event_.reset();
        for (const Hit& hit : hits) {
            if (mouse.y < hit.top || mouse.y > hit.top + kCoderRow) continue;
            const auto it =
                std::find_if(events_.begin(), events_.end(),
                             [&](const store::CodedEvent& e) { return e.id == hit.id; });
            if (it == events_.end()) continue;
            DragKind kind = DragKind::kNone;
            if (hit.point) {
                if (std::abs(mouse.x - hit.from) <= kPointGrab) kind = DragKind::kMove;
            } else if (std::abs(mouse.x - hit.from) <= kEdgeGrab) {
                kind = DragKind::kStart;
            } else if (std::abs(mouse.x - hit.to) <= kEdgeGrab) {
                kind = DragKind::kStop;
            } else if (mouse.x > hit.from && mouse.x < hit.to) {
                kind = DragKind::kMove;
            }
            if (kind == DragKind::kNone) continue;
            drag_.kind = kind;
            drag_.event_id = hit.id;
            drag_.grab_ms = msOfX(mouse.x);
            drag_.original = copyOf(*it);
            drag_.now = drag_.original;
            selected_event_ = hit.id;
        }
    }
    if (ImGui::IsItemActive()) {
        const std::int64_t at_ms = msOfX(mouse.x);
        switch (drag_.kind) {
            case DragKind::kSeek:
                t.seek(at_ms * 1000);
                break;
            case DragKind::kMove: {
                const std::int64_t by = std::max(at_ms - drag_.grab_ms, -drag_.original.start_ms);
                drag_.now.start_ms = drag_.original.start_ms + by;
                if (drag_.original.stop_ms) drag_.now.stop_ms = *drag_.original.stop_ms + by;
                break;
            }
            case DragKind::kStart:
                drag_.now.start_ms = std::clamp<std::int64_t>(at_ms, 0, *drag_.original.stop_ms);
                break;
            case DragKind::kStop:
                drag_.now.stop_ms = std::max(at_ms, drag_.original.start_ms);
                break;
            case DragKind::kNone:
                break;
        }
    }
    if (ImGui::IsItemDeactivated()) finishDrag();
    ImGui::SetCursorScreenPos(ImVec2(origin.x, origin.y + height + 4.0f));
}

void ReviewScreen::finishDrag() {
    const Drag drag = drag_;
    drag_ = Drag{};
    if (drag.kind == DragKind::kSeek || drag.kind == DragKind::kNone) return;
    if (drag.now.start_ms == drag.original.start_ms && drag.now.stop_ms == drag.original.stop_ms) {
        return;  // a click: the event is selected
    }
    // Moved or resized: the old row goes and the new one is added, as `mimic code remove` and
    // `mimic code add` would do it.
    if (!removeEvent(drag.event_id)) return;
    const auto id = addEvent(drag.now);
    if (!id) {
        addEvent(drag.original);
        reloadEvents();
        return;
    }
    selected_event_ = *id;
    pushUndo({{*id}, {drag.original}});
    notice_ = drag.now.code + " now " + clockText(drag.now.start_ms * 1000) +
              (drag.now.stop_ms ? " to " + clockText(*drag.now.stop_ms * 1000) : std::string());
}

void ReviewScreen::drawSide() {
    ImGui::TextDisabled("Keys to code as it plays");
    if (open_ && open_->scheme.empty()) {
        ImGui::TextWrapped("This behaviour has no codes yet: `mimic code scheme add` adds them.");
    }
    if (open_) {
        for (const store::Code& code : open_->scheme) {
            const bool state = code.record.kind == store::CodeKind::kState;
            bool running = false;
            for (const auto& [state_key, open] : open_states_) {
                running = running || state_key == std::string(coder_) + '\n' + code.record.name;
            }
            ImGui::Text("%s   %s", code.record.key ? code.record.key->c_str() : " ",
                        code.record.name.c_str());
            ImGui::SameLine(150.0f);
            if (running) {
                ImGui::TextUnformatted("running...");
            } else {
                ImGui::TextDisabled("%s", state ? "state" : "point");
            }
            if (ImGui::IsItemHovered()) {
                ImGui::SetTooltip(state ? "A state: its key starts it, the same key stops it"
                                        : "A point: its key marks the moment");
            }
        }
    }
    ImGui::Spacing();
    ImGui::TextDisabled("Coder");
    ImGui::SetNextItemWidth(-1.0f);
    ImGui::InputTextWithHint("##coder", "the coder's name", coder_, sizeof coder_);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Events you code are saved under this name");
    ImGui::Spacing();
    if (!selected_trial_) return;
    ReviewTrialEntry& entry = trials_[*selected_trial_];
    ImGui::TextDisabled("Outcome");
    ImGui::SetNextItemWidth(-1.0f);
    pickWord("##outcome", outcome_index_, kOutcomes, "not scored");
    if (kOutcomes[static_cast<std::size_t>(outcome_index_)] == "prompted" &&
        !entry.prompt_levels.empty()) {
        ImGui::TextDisabled("Prompt level");
        ImGui::SetNextItemWidth(-1.0f);
        pickWord("##prompt", prompt_index_, entry.prompt_levels);
    }
    ImGui::TextDisabled("Notes");
    ImGui::InputTextMultiline("##notes", notes_, sizeof notes_,
                              ImVec2(-1.0f, ImGui::GetTextLineHeight() * 3.5f));
    if (ImGui::Button("Save outcome")) {
        ScoreEdit score;
        score.outcome = kOutcomes[static_cast<std::size_t>(outcome_index_)];
        if (score.outcome == "prompted" && !entry.prompt_levels.empty()) {
            score.prompt_level = entry.prompt_levels[static_cast<std::size_t>(prompt_index_)];
        }
        score.notes = notes_;
        if (Status saved = callbacks_.save_score(entry.trial_id, score); !saved) {
            fail(saved.error().message);
        } else {
            entry.outcome = score.outcome;
            entry.prompt_level = score.prompt_level;
            entry.notes = score.notes;
            message_.clear();
            notice_ = "The outcome of trial " + std::to_string(entry.trial_id) + " is saved.";
        }
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Saves the outcome, prompt level and notes");
}

void ReviewScreen::draw() {
    const ImGuiIO& io = ImGui::GetIO();
    ImGui::SetNextWindowPos(ImVec2(0.0f, 0.0f));
    ImGui::SetNextWindowSize(io.DisplaySize);
    ImGui::Begin("review", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus);
    ImGui::BeginChild("trials", ImVec2(kListWidth, 0.0f), true);
    drawList();
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("review", ImVec2(0.0f, 0.0f), false);
    if (!transport_) {
        problemLine(message_);
        ImGui::TextWrapped("Choose a trial on the left to watch it beside its model.");
        ImGui::EndChild();
        ImGui::End();
        return;
    }
    const float line = ImGui::GetFrameHeightWithSpacing();
    const float avail = ImGui::GetContentRegionAvail().y;
    // The strip's rows: the two files and each coder (the one coding now among them).
    std::set<std::string> coders{std::string(coder_)};
    for (const store::CodedEvent& event : events_)
        coders.insert(event.record.coder);
    const float strip_height = std::min(
        avail * 0.4f, 2.0f * (kFileRow + kRowGap) +
                          static_cast<float>(coders.size()) * (kCoderRow + kRowGap) + 2.0f * line);
    drawPanes(std::max(120.0f, avail - strip_height - 4.0f * line - 40.0f));
    drawTransport();
    ImGui::Spacing();
    ImGui::BeginChild("strip", ImVec2(-kSideWidth, 0.0f), false);
    drawStrip();
    ImGui::Spacing();
    if (!message_.empty()) {
        problemLine(message_);
    } else if (!notice_.empty()) {
        ImGui::TextUnformatted(notice_.c_str());
    } else {
        ImGui::TextDisabled("Space plays; arrows step; [ ] loop; Ctrl+Z undoes; Esc closes");
    }
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("side", ImVec2(0.0f, 0.0f), true);
    drawSide();
    ImGui::EndChild();
    ImGui::EndChild();
    ImGui::End();
}

}  // namespace

Result<ReviewWindowReport> runReviewWindow(const ReviewCallbacks& callbacks,
                                           const ReviewWindowOptions& options) {
    Result<GlWindow> opened = GlWindow::open(options.title, options.width, options.height);
    if (!opened) return opened.error();
    GlWindow window = std::move(opened).value();
    // The screen's players and pictures go before the GL context (declared after the window).
    ReviewScreen screen(callbacks, options);
    if (Status loaded = screen.loadTrials(); !loaded) return loaded.error();
    ReviewWindowReport report;
    std::optional<std::int64_t> to_open = options.open_trial;
    bool open_pending = to_open.has_value();
    bool running = true;
    int frames_to_draw = kFramesAfterEvent;
    while (running) {
        int wait_ms = screen.millisecondsUntilDue();
        if (wait_ms < 0) wait_ms = kIdleWaitMs;
        if (frames_to_draw > 0 || open_pending) wait_ms = 0;
        SDL_Event event;
        bool have_event = nextEvent(event, wait_ms);
        while (have_event) {
            window.processEvent(event);
            frames_to_draw = kFramesAfterEvent;
            if (isCloseRequest(event)) running = false;
            const bool typing = ImGui::GetIO().WantTextInput;
            if (event.type == SDL_KEYDOWN && !typing && event.key.repeat == 0) {
                if (event.key.keysym.sym == SDLK_ESCAPE) {
                    running = false;
                } else if (screen.key(event.key) && options.trace_keys) {
                    std::printf("%s %s\n", SDL_GetKeyName(event.key.keysym.sym),
                                screen.traceLine().c_str());
                    std::fflush(stdout);
                }
            }
            if (event.type == SDL_TEXTINPUT && !typing) {
                if (screen.text(event.text.text) && options.trace_keys) {
                    std::printf("%s %s\n", event.text.text, screen.traceLine().c_str());
                    std::fflush(stdout);
                }
            }
            if (event.type == SDL_KEYDOWN) break;  // as the library window (ImGui key state)
            have_event = SDL_PollEvent(&event) != 0;
        }
        if (open_pending && report.frames_drawn > 0) {
            // Opened after the first frame (fonts and shaders are ready), so it starts on time.
            open_pending = false;
            screen.openTrial(*to_open);
            if (options.play_at_once && screen.hasTrial()) {
                // Its first pictures first, then play.
                for (int i = 0; i < 200 && screen.transport()->practiceShown() == std::nullopt &&
                                screen.transport()->hasPractice();
                     ++i) {
                    screen.update();
                    SDL_Delay(5);
                }
                screen.transport()->play();
            }
            frames_to_draw = std::max(frames_to_draw, 1);
        }
        if (screen.update()) frames_to_draw = std::max(frames_to_draw, 1);
        if (frames_to_draw > 0) {
            --frames_to_draw;
            window.beginFrame();
            screen.draw();
            window.endFrame(nullptr);
            ++report.frames_drawn;
        }
    }
    screen.finishOpenStates();
    report.coder = screen.coder();
    report.events_added = screen.eventsAdded();
    report.message = screen.message();
    return report;
}

}  // namespace mimic::ui
