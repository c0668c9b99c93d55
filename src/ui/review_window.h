// The review window (docs/review.md, "The review window"): one child's sessions and trials;
// for the trial chosen, the model clip and the practice recording side by side in lock step
// on one transport (review_transport.h), the timeline strip under them with each coder's
// events, the scheme's codes with their keys, live coding with those keys while it plays
// (BORIS style: a point key marks now, a state key starts a state and the same key stops it),
// dragging an event to move it or an edge to resize it, deleting, undo (Ctrl+Z), and the
// trial's outcome, prompt level and notes. A blind second observer sees only their own events
// and no score until they press "Finish coding" (review/observers.h); then a blind pair's
// agreement is shown. The editing rules are review::EventEditor's (review/event_editor.h).
//
// Every change is written at once through the callbacks (filled by src/app with the same
// store calls `mimic code add/remove` and scoring make, audit entries included), so a window
// killed at any moment loses nothing but a state still open (which is saved as a
// zero-length state when it starts and replaced by the whole state when it stops).
//
// Keys while no text field has the keyboard: the scheme's keys code; Space plays and pauses;
// Left/Right (or , and .) step a frame back/forward on both; Shift+Left/Right one second;
// Home the practice start; [ and ] set a loop's in and out, \ clears it; 1-4 the speed
// (0.25, 0.5, 0.75, 1x); Delete removes the selected event; Ctrl+Z undoes; Esc closes.
// A self-modelling clip (issue 16): K keeps the loop's range (the child's best stretch), P
// previews the stretches kept one after another, M makes a library clip of them, in order
// (ReviewCallbacks::make_clip).
//
// Threads: runReviewWindow runs on the calling thread, which becomes the UI/GL thread for its
// duration (and calls every callback); the players' threads and SDL's audio thread run
// beside it. Only one window may run at a time in a process.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "review/event_editor.h"
#include "review/lock_step.h"
#include "review/timeline.h"
#include "store/observer_repository.h"
#include "store/review_repository.h"

namespace mimic::ui {

class ScreenLock;

// One trial in the list.
struct ReviewTrialEntry {
    std::int64_t trial_id = 0;
    std::int64_t session_id = 0;
    std::string date;     // the session's start, as stored (ISO-8601 UTC)
    std::string target;   // the behaviour
    std::string outcome;  // store's outcome name ("" when not scored)
    std::string prompt_level;
    std::string notes;
    std::vector<std::string> prompt_levels;  // the program's hierarchy (to choose from)
    std::vector<std::string> coders;         // who coded events on it, by name
    store::TrialObservers observers;         // its blind second observer, who finished
    bool has_recording = false;
};

// A trial opened for review: its two files lined up, its scheme.
struct ReviewTrialOpen {
    review::ReviewTimeline timeline{{}, {}, {}};
    std::filesystem::path model;
    std::filesystem::path practice;  // empty: no recording
    std::string problem;             // one line when the recording is missing or unreadable
    std::vector<store::Code> scheme;
};

// The trial's outcome as the window edits it (the store's names).
struct ScoreEdit {
    std::string outcome;       // "independent", "prompted", "incorrect", "no-response", ""
    std::string prompt_level;  // with "prompted"
    std::string notes;
};

struct ReviewCallbacks {
    std::function<Result<std::vector<ReviewTrialEntry>>()> trials;
    std::function<Result<ReviewTrialOpen>(std::int64_t trial_id)> open;
    std::function<Result<std::vector<store::CodedEvent>>(std::int64_t trial_id)> events;
    // As `mimic code add`: returns the new event's id.
    std::function<Result<std::int64_t>(std::int64_t trial_id, const review::EventDraft& event)>
        add_event;
    // As `mimic code remove ID`.
    std::function<Status(std::int64_t event_id)> remove_event;
    // As scoring does (the other parts of the score stay).
    std::function<Status(std::int64_t trial_id, const ScoreEdit& score)> save_score;
    // As `mimic review --offset`.
    std::function<Status(std::int64_t trial_id, std::int64_t offset_us)> save_offset;
    // The trial's second observer and who finished coding it (the blind rules,
    // review/observers.h); as `mimic observer done`.
    std::function<Result<store::TrialObservers>(std::int64_t trial_id)> observers;
    std::function<Status(std::int64_t trial_id, const std::string& coder)> finish_coding;
    // As `mimic library make-clip --from-trial N --keep ...` (issue 16): a self-modelling clip
    // of the trial's recording, the ranges kept (recording time, in order) joined, with that
    // title; returns the line to show. Unset: the window offers no clip.
    std::function<Result<std::string>(std::int64_t trial_id,
                                      const std::vector<review::LoopRange>& keeps,
                                      const std::string& title)>
        make_clip;
};

struct ReviewWindowOptions {
    std::string title = "mimic: review";
    std::string child;  // the child's code, shown in the list's title
    int width = 1280;
    int height = 800;
    std::optional<std::int64_t> open_trial;  // opened at once (else the first with a recording)
    bool play_at_once = false;               // starts playing when the trial is open
    std::string coder;                       // the coder's name to start with
    bool sound = true;
    // Prints one line per key handled ("<key> t=<s> playing=<0|1> rate=<r> events=<n>").
    bool trace_keys = false;
    // In an encrypted data folder: the lock the therapist's windows share (screen_lock.h).
    ScreenLock* lock = nullptr;
};

struct ReviewWindowReport {
    std::int64_t frames_drawn = 0;
    std::int64_t events_added = 0;
    std::string coder;    // the coder's name when the window closed (to remember)
    std::string message;  // the last problem line shown, empty if none
};

Result<ReviewWindowReport> runReviewWindow(const ReviewCallbacks& callbacks,
                                           const ReviewWindowOptions& options);

}  // namespace mimic::ui
