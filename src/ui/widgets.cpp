#include "ui/widgets.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "ui/theme.h"

namespace mimic::ui {

render::Size pixelSize(const Rect& rect) {
    const ImVec2 scale = ImGui::GetIO().DisplayFramebufferScale;
    return {static_cast<int>(std::lround(rect.width * scale.x)),
            static_cast<int>(std::lround(rect.height * scale.y))};
}

void drawTexture(unsigned int texture, const Rect& at) {
    ImGui::GetWindowDrawList()->AddImage(
        reinterpret_cast<void*>(static_cast<std::uintptr_t>(texture)), ImVec2(at.x, at.y),
        ImVec2(at.x + at.width, at.y + at.height), ImVec2(0.0f, 1.0f), ImVec2(1.0f, 0.0f));
}

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
        draw->AddText(ImVec2(text_at.x, text_at.y + line), toImU32(kQuietText), quiet.data(),
                      quiet.data() + quiet.size());
    }
    if (!right.empty()) {
        const float width = ImGui::CalcTextSize(right.data(), right.data() + right.size()).x;
        draw->AddText(ImVec2(max.x - pad.x - width, text_at.y), toImU32(kQuietText), right.data(),
                      right.data() + right.size());
    }
    return clicked;
}

std::string wordForPeople(const std::string& word, const char* empty_as) {
    if (word.empty()) return empty_as;
    std::string text = word;
    std::replace(text.begin(), text.end(), '-', ' ');
    return text;
}

bool pickWord(const char* id, int& index, const std::vector<std::string>& words,
              const char* empty_as) {
    const bool valid = index >= 0 && static_cast<std::size_t>(index) < words.size();
    const std::string shown =
        valid ? wordForPeople(words[static_cast<std::size_t>(index)], empty_as) : "";
    bool changed = false;
    if (ImGui::BeginCombo(id, shown.c_str())) {
        for (std::size_t i = 0; i < words.size(); ++i) {
            const bool chosen = static_cast<int>(i) == index;
            if (ImGui::Selectable(wordForPeople(words[i], empty_as).c_str(), chosen)) {
                index = static_cast<int>(i);
                changed = true;
            }
        }
        ImGui::EndCombo();
    }
    return changed;
}

void problemLine(const std::string& line) {
    if (line.empty()) return;
    // Messages are written to be quoted mid-sentence; on their own line they start a sentence.
    std::string shown = line;
    if (shown[0] >= 'a' && shown[0] <= 'z') shown[0] = static_cast<char>(shown[0] - 'a' + 'A');
    ImGui::PushStyleColor(ImGuiCol_Text, toImVec4(kProblemText));
    ImGui::TextWrapped("%s", shown.c_str());
    ImGui::PopStyleColor();
}

void quietText(const std::string& text) {
    ImGui::PushStyleColor(ImGuiCol_Text, toImVec4(kQuietText));
    ImGui::PushTextWrapPos(ImGui::GetContentRegionMax().x);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
}

void sectionHeading(const std::string& text) {
    ImGui::Spacing();
    ImGui::TextDisabled("%s", text.c_str());
}

}  // namespace mimic::ui
