// The Children tab's forms (children_panel.h): adding a child, a therapist and a consent,
// revoking one, adding and changing a program, the child's screen preferences.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <utility>

#include "ui/children_panel.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace mimic::ui {

namespace {

// Width of the label column of a form: the longest label fits at the window's font size.
constexpr float kLabelWidth = 300.0f;
// Widest a form's field grows: dates, names and numbers read better short.
constexpr float kFieldWidth = 420.0f;
constexpr float kNumberWidth = 90.0f;

// Starts a row of a form: the label on the left, the field after it.
void label(const char* text) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(text);
    ImGui::SameLine(kLabelWidth);
}

void numberField(const char* id, std::string& text) {
    ImGui::SetNextItemWidth(kNumberWidth);
    ImGui::InputText(id, &text);
}

void textField(const char* id, std::string& text, const char* hint = "") {
    ImGui::SetNextItemWidth(kFieldWidth);
    ImGui::InputTextWithHint(id, hint, &text);
}

}  // namespace

// The fields scroll; the buttons and the problem line stay in view below them.
void ChildrenPanel::drawForm() {
    const ImGuiStyle& style = ImGui::GetStyle();
    // Room for the buttons and a problem line that wraps once.
    const float footer = ImGui::GetFrameHeightWithSpacing() +
                         2.0f * ImGui::GetTextLineHeightWithSpacing() + 2.0f * style.ItemSpacing.y;
    ImGui::BeginChild("fields", ImVec2(0.0f, -footer), false);
    const char* save = "Save";
    switch (form_) {
        case Form::kAddChild:
            drawChildForm();
            save = "Add child";
            break;
        case Form::kAddTherapist:
            drawTherapistForm();
            save = "Add therapist";
            break;
        case Form::kGrantConsent:
            drawConsentForm();
            save = "Grant consent";
            break;
        case Form::kRevokeConsent:
            drawRevokeForm();
            save = "Revoke";
            break;
        case Form::kProgram:
            drawProgramForm();
            save = program_form_.adding ? "Add program" : "Save changes";
            break;
        case Form::kScreenPrefs:
            drawScreenPrefsForm();
            break;
        case Form::kSession:
            drawSessionForm();
            save = "Start session";
            break;
        case Form::kNone:
            break;
    }
    ImGui::EndChild();
    ImGui::Separator();
    if (form_ == Form::kRevokeConsent) {
        // Costly and final: the safe choice comes first and the other stands apart.
        if (ImGui::Button("Keep the consent")) cancel();
        ImGui::SameLine(0.0f, 40.0f);
        ImGui::PushStyleColor(ImGuiCol_Button, toImVec4(kProblemSoft));
        if (ImGui::Button(save)) submit();
        ImGui::PopStyleColor();
    } else {
        if (ImGui::Button(save)) submit();
        ImGui::SameLine();
        if (ImGui::Button("Cancel")) cancel();
    }
    problemLine(message_);
}

void ChildrenPanel::drawChildForm() {
    ImGui::Text("Add a child");
    quietText(
        "A pseudonymous code such as c-017: letters, digits, - _ or ., never a name or a "
        "birth date.");
    ImGui::Spacing();
    label("Code");
    textField("##code", child_form_.code, "c-017");
}

void ChildrenPanel::drawTherapistForm() {
    ImGui::Text("Add a therapist");
    quietText("The people who run sessions, score trials and decide a program's phase.");
    ImGui::Spacing();
    label("Name");
    textField("##therapist_name", therapist_form_.name, "A. Jones");
}

void ChildrenPanel::drawConsentForm() {
    ImGui::Text("Grant a consent for %s", selected_.c_str());
    ImGui::Spacing();
    label("What it allows");
    ImGui::SetNextItemWidth(kFieldWidth);
    pickWord("##scope", consent_form_.scope, kConsentScopes);
    label("Granted by");
    textField("##by", consent_form_.granted_by, "parent: A. Smith");
    label("Valid until");
    textField("##expires", consent_form_.expires, "YYYY-MM-DD, or empty for no end");
}

void ChildrenPanel::drawRevokeForm() {
    const ChildEntry* child = selectedChild();
    const ConsentEntry* consent = nullptr;
    if (child != nullptr) {
        for (const ConsentEntry& c : child->consents) {
            if (c.id == revoke_form_.consent_id) consent = &c;
        }
    }
    if (consent == nullptr) {
        ImGui::Text("This consent is no longer on file.");
        if (ImGui::Button("Back")) cancel();
        return;
    }
    ImGui::Text("Revoke the consent to %s for %s?", wordForPeople(consent->scope, "").c_str(),
                selected_.c_str());
    ImGui::Spacing();
    quietText("Granted by " + consent->granted_by + " on " + dayOf(consent->granted_at) + ".");
    if (consent->scope == "record") {
        quietText("Recording stops at once, also a practice being recorded now, and " + selected_ +
                  " cannot be recorded again until a new consent is granted.");
    }
    quietText("A revoked consent stays revoked; it cannot be undone.");
    ImGui::Spacing();
    label("Revoked by");
    textField("##revoked_by", revoke_form_.revoked_by, "e.g. parent: A. Smith (optional)");
}

void ChildrenPanel::drawProgramForm() {
    ProgramForm& f = program_form_;
    if (f.adding) {
        ImGui::Text("Add a program for %s", selected_.c_str());
    } else {
        ImGui::Text("Change the program %s for %s", f.behaviour.c_str(), selected_.c_str());
    }
    ImGui::Spacing();
    if (f.adding) {
        const std::vector<std::string> free = behavioursWithoutProgram();
        int index =
            static_cast<int>(std::find(free.begin(), free.end(), f.behaviour) - free.begin());
        label("Behaviour");
        ImGui::SetNextItemWidth(kFieldWidth);
        if (pickWord("##behaviour", index, free)) {
            f.behaviour = free[static_cast<std::size_t>(index)];
            f.chosen_clip_id = 0;
        }
    }
    label("Phase");
    ImGui::SetNextItemWidth(kFieldWidth);
    pickWord("##phase", f.phase, kPhases);
    if (!f.adding && f.phase != f.initial_phase) {
        label("Why the phase changes");
        textField("##reason", f.phase_reason, "e.g. 80 % in 3 sessions");
        label("Decided by");
        std::vector<std::string> therapists{""};
        therapists.insert(therapists.end(), records_.therapists.begin(), records_.therapists.end());
        int index = f.phase_therapist + 1;
        ImGui::SetNextItemWidth(kFieldWidth);
        if (pickWord("##decided_by", index, therapists)) f.phase_therapist = index - 1;
    }

    sectionHeading("Prompt hierarchy, most intrusive first");
    for (std::size_t i = 0; i < f.prompts.size(); ++i) {
        ImGui::PushID(static_cast<int>(i));
        ImGui::AlignTextToFramePadding();
        ImGui::Text("%zu.", i + 1);
        ImGui::SameLine(40.0f);
        ImGui::SetNextItemWidth(260.0f);
        ImGui::InputText("##level", &f.prompts[i]);
        ImGui::SameLine();
        if (ImGui::SmallButton("up") && i > 0) std::swap(f.prompts[i], f.prompts[i - 1]);
        ImGui::SameLine();
        if (ImGui::SmallButton("down") && i + 1 < f.prompts.size()) {
            std::swap(f.prompts[i], f.prompts[i + 1]);
        }
        ImGui::SameLine();
        bool removed = false;
        if (ImGui::SmallButton("remove")) {
            f.prompts.erase(f.prompts.begin() + static_cast<std::ptrdiff_t>(i));
            removed = true;
        }
        ImGui::PopID();
        if (removed) break;
    }
    if (ImGui::SmallButton("Add a level")) f.prompts.emplace_back();

    sectionHeading("Mastery criterion");
    label("Accuracy (%)");
    numberField("##accuracy", f.accuracy_pct);
    label("Consecutive sessions");
    numberField("##sessions", f.consecutive_sessions);
    label("Minimum trials per session");
    numberField("##min_trials", f.min_trials);
    label("Different therapists");
    numberField("##therapists", f.min_therapists);
    label("Cold probe only");
    ImGui::Checkbox("##cold_probe", &f.cold_probe_only);

    sectionHeading("Reinforcement");
    for (std::size_t i = 0; i < kSchedules.size(); ++i) {
        if (i > 0) ImGui::SameLine();
        ImGui::RadioButton(wordForPeople(kSchedules[i], "").c_str(), &f.schedule,
                           static_cast<int>(i));
    }
    if (f.schedule != 0) {
        ImGui::SameLine(0.0f, 30.0f);
        ImGui::TextUnformatted("N");
        ImGui::SameLine();
        numberField("##ratio", f.ratio);
    }

    sectionHeading("Session settings");
    label("Clip");
    std::vector<std::string> clip_titles{""};
    std::vector<std::int64_t> clip_ids{0};
    if (const BehaviourChoice* b = behaviour(f.behaviour)) {
        for (const ClipChoice& clip : b->clips) {
            clip_titles.push_back(clip.title);
            clip_ids.push_back(clip.id);
        }
    }
    int clip = static_cast<int>(std::find(clip_ids.begin(), clip_ids.end(), f.chosen_clip_id) -
                                clip_ids.begin());
    ImGui::SetNextItemWidth(kFieldWidth);
    if (pickWord("##clip", clip, clip_titles, "rotate among its clips")) {
        f.chosen_clip_id = clip_ids[static_cast<std::size_t>(clip)];
    }
    label("Model kind");
    ImGui::SetNextItemWidth(kFieldWidth);
    pickWord("##model_kind", f.model_kind, kModelKinds, "any");
    label("Times the model plays");
    numberField("##views", f.model_views);
    label("Video prompting (step by step)");
    ImGui::Checkbox("##video_prompting", &f.video_prompting);
    label("Fading");
    ImGui::SetNextItemWidth(kFieldWidth);
    pickWord("##fading", f.fading, kFadings);
    const bool valid_fading = f.fading >= 0 && static_cast<std::size_t>(f.fading) < kFadings.size();
    const std::string fading = valid_fading ? kFadings[static_cast<std::size_t>(f.fading)] : "";
    if (fading == "start-later" || fading == "stop-earlier") {
        label("Steps to leave out");
        numberField("##fading_steps", f.fading_steps);
        label("Or seconds to leave out");
        numberField("##fading_trim", f.fading_trim_seconds);
    }
}

void ChildrenPanel::drawScreenPrefsForm() {
    ScreenPrefsForm& f = screen_form_;
    const ChildEntry* child = selectedChild();
    ImGui::Text("The screen of %s", selected_.c_str());
    quietText(
        "A copy of each file is kept in the data folder; the file you choose is not changed.");
    sectionHeading("Reward after a reinforced trial");
    for (std::size_t i = 0; i < kRewardKinds.size(); ++i) {
        if (i > 0) ImGui::SameLine();
        ImGui::RadioButton(wordForPeople(kRewardKinds[i], "").c_str(), &f.reward,
                           static_cast<int>(i));
    }
    const bool valid = f.reward >= 0 && static_cast<std::size_t>(f.reward) < kRewardKinds.size();
    const std::string reward = valid ? kRewardKinds[static_cast<std::size_t>(f.reward)] : "";
    if (reward == "clip" || reward == "sound") {
        const bool stored = child != nullptr && child->screen.reward == reward;
        label(reward == "clip" ? "Favourite clip (video, up to 15 s)"
                               : "Favourite sound (WAV, up to 15 s)");
        textField("##reward_file", f.reward_file,
                  stored ? "empty: keep the one chosen before" : "/path/to/file");
    }
    sectionHeading("The \"your turn\" cue");
    int voice = f.recorded_voice ? 1 : 0;
    ImGui::RadioButton("spoken by the computer", &voice, 0);
    ImGui::SameLine();
    ImGui::RadioButton("a recorded voice", &voice, 1);
    f.recorded_voice = voice == 1;
    if (f.recorded_voice) {
        const bool stored = child != nullptr && child->screen.cue_voice.has_value();
        label("Recorded voice (WAV, up to 10 s)");
        textField("##cue_voice", f.cue_voice,
                  stored ? "empty: keep the one recorded before" : "/path/to/voice.wav");
    }
}

void ChildrenPanel::drawSessionForm() {
    SessionForm& f = session_form_;
    ImGui::Text("Start a session with %s", f.child.c_str());
    ImGui::Spacing();
    sectionHeading("Targets");
    if (f.behaviours.empty()) quietText("The library has no behaviours yet.");
    for (std::size_t i = 0; i < f.behaviours.size(); ++i) {
        bool chosen = f.chosen[i];
        if (ImGui::Checkbox(f.behaviours[i].c_str(), &chosen)) f.chosen[i] = chosen;
    }
    ImGui::Spacing();
    label("Therapist");
    std::vector<std::string> therapists{""};
    therapists.insert(therapists.end(), records_.therapists.begin(), records_.therapists.end());
    int therapist = f.therapist + 1;
    ImGui::SetNextItemWidth(kFieldWidth);
    if (pickWord("##therapist", therapist, therapists)) f.therapist = therapist - 1;
    label("Setting");
    for (std::size_t i = 0; i < kSettings.size(); ++i) {
        if (i > 0) ImGui::SameLine();
        ImGui::RadioButton(kSettings[i].c_str(), &f.setting, static_cast<int>(i));
    }
    label("Trials per target");
    numberField("##trials", f.trials_per_target);
    if (f.displays >= 2) {
        // The other display gets the therapist's console.
        label("The child's screen on display");
        for (int d = 1; d <= f.displays; ++d) {
            if (d > 1) ImGui::SameLine();
            ImGui::RadioButton((std::to_string(d) + (d == 1 ? " (primary)" : "")).c_str(),
                               &f.child_display, d);
        }
    }
}

}  // namespace mimic::ui
