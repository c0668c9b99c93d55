#include "ui/library_curation.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include <imgui.h>

#include "ui/layout.h"
#include "ui/library_window.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace mimic::ui {
namespace {

// A clip row's thumbnail, 16:9 (a picture of another shape is fitted inside).
constexpr float kThumbWidth = 64.0f;
constexpr float kThumbHeight = 36.0f;

const std::vector<std::string>& modelKinds() {
    static const std::vector<std::string> kinds{"peer", "adult", "self", "point-of-view"};
    return kinds;
}

void copyInto(char* buffer, std::size_t size, const std::string& text) {
    std::snprintf(buffer, size, "%s", text.c_str());
}

}  // namespace

CurationPanel::CurationPanel(CurationCallbacks callbacks, std::vector<BehaviourEntry> library)
    : callbacks_(std::move(callbacks)), library_(std::move(library)) {}

CurationPanel::~CurationPanel() = default;

const std::vector<BehaviourEntry>& CurationPanel::library() const {
    return library_;
}

void CurationPanel::queueImport(const std::filesystem::path& file) {
    if (!importing()) {
        // A new batch: the last one's lines go.
        import_queue_.clear();
        import_done_ = 0;
        refusals_.clear();
        notice_.clear();
    }
    import_queue_.push_back(file);
}

void CurationPanel::importNext(const std::string& behaviour) {
    if (!importing()) return;
    const std::filesystem::path file = import_queue_[import_done_++];
    auto imported = callbacks_.import_file(file, behaviour);
    if (imported) {
        ++imported_;
        notice_ = *imported;
    } else {
        // Nothing was written for it (importClip takes back what it added).
        refusals_.push_back(imported.error().message);
    }
    if (!importing()) reload_pending_ = true;
}

void CurationPanel::refresh() {
    if (!reload_pending_) return;
    reload_pending_ = false;
    reload();
}

void CurationPanel::reload() {
    auto library = callbacks_.reload();
    if (!library) {
        message_ = library.error().message;
        return;
    }
    library_ = std::move(*library);
    ++changes_;
    if (steps_clip_id_ >= 0) loadSteps(steps_clip_id_);
    if (!search_text_.empty()) setSearch(search_text_);
    form_clip_id_ = -1;  // the forms show the stored values again
}

bool CurationPanel::changed(const Status& status, const std::string& done) {
    if (!status) {
        message_ = status.error().message;
        return false;
    }
    message_.clear();
    notice_ = done;
    reload_pending_ = true;
    return true;
}

void CurationPanel::undo() {
    if (!callbacks_.undo) return;
    auto undone = callbacks_.undo();
    if (!undone) {
        message_ = undone.error().message;
        return;
    }
    changed(Status{}, "Undone: " + *undone);
}

void CurationPanel::setSearch(const std::string& text) {
    search_text_ = text;
    copyInto(search_buffer_, sizeof(search_buffer_), text);
    hits_ = {};
    if (text.empty() || !callbacks_.search) return;
    auto hits = callbacks_.search(text);
    if (!hits) {
        message_ = hits.error().message;
        return;
    }
    hits_ = std::move(*hits);
}

void CurationPanel::drawTop() {
    ImGui::SetNextItemWidth(-1.0f);
    if (ImGui::InputTextWithHint("##search", "Search behaviours and clips", search_buffer_,
                                 sizeof(search_buffer_))) {
        setSearch(search_buffer_);
    }
    const float button = ImGui::CalcTextSize("Import").x + ImGui::GetStyle().FramePadding.x * 4;
    ImGui::SetNextItemWidth(-button);
    const bool entered =
        ImGui::InputTextWithHint("##import", "Drop files here, or type a file's path", import_path_,
                                 sizeof(import_path_), ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::SameLine();
    if ((ImGui::Button("Import") || entered) && import_path_[0] != '\0') {
        queueImport(std::filesystem::path(import_path_));
        import_path_[0] = '\0';
    }
    if (importing()) {
        const float done = static_cast<float>(import_done_) /
                           static_cast<float>(std::max<std::size_t>(1, import_queue_.size()));
        const std::string what = "Importing " + std::to_string(import_done_ + 1) + " of " +
                                 std::to_string(import_queue_.size()) + ": " +
                                 import_queue_[import_done_].filename().string();
        ImGui::ProgressBar(done, ImVec2(-1.0f, 0.0f), what.c_str());
    }
    for (const std::string& refused : refusals_)
        problemLine(refused);
    if (!notice_.empty()) quietText(notice_);
    problemLine(message_);
    const std::string next = callbacks_.next_undo ? callbacks_.next_undo() : std::string();
    if (!next.empty()) {
        if (ImGui::SmallButton(("Undo " + next).c_str())) undo();
        ImGui::SameLine();
        ImGui::TextDisabled("Ctrl+Z");
    }
}

bool CurationPanel::clipRow(const ClipEntry& clip, bool selected, int index) {
    const ImVec2 pad = ImGui::GetStyle().FramePadding;
    const std::string id = "##clip" + std::to_string(index);
    const bool clicked =
        ImGui::Selectable(id.c_str(), selected, 0, ImVec2(0.0f, kThumbHeight + pad.y));
    const ImVec2 min = ImGui::GetItemRectMin();
    const ImVec2 max = ImGui::GetItemRectMax();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const Rect box{min.x + pad.x, (min.y + max.y - kThumbHeight) / 2.0f, kThumbWidth, kThumbHeight};
    draw->AddRectFilled(ImVec2(box.x, box.y), ImVec2(box.x + box.width, box.y + box.height),
                        toImU32(kStage));
    if (const auto thumb = thumbnails_.get(clip.thumbnail)) {
        const Rect at = fitPicture(thumb->width, thumb->height, box);
        draw->AddImage(reinterpret_cast<void*>(static_cast<std::uintptr_t>(thumb->name)),
                       ImVec2(at.x, at.y), ImVec2(at.x + at.width, at.y + at.height));
    }
    const float line = ImGui::GetTextLineHeight();
    const float text_x = box.x + kThumbWidth + pad.x * 2.0f;
    const float text_y = (min.y + max.y) / 2.0f - line;
    draw->AddText(ImVec2(text_x, text_y), toImU32(kText), clip.title.c_str());
    std::string quiet = formatDuration(clip.duration_us);
    if (!clip.model_kind.empty()) quiet += "  " + wordForPeople(clip.model_kind, "");
    draw->AddText(ImVec2(text_x, text_y + line), toImU32(kQuietText), quiet.c_str());
    return clicked;
}

CurationPanel::Choice CurationPanel::drawSearchResults() {
    Choice choice;
    ImGui::BeginChild("search results", ImVec2(0.0f, 0.0f), true);
    ImGui::TextDisabled("Behaviours matching \"%s\"", search_text_.c_str());
    if (hits_.behaviours.empty()) quietText("None.");
    for (std::size_t i = 0; i < hits_.behaviours.size(); ++i) {
        const std::string& name = hits_.behaviours[i];
        std::string domain;
        for (const BehaviourEntry& b : library_) {
            if (!b.untagged && b.name == name) domain = b.domain;
        }
        const std::string id = "##hit-behaviour" + std::to_string(i);
        if (twoLineRow(id.c_str(), name, domain, {}, false)) choice.behaviour = name;
    }
    sectionHeading("Clips");
    if (hits_.clip_ids.empty()) quietText("None.");
    int row = 0;
    for (const std::int64_t clip_id : hits_.clip_ids) {
        // The first listing of the clip (a clip may model several behaviours).
        for (const BehaviourEntry& b : library_) {
            const auto found = std::find_if(b.clips.begin(), b.clips.end(),
                                            [&](const ClipEntry& c) { return c.id == clip_id; });
            if (found == b.clips.end()) continue;
            if (clipRow(*found, false, 100000 + row++)) {
                choice.clip_id = clip_id;
                if (!b.untagged) choice.behaviour = b.name;
            }
            break;
        }
    }
    ImGui::EndChild();
    return choice;
}

void CurationPanel::fillForms(const ClipEntry& clip, const BehaviourEntry* behaviour) {
    const std::string behaviour_name = behaviour != nullptr ? behaviour->name : std::string();
    if (form_clip_id_ == clip.id && form_behaviour_ == behaviour_name) return;
    form_clip_id_ = clip.id;
    form_behaviour_ = behaviour_name;
    copyInto(title_, sizeof(title_), clip.title);
    copyInto(notes_, sizeof(notes_), clip.notes);
    const auto& kinds = modelKinds();
    const auto kind = std::find(kinds.begin(), kinds.end(), clip.model_kind);
    kind_index_ = kind == kinds.end() ? 0 : static_cast<int>(kind - kinds.begin());
    copyInto(domain_, sizeof(domain_), behaviour != nullptr ? behaviour->domain : "");
    copyInto(definition_, sizeof(definition_), behaviour != nullptr ? behaviour->definition : "");
}

void CurationPanel::drawClipForm(const ClipEntry& clip) {
    const float label = 110.0f;
    ImGui::TextUnformatted("Title");
    ImGui::SameLine(label);
    ImGui::SetNextItemWidth(-1.0f);
    ImGui::InputText("##title", title_, sizeof(title_));
    ImGui::TextUnformatted("Model");
    ImGui::SameLine(label);
    ImGui::SetNextItemWidth(200.0f);
    pickWord("##kind", kind_index_, modelKinds());
    ImGui::TextUnformatted("Notes");
    ImGui::SameLine(label);
    ImGui::InputTextMultiline("##notes", notes_, sizeof(notes_),
                              ImVec2(-1.0f, ImGui::GetTextLineHeight() * 2.6f));
    if (ImGui::Button("Save clip")) {
        ClipDetails details{title_, modelKinds()[static_cast<std::size_t>(kind_index_)], notes_};
        changed(callbacks_.edit_clip(clip.id, details),
                "Clip " + std::to_string(clip.id) + " saved.");
    }
    ImGui::SameLine();
    ImGui::PushStyleColor(ImGuiCol_Button, toImVec4(kProblemSoft));
    if (ImGui::Button("Archive clip")) {
        changed(callbacks_.archive(clip.id), "Clip " + std::to_string(clip.id) +
                                                 " archived: out of the lists, kept for the "
                                                 "trials that showed it.");
    }
    ImGui::PopStyleColor();
    ImGui::TextUnformatted("Tagged with");
    ImGui::SameLine(label);
    bool first = true;
    for (const BehaviourEntry& b : library_) {
        if (b.untagged) continue;
        bool tagged = std::find(clip.behaviours.begin(), clip.behaviours.end(), b.name) !=
                      clip.behaviours.end();
        if (!first) ImGui::SameLine();
        first = false;
        if (ImGui::Checkbox(b.name.c_str(), &tagged)) {
            changed(callbacks_.tag(clip.id, b.name, tagged),
                    "Clip " + std::to_string(clip.id) +
                        (tagged ? " tagged with " : " untagged from ") + b.name + ".");
        }
    }
}

void CurationPanel::drawBehaviourForm(const BehaviourEntry* behaviour) {
    if (behaviour == nullptr || behaviour->untagged) {
        quietText("Choose a behaviour in the list to edit its domain and definition.");
        return;
    }
    const float label = 110.0f;
    ImGui::Text("%s", behaviour->name.c_str());
    ImGui::TextUnformatted("Domain");
    ImGui::SameLine(label);
    ImGui::SetNextItemWidth(-1.0f);
    ImGui::InputText("##domain", domain_, sizeof(domain_));
    ImGui::TextUnformatted("Definition");
    ImGui::SameLine(label);
    ImGui::InputTextMultiline("##definition", definition_, sizeof(definition_),
                              ImVec2(-1.0f, ImGui::GetTextLineHeight() * 3.6f));
    if (ImGui::Button("Save behaviour")) {
        changed(callbacks_.edit_behaviour(behaviour->name, domain_, definition_),
                "Behaviour " + behaviour->name + " saved.");
    }
}

}  // namespace mimic::ui
