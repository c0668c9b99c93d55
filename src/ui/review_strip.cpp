#include "ui/review_screen.h"

#include <algorithm>
#include <cmath>
#include <set>

#include <imgui.h>

#include "common/clock.h"
#include "review/timeline_strip.h"
#include "ui/widgets.h"

namespace mimic::ui::review_screen {

void ReviewScreen::drawStrip() {
    ReviewTransport& t = *transport_;
    const std::int64_t playhead = t.playhead_us(Clock::now());
    // The events the coder may see, open states reaching the playhead.
    std::vector<store::CodedEvent> shown = shownEvents();
    // A drag shows where the event goes.
    if (drag_.kind == DragKind::kMove || drag_.kind == DragKind::kStart ||
        drag_.kind == DragKind::kStop) {
        for (store::CodedEvent& e : shown) {
            if (e.id != drag_.event_id) continue;
            e.record.start_ms = drag_.now.start_ms;
            e.record.stop_ms = drag_.now.stop_ms;
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
    // The stretches kept for a self-modelling clip, darker on the recording's row.
    for (const review::LoopRange& kept : keeps_) {
        draw->AddRectFilled(ImVec2(xOfMs(kept.in_us / 1000), y),
                            ImVec2(xOfMs(kept.out_us / 1000), y + kFileRow), toImU32(kKeptColour),
                            2.0f);
    }
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
                std::find_if(shown.begin(), shown.end(),
                             [&](const store::CodedEvent& e) { return e.id == hit.id; });
            if (it == shown.end()) continue;
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
            drag_.original = review::draftOf(*it);
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
    if (drag.kind == DragKind::kSeek || drag.kind == DragKind::kNone || !editor_) return;
    if (drag.now.start_ms == drag.original.start_ms && drag.now.stop_ms == drag.original.stop_ms) {
        return;  // a click: the event is selected
    }
    // Moved or resized: the old row is replaced, as `mimic code remove` and `mimic code add`
    // would do it.
    auto id = editor_->change(drag.event_id, drag.now);
    if (!id) {
        fail(id.error().message);
        return;
    }
    selected_event_ = *id;
    message_.clear();
    notice_ = drag.now.code + " now " + clockText(drag.now.start_ms * 1000) +
              (drag.now.stop_ms ? " to " + clockText(*drag.now.stop_ms * 1000) : std::string());
    reloadEvents();
}

}  // namespace mimic::ui::review_screen
