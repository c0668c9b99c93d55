#include "ui/progress_graph.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "ui/clinical_forms.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace mimic::ui {

namespace {

// Room around the plot for the phase names (top) and the dates (bottom), at the window's font
// size; on the left, the widest axis label's width (measured when drawing).
constexpr float kLabelGap = 6.0f;  // between an axis label and the plot
constexpr float kTopMargin = 22.0f;
constexpr float kBottomMargin = 22.0f;
constexpr float kRightMargin = 12.0f;
constexpr float kPointRadius = 5.0f;
// A click this close to a point selects it: a finger's width on a touch screen, a forgiving
// target with a mouse.
constexpr float kHitRadius = 12.0f;
constexpr float kDash = 6.0f;

constexpr Colour kGridLine{0.855f, 0.851f, 0.835f};
constexpr Colour kDataLine{0.278f, 0.447f, 0.573f};  // slate blue
constexpr Colour kGoalLine{0.435f, 0.600f, 0.369f};  // green: where mastery is
constexpr Colour kSelected{0.659f, 0.357f, 0.263f};

void dashedLine(ImDrawList* list, ImVec2 from, ImVec2 to, ImU32 colour, float thickness) {
    const float dx = to.x - from.x;
    const float dy = to.y - from.y;
    const float length = std::sqrt(dx * dx + dy * dy);
    if (length <= 0.0f) return;
    for (float at = 0.0f; at < length; at += 2.0f * kDash) {
        const float end = std::min(at + kDash, length);
        list->AddLine(ImVec2(from.x + dx * at / length, from.y + dy * at / length),
                      ImVec2(from.x + dx * end / length, from.y + dy * end / length), colour,
                      thickness);
    }
}

std::string phaseWord(store::ProgramPhase phase) {
    const std::string_view name = store::programPhaseName(phase);
    return name.empty() ? std::string("before a phase") : std::string(name);
}

std::string trialLine(const SessionTrialEntry& trial) {
    std::string line = "Trial " + std::to_string(trial.trial_id) + ": " +
                       wordForPeople(trial.outcome, "not scored");
    if (trial.prompt_level) line += " (" + *trial.prompt_level + ")";
    if (!trial.has_recording) line += ", no recording";
    if (trial.second_observer) line += ", second observer " + *trial.second_observer;
    return line;
}

}  // namespace

GraphPoint graphPoint(const GraphRect& plot, std::size_t index, std::size_t count,
                      double accuracy_pct) {
    const float width = plot.right - plot.left;
    const float column = count == 0 ? width : width / static_cast<float>(count);
    const float share = static_cast<float>(std::clamp(accuracy_pct, 0.0, 100.0) / 100.0);
    return {plot.left + column * (static_cast<float>(index) + 0.5f),
            plot.bottom - share * (plot.bottom - plot.top)};
}

float phaseLineX(const GraphRect& plot, std::size_t before_point, std::size_t count) {
    if (count == 0) return plot.left;
    return plot.left +
           (plot.right - plot.left) * static_cast<float>(before_point) / static_cast<float>(count);
}

float goalY(const GraphRect& plot, int goal_pct) {
    return graphPoint(plot, 0, 1, goal_pct).y;
}

std::optional<std::size_t> pointAt(const GraphRect& plot, const review::ProgressSeries& series,
                                   float x, float y, float radius) {
    std::optional<std::size_t> nearest;
    float best = radius * radius;
    const std::size_t count = series.points.size();
    for (std::size_t i = 0; i < count; ++i) {
        const auto& accuracy = series.points[i].accuracy_pct;
        if (!accuracy) continue;
        const GraphPoint p = graphPoint(plot, i, count, *accuracy);
        const float d = (p.x - x) * (p.x - x) + (p.y - y) * (p.y - y);
        if (d <= best) {
            best = d;
            nearest = i;
        }
    }
    return nearest;
}

void ProgressGraph::setData(ProgressGraphData data) {
    std::optional<std::int64_t> session;
    if (selected_ && *selected_ < data_.series.points.size())
        session = data_.series.points[*selected_].session_id;
    data_ = std::move(data);
    data_.trials.resize(data_.series.points.size());
    selected_.reset();
    for (std::size_t i = 0; session && i < data_.series.points.size(); ++i) {
        if (data_.series.points[i].session_id == *session) selected_ = i;
    }
}

bool ProgressGraph::selectPoint(std::size_t index) {
    if (index >= data_.series.points.size()) return false;
    selected_ = index;
    return true;
}

const std::vector<SessionTrialEntry>& ProgressGraph::selectedTrials() const {
    static const std::vector<SessionTrialEntry> kNone;
    if (!selected_ || *selected_ >= data_.trials.size()) return kNone;
    return data_.trials[*selected_];
}

bool ProgressGraph::openTrial(std::int64_t trial_id) {
    if (!open_trial_) return false;
    const auto& trials = selectedTrials();
    const bool listed = std::any_of(trials.begin(), trials.end(), [&](const SessionTrialEntry& t) {
        return t.trial_id == trial_id;
    });
    if (!listed) return false;
    open_trial_(trial_id);
    return true;
}

void ProgressGraph::draw(float height) {
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float width = std::max(ImGui::GetContentRegionAvail().x, 200.0f);
    ImGui::InvisibleButton("##progress-plot", ImVec2(width, height));
    const GraphRect frame{origin.x, origin.y, origin.x + width, origin.y + height};
    const float left_margin = ImGui::CalcTextSize("100 %").x + 2.0f * kLabelGap;
    plot_ = {frame.left + left_margin, frame.top + kTopMargin, frame.right - kRightMargin,
             frame.bottom - kBottomMargin};
    if (ImGui::IsItemClicked(ImGuiMouseButton_Left)) {
        const ImVec2 mouse = ImGui::GetIO().MousePos;
        if (auto hit = pointAt(plot_, data_.series, mouse.x, mouse.y, kHitRadius)) {
            selectPoint(*hit);
        }
    }
    drawPlot(frame);
    drawTrials();
}

void ProgressGraph::drawPlot(const GraphRect& frame) {
    ImDrawList* list = ImGui::GetWindowDrawList();
    const review::ProgressSeries& series = data_.series;
    const std::size_t count = series.points.size();
    const ImU32 text = toImU32(kText);
    const ImU32 quiet = toImU32(kQuietText);
    list->AddRectFilled(ImVec2(frame.left, frame.top), ImVec2(frame.right, frame.bottom),
                        toImU32(kPanel));
    for (int pct : {0, 50, 100}) {
        const float y = goalY(plot_, pct);
        list->AddLine(ImVec2(plot_.left, y), ImVec2(plot_.right, y), toImU32(kGridLine));
        char label[8];
        std::snprintf(label, sizeof label, "%d %%", pct);
        const float w = ImGui::CalcTextSize(label).x;
        list->AddText(ImVec2(plot_.left - w - kLabelGap, y - ImGui::GetTextLineHeight() / 2), quiet,
                      label);
    }
    if (count == 0) {
        list->AddText(ImVec2(plot_.left + 8.0f, plot_.top + 8.0f), quiet,
                      "No sessions of this program yet.");
        return;
    }
    if (series.goal_pct) {
        const float y = goalY(plot_, *series.goal_pct);
        dashedLine(list, ImVec2(plot_.left, y), ImVec2(plot_.right, y), toImU32(kGoalLine), 2.0f);
        const std::string goal = "goal " + std::to_string(*series.goal_pct) + " %";
        const float w = ImGui::CalcTextSize(goal.c_str()).x;
        list->AddText(ImVec2(plot_.right - w - 4.0f, y - ImGui::GetTextLineHeight() - 2.0f),
                      toImU32(kGoalLine), goal.c_str());
    }
    // Phases: a line at each change and the phase's name over its first column.
    std::vector<std::size_t> phase_starts{0};
    for (const review::PhaseLine& line : series.phase_lines) {
        const float x = phaseLineX(plot_, line.before_point, count);
        list->AddLine(ImVec2(x, plot_.top - kTopMargin + 4.0f), ImVec2(x, plot_.bottom), text,
                      1.5f);
        if (line.before_point < count) phase_starts.push_back(line.before_point);
    }
    for (std::size_t start : phase_starts) {
        const std::string name = phaseWord(series.points[start].phase);
        list->AddText(ImVec2(phaseLineX(plot_, start, count) + 4.0f, frame.top + 3.0f), quiet,
                      name.c_str());
    }
    // Points, joined only within a phase (a phase line breaks the path).
    auto breaks_before = [&](std::size_t i) {
        return std::any_of(series.phase_lines.begin(), series.phase_lines.end(),
                           [&](const review::PhaseLine& l) { return l.before_point == i; });
    };
    std::optional<GraphPoint> previous;
    for (std::size_t i = 0; i < count; ++i) {
        const auto& accuracy = series.points[i].accuracy_pct;
        if (breaks_before(i)) previous.reset();
        if (!accuracy) continue;
        const GraphPoint p = graphPoint(plot_, i, count, *accuracy);
        if (previous) {
            list->AddLine(ImVec2(previous->x, previous->y), ImVec2(p.x, p.y), toImU32(kDataLine),
                          2.0f);
        }
        previous = p;
    }
    for (std::size_t i = 0; i < count; ++i) {
        const auto& accuracy = series.points[i].accuracy_pct;
        if (!accuracy) continue;
        const GraphPoint p = graphPoint(plot_, i, count, *accuracy);
        const bool chosen = selected_ == i;
        list->AddCircleFilled(ImVec2(p.x, p.y), chosen ? kPointRadius + 2.0f : kPointRadius,
                              toImU32(chosen ? kSelected : kDataLine));
    }
    // The first and last session's dates under the axis.
    const float date_y = plot_.bottom + 4.0f;
    const std::string first = dayOf(series.points.front().started_at);
    list->AddText(ImVec2(plot_.left, date_y), quiet, first.c_str());
    if (count > 1) {
        const std::string last = dayOf(series.points.back().started_at);
        const float w = ImGui::CalcTextSize(last.c_str()).x;
        list->AddText(ImVec2(plot_.right - w, date_y), quiet, last.c_str());
    }
}

void ProgressGraph::drawTrials() {
    if (!selected_ || *selected_ >= data_.series.points.size()) {
        if (!data_.series.points.empty()) ImGui::TextDisabled("Click a point to see its trials.");
        return;
    }
    const review::SessionPoint& point = data_.series.points[*selected_];
    char accuracy[32] = "no scored trials";
    if (point.accuracy_pct)
        std::snprintf(accuracy, sizeof accuracy, "%.1f %% independent", *point.accuracy_pct);
    ImGui::Text("Session of %s (%s): %s", dayOf(point.started_at).c_str(),
                phaseWord(point.phase).c_str(), accuracy);
    ImGui::Indent();
    for (const SessionTrialEntry& trial : selectedTrials()) {
        ImGui::PushID(static_cast<int>(trial.trial_id));
        const std::string line = trialLine(trial);
        if (open_trial_ && trial.has_recording) {
            if (ImGui::Selectable(line.c_str())) openTrial(trial.trial_id);
        } else {
            ImGui::TextUnformatted(line.c_str());
        }
        ImGui::PopID();
    }
    ImGui::Unindent();
}

}  // namespace mimic::ui
