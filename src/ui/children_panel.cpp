#include "ui/children_panel.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <utility>

#include "ui/theme.h"
#include "ui/widgets.h"

namespace mimic::ui {

namespace {

// Puts the next button, labelled `label`, at the right end of the current line.
void alignRight(const char* label) {
    const float width = ImGui::CalcTextSize(label).x + 2.0f * ImGui::GetStyle().FramePadding.x;
    ImGui::SameLine(ImGui::GetContentRegionMax().x - width);
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
    : behaviours_(std::move(behaviours)), callbacks_(std::move(callbacks)) {
    // A trial chosen under the graph or in the IOA view opens in review at its practice start.
    progress_.setOpenTrial([this](std::int64_t trial) { openReview(trial); });
    ioa_.setOpenTrial([this](std::int64_t trial) { openReview(trial); });
}

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

void ChildrenPanel::openReview(std::optional<std::int64_t> trial) {
    if (const ChildEntry* child = selectedChild()) {
        review_request_ = ReviewRequest{child->code, trial};
        ++changes_;
    }
}

std::optional<ReviewRequest> ChildrenPanel::takeReviewRequest() {
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
        quietText("No child is selected. Add a child to begin.");
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
    if (records_.therapists.empty()) quietText("None yet.");
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
    if (!notice_.empty()) quietText(notice_);
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
constexpr float kProgramPickWidth = 210.0f;

void ChildrenPanel::drawProgress(const ChildEntry& child) {
    sectionHeading("Progress");
    if (child.programs.empty()) {
        quietText("A program's accuracy per session shows here once it has sessions.");
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
    ImGui::SetNextItemWidth(kProgramPickWidth);
    if (pickWord("##progress-program", shown, programs)) showProgress(programs[shown]);
    problemLine(review_problem_);
    progress_.draw(kProgressGraphHeight);
}

void ChildrenPanel::drawIoa() {
    sectionHeading("Second observers (IOA)");
    quietText(
        "The share of each phase's sessions coded blind by a second observer, and the trials "
        "to give one next (spread over the phase).");
    ioa_.draw();
}

void ChildrenPanel::drawScreenPrefs(const ChildEntry& child) {
    sectionHeading("The child's screen");
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Reward and cue");
    alignRight("Change##screen");
    if (ImGui::SmallButton("Change##screen")) openScreenPrefs();
    ImGui::Indent();
    quietText(screenPrefsSummary(child.screen));
    ImGui::Unindent();
}

void ChildrenPanel::drawConsents(const ChildEntry& child) {
    sectionHeading("Consents");
    if (child.consents.empty()) quietText("None on file: nothing may be recorded.");
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
        quietText("by " + c.granted_by + ", " + when);
        ImGui::Unindent();
        ImGui::PopID();
    }
    if (ImGui::Button("Grant a consent...")) openGrantConsent();
}

void ChildrenPanel::drawPrograms(const ChildEntry& child) {
    sectionHeading("Programs");
    if (child.programs.empty()) quietText("No programs yet.");
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
        quietText("prompts: " + promptsLine(s.prompt_hierarchy));
        quietText("mastery: " + masterySummary(s) + "; reinforcement: " + scheduleSummary(s));
        const std::string settings = settingsLine(s, clip_title);
        if (!settings.empty()) quietText(settings);
        ImGui::Unindent();
        ImGui::PopID();
    }
    if (behaviours_.empty()) {
        quietText("The library has no behaviours yet: import clips to add programs.");
    } else if (behavioursWithoutProgram().empty()) {
        quietText("Every behaviour of the library has a program for this child.");
    } else if (ImGui::Button("Add a program...")) {
        openAddProgram();
    }
}

}  // namespace mimic::ui
