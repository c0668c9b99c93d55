// The child's screen's pictures, drawn with ImGui's draw list into a full-window area: the
// "your turn" figure, the reward's stars and confetti, the still "well done" and "all done"
// pictures, the recording indicator, and the therapist's strip and prompts. Internal to ui.
//
// Threads: the UI thread, inside an ImGui frame.
#pragma once

#include <string>
#include <vector>

#include "ui/layout.h"
#include "ui/reward_animation.h"

struct ImDrawList;
struct ImFont;

namespace mimic::ui {

// What the strip and the therapist's prompts show; filled by the screen each frame.
struct StripText {
    std::string line;         // "trial 2 of 6 · greeting · 03:12"
    float mic_level = -1.0f;  // 0..1; < 0: no microphone
    bool recording = false;
    bool paused = false;
    std::string levels;  // while choosing a level: "2 then: 1 full physical · ... · Enter model"
    std::string notice;  // a passing word for the therapist: "wrong PIN", "note kept"
    std::string analysis;  // "analysing trial 2 (40%)", or ""
};

// `big` is the large font for words on the child's pictures (nullptr: the default font).
void drawTurnCue(ImDrawList* draw, const Rect& area, const std::string& words, ImFont* big);
void drawReward(ImDrawList* draw, const Rect& area, const std::vector<RewardPiece>& pieces,
                RewardKind kind);
void drawWellDone(ImDrawList* draw, const Rect& area, ImFont* big);
void drawAllDone(ImDrawList* draw, const Rect& area, ImFont* big);
// The calm picture while the therapist scores: a soft smiling face, no words.
void drawWaiting(ImDrawList* draw, const Rect& area);
// A small, still, soft red dot and "recording", in the top-right corner of `area`.
void drawRecordingMark(ImDrawList* draw, const Rect& area);
// The low-contrast strip along the bottom of `area`; returns its height.
float drawStrip(ImDrawList* draw, const Rect& area, const StripText& strip);
// The therapist's prompts, in a small panel above the strip.
void drawPinPrompt(ImDrawList* draw, const Rect& area, std::size_t typed, bool pin_set);
void drawNoteField(ImDrawList* draw, const Rect& area, const std::string& text);
// The lock of a session without a console, over the strip: whose passphrase opens it, a mark
// per character typed, and whether the last one was refused (`problem` not empty).
void drawLockPrompt(ImDrawList* draw, const Rect& area, const std::string& user, std::size_t typed,
                    const std::string& problem);

}  // namespace mimic::ui
