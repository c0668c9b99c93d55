#include "ui/screen_pictures.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include <imgui.h>

#include "ui/theme.h"

namespace mimic::ui {
namespace {

// The pictures' colours: warm and soft, nothing saturated or glaring.
constexpr Colour kSkin{0.98f, 0.85f, 0.62f};     // a sunny face
constexpr Colour kFeature{0.30f, 0.27f, 0.25f};  // eyes, smile
constexpr Colour kCheek{0.96f, 0.66f, 0.58f};    // rosy cheeks
constexpr Colour kShirt{0.49f, 0.72f, 0.66f};    // sea green
constexpr Colour kBubble{1.0f, 1.0f, 1.0f};      // the speech bubble
constexpr Colour kBubbleEdge{0.80f, 0.78f, 0.74f};
constexpr Colour kWords{0.22f, 0.42f, 0.58f};  // calm blue letters
constexpr Colour kGlow{0.99f, 0.93f, 0.78f};   // a soft halo behind the figure
constexpr Colour kStarGold{0.98f, 0.80f, 0.36f};
constexpr Colour kRecordDot{0.85f, 0.45f, 0.42f};  // a soft red, not an alarm
// The strip: a shade off the stage, its text a little lighter: readable up close, not
// something a child's eye is drawn to.
constexpr Colour kStripBack{0.20f, 0.22f, 0.24f};
constexpr Colour kStripText{0.50f, 0.53f, 0.55f};
constexpr Colour kPromptBack{0.26f, 0.28f, 0.30f};
constexpr Colour kPromptText{0.85f, 0.86f, 0.87f};

ImU32 colour(const Colour& c, float alpha = 1.0f) {
    return toImU32(Colour{c.r, c.g, c.b, c.a * alpha});
}

ImVec2 at(float x, float y) {
    return ImVec2(x, y);
}

void centredText(ImDrawList* draw, ImFont* font, float size, ImVec2 centre, ImU32 ink,
                 const std::string& text) {
    ImFont* use = font != nullptr ? font : ImGui::GetFont();
    const ImVec2 extent = use->CalcTextSizeA(size, 1e9f, 0.0f, text.c_str());
    draw->AddText(use, size, at(centre.x - extent.x / 2.0f, centre.y - extent.y / 2.0f), ink,
                  text.c_str());
}

// A smiling face of radius r: the figure's head, also the waiting picture.
void smilingFace(ImDrawList* draw, ImVec2 c, float r) {
    draw->AddCircleFilled(c, r, colour(kSkin), 64);
    const float eye = r * 0.11f;
    draw->AddCircleFilled(at(c.x - r * 0.36f, c.y - r * 0.18f), eye, colour(kFeature), 24);
    draw->AddCircleFilled(at(c.x + r * 0.36f, c.y - r * 0.18f), eye, colour(kFeature), 24);
    draw->AddCircleFilled(at(c.x - r * 0.58f, c.y + r * 0.18f), r * 0.14f, colour(kCheek, 0.7f),
                          24);
    draw->AddCircleFilled(at(c.x + r * 0.58f, c.y + r * 0.18f), r * 0.14f, colour(kCheek, 0.7f),
                          24);
    // The smile: the lower part of a circle.
    draw->PathArcTo(at(c.x, c.y + r * 0.05f), r * 0.5f, 0.15f * std::numbers::pi_v<float>,
                    0.85f * std::numbers::pi_v<float>, 32);
    draw->PathStroke(colour(kFeature), 0, std::max(3.0f, r * 0.09f));
}

// A child waving: head, body and a raised arm, standing in `box` (its height rules).
void wavingChild(ImDrawList* draw, const Rect& box) {
    const float h = box.height;
    const float cx = box.x + box.width / 2.0f;
    const float head_r = h * 0.2f;
    const ImVec2 head(cx, box.y + head_r + h * 0.02f);
    const float body_top = head.y + head_r * 0.9f;
    const float body_w = h * 0.34f;
    const float arm = std::max(6.0f, h * 0.055f);
    // Arms first, so the body covers their shoulders: one raised in a wave, one down.
    draw->AddLine(at(cx + body_w * 0.35f, body_top + h * 0.08f),
                  at(cx + body_w * 0.95f, body_top - h * 0.16f), colour(kSkin), arm);
    draw->AddCircleFilled(at(cx + body_w * 0.98f, body_top - h * 0.19f), arm * 0.95f, colour(kSkin),
                          24);
    draw->AddLine(at(cx - body_w * 0.35f, body_top + h * 0.08f),
                  at(cx - body_w * 0.75f, body_top + h * 0.32f), colour(kSkin), arm);
    draw->AddRectFilled(at(cx - body_w / 2.0f, body_top), at(cx + body_w / 2.0f, box.y + h * 0.92f),
                        colour(kShirt), body_w * 0.3f);
    smilingFace(draw, head, head_r);
}

void star(ImDrawList* draw, ImVec2 c, float r, float rotation, ImU32 fill) {
    // Five triangles around a pentagon: a star is not convex, its parts are.
    ImVec2 inner[5];
    ImVec2 outer[5];
    for (int i = 0; i < 5; ++i) {
        const float a_out = rotation - std::numbers::pi_v<float> / 2.0f +
                            static_cast<float>(i) * 2.0f * std::numbers::pi_v<float> / 5.0f;
        const float a_in = a_out + std::numbers::pi_v<float> / 5.0f;
        outer[i] = at(c.x + r * std::cos(a_out), c.y + r * std::sin(a_out));
        inner[i] = at(c.x + r * 0.45f * std::cos(a_in), c.y + r * 0.45f * std::sin(a_in));
    }
    draw->AddConvexPolyFilled(inner, 5, fill);
    for (int i = 0; i < 5; ++i) {
        draw->AddTriangleFilled(inner[(i + 4) % 5], outer[i], inner[i], fill);
    }
}

}  // namespace

void drawTurnCue(ImDrawList* draw, const Rect& area, const std::string& words, ImFont* big) {
    // The figure on the left, its words in a bubble on the right: the same picture each time,
    // so the child learns it means "now you".
    const float h = std::min(area.height * 0.78f, area.width * 0.5f);
    const Rect figure{area.x + area.width * 0.30f - h * 0.3f, area.y + (area.height - h) / 2.0f,
                      h * 0.6f, h};
    draw->AddCircleFilled(at(figure.x + figure.width / 2.0f, figure.y + figure.height * 0.5f),
                          h * 0.52f, colour(kGlow), 96);
    wavingChild(draw, figure);

    const float bw = std::min(area.width * 0.40f, h * 1.1f);
    const float bh = bw * 0.48f;
    const ImVec2 bubble_min(area.x + area.width * 0.53f, area.y + area.height * 0.22f);
    const ImVec2 bubble_max(bubble_min.x + bw, bubble_min.y + bh);
    // The bubble's tail points at the child's mouth.
    const ImVec2 mouth(figure.x + figure.width * 0.72f, figure.y + h * 0.26f);
    draw->AddTriangleFilled(at(bubble_min.x + bw * 0.08f, bubble_max.y - bh * 0.35f),
                            at(bubble_min.x + bw * 0.25f, bubble_max.y - bh * 0.05f), mouth,
                            colour(kBubble));
    draw->AddRectFilled(bubble_min, bubble_max, colour(kBubble), bh * 0.35f);
    draw->AddRect(bubble_min, bubble_max, colour(kBubbleEdge), bh * 0.35f, 0, 3.0f);
    const float size =
        std::min(bh * 0.42f, bw * 1.6f / std::max<float>(4.0f, static_cast<float>(words.size())));
    centredText(draw, big, size,
                at((bubble_min.x + bubble_max.x) / 2.0f, (bubble_min.y + bubble_max.y) / 2.0f),
                colour(kWords), words);
}

void drawReward(ImDrawList* draw, const Rect& area, const std::vector<RewardPiece>& pieces,
                RewardKind kind) {
    const auto& colours = rewardColours();
    for (const RewardPiece& p : pieces) {
        const RewardColour& c = colours[static_cast<std::size_t>(p.colour) % colours.size()];
        const ImU32 fill = colour(Colour{c.r, c.g, c.b}, p.opacity);
        const ImVec2 centre(area.x + p.x * area.width, area.y + p.y * area.height);
        const float r = p.size * area.height;
        if (kind == RewardKind::kStars) {
            star(draw, centre, r, p.rotation, fill);
        } else {
            const float cs = std::cos(p.rotation);
            const float sn = std::sin(p.rotation);
            auto corner = [&](float dx, float dy) {
                return at(centre.x + dx * cs - dy * sn, centre.y + dx * sn + dy * cs);
            };
            draw->AddQuadFilled(corner(-r, -r * 0.6f), corner(r, -r * 0.6f), corner(r, r * 0.6f),
                                corner(-r, r * 0.6f), fill);
        }
    }
}

void drawWellDone(ImDrawList* draw, const Rect& area, ImFont* big) {
    const float r = std::min(area.width, area.height) * 0.26f;
    const ImVec2 c(area.x + area.width / 2.0f, area.y + area.height * 0.42f);
    draw->AddCircleFilled(c, r * 1.25f, colour(kGlow), 96);
    star(draw, c, r, 0.0f, colour(kStarGold));
    // A small smile on the star.
    draw->AddCircleFilled(at(c.x - r * 0.14f, c.y - r * 0.02f), r * 0.045f, colour(kFeature), 16);
    draw->AddCircleFilled(at(c.x + r * 0.14f, c.y - r * 0.02f), r * 0.045f, colour(kFeature), 16);
    draw->PathArcTo(at(c.x, c.y + r * 0.04f), r * 0.14f, 0.15f * std::numbers::pi_v<float>,
                    0.85f * std::numbers::pi_v<float>, 16);
    draw->PathStroke(colour(kFeature), 0, std::max(2.0f, r * 0.03f));
    centredText(draw, big, r * 0.42f, at(c.x, area.y + area.height * 0.84f), colour(kWords),
                "Well done!");
}

void drawAllDone(ImDrawList* draw, const Rect& area, ImFont* big) {
    const float h = area.height * 0.6f;
    const Rect figure{area.x + (area.width - h * 0.6f) / 2.0f, area.y + area.height * 0.1f,
                      h * 0.6f, h};
    wavingChild(draw, figure);
    centredText(draw, big, h * 0.16f, at(area.x + area.width / 2.0f, area.y + area.height * 0.82f),
                colour(kWords), "All done. Bye-bye!");
}

void drawWaiting(ImDrawList* draw, const Rect& area) {
    const float r = std::min(area.width, area.height) * 0.16f;
    smilingFace(draw, at(area.x + area.width / 2.0f, area.y + area.height * 0.45f), r);
}

void drawRecordingMark(ImDrawList* draw, const Rect& area) {
    const char* label = "recording";
    const float line = ImGui::GetFontSize();
    const ImVec2 text = ImGui::CalcTextSize(label);
    const float right = area.x + area.width - line;
    const float y = area.y + line;
    draw->AddText(at(right - text.x, y), colour(kStageText, 0.8f), label);
    draw->AddCircleFilled(at(right - text.x - line * 0.7f, y + text.y / 2.0f), line * 0.32f,
                          colour(kRecordDot, 0.85f), 24);
}

float drawStrip(ImDrawList* draw, const Rect& area, const StripText& strip) {
    const float line = ImGui::GetFontSize();
    const float height = line * 1.5f;
    const float top = area.y + area.height - height;
    draw->AddRectFilled(at(area.x, top), at(area.x + area.width, area.y + area.height),
                        colour(kStripBack));
    const float text_y = top + (height - line) / 2.0f;
    float x = area.x + line;
    const ImU32 ink = colour(kStripText);
    auto text = [&](const std::string& s) {
        draw->AddText(at(x, text_y), ink, s.c_str());
        x += ImGui::CalcTextSize(s.c_str()).x;
    };
    text(strip.line);
    if (strip.mic_level >= 0.0f) {
        text("   mic ");
        // Three bars, filled to the level: drawn, since the font has no bar glyphs.
        const int lit =
            static_cast<int>(std::lround(std::clamp(strip.mic_level, 0.0f, 1.0f) * 3.0f));
        for (int i = 0; i < 3; ++i) {
            const float bx = x + static_cast<float>(i) * line * 0.45f;
            const ImVec2 min(bx, text_y + line * 0.15f);
            const ImVec2 max(bx + line * 0.3f, text_y + line * 0.9f);
            if (i < lit) {
                draw->AddRectFilled(min, max, ink, 1.0f);
            } else {
                draw->AddRect(min, max, ink, 1.0f);
            }
        }
        x += line * 1.4f;
    }
    if (strip.recording) {
        x += line * 0.8f;
        draw->AddCircleFilled(at(x + line * 0.3f, text_y + line * 0.55f), line * 0.25f,
                              colour(kRecordDot, 0.6f), 16);
        x += line * 0.8f;
        text("rec");
    }
    if (strip.paused) text("   paused");
    if (!strip.levels.empty()) text("   " + strip.levels);
    if (!strip.notice.empty()) text("   " + strip.notice);
    if (!strip.analysis.empty()) text("   " + strip.analysis);
    return height;
}

namespace {

void promptPanel(ImDrawList* draw, const Rect& area, const std::string& first,
                 const std::string& second) {
    const float line = ImGui::GetFontSize();
    const float width =
        std::max(ImGui::CalcTextSize(first.c_str()).x, ImGui::CalcTextSize(second.c_str()).x) +
        line * 2.0f;
    const float height = line * 4.0f;
    const ImVec2 min(area.x + (area.width - width) / 2.0f,
                     area.y + area.height - line * 2.0f - height);
    draw->AddRectFilled(min, at(min.x + width, min.y + height), colour(kPromptBack, 0.95f),
                        line * 0.5f);
    draw->AddText(at(min.x + line, min.y + line * 0.8f), colour(kPromptText), first.c_str());
    draw->AddText(at(min.x + line, min.y + line * 2.2f), colour(kPromptText), second.c_str());
}

}  // namespace

namespace {

std::string typedMarks(std::size_t typed) {
    std::string marks;
    for (std::size_t i = 0; i < typed; ++i)
        marks += "* ";
    if (marks.empty()) marks.push_back('_');
    return marks;
}

}  // namespace

void drawPinPrompt(ImDrawList* draw, const Rect& area, std::size_t typed, bool pin_set) {
    const std::string first = pin_set ? "Therapist: type your PIN, then Enter.  Esc: back"
                                      : "No PIN is set: type  stop  then Enter.  Esc: back";
    promptPanel(draw, area, first, typedMarks(typed));
}

void drawLockPrompt(ImDrawList* draw, const Rect& area, const std::string& user, std::size_t typed,
                    const std::string& problem) {
    const std::string first = problem.empty() ? "Locked: " + user + "'s passphrase, then Enter"
                                              : "Not " + user + "'s passphrase: again, then Enter";
    promptPanel(draw, area, first, typedMarks(typed));
}

void drawNoteField(ImDrawList* draw, const Rect& area, const std::string& text) {
    promptPanel(draw, area, "Note (Enter keeps it, Esc drops it):", text + "_");
}

}  // namespace mimic::ui
