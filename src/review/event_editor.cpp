#include "review/event_editor.h"

#include <algorithm>

namespace mimic::review {

EventDraft draftOf(const store::CodedEvent& event) {
    return {event.record.coder, event.code, event.record.start_ms, event.record.stop_ms,
            event.record.modifier};
}

Status EventEditor::reload() {
    auto events = store_.list();
    if (!events) return events.error();
    events_ = std::move(*events);
    return {};
}

std::vector<store::CodedEvent> EventEditor::eventsAt(std::int64_t now_ms) const {
    std::vector<store::CodedEvent> shown = events_;
    for (const auto& [state, open] : open_states_) {
        for (store::CodedEvent& event : shown) {
            if (event.id == open.first) event.record.stop_ms = std::max(open.second, now_ms);
        }
    }
    return shown;
}

const store::CodedEvent* EventEditor::find(std::int64_t id) const {
    const auto it = std::find_if(events_.begin(), events_.end(),
                                 [&](const store::CodedEvent& e) { return e.id == id; });
    return it == events_.end() ? nullptr : &*it;
}

Result<std::int64_t> EventEditor::add(const EventDraft& event) {
    auto id = store_.add(event);
    if (id) ++added_;
    return id;
}

Result<std::int64_t> EventEditor::swap(std::int64_t id, const EventDraft& now) {
    // The new row first: whatever the store refuses, one of the two is kept.
    auto added = add(now);
    if (!added) return added.error();
    if (Status removed = store_.remove(id); !removed) {
        if (store_.remove(*added)) --added_;
        return removed.error();
    }
    return added;
}

void EventEditor::replaced(std::int64_t from, std::int64_t to) {
    for (Step& step : undo_) {
        std::replace(step.added.begin(), step.added.end(), from, to);
    }
    for (auto& [state, open] : open_states_) {
        if (open.first == from) open.first = to;
    }
}

void EventEditor::forgetOpenState(std::int64_t id) {
    std::erase_if(open_states_, [&](const auto& entry) { return entry.second.first == id; });
}

bool EventEditor::running(const std::string& coder, const std::string& code) const {
    return open_states_.contains({coder, code});
}

Result<KeyResult> EventEditor::codeKey(const std::string& coder, const store::Code& code,
                                       std::int64_t now_ms) {
    const std::string& name = code.record.name;
    if (code.record.kind == store::CodeKind::kPoint) {
        const EventDraft point{coder, name, now_ms, std::nullopt, ""};
        auto id = add(point);
        if (!id) return id.error();
        undo_.push_back({{*id}, {}});
        if (Status read = reload(); !read) return read.error();
        return KeyResult{KeyResult::Kind::kPoint, *id, point};
    }
    const auto open = open_states_.find({coder, name});
    if (open == open_states_.end()) {
        const EventDraft started{coder, name, now_ms, now_ms, ""};
        auto id = add(started);
        if (!id) return id.error();
        open_states_[{coder, name}] = {*id, now_ms};
        undo_.push_back({{*id}, {}});
        if (Status read = reload(); !read) return read.error();
        return KeyResult{KeyResult::Kind::kStarted, *id, started};
    }
    // The same key stops the state: its zero-length row becomes the whole state.
    const auto [started_id, start_ms] = open->second;
    const EventDraft whole{coder, name, std::min(start_ms, now_ms), std::max(start_ms, now_ms), ""};
    auto id = swap(started_id, whole);
    if (!id) return id.error();  // still open, still stored
    open_states_.erase(open);
    // Undo of a stop takes back the whole state, its start with it: the start's own step goes.
    std::erase_if(undo_, [&](const Step& step) {
        return step.removed.empty() && step.added == std::vector<std::int64_t>{started_id};
    });
    undo_.push_back({{*id}, {}});
    if (Status read = reload(); !read) return read.error();
    return KeyResult{KeyResult::Kind::kStopped, *id, whole};
}

Status EventEditor::finishOpenStates(std::int64_t now_ms) {
    const auto states = std::exchange(open_states_, {});
    Status outcome;
    for (const auto& [state, open] : states) {
        const auto [id, start_ms] = open;
        if (now_ms <= start_ms) continue;  // stays zero-length
        auto whole = swap(id, {state.first, state.second, start_ms, now_ms, ""});
        if (!whole) {
            outcome = whole.error();  // stays stored zero-length
            continue;
        }
        replaced(id, *whole);
    }
    if (Status read = reload(); !read) return read;
    return outcome;
}

Result<EventDraft> EventEditor::remove(std::int64_t id) {
    const store::CodedEvent* event = find(id);
    if (event == nullptr) return Error{"no event " + std::to_string(id) + " on this trial"};
    const EventDraft draft = draftOf(*event);
    if (Status removed = store_.remove(id); !removed) return removed.error();
    forgetOpenState(id);
    undo_.push_back({{}, {{id, draft}}});
    if (Status read = reload(); !read) return read.error();
    return draft;
}

Result<std::int64_t> EventEditor::change(std::int64_t id, const EventDraft& now) {
    const store::CodedEvent* event = find(id);
    if (event == nullptr) return Error{"no event " + std::to_string(id) + " on this trial"};
    const EventDraft original = draftOf(*event);
    auto changed = swap(id, now);
    if (!changed) return changed.error();  // the original stays
    forgetOpenState(id);
    undo_.push_back({{*changed}, {{id, original}}});
    if (Status read = reload(); !read) return read.error();
    return *changed;
}

Status EventEditor::undo() {
    if (undo_.empty()) return Error{"Nothing to undo."};
    const Step step = std::move(undo_.back());
    undo_.pop_back();
    Status outcome;
    for (const std::int64_t id : step.added) {
        forgetOpenState(id);
        if (Status removed = store_.remove(id); !removed) outcome = removed;
    }
    for (const auto& [old_id, draft] : step.removed) {
        auto again = add(draft);
        if (!again) {
            outcome = again.error();
            continue;
        }
        replaced(old_id, *again);
    }
    if (Status read = reload(); !read) return read;
    return outcome;
}

}  // namespace mimic::review
