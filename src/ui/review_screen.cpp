#include "ui/review_screen.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <set>

#include "common/clock.h"
#include "common/log.h"

namespace mimic::ui::review_screen {

std::string clockText(std::int64_t us) {
    const double s = static_cast<double>(std::max<std::int64_t>(0, us)) / 1e6;
    char text[32];
    std::snprintf(text, sizeof text, "%d:%05.2f", static_cast<int>(s / 60.0), std::fmod(s, 60.0));
    return text;
}

ReviewScreen::ReviewScreen(const ReviewCallbacks& callbacks, const ReviewWindowOptions& options)
    : callbacks_(callbacks), options_(options) {
    std::snprintf(coder_, sizeof coder_, "%s", options.coder.c_str());
}

void ReviewScreen::fail(const std::string& line) {
    message_ = line;
    notice_.clear();
    log::warning(line);
}

Status ReviewScreen::loadTrials() {
    auto trials = callbacks_.trials();
    if (!trials) return trials.error();
    trials_ = std::move(*trials);
    return {};
}

std::int64_t ReviewScreen::playheadMs() const {
    if (!transport_) return 0;
    return std::max<std::int64_t>(0, transport_->playhead_us(Clock::now()) / 1000);
}

void ReviewScreen::openTrial(std::int64_t trial_id) {
    finishOpenStates();
    if (editor_) events_added_ += editor_->eventsAdded();
    editor_.reset();
    transport_.reset();
    model_picture_.clear();
    practice_picture_.clear();
    open_.reset();
    selected_event_.reset();
    loop_in_.reset();
    loop_.reset();
    keeps_.clear();
    previewing_.reset();
    message_.clear();
    notice_.clear();
    selected_trial_.reset();
    for (std::size_t i = 0; i < trials_.size(); ++i) {
        if (trials_[i].trial_id == trial_id) selected_trial_ = i;
    }
    auto opened = callbacks_.open(trial_id);
    if (!opened) {
        fail(opened.error().message);
        return;
    }
    open_ = std::move(*opened);
    if (selected_trial_) {
        const ReviewTrialEntry& entry = trials_[*selected_trial_];
        outcome_index_ = 0;
        for (std::size_t i = 0; i < kOutcomes.size(); ++i) {
            if (kOutcomes[i] == entry.outcome) outcome_index_ = static_cast<int>(i);
        }
        prompt_index_ = 0;
        for (std::size_t i = 0; i < entry.prompt_levels.size(); ++i) {
            if (entry.prompt_levels[i] == entry.prompt_level) prompt_index_ = static_cast<int>(i);
        }
        std::snprintf(notes_, sizeof notes_, "%s", entry.notes.c_str());
        review::EventStore store;
        store.list = [this, trial_id] { return callbacks_.events(trial_id); };
        store.add = [this, trial_id](const review::EventDraft& e) {
            return callbacks_.add_event(trial_id, e);
        };
        store.remove = [this](std::int64_t id) { return callbacks_.remove_event(id); };
        editor_.emplace(std::move(store));
    }
    // A review opens where the practice starts.
    transport_ =
        std::make_unique<ReviewTransport>(open_->timeline, open_->model, open_->practice,
                                          open_->timeline.practiceStart_us(), options_.sound);
    reloadObservers();
    reloadEvents();
}

void ReviewScreen::reloadEvents() {
    if (!editor_ || !selected_trial_) return;
    if (Status read = editor_->reload(); !read) {
        fail(read.error().message);
        return;
    }
    // The list's "coded by" follows.
    std::set<std::string> coders;
    for (const store::CodedEvent& event : editor_->events())
        coders.insert(event.record.coder);
    trials_[*selected_trial_].coders.assign(coders.begin(), coders.end());
}

void ReviewScreen::reloadObservers() {
    if (!selected_trial_ || !callbacks_.observers) return;
    ReviewTrialEntry& entry = trials_[*selected_trial_];
    auto observers = callbacks_.observers(entry.trial_id);
    if (!observers) {
        fail(observers.error().message);
        return;
    }
    entry.observers = std::move(*observers);
}

review::CoderView ReviewScreen::view() const {
    if (!selected_trial_) return {};
    return review::coderView(trials_[*selected_trial_].observers, coder_);
}

std::vector<store::CodedEvent> ReviewScreen::shownEvents() const {
    if (!editor_ || !selected_trial_) return {};
    std::vector<store::CodedEvent> shown = editor_->eventsAt(playheadMs());
    return review::visibleEvents(trials_[*selected_trial_].observers, coder_, shown);
}

void ReviewScreen::codeKey(const store::Code& code, std::int64_t now_ms) {
    if (!editor_ || !transport_) return;
    const std::string coder = coder_;
    if (coder.empty()) {
        fail("Type the coder's name (under the codes) before coding.");
        return;
    }
    auto done = editor_->codeKey(coder, code, now_ms);
    if (!done) {
        fail(done.error().message);
        return;
    }
    message_.clear();
    const review::EventDraft& e = done->event;
    switch (done->kind) {
        case review::KeyResult::Kind::kPoint:
            notice_ = e.code + " at " + clockText(e.start_ms * 1000);
            break;
        case review::KeyResult::Kind::kStarted:
            notice_ = e.code + " started at " + clockText(e.start_ms * 1000) + "; press " +
                      code.record.key.value_or("its key") + " again to stop it";
            break;
        case review::KeyResult::Kind::kStopped:
            notice_ = e.code + " " + clockText(e.start_ms * 1000) + " to " +
                      clockText(e.stop_ms.value_or(e.start_ms) * 1000);
            break;
    }
    reloadEvents();
}

void ReviewScreen::finishOpenStates() {
    // A state still open when the trial changes or the window closes stops where the playhead
    // is (as its key would have stopped it).
    if (!editor_ || !editor_->hasOpenStates()) return;
    if (Status finished = editor_->finishOpenStates(playheadMs()); !finished) {
        fail(finished.error().message);
    }
    reloadEvents();
}

void ReviewScreen::undo() {
    if (!editor_ || !editor_->canUndo()) {
        notice_ = "Nothing to undo.";
        return;
    }
    selected_event_.reset();
    if (Status undone = editor_->undo(); !undone) {
        fail(undone.error().message);
    } else {
        message_.clear();
        notice_ = "Undone.";
    }
    reloadEvents();
}

void ReviewScreen::deleteSelected() {
    if (!editor_ || !selected_event_) return;
    auto removed = editor_->remove(*selected_event_);
    if (!removed) {
        fail(removed.error().message);
        return;
    }
    selected_event_.reset();
    message_.clear();
    notice_ = "Removed " + removed->code + " (Ctrl+Z brings it back).";
    reloadEvents();
}

void ReviewScreen::finishCoding() {
    if (!selected_trial_ || !callbacks_.finish_coding) return;
    const std::string coder = coder_;
    finishOpenStates();
    const std::int64_t trial_id = trials_[*selected_trial_].trial_id;
    if (Status finished = callbacks_.finish_coding(trial_id, coder); !finished) {
        fail(finished.error().message);
        return;
    }
    reloadObservers();
    message_.clear();
    notice_ =
        coder + " finished coding trial " + std::to_string(trial_id) + ": those events are final.";
}

void ReviewScreen::saveScore() {
    if (!selected_trial_) return;
    ReviewTrialEntry& entry = trials_[*selected_trial_];
    ScoreEdit score;
    score.outcome = kOutcomes[static_cast<std::size_t>(outcome_index_)];
    if (score.outcome == "prompted" && !entry.prompt_levels.empty()) {
        score.prompt_level = entry.prompt_levels[static_cast<std::size_t>(prompt_index_)];
    }
    score.notes = notes_;
    if (Status saved = callbacks_.save_score(entry.trial_id, score); !saved) {
        fail(saved.error().message);
        return;
    }
    entry.outcome = score.outcome;
    entry.prompt_level = score.prompt_level;
    entry.notes = score.notes;
    message_.clear();
    notice_ = "The outcome of trial " + std::to_string(entry.trial_id) + " is saved.";
}

void ReviewScreen::nudge(std::int64_t by_us) {
    if (!selected_trial_ || !transport_) return;
    const std::int64_t offset = transport_->timeline().alignment().offset_us + by_us;
    transport_->setOffset(offset);
    if (Status saved = callbacks_.save_offset(trials_[*selected_trial_].trial_id, offset); !saved) {
        fail(saved.error().message);
    } else {
        notice_ = "The model is lined up " + std::to_string(offset / 1000) +
                  " ms after the practice start (saved).";
    }
}

bool ReviewScreen::key(const SDL_KeyboardEvent& key) {
    handled_ms_.reset();
    const SDL_Keycode sym = key.keysym.sym;
    const bool ctrl = (key.keysym.mod & KMOD_CTRL) != 0;
    const bool shift = (key.keysym.mod & KMOD_SHIFT) != 0;
    if (ctrl && sym == SDLK_z) {
        undo();
        return true;
    }
    // A scheme key is the scheme's, whatever else it would do (its text event codes it).
    if (open_ && sym > 0 && sym < 128 && std::isprint(sym) != 0 && sym != ' ') {
        for (const store::Code& code : open_->scheme) {
            if (code.record.key &&
                std::tolower(static_cast<unsigned char>((*code.record.key)[0])) == sym) {
                return false;
            }
        }
    }
    if (sym == SDLK_DELETE || sym == SDLK_BACKSPACE) {
        deleteSelected();
        return true;
    }
    if (!transport_) return false;
    const std::int64_t now = transport_->playhead_us(Clock::now());
    switch (sym) {
        case SDLK_SPACE:
            transport_->togglePause();
            return true;
        case SDLK_LEFT:
        case SDLK_RIGHT:
            if (shift) {
                transport_->seek(now + (sym == SDLK_RIGHT ? 1'000'000 : -1'000'000));
            } else {
                transport_->step(sym == SDLK_RIGHT);
            }
            return true;
        case SDLK_COMMA:
        case SDLK_PERIOD:
            transport_->step(sym == SDLK_PERIOD);
            return true;
        case SDLK_HOME:
            transport_->seek(transport_->timeline().practiceStart_us());
            return true;
        case SDLK_LEFTBRACKET:
            loopIn();
            return true;
        case SDLK_RIGHTBRACKET:
            loopOut();
            return true;
        case SDLK_BACKSLASH:
            clearLoop();
            return true;
        case SDLK_k:
            keepLoop();
            return true;
        case SDLK_m:
            makeClip();
            return true;
        case SDLK_p:
            togglePreview();
            return true;
        case SDLK_1:
        case SDLK_2:
        case SDLK_3:
        case SDLK_4:
            transport_->setRate(kRates[static_cast<std::size_t>(sym - SDLK_1)]);
            return true;
        default:
            return false;
    }
}

void ReviewScreen::loopIn() {
    const std::int64_t now = transport_->playhead_us(Clock::now());
    loop_in_ = now;
    notice_ = "Loop from " + clockText(now) + "; ] sets where it ends.";
}

void ReviewScreen::loopOut() {
    const std::int64_t now = transport_->playhead_us(Clock::now());
    if (loop_in_ && now > *loop_in_) {
        loop_ = review::LoopRange{*loop_in_, now};
        transport_->setLoop(loop_);
        notice_ =
            "Looping " + clockText(*loop_in_) + " to " + clockText(now) + "; \\ stops looping.";
    } else {
        fail("Set the loop's start with [ before its end.");
    }
}

void ReviewScreen::clearLoop() {
    transport_->setLoop(std::nullopt);
    loop_in_.reset();
    loop_.reset();
    notice_ = "Not looping.";
}

void ReviewScreen::keepLoop() {
    if (!callbacks_.make_clip || !selected_trial_) return;
    if (!loop_) {
        fail("Mark the stretch to keep with [ and ] first; K keeps it for a self-modelling clip.");
        return;
    }
    const review::LoopRange kept = *loop_;
    for (const review::LoopRange& other : keeps_) {
        if (kept.in_us < other.out_us && kept.out_us > other.in_us) {
            fail("That stretch overlaps one kept already (" + clockText(other.in_us) + " to " +
                 clockText(other.out_us) + ").");
            return;
        }
    }
    keeps_.insert(std::upper_bound(keeps_.begin(), keeps_.end(), kept,
                                   [](const review::LoopRange& a, const review::LoopRange& b) {
                                       return a.in_us < b.in_us;
                                   }),
                  kept);
    clearLoop();
    // On from the stretch's end: the next one to keep comes after it.
    transport_->seek(kept.out_us);
    std::int64_t total = 0;
    for (const review::LoopRange& k : keeps_)
        total += k.out_us - k.in_us;
    char line[160];
    std::snprintf(line, sizeof line, "Kept %s to %s: %zu stretch(es), %.1f s; M makes the clip.",
                  clockText(kept.in_us).c_str(), clockText(kept.out_us).c_str(), keeps_.size(),
                  static_cast<double>(total) / 1e6);
    notice_ = line;
}

void ReviewScreen::togglePreview() {
    if (!callbacks_.make_clip || !transport_) return;
    if (previewing_) {
        previewing_.reset();
        transport_->pause();
        notice_ = "Preview stopped.";
        return;
    }
    if (keeps_.empty()) {
        fail("Nothing kept yet: mark the child's best stretch with [ and ], then K keeps it.");
        return;
    }
    clearLoop();
    previewing_ = 0;
    transport_->seek(keeps_.front().in_us);
    transport_->play();
    notice_ = "Previewing the clip: the kept stretches one after another; P stops.";
}

void ReviewScreen::followPreview() {
    if (!previewing_ || !transport_) return;
    if (transport_->paused()) {
        previewing_.reset();
        return;
    }
    const std::int64_t now = transport_->playhead_us(Clock::now());
    if (now < keeps_[*previewing_].out_us) return;
    if (*previewing_ + 1 < keeps_.size()) {
        transport_->seek(keeps_[++*previewing_].in_us);
    } else {
        previewing_.reset();
        transport_->pause();
        transport_->seek(keeps_.back().out_us);
        notice_ = "Preview done; M makes the clip.";
    }
}

void ReviewScreen::makeClip() {
    if (!callbacks_.make_clip || !selected_trial_) return;
    if (keeps_.empty()) {
        fail("Nothing kept yet: mark the child's best stretch with [ and ], then K keeps it.");
        return;
    }
    const ReviewTrialEntry& trial = trials_[*selected_trial_];
    const std::string title =
        clip_title_[0] != '\0' ? std::string(clip_title_) : trial.target + " (self-modelling)";
    auto made = callbacks_.make_clip(trial.trial_id, keeps_, title);
    if (!made) {
        fail(made.error().message);
        return;
    }
    keeps_.clear();
    clip_title_[0] = '\0';
    message_.clear();
    notice_ = *made;
}

bool ReviewScreen::text(const char* typed) {
    if (!open_ || typed == nullptr || typed[0] == '\0' || typed[1] != '\0') return false;
    for (const store::Code& code : open_->scheme) {
        if (code.record.key && *code.record.key == std::string(1, typed[0])) {
            // The moment the key was handled: the event's time, and the trace line's.
            handled_ms_ = playheadMs();
            codeKey(code, *handled_ms_);
            return true;
        }
    }
    return false;
}

bool ReviewScreen::update() {
    if (!transport_) return false;
    followPreview();
    ReviewFrames frames = transport_->update(Clock::now());
    if (frames.model_cleared) model_picture_.clear();
    if (frames.model && transport_->modelStream()) {
        if (Status s = model_picture_.show(std::move(*frames.model), *transport_->modelStream());
            !s) {
            fail("The model clip: " + s.error().message);
        }
    }
    if (frames.practice && transport_->practiceStream()) {
        if (Status s =
                practice_picture_.show(std::move(*frames.practice), *transport_->practiceStream());
            !s) {
            fail("The recording: " + s.error().message);
        }
    }
    return frames.changed || (editor_ && editor_->hasOpenStates());
}

int ReviewScreen::millisecondsUntilDue() const {
    if (!transport_) return -1;
    const auto wait =
        std::chrono::duration_cast<std::chrono::milliseconds>(transport_->nextDue() - Clock::now());
    return static_cast<int>(std::clamp<std::int64_t>(wait.count(), 0, kIdleWaitMs));
}

std::string ReviewScreen::traceLine() const {
    char line[192];
    const double t = handled_ms_  ? static_cast<double>(*handled_ms_) / 1e3
                     : transport_ ? static_cast<double>(transport_->playhead_us(Clock::now())) / 1e6
                                  : 0.0;
    const std::size_t events = editor_ ? editor_->events().size() : 0;
    std::snprintf(line, sizeof line, "t=%.3f playing=%d rate=%.2f events=%zu shown=%zu keeps=%zu",
                  t, transport_ && !transport_->paused() ? 1 : 0,
                  transport_ ? transport_->rate() : 1.0, events, shownEvents().size(),
                  keeps_.size());
    return line;
}

}  // namespace mimic::ui::review_screen
