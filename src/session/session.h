// The practice session as a state machine: one trial after another, each
//
//   model ──► turn ──► practice ──► score ──► reward (when the schedule reinforces) ──► next
//     ▲  replay  │         │                                                          trial
//     └──────────┴─────────┘                                                          or end
//
// driven by explicit inputs with explicit timestamps. Nothing here reads a clock or a device:
// the window, a headless runner and the tests feed the same inputs (steady-clock instants)
// and do what each returned Directive says. An input that is not possible in the current
// state returns an error and changes nothing.
//
// A trial, and what the UI does in each state:
// - model: play `Directive::model` (the whole clip, a faded part, or with video prompting
//   step k's segment). modelEnded plays it again until the target's model_views are done,
//   then shows the turn cue. A trial whose model is faded out (plan.h) starts at the turn cue.
// - turn: show the "your turn" cue and start the practice recording: it runs from the
//   trial's first cue until the trial leaves practice, through any replay, so it holds the
//   cue, the attempt and the child's reaction to both. turnCueEnded starts the practice.
// - practice: the child tries (mirrored preview). practiceEnded waits for the score; a score
//   key may also come during practice and ends it.
// - score: score(outcome, level) stores the outcome and asks the target's Reinforcer
//   (reinforcement.h): reward when it reinforces (rewardEnded then goes on), else straight to
//   the next trial.
// Anywhere in a trial: replayModel (from model, turn or practice: the model again, then a new
// cue; latency is then measured from the new cue), skip (the trial stays unscored; from
// reward it only cuts the reward short), pause/resume (the recording keeps running, since a
// file is real time; the model, cue or reward wait), endEarly (the running trial stays
// unscored). With video prompting each step is its own trial (`step` = k), so a review can
// line up step k of the model with the practice of step k.
//
// Times kept with each trial: practice start offset = practice start - recording start (where
// the attempt begins in its recording); latency = score key - the last turn cue, less the
// time paused since that cue.
//
// Threads: one at a time (the owner's); a Session is a plain value.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "session/clinical.h"
#include "session/plan.h"
#include "session/reinforcement.h"

namespace mimic::session {

enum class State { kNone = 0, kModel, kTurn, kPractice, kScore, kReward, kEnd };
// The words of the --trace lines: "model", "turn", "practice", "score", "reward", "end";
// "" for kNone (not started).
std::string_view stateName(State state);

// What happened: the Session's inputs.
enum class Input {
    kNone = 0,
    kStart,
    kModelEnded,
    kTurnCueEnded,
    kPracticeEnded,
    kScore,
    kRewardEnded,
    kReplayModel,
    kSkip,
    kPause,
    kResume,
    kEndEarly
};
std::string_view inputName(Input input);  // "start", "model-ended", ... "end-early"

// One transition. Inputs that change the state make one event per state entered (a score
// key during practice enters score, then reward or the next trial, all at its time); pause
// and resume are events that enter no state (`entered` false).
struct Event {
    Clock::time_point at;
    State state = State::kNone;  // the state entered (or, for pause/resume, the current one)
    int trial = 0;               // from 1; at the end the last trial's number (0: none ran)
    Input input = Input::kNone;
    bool entered = true;
};

// "<seconds> <state> trial=<n>": seconds since `session_start` with 3 decimals, e.g.
// "12.345 practice trial=3". The --trace line of an event that entered a state.
std::string formatTraceLine(const Event& event, Clock::time_point session_start);

// What the UI must do now.
enum class Action {
    kNone = 0,
    kPlayModel,      // play `model` (view `view` of this trial)
    kShowTurnCue,    // show the cue; the recording must run
    kStartPractice,  // the child's try: mirrored preview
    kAwaitScore,     // practice over: the recording stops, wait for the score key
    kShowReward,     // reinforce
    kFinish,         // the session is over
    kPause,          // hold what is on screen
    kResume,         // go on with what was on screen
};

struct Directive {
    Action action = Action::kNone;
    State state = State::kNone;
    int trial = 0;
    std::optional<ModelPart> model;  // kPlayModel
    int view = 0;                    // kPlayModel: 1 for the trial's first play
    bool recording = false;          // the practice recording runs after this directive
};

enum class TrialEnd { kRunning = 0, kScored, kSkipped, kEndedEarly };

// One trial as it ran: what the plan said, what was shown, the times and the score.
struct TrialRecord {
    int number = 0;          // from 1, in running order
    std::size_t target = 0;  // index into the plan's targets
    std::optional<std::int64_t> program_id;
    std::int64_t behaviour_id = 0;
    std::int64_t clip_id = 0;
    std::optional<int> step;  // video prompting
    int run = 1;
    ModelPart model;
    int model_views = 0;  // how often the model played in this trial (0: faded out)
    std::optional<Clock::time_point> recording_started_at;  // the first turn cue
    std::optional<Clock::time_point> turn_at;               // the last turn cue
    std::optional<Clock::time_point> practice_at;           // the last practice start
    std::optional<Clock::time_point> practice_ended_at;     // the recording stopped
    std::optional<Clock::time_point> scored_at;
    Clock::duration paused_since_cue{};
    Outcome outcome = Outcome::kNone;
    std::optional<std::string> prompt_level;  // with kPrompted
    bool reinforced = false;
    TrialEnd end = TrialEnd::kRunning;
    std::vector<Event> events;

    // Where the attempt starts in the trial's recording; nullopt without a practice.
    std::optional<std::chrono::milliseconds> practiceStartOffset() const;
    // From the last turn cue to the score key, less the time paused since that cue; nullopt
    // when not scored.
    std::optional<std::chrono::milliseconds> latency() const;
};

class Session {
  public:
    // Takes a plan that buildPlan made (targets and trials consistent, never empty).
    explicit Session(SessionPlan plan);

    Result<Directive> start(Clock::time_point t);
    Result<Directive> modelEnded(Clock::time_point t);
    Result<Directive> turnCueEnded(Clock::time_point t);
    Result<Directive> practiceEnded(Clock::time_point t);
    // `level` is required with kPrompted (a level of the target's hierarchy) and refused
    // with any other outcome; kNone is refused.
    Result<Directive> score(Outcome outcome, const std::optional<std::string>& level,
                            Clock::time_point t);
    Result<Directive> rewardEnded(Clock::time_point t);
    Result<Directive> replayModel(Clock::time_point t);
    Result<Directive> skip(Clock::time_point t);
    Result<Directive> pause(Clock::time_point t);
    Result<Directive> resume(Clock::time_point t);
    Result<Directive> endEarly(Clock::time_point t);

    State state() const { return state_; }
    bool paused() const { return paused_; }
    const Directive& current() const { return current_; }
    const SessionPlan& plan() const { return plan_; }
    std::optional<Clock::time_point> startedAt() const { return started_at_; }
    const std::vector<Event>& events() const { return events_; }
    const std::vector<TrialRecord>& trials() const { return trials_; }

    // The running trial's target's prompt level for the Enter key: the next level down from
    // its last prompted score (clinical.h, nextLevelDown); nullopt outside a trial.
    std::optional<std::string> suggestedPromptLevel() const;
    // The running trial's target's level for the number key `number` (1 = most intrusive).
    std::optional<std::string> promptLevelByNumber(int number) const;

  private:
    Status accept(Input input, Clock::time_point t, std::initializer_list<State> states) const;
    TrialRecord* running();
    const Target* runningTarget() const;
    void record(Clock::time_point t, State state, Input input, bool entered = true);
    Directive enterTrial(Clock::time_point t, Input input);
    Directive playModel(Clock::time_point t, Input input);
    Directive showTurnCue(Clock::time_point t, Input input);
    Directive finish(Clock::time_point t, Input input);
    void stopRecording(Clock::time_point t);
    Directive directive(Action action);

    SessionPlan plan_;
    std::vector<Reinforcer> reinforcers_;                 // one per target
    std::vector<std::optional<int>> last_failed_step_;    // per target
    std::vector<std::optional<std::string>> last_level_;  // per target
    State state_ = State::kNone;
    bool paused_ = false;
    Clock::time_point paused_at_{};
    std::optional<Clock::time_point> started_at_;
    std::optional<Clock::time_point> last_at_;  // inputs may not go back in time
    std::size_t next_trial_ = 0;                // index into plan_.trials
    std::vector<TrialRecord> trials_;
    std::vector<Event> events_;
    Directive current_;
};

}  // namespace mimic::session
