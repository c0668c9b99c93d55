// The step strip and step list of CurationPanel (library_curation.h): marking, dragging,
// ordering and deleting the video-prompting steps of the clip that plays.
#include <SDL.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

#include <imgui.h>

#include "ui/clip_player.h"
#include "ui/library_curation.h"
#include "ui/library_window.h"
#include "ui/review_screen.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace mimic::ui {
namespace {

// The review strip's colours: a step reads like a coded state there.
using review_screen::kCoderColours;
using review_screen::kLoopShade;
using review_screen::kTrack;

constexpr float kStripHeight = 34.0f;
// How near (px) to a step's edge a press takes the edge rather than seeking.
constexpr float kEdgeGrabPx = 6.0f;
constexpr Colour kMarkColour{0.25f, 0.60f, 0.35f};
// Lines of the editor's tabs below the strip.
constexpr float kEditorLines = 6.5f;

std::string seconds(std::int64_t ms) {
    char text[32];
    std::snprintf(text, sizeof(text), "%.3f s", static_cast<double>(ms) / 1000.0);
    return text;
}

// The behaviour a clip's new steps are of: the one it is listed under, else its first tag.
std::string stepBehaviour(const ClipEntry& clip, const BehaviourEntry* behaviour) {
    if (behaviour != nullptr && !behaviour->untagged &&
        std::find(clip.behaviours.begin(), clip.behaviours.end(), behaviour->name) !=
            clip.behaviours.end()) {
        return behaviour->name;
    }
    return clip.behaviours.empty() ? std::string() : clip.behaviours.front();
}

}  // namespace

float CurationPanel::editorHeight() const {
    return kStripHeight + ImGui::GetFrameHeightWithSpacing() * kEditorLines;
}

void CurationPanel::loadSteps(std::int64_t clip_id) {
    steps_clip_id_ = clip_id;
    steps_.clear();
    step_labels_.clear();
    if (!callbacks_.load_steps) return;
    auto steps = callbacks_.load_steps(clip_id);
    if (!steps) {
        message_ = steps.error().message;
        return;
    }
    steps_ = std::move(*steps);
    for (const review::StepSegment& s : steps_)
        step_labels_.push_back(s.label);
}

const review::FrameTimes& CurationPanel::frameTimes(const ClipEntry& clip) {
    if (frames_of_ != clip.path && callbacks_.frame_times) {
        frames_of_ = clip.path;
        auto times = callbacks_.frame_times(clip.path);
        frames_ = times ? review::FrameTimes(std::move(*times)) : review::FrameTimes{};
        if (!times) message_ = times.error().message;
    }
    return frames_;
}

bool CurationPanel::saveSteps(const ClipEntry& clip, const BehaviourEntry* behaviour,
                              const std::vector<review::StepSegment>& steps,
                              const std::string& done) {
    const std::string name = stepBehaviour(clip, behaviour);
    if (name.empty()) {
        message_ = "tag the clip with a behaviour first: a step is a step of a behaviour";
        return false;
    }
    return changed(callbacks_.save_steps(clip.id, name, steps), done);
}

void CurationPanel::saveMarkedStep(const ClipEntry& clip, const BehaviourEntry* behaviour) {
    if (!mark_in_us_ || !mark_out_us_) {
        message_ = "mark the step's first picture with I and its last with O first";
        return;
    }
    review::StepSegment step;
    step.in_ms = review::storedMsOfFrame(*mark_in_us_);
    step.out_ms = review::storedMsOfFrame(*mark_out_us_);
    step.step = review::nextStepNumber(steps_);
    if (Status ok = review::checkStep(steps_, step, clip.duration_us / 1000); !ok) {
        message_ = ok.error().message;
        return;
    }
    if (saveSteps(clip, behaviour, {step},
                  "Step " + std::to_string(step.step) + " kept: " + seconds(step.in_ms) + " to " +
                      seconds(step.out_ms) + ".")) {
        mark_in_us_.reset();
        mark_out_us_.reset();
    }
}

void CurationPanel::drawEditor(const ClipEntry* clip, const BehaviourEntry* behaviour,
                               ClipPlayer& player) {
    if (clip == nullptr) {
        ImGui::Dummy(ImVec2(0.0f, kStripHeight));
        if (ImGui::BeginTabBar("curation without a clip")) {
            if (ImGui::BeginTabItem("Behaviour")) {
                if (behaviour != nullptr && form_behaviour_ != behaviour->name) {
                    form_behaviour_ = behaviour->name;
                    std::snprintf(domain_, sizeof(domain_), "%s", behaviour->domain.c_str());
                    std::snprintf(definition_, sizeof(definition_), "%s",
                                  behaviour->definition.c_str());
                }
                drawBehaviourForm(behaviour);
                ImGui::EndTabItem();
            }
            ImGui::EndTabBar();
        }
        return;
    }
    if (steps_clip_id_ != clip->id) {
        loadSteps(clip->id);
        mark_in_us_.reset();
        mark_out_us_.reset();
        drag_.reset();
        selected_step_ = 0;
    }
    fillForms(*clip, behaviour);
    drawStrip(*clip, player);
    if (ImGui::BeginTabBar("curation")) {
        if (ImGui::BeginTabItem("Steps")) {
            drawStepList(*clip, behaviour, player);
            ImGui::EndTabItem();
        }
        if (ImGui::BeginTabItem("Clip")) {
            drawClipForm(*clip);
            ImGui::EndTabItem();
        }
        if (ImGui::BeginTabItem("Behaviour")) {
            drawBehaviourForm(behaviour);
            ImGui::EndTabItem();
        }
        ImGui::EndTabBar();
    }
}

void CurationPanel::drawStrip(const ClipEntry& clip, ClipPlayer& player) {
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float width = ImGui::GetContentRegionAvail().x;
    const float x0 = origin.x + 4.0f;
    const float track = std::max(10.0f, width - 8.0f);
    const std::int64_t span_us = std::max<std::int64_t>(1, clip.duration_us);
    const auto xOf = [&](std::int64_t t_us) {
        return x0 + static_cast<float>(std::clamp(
                        static_cast<double>(t_us) / static_cast<double>(span_us), 0.0, 1.0)) *
                        track;
    };
    const auto timeOf = [&](float x) {
        const double fraction = std::clamp((x - x0) / track, 0.0f, 1.0f);
        return static_cast<std::int64_t>(fraction * static_cast<double>(span_us));
    };
    ImGui::InvisibleButton("##steps-strip", ImVec2(width, kStripHeight));
    const bool pressed = ImGui::IsItemActivated();
    const bool held = ImGui::IsItemActive();
    const bool released = ImGui::IsItemDeactivated();
    const float mouse_x = ImGui::GetIO().MousePos.x;

    if (pressed) {
        drag_.reset();
        for (const review::StepSegment& s : steps_) {
            for (const bool in_edge : {true, false}) {
                const std::int64_t edge_us = (in_edge ? s.in_ms : s.out_ms) * 1000;
                if (std::fabs(xOf(edge_us) - mouse_x) <= kEdgeGrabPx) {
                    drag_ = Drag{s.id, in_edge, edge_us};
                    selected_step_ = s.id;
                }
            }
        }
        if (!drag_) {
            // A press elsewhere shows the picture there.
            const std::int64_t t = timeOf(mouse_x);
            player.seekPaused(review::nearestFrame(frameTimes(clip), t).value_or(t));
        }
    }
    // The release's own place counts too: the last move may come with it.
    if ((held || released) && drag_) {
        const std::int64_t t = timeOf(mouse_x);
        drag_->now_us = review::nearestFrame(frameTimes(clip), t).value_or(t);
    }
    if (released && drag_) {
        const auto found = std::find_if(steps_.begin(), steps_.end(),
                                        [&](const auto& s) { return s.id == drag_->step_id; });
        if (found != steps_.end()) {
            review::StepSegment moved = *found;
            (drag_->in_edge ? moved.in_ms : moved.out_ms) = review::storedMsOfFrame(drag_->now_us);
            if (Status ok = review::checkStep(steps_, moved, clip.duration_us / 1000); !ok) {
                message_ = ok.error().message;
            } else {
                saveSteps(clip, nullptr, {moved},
                          "Step " + std::to_string(moved.step) + " now " + seconds(moved.in_ms) +
                              " to " + seconds(moved.out_ms) + ".");
            }
            player.seekPaused(drag_->now_us);
        }
        drag_.reset();
    }

    ImDrawList* draw = ImGui::GetWindowDrawList();
    const float top = origin.y + 4.0f;
    const float bottom = origin.y + kStripHeight - 4.0f;
    draw->AddRectFilled(ImVec2(x0, top), ImVec2(x0 + track, bottom), toImU32(kTrack), 3.0f);
    if (mark_in_us_ && mark_out_us_) {
        draw->AddRectFilled(ImVec2(xOf(*mark_in_us_), top), ImVec2(xOf(*mark_out_us_), bottom),
                            toImU32(kLoopShade));
    }
    for (std::size_t i = 0; i < steps_.size(); ++i) {
        review::StepSegment s = steps_[i];
        if (drag_ && drag_->step_id == s.id) {
            (drag_->in_edge ? s.in_ms : s.out_ms) = review::storedMsOfFrame(drag_->now_us);
        }
        const Colour colour = kCoderColours[i % kCoderColours.size()];
        const float from = xOf(s.in_ms * 1000);
        const float to = std::max(xOf(s.out_ms * 1000), from + 2.0f);
        const bool selected = s.id == selected_step_;
        draw->AddRectFilled(ImVec2(from, top + 3.0f), ImVec2(to, bottom - 3.0f), toImU32(colour),
                            3.0f);
        if (selected) {
            draw->AddRect(ImVec2(from, top + 1.0f), ImVec2(to, bottom - 1.0f), toImU32(kText), 3.0f,
                          0, 2.0f);
        }
        const std::string number = std::to_string(s.step);
        if (to - from > ImGui::CalcTextSize(number.c_str()).x + 6.0f) {
            draw->AddText(ImVec2(from + 4.0f, top + 4.0f), toImU32(kText), number.c_str());
        }
    }
    for (const auto& mark : {mark_in_us_, mark_out_us_}) {
        if (!mark) continue;
        const float x = xOf(*mark);
        draw->AddLine(ImVec2(x, origin.y), ImVec2(x, origin.y + kStripHeight), toImU32(kMarkColour),
                      3.0f);
    }
    if (const std::optional<std::int64_t> shown = player.shownPts_us()) {
        const float x = xOf(*shown);
        draw->AddTriangleFilled(ImVec2(x - 5.0f, origin.y), ImVec2(x + 5.0f, origin.y),
                                ImVec2(x, origin.y + 7.0f), toImU32(kText));
        draw->AddLine(ImVec2(x, origin.y), ImVec2(x, origin.y + kStripHeight), toImU32(kText),
                      1.5f);
    }
}

void CurationPanel::drawStepList(const ClipEntry& clip, const BehaviourEntry* behaviour,
                                 ClipPlayer& player) {
    const std::string in = mark_in_us_ ? seconds(review::storedMsOfFrame(*mark_in_us_)) : "-";
    const std::string out = mark_out_us_ ? seconds(review::storedMsOfFrame(*mark_out_us_)) : "-";
    const std::optional<std::int64_t> shown = player.shownPts_us();
    const std::string picture = shown ? seconds(review::storedMsOfFrame(*shown)) : "-";
    ImGui::Text("Picture %s   In %s   Out %s", picture.c_str(), in.c_str(), out.c_str());
    ImGui::SameLine();
    const std::string keep = "Keep as step " + std::to_string(review::nextStepNumber(steps_));
    if (ImGui::SmallButton(keep.c_str())) saveMarkedStep(clip, behaviour);
    quietText(
        "I marks in and O out at the picture shown, Enter keeps the step, the arrows "
        "step a picture, Home goes to the first.");
    if (steps_.empty()) quietText("No steps yet: a video-prompting clip is shown step by step.");
    ImGui::BeginChild("step rows", ImVec2(0.0f, 0.0f), false);
    for (std::size_t i = 0; i < steps_.size(); ++i) {
        const review::StepSegment s = steps_[i];
        ImGui::PushID(static_cast<int>(s.id));
        const bool selected = s.id == selected_step_;
        const std::string name = "Step " + std::to_string(s.step);
        if (ImGui::Selectable(name.c_str(), selected, 0, ImVec2(60.0f, 0.0f))) {
            selected_step_ = s.id;
            player.seekPaused(
                review::frameOfStoredMs(frameTimes(clip), s.in_ms).value_or(s.in_ms * 1000));
        }
        ImGui::SameLine();
        ImGui::Text("%s to %s", seconds(s.in_ms).c_str(), seconds(s.out_ms).c_str());
        ImGui::SameLine();
        std::array<char, 128> label{};
        std::snprintf(label.data(), label.size(), "%s", step_labels_[i].c_str());
        // Room on the right for the two arrows and Delete.
        const ImGuiStyle& style = ImGui::GetStyle();
        const float buttons = 2.0f * ImGui::GetFrameHeight() + ImGui::CalcTextSize("Delete").x +
                              2.0f * style.FramePadding.x + 3.0f * style.ItemSpacing.x + 4.0f;
        ImGui::SetNextItemWidth(std::max(80.0f, ImGui::GetContentRegionAvail().x - buttons));
        if (ImGui::InputTextWithHint("##label", "label", label.data(), label.size())) {
            step_labels_[i] = label.data();
        }
        if (ImGui::IsItemDeactivatedAfterEdit() && step_labels_[i] != s.label) {
            review::StepSegment relabelled = s;
            relabelled.label = step_labels_[i];
            saveSteps(clip, behaviour, {relabelled}, name + " relabelled.");
        }
        ImGui::SameLine();
        if (ImGui::ArrowButton("##earlier", ImGuiDir_Up)) {
            saveSteps(clip, behaviour, review::movedStep(steps_, s.id, -1),
                      name + " moved earlier.");
        }
        ImGui::SameLine();
        if (ImGui::ArrowButton("##later", ImGuiDir_Down)) {
            saveSteps(clip, behaviour, review::movedStep(steps_, s.id, +1), name + " moved later.");
        }
        ImGui::SameLine();
        if (ImGui::SmallButton("Delete")) {
            changed(callbacks_.delete_step(s.id), name + " deleted.");
        }
        ImGui::PopID();
        if (steps_.size() != step_labels_.size()) break;  // read again by a change
    }
    ImGui::EndChild();
}

bool CurationPanel::onKey(int key, bool ctrl, const ClipEntry* clip,
                          const BehaviourEntry* behaviour, ClipPlayer& player) {
    if (ctrl && key == SDLK_z) {
        undo();
        return true;
    }
    if (ctrl || clip == nullptr) return false;
    switch (key) {
        case SDLK_i:
            mark_in_us_ = player.shownPts_us();
            return true;
        case SDLK_o:
            mark_out_us_ = player.shownPts_us();
            return true;
        case SDLK_RETURN:
        case SDLK_KP_ENTER:
            saveMarkedStep(*clip, behaviour);
            return true;
        case SDLK_LEFT:
        case SDLK_RIGHT:
            player.stepFrame(key == SDLK_RIGHT);
            return true;
        case SDLK_HOME:
            player.seekPaused(0);
            return true;
        case SDLK_DELETE:
            if (selected_step_ != 0) {
                changed(callbacks_.delete_step(selected_step_), "Step deleted.");
                selected_step_ = 0;
            }
            return true;
        default:
            return false;
    }
}

}  // namespace mimic::ui
