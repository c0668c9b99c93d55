#include "ui/ioa_view.h"

#include <imgui.h>

#include <cstdio>

#include "ui/clinical_forms.h"
#include "ui/theme.h"

namespace mimic::ui {

std::string ioaPhaseLine(const review::PhaseIoa& phase, int goal_pct) {
    const std::string_view name = store::programPhaseName(phase.phase);
    char line[160];
    std::snprintf(line, sizeof line, "%s: %d of %d session%s (%.1f %%), goal %d %%",
                  name.empty() ? "before a phase" : std::string(name).c_str(), phase.observed,
                  phase.sessions, phase.sessions == 1 ? "" : "s", phase.percent, goal_pct);
    std::string text = line;
    if (phase.done < phase.observed)
        text += ", " + std::to_string(phase.observed - phase.done) + " still coding";
    if (phase.met) return text + ": met";
    text += ": " + std::to_string(phase.needed) + " more";
    if (phase.picks.size() < static_cast<std::size_t>(phase.needed))
        text += " (" + std::to_string(phase.picks.size()) + " recorded to pick from)";
    return text;
}

std::string ioaPickLine(const review::IoaPick& pick) {
    return "pick trial " + std::to_string(pick.trial_id) + " (session of " +
           dayOf(pick.session_started_at) + ")";
}

void IoaView::draw() const {
    if (programs_.empty()) {
        ImGui::TextDisabled("No programs yet.");
        return;
    }
    for (const review::ProgramIoa& program : programs_) {
        ImGui::PushID(program.behaviour.c_str());
        ImGui::TextUnformatted(program.behaviour.c_str());
        ImGui::Indent();
        if (program.phases.empty()) ImGui::TextDisabled("No sessions yet.");
        for (const review::PhaseIoa& phase : program.phases) {
            ImGui::PushStyleColor(ImGuiCol_Text, toImVec4(phase.met ? kQuietText : kText));
            ImGui::TextWrapped("%s", ioaPhaseLine(phase, review::kIoaGoalPct).c_str());
            ImGui::PopStyleColor();
            ImGui::Indent();
            for (const review::IoaPick& pick : phase.picks) {
                ImGui::PushID(static_cast<int>(pick.trial_id));
                const std::string line = ioaPickLine(pick);
                if (open_trial_) {
                    if (ImGui::Selectable(line.c_str())) open_trial_(pick.trial_id);
                } else {
                    ImGui::TextUnformatted(line.c_str());
                }
                ImGui::PopID();
            }
            ImGui::Unindent();
        }
        ImGui::Unindent();
        ImGui::PopID();
    }
}

}  // namespace mimic::ui
