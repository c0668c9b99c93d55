// The calm look of the application: soft, warm colours with low contrast between
// surfaces, one gentle accent, rounded corners, generous spacing, nothing that flashes.
// Internal to ui.
#pragma once

struct ImGuiStyle;
struct ImVec4;

namespace mimic::ui {

struct Colour {
    float r = 0.0f;
    float g = 0.0f;
    float b = 0.0f;
    float a = 1.0f;
};

inline constexpr Colour kCalmBackground{0.953f, 0.941f, 0.914f};  // warm paper
inline constexpr Colour kPanel{0.984f, 0.976f, 0.957f};           // list panels
inline constexpr Colour kText{0.200f, 0.235f, 0.271f};            // dark slate
inline constexpr Colour kQuietText{0.451f, 0.494f, 0.525f};       // secondary lines
inline constexpr Colour kAccent{0.733f, 0.839f, 0.776f};          // sage: selection
inline constexpr Colour kAccentSoft{0.839f, 0.902f, 0.859f};      // sage: hover
inline constexpr Colour kStage{0.173f, 0.192f, 0.212f};           // behind the video
inline constexpr Colour kStageText{0.780f, 0.800f, 0.812f};
inline constexpr Colour kProblemText{0.659f, 0.357f, 0.263f};  // soft terracotta
inline constexpr Colour kProblemSoft{0.914f, 0.800f, 0.749f};  // behind a costly button

ImVec4 toImVec4(const Colour& colour);
unsigned int toImU32(const Colour& colour);

// Sets every colour and size of `style` to the calm look.
void applyCalmTheme(ImGuiStyle& style);

}  // namespace mimic::ui
