// Curating the library in the window's Library tab (issue 16): importing dropped or named
// files with a progress bar and one line per refused file, thumbnails in the clip lists, a
// search box over the ranked search, editing a clip (title, model kind, notes, tags,
// archive) and a behaviour (domain, definition), and marking the steps of the clip that
// plays on a strip under it (I marks in, O marks out at the picture shown, Enter keeps the
// range as the next step, the arrows step a picture, the edges drag frame by frame). Every
// change goes through the callbacks, which write it with its audit entry and keep its
// inverse for Undo (Ctrl+Z).
//
// The ui takes plain structs and callbacks filled by src/app from the store; the rules of
// the steps (frame-exact times, order, overlaps) are review/clip_steps.h.
//
// Threads: the UI/GL thread only (the thumbnails are GL textures).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "review/clip_steps.h"
#include "review/timeline.h"

namespace mimic::ui {

struct BehaviourEntry;
struct ClipEntry;
class ClipPlayer;

struct ClipDetails {
    std::string title;
    std::string model_kind;  // "peer", "adult", "self", "point-of-view"
    std::string notes;
};

struct SearchHits {
    std::vector<std::string> behaviours;  // names, best first
    std::vector<std::int64_t> clip_ids;   // best first
};

// Each changing call writes the change and its audit entry in one transaction and keeps
// its inverse for `undo`; a refusal is one line for the person and changes nothing.
struct CurationCallbacks {
    // The library as the lists show it (archived clips left out). Unset: no curation.
    std::function<Result<std::vector<BehaviourEntry>>()> reload;
    // Imports one file as `mimic library import` does, tagged with `behaviour` when not
    // empty; the line says what happened ("hello.mp4: clip 7").
    std::function<Result<std::string>(const std::filesystem::path& file,
                                      const std::string& behaviour)>
        import_file;
    std::function<Result<SearchHits>(const std::string& text)> search;
    std::function<Status(std::int64_t clip_id, const std::string& behaviour, bool tag)> tag;
    std::function<Status(std::int64_t clip_id, const ClipDetails& details)> edit_clip;
    std::function<Status(std::int64_t clip_id)> archive;
    std::function<Status(const std::string& behaviour, const std::string& domain,
                         const std::string& definition)>
        edit_behaviour;
    // The clip's steps (segments with a step number) in step order.
    std::function<Result<std::vector<review::StepSegment>>(std::int64_t clip_id)> load_steps;
    // Stores the steps given (id 0: a new one, of `behaviour`) as one change.
    std::function<Status(std::int64_t clip_id, const std::string& behaviour,
                         const std::vector<review::StepSegment>& steps)>
        save_steps;
    std::function<Status(std::int64_t segment_id)> delete_step;
    // Takes back the latest change of this run; returns what it was.
    std::function<Result<std::string>()> undo;
    // What undo would take back; empty when nothing.
    std::function<std::string()> next_undo;
    // The presentation times of a clip's frames (for dragged edges to land on a frame).
    std::function<Result<std::vector<std::int64_t>>(const std::filesystem::path& clip)> frame_times;
};

// Thumbnails as GL textures, loaded once per file (a file that cannot be read is
// remembered as such and shows none). Must be destroyed with the GL context current.
class ThumbnailCache {
  public:
    ThumbnailCache() = default;
    ThumbnailCache(const ThumbnailCache&) = delete;
    ThumbnailCache& operator=(const ThumbnailCache&) = delete;
    ~ThumbnailCache();

    struct Texture {
        unsigned int name = 0;
        int width = 0;
        int height = 0;
    };
    // The texture of the PNG at `path` (read through media::readMediaBytes, so a sealed
    // one too when the folder is unlocked); nullopt when it cannot be shown.
    std::optional<Texture> get(const std::filesystem::path& path);
    std::size_t loaded() const;

  private:
    std::map<std::filesystem::path, std::optional<Texture>> textures_;
};

// The Library tab's curation state, drawn by the library window (library_window.cpp).
class CurationPanel {
  public:
    CurationPanel(CurationCallbacks callbacks, std::vector<BehaviourEntry> library);
    ~CurationPanel();
    CurationPanel(const CurationPanel&) = delete;
    CurationPanel& operator=(const CurationPanel&) = delete;

    const std::vector<BehaviourEntry>& library() const;
    // Bumps each time the library is read again (the window then finds its clip again).
    std::uint64_t changes() const { return changes_; }

    // Files to import, one per frame (importNext), into the selected behaviour.
    void queueImport(const std::filesystem::path& file);
    bool importing() const { return import_done_ < import_queue_.size(); }
    // Imports the next queued file tagged with `behaviour` (empty: none); the window calls it
    // after drawing a frame, so the bar shows each file as it goes.
    void importNext(const std::string& behaviour);
    // How many files this run imported, and how many it refused.
    int imported() const { return imported_; }
    const std::vector<std::string>& refusals() const { return refusals_; }

    // What the person chose in the panel: a behaviour and/or a clip to play.
    struct Choice {
        std::optional<std::string> behaviour;
        std::optional<std::int64_t> clip_id;
    };
    // Above the lists: the search box, the import field and its button, the progress bar,
    // the lines of the last import and change, and Undo.
    void drawTop();
    bool searching() const { return !search_text_.empty(); }
    // The search's hits instead of the lists.
    Choice drawSearchResults();
    // A clip's row with its thumbnail; true when clicked.
    bool clipRow(const ClipEntry& clip, bool selected, int index);

    // Under the stage: the step strip of the playing clip and the tabs editing it and its
    // behaviour. `clip` and `behaviour` may be null (nothing plays).
    void drawEditor(const ClipEntry* clip, const BehaviourEntry* behaviour, ClipPlayer& player);
    // Height drawEditor takes.
    float editorHeight() const;

    // A key pressed in the Library tab while no field has the keyboard; true when it was
    // curation's (I, O, Enter, arrows, Home, Delete, Ctrl+Z).
    bool onKey(int key, bool ctrl, const ClipEntry* clip, const BehaviourEntry* behaviour,
               ClipPlayer& player);

    void undo();
    // Reads the library and steps again after a change; the window calls it outside drawing
    // (a change made while the lists are drawn must not pull them away under the drawing).
    void refresh();
    // The last problem line; the last quiet line.
    const std::string& message() const { return message_; }
    const std::string& notice() const { return notice_; }
    // For tests: the steps of the clip the editor shows (its id; -1 before one), and how
    // many thumbnails were drawn.
    const std::vector<review::StepSegment>& steps() const { return steps_; }
    std::int64_t stepsClipId() const { return steps_clip_id_; }
    std::size_t thumbnailsShown() const { return thumbnails_.loaded(); }
    // Search as if typed (for tests).
    void setSearch(const std::string& text);

  private:
    // After a change: its line, and the library and steps to read again (refresh); false
    // when it was refused.
    bool changed(const Status& status, const std::string& done);
    void reload();
    void loadSteps(std::int64_t clip_id);
    void fillForms(const ClipEntry& clip, const BehaviourEntry* behaviour);
    void drawStrip(const ClipEntry& clip, ClipPlayer& player);
    void drawStepList(const ClipEntry& clip, const BehaviourEntry* behaviour, ClipPlayer& player);
    void drawClipForm(const ClipEntry& clip);
    void drawBehaviourForm(const BehaviourEntry* behaviour);
    void saveMarkedStep(const ClipEntry& clip, const BehaviourEntry* behaviour);
    bool saveSteps(const ClipEntry& clip, const BehaviourEntry* behaviour,
                   const std::vector<review::StepSegment>& steps, const std::string& done);
    const review::FrameTimes& frameTimes(const ClipEntry& clip);

    CurationCallbacks callbacks_;
    std::vector<BehaviourEntry> library_;
    std::uint64_t changes_ = 0;
    bool reload_pending_ = false;
    ThumbnailCache thumbnails_;

    std::vector<std::filesystem::path> import_queue_;
    std::size_t import_done_ = 0;
    int imported_ = 0;
    std::vector<std::string> refusals_;
    char import_path_[1024] = {};

    std::string search_text_;
    char search_buffer_[256] = {};
    SearchHits hits_;

    std::string message_;
    std::string notice_;

    // The forms, filled from the clip and behaviour they were opened on.
    std::int64_t form_clip_id_ = -1;
    std::string form_behaviour_;
    char title_[256] = {};
    int kind_index_ = 0;
    char notes_[2048] = {};
    char domain_[256] = {};
    char definition_[2048] = {};

    // The steps of the clip the editor shows.
    std::int64_t steps_clip_id_ = -1;
    std::vector<review::StepSegment> steps_;
    std::vector<std::string> step_labels_;  // the label fields, by row
    std::optional<std::int64_t> mark_in_us_;
    std::optional<std::int64_t> mark_out_us_;
    std::int64_t selected_step_ = 0;  // id
    std::filesystem::path frames_of_;
    review::FrameTimes frames_;
    // A step's edge being dragged on the strip.
    struct Drag {
        std::int64_t step_id = 0;
        bool in_edge = true;
        std::int64_t now_us = 0;
    };
    std::optional<Drag> drag_;
};

}  // namespace mimic::ui
