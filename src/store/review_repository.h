// What review keeps (schema 9): each behaviour's coding scheme (its codes, point or state,
// with a key and modifiers), the events coders code on a trial's practice recording, and the
// per-trial nudge of the review timeline; and what review reads of a trial to line its two
// files up. The rules of coding (a state has a stop, keys are single characters, agreement)
// live in src/review; the database refuses what breaks its structure too.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/os_account.h"
#include "common/result.h"
#include "store/database.h"

namespace mimic::store {

// A point event is a moment; a state event lasts from a start to a stop (BORIS, ELAN).
enum class CodeKind { kNone = 0, kPoint, kState };
// "point", "state" (the stored text); "" for kNone.
std::string_view codeKindName(CodeKind kind);
CodeKind parseCodeKind(std::string_view name);

struct CodeRecord {
    std::int64_t behaviour_id = 0;
    std::string name;  // unique within the behaviour's scheme
    CodeKind kind = CodeKind::kNone;
    std::optional<std::string> key;      // for live coding; unique within the scheme
    std::vector<std::string> modifiers;  // the values an event of it may carry, in order
};

struct Code {
    std::int64_t id = 0;
    CodeRecord record;
    std::string created_at;
};

struct CodedEventRecord {
    std::int64_t trial_id = 0;
    std::int64_t code_id = 0;             // a code of the trial's behaviour
    std::string coder;                    // a free-text name
    std::int64_t start_ms = 0;            // in the practice recording, >= 0
    std::optional<std::int64_t> stop_ms;  // a state's stop (>= start); none for a point
    std::string modifier;                 // one of the code's modifiers, or ""
};

struct CodedEvent {
    std::int64_t id = 0;
    CodedEventRecord record;
    std::string code;  // the code's name
    CodeKind kind = CodeKind::kNone;
    std::string created_at;
};

// What review reads of a trial to show it: its files and how to line them up.
struct ReviewTrial {
    std::int64_t trial_id = 0;
    std::int64_t child_id = 0;
    std::int64_t behaviour_id = 0;
    std::string behaviour_name;
    std::int64_t clip_id = 0;
    std::string clip_path;                          // relative to the data directory
    std::optional<std::string> recording_path;      // relative; none without a recording
    std::optional<int> step;                        // video prompting: the step practised
    std::optional<std::int64_t> step_in_ms;         // that step's segment in the clip
    std::optional<std::int64_t> attempt_offset_ms;  // practice start after the first frame
    std::optional<std::int64_t> practice_start_ms;  // practice start after the turn cue
    std::int64_t offset_us = 0;                     // the therapist's nudge (0: none saved)
};

// What mimic's own analysis of a trial's recording found (issue 15): its events, all by one
// coder ("auto"), and the response latency it measured.
struct TrialAnalysisRecord {
    std::int64_t trial_id = 0;
    std::string coder;
    std::vector<CodedEventRecord> events;  // their trial_id and coder are taken from above
    std::optional<std::int64_t> latency_ms;
};

// A trial's stored analysis.
struct StoredAnalysis {
    std::optional<std::int64_t> latency_ms;
    std::string analysed_at;  // UTC, ISO 8601
};

// Borrows the Database (which must outlive it); same thread rules as the Database. Changes
// are audited (docs/clinical.md, "Audit") in the same transaction, naming `actor` and, for a
// trial's events and offset, the trial's child.
class ReviewRepository {
  public:
    explicit ReviewRepository(Database& db, std::string actor = auditActorName())
        : db_(&db), actor_(std::move(actor)) {}

    // Adds a code to its behaviour's scheme. Names must pass checkName; a name or key the
    // scheme has already is refused by the database.
    Result<std::int64_t> addCode(const CodeRecord& code);
    // The behaviour's scheme, by name.
    Result<std::vector<Code>> codes(std::int64_t behaviour_id);
    Result<std::optional<Code>> findCode(std::int64_t behaviour_id, std::string_view name);

    // Adds an event. The coder's name must pass checkName; the database refuses an event that
    // does not fit its code (a point with a stop, a state without one, another behaviour's
    // code) or an unknown trial.
    Result<std::int64_t> addCodedEvent(const CodedEventRecord& event);
    // The trial's events, by start, then id.
    Result<std::vector<CodedEvent>> codedEvents(std::int64_t trial_id);
    Result<std::optional<CodedEvent>> findCodedEvent(std::int64_t event_id);
    // An error when there is no such event.
    Status removeCodedEvent(std::int64_t event_id);
    // Removes every event of the trial; returns how many there were.
    Result<std::int64_t> removeCodedEvents(std::int64_t trial_id);

    // Replaces every event of the analysis's coder on its trial with its events and stores its
    // latency and the time, in one transaction, audited once. An error when there is no such
    // trial or an event does not fit its code; then nothing changes.
    Status saveTrialAnalysis(const TrialAnalysisRecord& analysis);
    // nullopt when the trial was never analysed (or does not exist).
    Result<std::optional<StoredAnalysis>> trialAnalysis(std::int64_t trial_id);

    // nullopt when there is no such trial.
    Result<std::optional<ReviewTrial>> findReviewTrial(std::int64_t trial_id);
    // Saves the trial's review offset (µs). An error when there is no such trial.
    Status setReviewOffset(std::int64_t trial_id, std::int64_t offset_us);

  private:
    Status audit(std::string_view action, std::string_view record_kind,
                 std::optional<std::int64_t> record_id, std::optional<std::int64_t> child_id,
                 std::string_view detail);
    Result<std::vector<std::string>> modifiersOf(std::int64_t code_id);

    Database* db_;  // not owned
    std::string actor_;
};

}  // namespace mimic::store
