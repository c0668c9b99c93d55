#include "ui/review_screen.h"

#include <algorithm>
#include <cstdio>
#include <set>

#include <imgui.h>

#include "common/clock.h"
#include "review/agreement.h"
#include "review/coding.h"
#include "ui/widgets.h"

namespace mimic::ui::review_screen {

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
        std::string quiet;
        if (!review::coderView(trial.observers, coder_).outcome) {
            quiet = "blind: score hidden";
        } else {
            quiet = trial.outcome.empty() ? "not scored" : wordForPeople(trial.outcome, "");
            if (!trial.prompt_level.empty()) quiet += " (" + trial.prompt_level + ")";
        }
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
    if (ImGui::Button("earlier")) nudge(-40'000);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("The model 40 ms earlier (saved with the trial)");
    ImGui::SameLine();
    if (ImGui::Button("later")) nudge(40'000);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("The model 40 ms later (saved with the trial)");
    ImGui::SameLine();
    ImGui::TextDisabled("   now %+lld ms",
                        static_cast<long long>(t.timeline().alignment().offset_us / 1000));
}

void ReviewScreen::drawSide() {
    const bool blind = selected_trial_ && !view().outcome;
    if (blind) {
        ImGui::TextWrapped(
            "Coding blind: the score and the other coders' events stay hidden "
            "until you finish.");
        ImGui::Spacing();
    }
    drawCoding();
    ImGui::Spacing();
    if (selected_trial_ && !blind) drawScore();
    if (selected_trial_ && !blind && callbacks_.make_clip && open_ && !open_->practice.empty()) {
        ImGui::Spacing();
        drawSelfClip();
    }
}

void ReviewScreen::drawSelfClip() {
    ImGui::TextDisabled("Self-modelling clip");
    if (keeps_.empty()) {
        ImGui::TextWrapped(
            "Mark the child's best stretch with [ and ], then K keeps it. M makes a library clip "
            "of the stretches kept, in order.");
        return;
    }
    for (const review::LoopRange& kept : keeps_) {
        ImGui::BulletText("%s to %s", clockText(kept.in_us).c_str(),
                          clockText(kept.out_us).c_str());
    }
    ImGui::SetNextItemWidth(-1.0f);
    ImGui::InputTextWithHint("##clip title", "Title (the behaviour by default)", clip_title_,
                             sizeof clip_title_);
    if (ImGui::Button(previewing_ ? "Stop preview (P)" : "Preview (P)")) togglePreview();
    ImGui::SameLine();
    if (ImGui::Button("Make clip (M)")) makeClip();
    ImGui::SameLine();
    if (ImGui::Button("Clear kept")) keeps_.clear();
}

void ReviewScreen::drawCoding() {
    ImGui::TextDisabled("Keys to code as it plays");
    if (open_ && open_->scheme.empty()) {
        ImGui::TextWrapped("This behaviour has no codes yet: `mimic code scheme add` adds them.");
    }
    if (open_) {
        for (const store::Code& code : open_->scheme) {
            const bool state = code.record.kind == store::CodeKind::kState;
            const bool running = editor_ && editor_->running(coder_, code.record.name);
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
    if (!selected_trial_ || coder_[0] == '\0') return;
    const store::TrialObservers& observers = trials_[*selected_trial_].observers;
    if (review::hasFinished(observers, coder_)) {
        ImGui::TextWrapped("%s finished coding this trial: those events are final.", coder_);
        return;
    }
    const bool blind = observers.second_observer && *observers.second_observer == coder_;
    const bool coded = editor_ && std::any_of(editor_->events().begin(), editor_->events().end(),
                                              [&](const store::CodedEvent& e) {
                                                  return e.record.coder == coder_;
                                              });
    if ((blind || coded) && callbacks_.finish_coding) {
        if (ImGui::Button("Finish coding")) finishCoding();
        if (ImGui::IsItemHovered()) {
            ImGui::SetTooltip(blind ? "Your coding of this trial is final; then the score, the "
                                      "other coders' events and your agreement are shown"
                                    : "Your coding of this trial is final (no more changes)");
        }
    }
}

void ReviewScreen::drawScore() {
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
    if (ImGui::Button("Save outcome")) saveScore();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Saves the outcome, prompt level and notes");
    drawAgreement();
}

void ReviewScreen::drawAgreement() {
    // A blind pair's agreement, once both have finished (review/observers.h).
    if (!editor_ || !selected_trial_) return;
    const store::TrialObservers& observers = trials_[*selected_trial_].observers;
    if (!observers.second_observer) return;
    const std::string& second = *observers.second_observer;
    const std::vector<store::CodedEvent>& events = editor_->events();
    std::set<std::string> others;
    for (const store::CodedEvent& e : events) {
        if (e.record.coder != second) others.insert(e.record.coder);
    }
    if (others.empty()) return;
    ImGui::Spacing();
    ImGui::TextDisabled("Agreement with the second observer (1 s slices)");
    for (const std::string& other : others) {
        if (Status shown = review::agreementShown(observers, other, second); !shown) {
            ImGui::TextWrapped("%s", shown.error().message.c_str());
            continue;
        }
        auto agreement = review::cohenKappa(review::observationOf(other, events),
                                            review::observationOf(second, events), {});
        if (!agreement) {
            ImGui::TextWrapped("%s", agreement.error().message.c_str());
        } else {
            ImGui::TextWrapped("%s and %s: kappa %.3f, %.0f %% of slices agree", other.c_str(),
                               second.c_str(), agreement->kappa, agreement->percent.value_or(0.0));
        }
        if (ImGui::IsItemHovered()) {
            ImGui::SetTooltip("`mimic agreement --trial %lld --coders ...` gives the same",
                              static_cast<long long>(trials_[*selected_trial_].trial_id));
        }
    }
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
    for (const store::CodedEvent& event : shownEvents())
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

}  // namespace mimic::ui::review_screen
