// The library window: what a therapist sees when `mimic` starts on a machine with a
// display. Two tabs:
// - Library: the behaviours (name, domain) and, for the selected one, its modelling clips
//   (title, duration); selecting a clip plays it in the window with its sound, from the
//   start. Space pauses and resumes. With curation callbacks the tab also imports, searches,
//   edits and marks steps (library_curation.h).
// - Children (when the caller gives ClinicalCallbacks): the children with their consents
//   and programs, the forms that change them, and "Start a session..." (children_panel.h).
//   Starting a session ends the window's run with the request in its report.
// Esc closes an open form, else quits; closing the window quits. While a text field has the
// keyboard, keys go to it.
//
// The window takes plain structs and callbacks, filled by the caller (src/app) from the
// store: the ui module needs neither SQL nor the store.
//
// Threads: runLibraryWindow runs on the calling thread, which becomes the UI/GL thread for
// its duration; the clip plays on the player engine's threads and SDL's audio thread (see
// clip_player.h). Only one window may run at a time in a process.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "ui/children_panel.h"
#include "ui/clinical_forms.h"
#include "ui/library_curation.h"
#include "ui/screen_lock.h"

namespace mimic::ui {

struct ClipEntry {
    std::string title;
    std::filesystem::path path;  // absolute (DataDir::absolute of the stored path)
    std::int64_t duration_us = 0;
    std::int64_t id = 0;  // the store's, for a program's chosen clip; 0 if none
    // For curation (library_curation.h); empty when not known.
    std::filesystem::path thumbnail{};  // absolute; may be sealed in an encrypted folder
    std::string model_kind{};           // "peer", "adult", "self", "point-of-view"
    std::string notes{};
    std::vector<std::string> behaviours{};  // the names it is tagged with
};

struct BehaviourEntry {
    std::string name;
    std::string domain;  // e.g. "social communication"
    std::vector<ClipEntry> clips;
    std::string definition{};
    // The group of clips tagged with no behaviour (its name is only shown): not a behaviour.
    bool untagged = false;
};

// What happened while the window ran; also handed to WindowOptions::on_frame.
struct WindowReport {
    std::int64_t frames_drawn = 0;
    std::int64_t clips_started = 0;
    // Of the clip playing or last played:
    std::int64_t pictures_shown = 0;
    std::int64_t pictures_dropped = 0;  // decoded but late: a later picture was due
    double seconds_played = 0.0;        // media time played, pauses excluded
    bool paused = false;
    bool clip_finished = false;
    bool audio_played = false;  // an audio device took the clip's sound
    bool snapshot_written = false;
    bool locked = false;  // the lock screen is shown (WindowOptions::lock)
    std::string message;  // the last problem line shown in the window, empty if none
    // Set when the therapist started a session: the window closed for it.
    std::optional<SessionRequest> session_request;
    // Set when the therapist asked to review a child's recordings: the window closed for the
    // review window.
    std::optional<ReviewRequest> review_request;
};

struct WindowOptions {
    std::string title = "mimic";
    int width = 1280;
    int height = 720;
    // Automation, for tests, demos and screenshots:
    double quit_after_seconds = 0.0;   // > 0: quit this long after the window opened
    bool autoplay_first_clip = false;  // play the first behaviour's first clip at once
    bool quit_when_clip_ends = false;  // quit once a clip has played to its end
    // Non-empty: writes a PNG of the window's framebuffer (as drawn, before the swap) at
    // the first frame drawn `snapshot_after_seconds` or later after the window opened, once
    // a clip that is starting shows its first picture (or fails). `quit_after_seconds`
    // waits for it.
    std::filesystem::path snapshot_png;
    double snapshot_after_seconds = 1.0;
    // Test hook: called on the UI thread after every drawn frame with the seconds since
    // the window opened and the report so far.
    std::function<void(double seconds, const WindowReport& report)> on_frame;
    // Opens on the Children tab (when there is one) instead of the Library.
    bool start_in_children = false;
    // Lines shown at the top of the Children tab when the window opens (e.g. how the
    // session it started went): a quiet notice and a problem line.
    std::string children_notice;
    std::string children_problem;
    // The child selected when the window opens (its code); the first child when empty.
    std::string children_selected;
    // Test hook: called on the UI thread before each frame is drawn, with the Children tab's
    // panel, to fill and submit its forms through the functions its buttons call. A call
    // draws at least one more frame.
    std::function<void(double seconds, ChildrenPanel& panel)> drive_children;
    // In an encrypted data folder: the lock the therapist's windows share (screen_lock.h);
    // while it is locked the window shows the lock screen only and its clip pauses.
    ScreenLock* lock = nullptr;
    // Set (its `reload` is): the Library tab curates (library_curation.h): imports dropped or
    // named files, searches, edits clips and behaviours, marks a clip's steps, undoes.
    CurationCallbacks curation;
    // Test hook: called on the UI thread before each frame is drawn, to push events (an
    // SDL_DROPFILE) or look at the panel. A call draws at least one more frame.
    std::function<void(double seconds, CurationPanel& panel)> drive_curation;
};

// Opens the window and runs it until the person quits (or an automation option ends it).
// Problems with a clip (missing file, decode error) show as one line in the window and in
// the report; only failing to create the window or its GL context is an error here.
Result<WindowReport> runLibraryWindow(const std::vector<BehaviourEntry>& library,
                                      const WindowOptions& options);
// With the Children tab over `clinical` (its `load` must be set). A failing first load is
// an error here; later failures show as one line in the window.
Result<WindowReport> runLibraryWindow(const std::vector<BehaviourEntry>& library,
                                      const ClinicalCallbacks& clinical,
                                      const WindowOptions& options);

// Whether a window can be shown: DISPLAY or WAYLAND_DISPLAY is set (non-empty), or
// SDL_VIDEODRIVER is "offscreen" (headless GL, used by the tests).
bool displayAvailable();

}  // namespace mimic::ui
