// Editing a trial's coded events as the review window does it (docs/review.md, "The review
// window"): live coding with the scheme's keys (a point key marks the moment; a state key
// starts a state and the same key stops it), removing an event, moving or resizing one, and
// undoing each of these in turn.
//
// Every change is written at once through an EventStore (src/app fills it with the calls
// `mimic code add` and `mimic code remove` make, rules and audit entries included), so a
// window killed at any moment loses nothing but a state still open: a state is stored as a
// zero-length state when its key starts it and replaced by the whole state when it stops.
//
// The store has no "update": a move is a removal and an addition, and an event added again
// by undo gets a new id. The editor keeps its undo steps pointing at the rows they name by
// following each such replacement (old id -> new id), never by matching content.
//
// Threads: one (the UI thread); the store's functions are called on it.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/result.h"
#include "store/review_repository.h"

namespace mimic::review {

// An event as it is written: what `mimic code add` takes.
struct EventDraft {
    std::string coder;
    std::string code;
    std::int64_t start_ms = 0;
    std::optional<std::int64_t> stop_ms;  // none for a point
    std::string modifier;

    bool operator==(const EventDraft&) const = default;
};

EventDraft draftOf(const store::CodedEvent& event);

// Where the events of one trial are kept.
struct EventStore {
    std::function<Result<std::vector<store::CodedEvent>>()> list;
    std::function<Result<std::int64_t>(const EventDraft& event)> add;  // the new row's id
    std::function<Status(std::int64_t event_id)> remove;
};

// What a scheme key did.
struct KeyResult {
    enum class Kind { kPoint, kStarted, kStopped };
    Kind kind = Kind::kPoint;
    std::int64_t id = 0;  // the row written
    EventDraft event;     // as written (a started state is zero-length)
};

class EventEditor {
  public:
    explicit EventEditor(EventStore store) : store_(std::move(store)) {}

    // Reads the trial's events again.
    Status reload();
    const std::vector<store::CodedEvent>& events() const { return events_; }
    // The events as they look at `now_ms`: a state still open reaches the playhead.
    std::vector<store::CodedEvent> eventsAt(std::int64_t now_ms) const;

    // `coder` pressed the key of `code` at `now_ms` (ms of the practice recording).
    Result<KeyResult> codeKey(const std::string& coder, const store::Code& code,
                              std::int64_t now_ms);
    // Whether `coder`'s state `code` was started by its key and not stopped yet.
    bool running(const std::string& coder, const std::string& code) const;
    bool hasOpenStates() const { return !open_states_.empty(); }
    // Stops every open state at `now_ms` (as its key would have); one still at its start stays
    // zero-length. Called when the trial changes or the window closes.
    Status finishOpenStates(std::int64_t now_ms);

    // Removes event `id`; returns what it was.
    Result<EventDraft> remove(std::int64_t id);
    // Replaces event `id` by `now` (a move or a resize); returns the new row's id. When the
    // store refuses, the old row stays as it was and the error is returned.
    Result<std::int64_t> change(std::int64_t id, const EventDraft& now);

    bool canUndo() const { return !undo_.empty(); }
    // Takes back the newest change; an error when there is none or the store refuses.
    Status undo();

    std::int64_t eventsAdded() const { return added_; }

  private:
    // One change as undo takes it back: rows added (to remove) and rows removed (to add
    // again, with the id each had).
    struct Step {
        std::vector<std::int64_t> added;
        std::vector<std::pair<std::int64_t, EventDraft>> removed;
    };
    const store::CodedEvent* find(std::int64_t id) const;
    Result<std::int64_t> add(const EventDraft& event);
    // Adds `now`, then removes row `id`; the new row's id. When either is refused, row `id`
    // is kept as it was and the error returned.
    Result<std::int64_t> swap(std::int64_t id, const EventDraft& now);
    // Row `from` is now row `to`: every step and open state that named it follows.
    void replaced(std::int64_t from, std::int64_t to);
    void forgetOpenState(std::int64_t id);

    EventStore store_;
    std::vector<store::CodedEvent> events_;
    // A state started by its key and not stopped: (coder, code) -> (row id, start ms).
    std::map<std::pair<std::string, std::string>, std::pair<std::int64_t, std::int64_t>>
        open_states_;
    std::vector<Step> undo_;
    std::int64_t added_ = 0;
};

}  // namespace mimic::review
