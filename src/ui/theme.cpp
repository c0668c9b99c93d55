#include "ui/theme.h"

#include <imgui.h>

namespace mimic::ui {

ImVec4 toImVec4(const Colour& colour) {
    return ImVec4(colour.r, colour.g, colour.b, colour.a);
}

unsigned int toImU32(const Colour& colour) {
    return ImGui::ColorConvertFloat4ToU32(toImVec4(colour));
}

void applyCalmTheme(ImGuiStyle& style) {
    ImGui::StyleColorsLight(&style);
    style.WindowPadding = ImVec2(20.0f, 20.0f);
    style.FramePadding = ImVec2(12.0f, 8.0f);
    style.ItemSpacing = ImVec2(12.0f, 10.0f);
    style.ScrollbarSize = 16.0f;
    style.WindowRounding = 0.0f;
    style.ChildRounding = 10.0f;
    style.FrameRounding = 8.0f;
    style.ScrollbarRounding = 8.0f;
    style.GrabRounding = 8.0f;
    style.WindowBorderSize = 0.0f;
    style.ChildBorderSize = 1.0f;

    ImVec4* colours = style.Colors;
    colours[ImGuiCol_Text] = toImVec4(kText);
    colours[ImGuiCol_TextDisabled] = toImVec4(kQuietText);
    colours[ImGuiCol_WindowBg] = toImVec4(kCalmBackground);
    colours[ImGuiCol_ChildBg] = toImVec4(kPanel);
    colours[ImGuiCol_Border] = ImVec4(0.851f, 0.831f, 0.792f, 1.0f);
    colours[ImGuiCol_Separator] = ImVec4(0.851f, 0.831f, 0.792f, 1.0f);
    colours[ImGuiCol_Header] = toImVec4(kAccent);
    colours[ImGuiCol_HeaderHovered] = toImVec4(kAccentSoft);
    colours[ImGuiCol_HeaderActive] = toImVec4(kAccent);
    colours[ImGuiCol_Button] = toImVec4(kAccentSoft);
    colours[ImGuiCol_ButtonHovered] = toImVec4(kAccent);
    colours[ImGuiCol_ButtonActive] = toImVec4(kAccent);
    colours[ImGuiCol_ScrollbarBg] = toImVec4(kPanel);
    colours[ImGuiCol_ScrollbarGrab] = ImVec4(0.820f, 0.808f, 0.780f, 1.0f);
    colours[ImGuiCol_ScrollbarGrabHovered] = ImVec4(0.760f, 0.749f, 0.722f, 1.0f);
    colours[ImGuiCol_ScrollbarGrabActive] = ImVec4(0.700f, 0.690f, 0.667f, 1.0f);
    colours[ImGuiCol_NavHighlight] = toImVec4(kAccent);
    // Tabs and form fields in the same quiet tones (ImGui's light style makes them blue).
    colours[ImGuiCol_Tab] = ImVec4(0.902f, 0.886f, 0.851f, 1.0f);
    colours[ImGuiCol_TabHovered] = toImVec4(kAccentSoft);
    colours[ImGuiCol_TabActive] = toImVec4(kAccent);
    colours[ImGuiCol_TabUnfocused] = colours[ImGuiCol_Tab];
    colours[ImGuiCol_TabUnfocusedActive] = toImVec4(kAccent);
    colours[ImGuiCol_FrameBg] = ImVec4(1.0f, 1.0f, 1.0f, 1.0f);
    colours[ImGuiCol_FrameBgHovered] = toImVec4(kPanel);
    colours[ImGuiCol_FrameBgActive] = ImVec4(1.0f, 1.0f, 1.0f, 1.0f);
    colours[ImGuiCol_CheckMark] = toImVec4(kText);
    colours[ImGuiCol_SliderGrab] = toImVec4(kAccent);
    colours[ImGuiCol_TextSelectedBg] = toImVec4(kAccentSoft);
    colours[ImGuiCol_PopupBg] = toImVec4(kPanel);
}

}  // namespace mimic::ui
