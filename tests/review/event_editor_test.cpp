// Editing coded events as the review window does (issue 12, build 2): live coding with keys,
// removing, moving and resizing, and undo, over a real database through the repository.
#include "review/event_editor.h"

#include <gtest/gtest.h>

#include "../store/store_test_util.h"
#include "store/clinical_repository.h"
#include "store/library_repository.h"

namespace mimic::review {
namespace {

using store::CodeKind;

class EventEditorTest : public store::testing::FreshDatabaseTest {
  protected:
    void SetUp() override {
        FreshDatabaseTest::SetUp();
        store::LibraryRepository library(*db_);
        const std::int64_t greeting = library.upsertBehaviour("greeting", "", "").value();
        const std::int64_t clip =
            library.addClip(store::testing::makeClip("library/a.mp4", "A", "aa", 4000)).value();
        store::ClinicalRepository clinical(*db_);
        const std::int64_t child = clinical.addChild("c-1").value();
        const std::int64_t session =
            clinical.addSession(child, "2026-12-01T10:00:00Z", std::nullopt).value();
        trial_ = clinical.addTrial(session, greeting, clip, std::nullopt, 1).value();
        wave_ = addCode(greeting, "wave", CodeKind::kPoint, "w");
        look_ = addCode(greeting, "look", CodeKind::kState, "l");
        editor_.emplace(eventStore());
        ASSERT_TRUE(editor_->reload().ok());
    }

    store::Code addCode(std::int64_t behaviour, const std::string& name, CodeKind kind,
                        const std::string& key) {
        store::Code code;
        code.record.behaviour_id = behaviour;
        code.record.name = name;
        code.record.kind = kind;
        code.record.key = key;
        code.record.modifiers = {"big"};
        code.id = store::ReviewRepository(*db_).addCode(code.record).value();
        return code;
    }

    // The store as src/app gives it to the window: the repository's rows of one trial.
    EventStore eventStore() {
        EventStore events;
        events.list = [this] { return store::ReviewRepository(*db_).codedEvents(trial_); };
        events.add = [this](const EventDraft& e) -> Result<std::int64_t> {
            if (refuse_adds_) return Error{"the database is locked"};
            const std::int64_t code = e.code == "wave" ? wave_.id : look_.id;
            return store::ReviewRepository(*db_).addCodedEvent(
                {trial_, code, e.coder, e.start_ms, e.stop_ms, e.modifier});
        };
        events.remove = [this](std::int64_t id) {
            return store::ReviewRepository(*db_).removeCodedEvent(id);
        };
        return events;
    }

    // The trial's rows as the database holds them, by start.
    std::vector<EventDraft> stored() {
        auto events = store::ReviewRepository(*db_).codedEvents(trial_).value();
        std::vector<EventDraft> drafts;
        for (const store::CodedEvent& e : events)
            drafts.push_back(draftOf(e));
        std::sort(drafts.begin(), drafts.end(), [](const EventDraft& a, const EventDraft& b) {
            return std::tie(a.start_ms, a.coder, a.code) < std::tie(b.start_ms, b.coder, b.code);
        });
        return drafts;
    }

    void undoAll() {
        while (editor_->canUndo()) {
            ASSERT_TRUE(editor_->undo().ok());
        }
    }

    std::int64_t trial_ = 0;
    store::Code wave_;
    store::Code look_;
    bool refuse_adds_ = false;
    std::optional<EventEditor> editor_;
};

TEST_F(EventEditorTest, APointKeyMarksTheMomentAndUndoTakesItBack) {
    auto key = editor_->codeKey("A. Jones", wave_, 1250);
    ASSERT_TRUE(key.ok()) << key.error().message;
    EXPECT_EQ(key->kind, KeyResult::Kind::kPoint);
    EXPECT_EQ(stored(), (std::vector<EventDraft>{{"A. Jones", "wave", 1250, std::nullopt, ""}}));
    EXPECT_EQ(editor_->events().size(), 1u);
    ASSERT_TRUE(editor_->undo().ok());
    EXPECT_TRUE(stored().empty());
    EXPECT_TRUE(editor_->events().empty());
    EXPECT_FALSE(editor_->canUndo());
    EXPECT_EQ(editor_->undo().error().message, "Nothing to undo.");
}

TEST_F(EventEditorTest, AStateKeyStartsAndTheSameKeyStopsOneState) {
    auto started = editor_->codeKey("A. Jones", look_, 2000);
    ASSERT_TRUE(started.ok());
    EXPECT_EQ(started->kind, KeyResult::Kind::kStarted);
    EXPECT_TRUE(editor_->running("A. Jones", "look"));
    EXPECT_FALSE(editor_->running("B. Smith", "look"));
    // Kept at once as a zero-length state, so a killed window loses nothing more.
    EXPECT_EQ(stored(), (std::vector<EventDraft>{{"A. Jones", "look", 2000, 2000, ""}}));
    // Shown growing with the playhead.
    EXPECT_EQ(editor_->eventsAt(2700).front().record.stop_ms, 2700);
    // Another coder's state with the same key is their own.
    ASSERT_TRUE(editor_->codeKey("B. Smith", look_, 2100).ok());
    auto stopped = editor_->codeKey("A. Jones", look_, 3500);
    ASSERT_TRUE(stopped.ok());
    EXPECT_EQ(stopped->kind, KeyResult::Kind::kStopped);
    EXPECT_FALSE(editor_->running("A. Jones", "look"));
    EXPECT_TRUE(editor_->running("B. Smith", "look"));
    EXPECT_EQ(stored(), (std::vector<EventDraft>{{"A. Jones", "look", 2000, 3500, ""},
                                                 {"B. Smith", "look", 2100, 2100, ""}}));
    // Undo of the stop takes back the whole state, its start with it; then B's start.
    ASSERT_TRUE(editor_->undo().ok());
    EXPECT_EQ(stored(), (std::vector<EventDraft>{{"B. Smith", "look", 2100, 2100, ""}}));
    ASSERT_TRUE(editor_->undo().ok());
    EXPECT_TRUE(stored().empty());
    EXPECT_FALSE(editor_->hasOpenStates());
    EXPECT_FALSE(editor_->canUndo());
}

TEST_F(EventEditorTest, AStateStoppedBeforeItsStartIsStillOneForwardState) {
    ASSERT_TRUE(editor_->codeKey("A", look_, 4000).ok());
    ASSERT_TRUE(editor_->codeKey("A", look_, 3000).ok());  // stepped back, then stopped
    EXPECT_EQ(stored(), (std::vector<EventDraft>{{"A", "look", 3000, 4000, ""}}));
}

TEST_F(EventEditorTest, OpenStatesStopWhereThePlayheadIsWhenTheTrialCloses) {
    ASSERT_TRUE(editor_->codeKey("A", look_, 1000).ok());
    ASSERT_TRUE(editor_->codeKey("A", wave_, 1500).ok());
    ASSERT_TRUE(editor_->finishOpenStates(2500).ok());
    EXPECT_FALSE(editor_->hasOpenStates());
    EXPECT_EQ(stored(), (std::vector<EventDraft>{{"A", "look", 1000, 2500, ""},
                                                 {"A", "wave", 1500, std::nullopt, ""}}));
    undoAll();
    EXPECT_TRUE(stored().empty());
}

TEST_F(EventEditorTest, RemovingAndUndoingBringsTheSameEventBack) {
    const std::int64_t id = store::ReviewRepository(*db_)
                                .addCodedEvent({trial_, look_.id, "C. Lee", 500, 900, "big"})
                                .value();
    ASSERT_TRUE(editor_->reload().ok());
    const std::vector<EventDraft> before = stored();
    auto removed = editor_->remove(id);
    ASSERT_TRUE(removed.ok());
    EXPECT_EQ(removed->modifier, "big");
    EXPECT_TRUE(stored().empty());
    ASSERT_TRUE(editor_->undo().ok());
    EXPECT_EQ(stored(), before);
    // Again, through the row undo wrote (SQLite may give it the same id or a new one).
    ASSERT_TRUE(editor_->remove(editor_->events().front().id).ok());
    ASSERT_TRUE(editor_->undo().ok());
    EXPECT_EQ(stored(), before);
    EXPECT_FALSE(editor_->remove(id + 1000).ok());  // not an event of this trial
}

TEST_F(EventEditorTest, MovesAndResizesAreUndoneOneByOne) {
    ASSERT_TRUE(editor_->codeKey("A", look_, 1000).ok());
    ASSERT_TRUE(editor_->codeKey("A", look_, 2000).ok());
    std::int64_t id = editor_->events().front().id;
    auto moved = editor_->change(id, {"A", "look", 1500, 2500, ""});
    ASSERT_TRUE(moved.ok());
    auto resized = editor_->change(*moved, {"A", "look", 1500, 4000, ""});
    ASSERT_TRUE(resized.ok());
    EXPECT_EQ(stored(), (std::vector<EventDraft>{{"A", "look", 1500, 4000, ""}}));
    ASSERT_TRUE(editor_->undo().ok());
    EXPECT_EQ(stored(), (std::vector<EventDraft>{{"A", "look", 1500, 2500, ""}}));
    ASSERT_TRUE(editor_->undo().ok());
    EXPECT_EQ(stored(), (std::vector<EventDraft>{{"A", "look", 1000, 2000, ""}}));
    ASSERT_TRUE(editor_->undo().ok());
    EXPECT_TRUE(stored().empty());
}

// Two events with the same content: undo follows each row by the ids it had, so undoing
// everything leaves the trial as it was (matching by content would take the wrong one).
TEST_F(EventEditorTest, UndoFollowsRowsByIdEvenWhenTwoLookAlike) {
    ASSERT_TRUE(editor_->codeKey("A", wave_, 1000).ok());
    const std::int64_t first = editor_->events().back().id;
    ASSERT_TRUE(editor_->codeKey("A", wave_, 1000).ok());
    std::int64_t second = 0;
    for (const auto& e : editor_->events())
        if (e.id != first) second = e.id;
    ASSERT_TRUE(editor_->remove(second).ok());
    ASSERT_TRUE(editor_->remove(first).ok());
    EXPECT_TRUE(stored().empty());
    ASSERT_TRUE(editor_->undo().ok());  // first is back
    EXPECT_EQ(stored().size(), 1u);
    ASSERT_TRUE(editor_->undo().ok());  // second is back
    EXPECT_EQ(stored().size(), 2u);
    ASSERT_TRUE(editor_->undo().ok());  // the second key press
    EXPECT_EQ(stored().size(), 1u);
    ASSERT_TRUE(editor_->undo().ok());  // the first key press
    EXPECT_TRUE(stored().empty());
    EXPECT_FALSE(editor_->canUndo());
}

TEST_F(EventEditorTest, ARefusedChangeWritesTheOriginalBack) {
    ASSERT_TRUE(editor_->codeKey("A", wave_, 1000).ok());
    const std::int64_t id = editor_->events().front().id;
    // The database refuses a point with a stop.
    auto refused = editor_->change(id, {"A", "wave", 1200, 1300, ""});
    EXPECT_FALSE(refused.ok());
    EXPECT_EQ(stored(), (std::vector<EventDraft>{{"A", "wave", 1000, std::nullopt, ""}}));
    // And undo still takes back the key press, through the row written back.
    ASSERT_TRUE(editor_->undo().ok());
    EXPECT_TRUE(stored().empty());
}

TEST_F(EventEditorTest, AStopThatCannotBeWrittenKeepsTheStateOpenAndStored) {
    ASSERT_TRUE(editor_->codeKey("A", look_, 1000).ok());
    refuse_adds_ = true;
    auto stopped = editor_->codeKey("A", look_, 2000);
    ASSERT_FALSE(stopped.ok());
    EXPECT_EQ(stopped.error().message, "the database is locked");
    EXPECT_TRUE(editor_->running("A", "look"));
    EXPECT_EQ(stored(), (std::vector<EventDraft>{{"A", "look", 1000, 1000, ""}}));
    // Leaving the trial: the state stays stored as its start, and is no longer open.
    EXPECT_FALSE(editor_->finishOpenStates(3000).ok());
    EXPECT_FALSE(editor_->running("A", "look"));
    EXPECT_EQ(stored(), (std::vector<EventDraft>{{"A", "look", 1000, 1000, ""}}));
    refuse_adds_ = false;
    ASSERT_TRUE(editor_->codeKey("A", look_, 2500).ok());  // a new start, as the key now does
    ASSERT_TRUE(editor_->codeKey("A", look_, 3000).ok());
    EXPECT_EQ(stored(), (std::vector<EventDraft>{{"A", "look", 1000, 1000, ""},
                                                 {"A", "look", 2500, 3000, ""}}));
}

}  // namespace
}  // namespace mimic::review
