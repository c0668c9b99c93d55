#include "ui/children_panel.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <utility>

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

// Puts the next button, labelled `label`, at the right end of the current line.
void alignRight(const char* label) {
    const float width = ImGui::CalcTextSize(label).x + 2.0f * ImGui::GetStyle().FramePadding.x;
    ImGui::SameLine(ImGui::GetContentRegionMax().x - width);
}

// Secondary text, wrapped at the right edge of the region.
void quiet(const std::string& text) {
    ImGui::PushStyleColor(ImGuiCol_Text, toImVec4(kQuietText));
    ImGui::PushTextWrapPos(ImGui::GetContentRegionMax().x);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
}

void heading(const std::string& text) {
    ImGui::Spacing();
    ImGui::TextDisabled("%s", text.c_str());
}

std::string promptsLine(const std::vector<std::string>& levels) {
    std::string line;
    for (const std::string& level : levels)
        line += (line.empty() ? "" : " > ") + level;
    return line;
}

// The schema-6 session settings that differ from the defaults, or "" when none do.
std::string settingsLine(const ProgramSettings& s, const std::string& clip_title) {
    std::string line;
    auto add = [&line](const std::string& part) { line += (line.empty() ? "" : ", ") + part; };
    if (!clip_title.empty()) add("clip: " + clip_title);
    if (!s.model_kind.empty()) add(wordForPeople(s.model_kind, "") + " models");
    if (s.video_prompting) add("video prompting");
    if (!s.fading.empty()) add("fading: " + wordForPeople(s.fading, ""));
    if (s.model_views > 1) add("model plays " + std::to_string(s.model_views) + " times");
    return line;
}

}  // namespace

ChildrenPanel::ChildrenPanel(std::vector<BehaviourChoice> behaviours, ClinicalCallbacks callbacks)
    : behaviours_(std::move(behaviours)), callbacks_(std::move(callbacks)) {}

Status ChildrenPanel::reload() {
    if (!callbacks_.load) return {};
    auto loaded = callbacks_.load();
    if (!loaded) return loaded.error();
    records_ = std::move(loaded).value();
    if (selectedChild() == nullptr) {
        selected_ = records_.children.empty() ? "" : records_.children.front().code;
    }
    loadReviewViews();
    return {};
}

void ChildrenPanel::showProgress(const std::string& behaviour) {
    progress_behaviour_ = behaviour;
    progress_.clearSelection();
    loadReviewViews();
    ++changes_;
}

// Read when the child or the records change, not every frame: each is a few queries.
void ChildrenPanel::loadReviewViews() {
    review_problem_.clear();
    const ChildEntry* child = selectedChild();
    const bool shown =
        child != nullptr &&
        std::any_of(child->programs.begin(), child->programs.end(),
                    [&](const ProgramEntry& p) { return p.behaviour == progress_behaviour_; });
    if (!shown) {
        progress_behaviour_ =
            child == nullptr || child->programs.empty() ? "" : child->programs.front().behaviour;
        progress_.clearSelection();
    }
    // Set once loaded (empty when there is nothing to show), so the selected point survives a
    // reload that still has its session.
    ProgressGraphData progress;
    std::vector<review::ProgramIoa> ioa;
    if (child != nullptr && callbacks_.load_progress && !progress_behaviour_.empty()) {
        auto data = callbacks_.load_progress(child->code, progress_behaviour_);
        if (data) {
            progress = std::move(data).value();
        } else {
            review_problem_ = data.error().message;
        }
    }
    if (child != nullptr && callbacks_.load_ioa) {
        auto loaded = callbacks_.load_ioa(child->code);
        if (loaded) {
            ioa = std::move(loaded).value();
        } else {
            review_problem_ = loaded.error().message;
        }
    }
    progress_.setData(std::move(progress));
    ioa_.setData(std::move(ioa));
}

bool ChildrenPanel::selectChild(const std::string& code) {
    for (const ChildEntry& child : records_.children) {
        if (child.code != code) continue;
        if (selected_ != code) {
            cancel();
            selected_ = code;
            loadReviewViews();
        }
        ++changes_;
        return true;
    }
    return false;
}

const ChildEntry* ChildrenPanel::selectedChild() const {
    for (const ChildEntry& child : records_.children) {
        if (child.code == selected_) return &child;
    }
    return nullptr;
}

void ChildrenPanel::openAddChild() {
    cancel();
    child_form_ = ChildForm{};
    form_ = Form::kAddChild;
}

void ChildrenPanel::openAddTherapist() {
    cancel();
    therapist_form_ = TherapistForm{};
    form_ = Form::kAddTherapist;
}

void ChildrenPanel::openGrantConsent() {
    cancel();
    if (selectedChild() == nullptr) return;
    consent_form_ = ConsentForm{};
    form_ = Form::kGrantConsent;
}

void ChildrenPanel::askRevoke(std::int64_t consent_id) {
    cancel();
    if (selectedChild() == nullptr) return;
    revoke_form_ = RevokeForm{consent_id, {}};
    form_ = Form::kRevokeConsent;
}

void ChildrenPanel::openAddProgram() {
    cancel();
    if (selectedChild() == nullptr) return;
    program_form_ = ProgramForm{};
    const std::vector<std::string> free = behavioursWithoutProgram();
    if (!free.empty()) program_form_.behaviour = free.front();
    form_ = Form::kProgram;
}

void ChildrenPanel::openChangeProgram(const std::string& behaviour) {
    cancel();
    const ChildEntry* child = selectedChild();
    if (child == nullptr) return;
    for (const ProgramEntry& program : child->programs) {
        if (program.behaviour != behaviour) continue;
        program_form_ = programFormFor(program);
        form_ = Form::kProgram;
    }
}

void ChildrenPanel::openScreenPrefs() {
    cancel();
    const ChildEntry* child = selectedChild();
    if (child == nullptr) return;
    screen_form_ = screenPrefsFormFor(child->screen);
    form_ = Form::kScreenPrefs;
}

void ChildrenPanel::openStartSession() {
    cancel();
    const ChildEntry* child = selectedChild();
    if (child == nullptr) return;
    session_form_ = sessionFormFor(*child, behaviourNames());
    session_form_.displays = displays_;
    form_ = Form::kSession;
}

void ChildrenPanel::cancel() {
    ++changes_;
    form_ = Form::kNone;
    message_.clear();
}

bool ChildrenPanel::submit() {
    ++changes_;
    notice_.clear();
    if (Status saved = saveOpenForm(); !saved) {
        message_ = saved.error().message;
        return false;
    }
    message_.clear();
    form_ = Form::kNone;
    if (Status reloaded = reload(); !reloaded) message_ = reloaded.error().message;
    return true;
}

void ChildrenPanel::openReview() {
    if (const ChildEntry* child = selectedChild()) {
        review_request_ = child->code;
        ++changes_;
    }
}

std::optional<std::string> ChildrenPanel::takeReviewRequest() {
    return std::exchange(review_request_, std::nullopt);
}

std::optional<SessionRequest> ChildrenPanel::takeSessionRequest() {
    return std::exchange(session_request_, std::nullopt);
}

Status ChildrenPanel::saveOpenForm() {
    const ChildEntry* child = selectedChild();
    switch (form_) {
        case Form::kAddChild: {
            auto code = validateChildForm(child_form_);
            if (!code) return code.error();
            if (Status s = callbacks_.add_child(*code); !s) return s;
            selected_ = *code;
            notice_ = "Child " + *code + " added.";
            return {};
        }
        case Form::kAddTherapist: {
            auto name = validateTherapistForm(therapist_form_);
            if (!name) return name.error();
            if (Status s = callbacks_.add_therapist(*name); !s) return s;
            notice_ = "Therapist " + *name + " added.";
            return {};
        }
        case Form::kGrantConsent: {
            if (child == nullptr) return Error{"choose a child"};
            auto consent = validateConsentForm(consent_form_, utcNow());
            if (!consent) return consent.error();
            if (Status s = callbacks_.grant_consent(child->code, *consent); !s) return s;
            notice_ = "Consent to " + wordForPeople(consent->scope, "") + " granted.";
            return {};
        }
        case Form::kRevokeConsent: {
            if (Status s = callbacks_.revoke_consent(revoke_form_); !s) return s;
            notice_ = "Consent revoked.";
            return {};
        }
        case Form::kProgram: {
            if (child == nullptr) return Error{"choose a child"};
            auto program = validateProgramForm(program_form_, records_.therapists);
            if (!program) return program.error();
            if (Status s = callbacks_.save_program(child->code, *program); !s) return s;
            notice_ = std::string("Program ") + program->behaviour +
                      (program->adding ? " added." : " changed.");
            return {};
        }
        case Form::kScreenPrefs: {
            if (child == nullptr) return Error{"choose a child"};
            auto prefs = validateScreenPrefsForm(screen_form_, child->screen);
            if (!prefs) return prefs.error();
            if (Status s = callbacks_.save_screen_prefs(child->code, *prefs); !s) return s;
            notice_ = "The screen's choices for " + child->code + " saved.";
            return {};
        }
        case Form::kSession: {
            auto request = validateSessionForm(session_form_, records_.therapists);
            if (!request) return request.error();
            if (callbacks_.check_session) {
                if (Status s = callbacks_.check_session(*request); !s) return s;
            }
            session_request_ = std::move(request).value();
            return {};
        }
        case Form::kNone:
            break;
    }
    return Error{"no form is open"};
}

std::vector<std::string> ChildrenPanel::behaviourNames() const {
    std::vector<std::string> names;
    for (const BehaviourChoice& b : behaviours_)
        names.push_back(b.name);
    return names;
}

std::vector<std::string> ChildrenPanel::behavioursWithoutProgram() const {
    std::vector<std::string> names;
    const ChildEntry* child = selectedChild();
    for (const BehaviourChoice& b : behaviours_) {
        const bool has = child != nullptr &&
                         std::any_of(child->programs.begin(), child->programs.end(),
                                     [&](const ProgramEntry& p) { return p.behaviour == b.name; });
        if (!has) names.push_back(b.name);
    }
    return names;
}

const BehaviourChoice* ChildrenPanel::behaviour(const std::string& name) const {
    for (const BehaviourChoice& b : behaviours_) {
        if (b.name == name) return &b;
    }
    return nullptr;
}

// ---- Drawing ----

void ChildrenPanel::draw(float list_width) {
    ImGui::BeginChild("children", ImVec2(list_width, 0.0f), true);
    drawList();
    ImGui::EndChild();
    ImGui::SameLine();
    // A form scrolls its own fields; its buttons stay put.
    const ImGuiWindowFlags flags =
        form_ != Form::kNone ? ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse
                             : 0;
    ImGui::BeginChild("child", ImVec2(0.0f, 0.0f), true, flags);
    const ChildEntry* child = selectedChild();
    if (form_ != Form::kNone) {
        drawForm();
    } else if (child != nullptr) {
        drawChild(*child);
    } else {
        quiet("No child is selected. Add a child to begin.");
    }
    ImGui::EndChild();
}

// While a form is open the list waits: another child chosen mid-form would either lose what
// was typed or receive it, so the form is saved or cancelled first.
void ChildrenPanel::drawList() {
    ImGui::BeginDisabled(form_ != Form::kNone);
    ImGui::TextDisabled("Children");
    alignRight("Add a child");
    if (ImGui::SmallButton("Add a child")) openAddChild();
    if (records_.children.empty()) ImGui::TextWrapped("No children yet.");
    for (std::size_t i = 0; i < records_.children.size(); ++i) {
        const ChildEntry& child = records_.children[i];
        const std::string id = "##child" + std::to_string(i);
        const std::string programs = std::to_string(child.programs.size()) +
                                     (child.programs.size() == 1 ? " program" : " programs");
        if (twoLineRow(id.c_str(), child.code,
                       child.may_record ? "may be recorded" : "no recording consent", programs,
                       child.code == selected_)) {
            selectChild(child.code);
        }
    }
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::TextDisabled("Therapists");
    alignRight("Add a therapist");
    if (ImGui::SmallButton("Add a therapist")) openAddTherapist();
    if (records_.therapists.empty()) quiet("None yet.");
    for (const std::string& name : records_.therapists)
        ImGui::TextUnformatted(name.c_str());
    ImGui::EndDisabled();
}

void ChildrenPanel::drawChild(const ChildEntry& child) {
    ImGui::Text("%s", child.code.c_str());
    // Both buttons at the right end of the child's line.
    const ImGuiStyle& style = ImGui::GetStyle();
    const float review_width =
        ImGui::CalcTextSize("Review recordings...").x + 2.0f * style.FramePadding.x;
    const float session_width =
        ImGui::CalcTextSize("Start a session...").x + 2.0f * style.FramePadding.x;
    ImGui::SameLine(ImGui::GetContentRegionMax().x - review_width - style.ItemSpacing.x -
                    session_width);
    if (ImGui::Button("Review recordings...")) openReview();
    if (ImGui::IsItemHovered()) {
        ImGui::SetTooltip("The child's sessions and trials: watch each beside its model, code it");
    }
    ImGui::SameLine();
    if (ImGui::Button("Start a session...")) openStartSession();
    if (!notice_.empty()) quiet(notice_);
    problemLine(message_);
    ImGui::Separator();
    drawConsents(child);
    ImGui::Spacing();
    ImGui::Separator();
    drawPrograms(child);
    ImGui::Spacing();
    ImGui::Separator();
    drawProgress(child);
    ImGui::Spacing();
    ImGui::Separator();
    drawIoa();
    ImGui::Spacing();
    ImGui::Separator();
    drawScreenPrefs(child);
}

// Room for the graph: its labels stay legible and ten sessions' points are easy to click.
constexpr float kProgressGraphHeight = 220.0f;

void ChildrenPanel::drawProgress(const ChildEntry& child) {
    heading("Progress");
    if (child.programs.empty()) {
        quiet("A program's accuracy per session shows here once it has sessions.");
        return;
    }
    std::vector<std::string> programs;
    int shown = 0;
    for (const ProgramEntry& p : child.programs) {
        if (p.behaviour == progress_behaviour_) shown = static_cast<int>(programs.size());
        programs.push_back(p.behaviour);
    }
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Program");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(kFieldWidth / 2);
    if (pickWord("##progress-program", shown, programs)) showProgress(programs[shown]);
    problemLine(review_problem_);
    progress_.draw(kProgressGraphHeight);
}

void ChildrenPanel::drawIoa() {
    heading("Second observers (IOA)");
    quiet(
        "The share of each phase's sessions coded blind by a second observer, and the trials "
        "to give one next (spread over the phase).");
    ioa_.draw();
}

void ChildrenPanel::drawScreenPrefs(const ChildEntry& child) {
    heading("The child's screen");
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Reward and cue");
    alignRight("Change##screen");
    if (ImGui::SmallButton("Change##screen")) openScreenPrefs();
    ImGui::Indent();
    quiet(screenPrefsSummary(child.screen));
    ImGui::Unindent();
}

void ChildrenPanel::drawConsents(const ChildEntry& child) {
    heading("Consents");
    if (child.consents.empty()) quiet("None on file: nothing may be recorded.");
    for (const ConsentEntry& c : child.consents) {
        ImGui::PushID(static_cast<int>(c.id));
        const std::string state = consentState(c);
        std::string when = "granted " + dayOf(c.granted_at);
        if (c.revoked_at) {
            when += ", revoked " + dayOf(*c.revoked_at);
        } else {
            when += c.expires_at ? ", until " + dayOf(*c.expires_at) : ", without end";
        }
        ImGui::AlignTextToFramePadding();
        ImGui::Text("%s", wordForPeople(c.scope, "").c_str());
        ImGui::SameLine(240.0f);
        ImGui::PushStyleColor(ImGuiCol_Text, toImVec4(c.current ? kText : kQuietText));
        ImGui::Text("%s", state.c_str());
        ImGui::PopStyleColor();
        if (c.current) {
            alignRight("Revoke");
            if (ImGui::SmallButton("Revoke")) askRevoke(c.id);
        }
        ImGui::Indent();
        quiet("by " + c.granted_by + ", " + when);
        ImGui::Unindent();
        ImGui::PopID();
    }
    if (ImGui::Button("Grant a consent...")) openGrantConsent();
}

void ChildrenPanel::drawPrograms(const ChildEntry& child) {
    heading("Programs");
    if (child.programs.empty()) quiet("No programs yet.");
    for (const ProgramEntry& p : child.programs) {
        ImGui::PushID(p.behaviour.c_str());
        const ProgramSettings& s = p.settings;
        ImGui::AlignTextToFramePadding();
        ImGui::Text("%s", p.behaviour.c_str());
        ImGui::SameLine(240.0f);
        ImGui::Text("%s", s.phase.c_str());
        alignRight("Change");
        if (ImGui::SmallButton("Change")) openChangeProgram(p.behaviour);
        std::string clip_title;
        if (const BehaviourChoice* b = behaviour(p.behaviour)) {
            for (const ClipChoice& clip : b->clips) {
                if (clip.id == s.chosen_clip_id) clip_title = clip.title;
            }
        }
        ImGui::Indent();
        quiet("prompts: " + promptsLine(s.prompt_hierarchy));
        quiet("mastery: " + masterySummary(s) + "; reinforcement: " + scheduleSummary(s));
        const std::string settings = settingsLine(s, clip_title);
        if (!settings.empty()) quiet(settings);
        ImGui::Unindent();
        ImGui::PopID();
    }
    if (behaviours_.empty()) {
        quiet("The library has no behaviours yet: import clips to add programs.");
    } else if (behavioursWithoutProgram().empty()) {
        quiet("Every behaviour of the library has a program for this child.");
    } else if (ImGui::Button("Add a program...")) {
        openAddProgram();
    }
}

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
    quiet(
        "A pseudonymous code such as c-017: letters, digits, - _ or ., never a name or a "
        "birth date.");
    ImGui::Spacing();
    label("Code");
    textField("##code", child_form_.code, "c-017");
}

void ChildrenPanel::drawTherapistForm() {
    ImGui::Text("Add a therapist");
    quiet("The people who run sessions, score trials and decide a program's phase.");
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
    quiet("Granted by " + consent->granted_by + " on " + dayOf(consent->granted_at) + ".");
    if (consent->scope == "record") {
        quiet("Recording stops at once, also a practice being recorded now, and " + selected_ +
              " cannot be recorded again until a new consent is granted.");
    }
    quiet("A revoked consent stays revoked; it cannot be undone.");
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

    heading("Prompt hierarchy, most intrusive first");
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

    heading("Mastery criterion");
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

    heading("Reinforcement");
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

    heading("Session settings");
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
    quiet("A copy of each file is kept in the data folder; the file you choose is not changed.");
    heading("Reward after a reinforced trial");
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
    heading("The \"your turn\" cue");
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
    heading("Targets");
    if (f.behaviours.empty()) quiet("The library has no behaviours yet.");
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
