#include "session/session.h"

#include <algorithm>
#include <cstdio>
#include <utility>

#include "common/names.h"

namespace mimic::session {
namespace {

using std::chrono::duration_cast;
using std::chrono::milliseconds;

bool isOneOf(State state, std::initializer_list<State> states) {
    return std::find(states.begin(), states.end(), state) != states.end();
}

// The states that belong to a running trial.
constexpr std::initializer_list<State> kTrialStates{State::kModel, State::kTurn, State::kPractice,
                                                    State::kScore, State::kReward};

}  // namespace

std::string_view stateName(State state) {
    switch (state) {
        case State::kModel:
            return "model";
        case State::kTurn:
            return "turn";
        case State::kPractice:
            return "practice";
        case State::kScore:
            return "score";
        case State::kReward:
            return "reward";
        case State::kEnd:
            return "end";
        case State::kNone:
            break;
    }
    return "";
}

std::string_view inputName(Input input) {
    switch (input) {
        case Input::kStart:
            return "start";
        case Input::kModelEnded:
            return "model-ended";
        case Input::kTurnCueEnded:
            return "turn-cue-ended";
        case Input::kPracticeEnded:
            return "practice-ended";
        case Input::kScore:
            return "score";
        case Input::kRewardEnded:
            return "reward-ended";
        case Input::kReplayModel:
            return "replay-model";
        case Input::kSkip:
            return "skip";
        case Input::kPause:
            return "pause";
        case Input::kResume:
            return "resume";
        case Input::kEndEarly:
            return "end-early";
        case Input::kNone:
            break;
    }
    return "";
}

std::string formatTraceLine(const Event& event, Clock::time_point session_start) {
    const long long ms = duration_cast<milliseconds>(event.at - session_start).count();
    // Integer arithmetic, so the text never depends on floating-point rounding.
    char text[96];
    std::snprintf(text, sizeof text, "%s%lld.%03lld %s trial=%d", ms < 0 ? "-" : "",
                  (ms < 0 ? -ms : ms) / 1000, (ms < 0 ? -ms : ms) % 1000,
                  std::string(stateName(event.state)).c_str(), event.trial);
    return text;
}

std::optional<milliseconds> TrialRecord::practiceStartOffset() const {
    if (!practice_at || !recording_started_at) return std::nullopt;
    return duration_cast<milliseconds>(*practice_at - *recording_started_at);
}

std::optional<milliseconds> TrialRecord::latency() const {
    if (!scored_at || !turn_at) return std::nullopt;
    return duration_cast<milliseconds>(*scored_at - *turn_at - paused_since_cue);
}

Session::Session(SessionPlan plan) : plan_(std::move(plan)) {
    for (std::size_t i = 0; i < plan_.targets.size(); ++i) {
        const Target& target = plan_.targets[i];
        // Each target draws from its own generator, so adding a target to a session does not
        // change another target's variable-ratio pattern.
        reinforcers_.emplace_back(target.reinforcement,
                                  plan_.seed + static_cast<std::uint32_t>(i) * 0x9E3779B9U);
        last_failed_step_.push_back(target.last_failed_step);
        last_level_.push_back(target.last_prompt_level);
    }
}

Status Session::accept(Input input, Clock::time_point t,
                       std::initializer_list<State> states) const {
    const std::string what = std::string(inputName(input));
    if (state_ == State::kEnd) return Error{what + ": the session has ended"};
    if (paused_ && input != Input::kResume && input != Input::kEndEarly)
        return Error{what + ": the session is paused; resume it first"};
    if (!isOneOf(state_, states)) {
        std::string now = state_ == State::kNone ? "before the session has started"
                                                 : "in state " + std::string(stateName(state_));
        return Error{what + " is not possible " + now};
    }
    if (last_at_ && t < *last_at_)
        return Error{what + ": its time is " +
                     std::to_string(duration_cast<milliseconds>(*last_at_ - t).count()) +
                     " ms before the previous input's"};
    return okStatus();
}

TrialRecord* Session::running() {
    if (trials_.empty() || trials_.back().end != TrialEnd::kRunning) return nullptr;
    return &trials_.back();
}

const Target* Session::runningTarget() const {
    if (trials_.empty() || !isOneOf(state_, kTrialStates)) return nullptr;
    return &plan_.targets[trials_.back().target];
}

void Session::record(Clock::time_point t, State state, Input input, bool entered) {
    const int trial = trials_.empty() ? 0 : trials_.back().number;
    const Event event{t, state, trial, input, entered};
    events_.push_back(event);
    if (!trials_.empty() && state != State::kEnd) trials_.back().events.push_back(event);
    state_ = state;
    last_at_ = t;
}

Directive Session::directive(Action action) {
    current_ = Directive{};
    current_.action = action;
    current_.state = state_;
    current_.trial = trials_.empty() ? 0 : trials_.back().number;
    const TrialRecord* trial = trials_.empty() ? nullptr : &trials_.back();
    current_.recording = trial && trial->end == TrialEnd::kRunning && trial->recording_started_at &&
                         !trial->practice_ended_at;
    return current_;
}

Directive Session::enterTrial(Clock::time_point t, Input input) {
    if (next_trial_ >= plan_.trials.size()) return finish(t, input);
    const PlannedTrial& planned = plan_.trials[next_trial_++];
    const Target& target = plan_.targets[planned.target];
    TrialRecord trial;
    trial.number = static_cast<int>(trials_.size()) + 1;
    trial.target = planned.target;
    trial.program_id = target.program_id;
    trial.behaviour_id = target.behaviour_id;
    trial.clip_id = planned.clip_id;
    trial.step = planned.step;
    trial.run = planned.run;
    trial.model = planned.model;
    trials_.push_back(std::move(trial));

    bool show = planned.model_rule == ModelRule::kShow;
    if (planned.model_rule == ModelRule::kOnlyIfLastFailed)
        show = !planned.step || planned.step == last_failed_step_[planned.target];
    return show ? playModel(t, input) : showTurnCue(t, input);
}

Directive Session::playModel(Clock::time_point t, Input input) {
    TrialRecord& trial = trials_.back();
    ++trial.model_views;
    record(t, State::kModel, input);
    Directive d = directive(Action::kPlayModel);
    d.model = trial.model;
    d.view = trial.model_views;
    current_ = d;
    return d;
}

Directive Session::showTurnCue(Clock::time_point t, Input input) {
    TrialRecord& trial = trials_.back();
    if (!trial.recording_started_at) trial.recording_started_at = t;
    trial.turn_at = t;
    trial.paused_since_cue = {};
    record(t, State::kTurn, input);
    return directive(Action::kShowTurnCue);
}

Directive Session::finish(Clock::time_point t, Input input) {
    record(t, State::kEnd, input);
    paused_ = false;
    return directive(Action::kFinish);
}

void Session::stopRecording(Clock::time_point t) {
    TrialRecord& trial = trials_.back();
    if (trial.recording_started_at && !trial.practice_ended_at) trial.practice_ended_at = t;
}

Result<Directive> Session::start(Clock::time_point t) {
    if (Status s = accept(Input::kStart, t, {State::kNone}); !s) return s.error();
    started_at_ = t;
    return enterTrial(t, Input::kStart);
}

Result<Directive> Session::modelEnded(Clock::time_point t) {
    if (Status s = accept(Input::kModelEnded, t, {State::kModel}); !s) return s.error();
    const int views = plan_.targets[trials_.back().target].model_views;
    if (trials_.back().model_views < views) return playModel(t, Input::kModelEnded);
    return showTurnCue(t, Input::kModelEnded);
}

Result<Directive> Session::turnCueEnded(Clock::time_point t) {
    if (Status s = accept(Input::kTurnCueEnded, t, {State::kTurn}); !s) return s.error();
    trials_.back().practice_at = t;
    record(t, State::kPractice, Input::kTurnCueEnded);
    return directive(Action::kStartPractice);
}

Result<Directive> Session::practiceEnded(Clock::time_point t) {
    if (Status s = accept(Input::kPracticeEnded, t, {State::kPractice}); !s) return s.error();
    stopRecording(t);
    record(t, State::kScore, Input::kPracticeEnded);
    return directive(Action::kAwaitScore);
}

Result<Directive> Session::score(Outcome outcome, const std::optional<std::string>& level,
                                 Clock::time_point t) {
    if (Status s = accept(Input::kScore, t, {State::kPractice, State::kScore}); !s)
        return s.error();
    const std::size_t target_index = trials_.back().target;
    const Target& target = plan_.targets[target_index];
    if (outcome == Outcome::kNone) return Error{"score: an outcome is needed"};
    if (outcome == Outcome::kPrompted) {
        if (!level || std::find(target.prompt_hierarchy.begin(), target.prompt_hierarchy.end(),
                                *level) == target.prompt_hierarchy.end())
            return Error{"score: a prompted trial needs a level of the prompt hierarchy of " +
                         quotedPrintable(target.behaviour_name) +
                         (level ? ", not " + quotedPrintable(*level) : std::string())};
    } else if (level) {
        return Error{"score: only a prompted trial has a prompt level"};
    }

    if (state_ == State::kPractice) {
        stopRecording(t);
        record(t, State::kScore, Input::kScore);
    }
    TrialRecord& trial = trials_.back();
    trial.scored_at = t;
    trial.outcome = outcome;
    trial.prompt_level = level;
    trial.end = TrialEnd::kScored;
    if (trial.step && outcome != Outcome::kIndependent)
        last_failed_step_[target_index] = trial.step;
    if (level) last_level_[target_index] = level;
    trial.reinforced = reinforcers_[target_index].respond(outcome);
    if (!trial.reinforced) return enterTrial(t, Input::kScore);
    record(t, State::kReward, Input::kScore);
    return directive(Action::kShowReward);
}

Result<Directive> Session::rewardEnded(Clock::time_point t) {
    if (Status s = accept(Input::kRewardEnded, t, {State::kReward}); !s) return s.error();
    return enterTrial(t, Input::kRewardEnded);
}

Result<Directive> Session::replayModel(Clock::time_point t) {
    if (Status s = accept(Input::kReplayModel, t, {State::kModel, State::kTurn, State::kPractice});
        !s)
        return s.error();
    return playModel(t, Input::kReplayModel);
}

Result<Directive> Session::skip(Clock::time_point t) {
    if (Status s = accept(Input::kSkip, t, kTrialStates); !s) return s.error();
    if (TrialRecord* trial = running()) {
        stopRecording(t);
        trial->end = TrialEnd::kSkipped;
    }
    return enterTrial(t, Input::kSkip);
}

Result<Directive> Session::pause(Clock::time_point t) {
    if (Status s = accept(Input::kPause, t, kTrialStates); !s) return s.error();
    paused_ = true;
    paused_at_ = t;
    record(t, state_, Input::kPause, /*entered=*/false);
    return directive(Action::kPause);
}

Result<Directive> Session::resume(Clock::time_point t) {
    if (!paused_ && state_ != State::kEnd) return Error{"resume: the session is not paused"};
    if (Status s = accept(Input::kResume, t, kTrialStates); !s) return s.error();
    paused_ = false;
    TrialRecord& trial = trials_.back();
    if (isOneOf(state_, {State::kTurn, State::kPractice, State::kScore}) && trial.turn_at)
        trial.paused_since_cue += t - paused_at_;
    record(t, state_, Input::kResume, /*entered=*/false);
    return directive(Action::kResume);
}

Result<Directive> Session::endEarly(Clock::time_point t) {
    std::initializer_list<State> states{State::kNone,     State::kModel, State::kTurn,
                                        State::kPractice, State::kScore, State::kReward};
    if (Status s = accept(Input::kEndEarly, t, states); !s) return s.error();
    if (!started_at_) started_at_ = t;
    if (TrialRecord* trial = running()) {
        stopRecording(t);
        trial->end = TrialEnd::kEndedEarly;
    }
    return finish(t, Input::kEndEarly);
}

std::optional<std::string> Session::suggestedPromptLevel() const {
    const Target* target = runningTarget();
    if (!target) return std::nullopt;
    return nextLevelDown(target->prompt_hierarchy, last_level_[trials_.back().target]);
}

std::optional<std::string> Session::promptLevelByNumber(int number) const {
    const Target* target = runningTarget();
    if (!target) return std::nullopt;
    return levelByNumber(target->prompt_hierarchy, number);
}

}  // namespace mimic::session
