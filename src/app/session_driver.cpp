#include "app/session_driver.h"

#include <algorithm>
#include <charconv>

#include "common/names.h"
#include "session/therapist_keys.h"

namespace mimic::app {

namespace {

using session::Command;
using session::Outcome;
using session::State;

// A level given by number ("2") or by name ("verbal"): its number in `hierarchy`, from 1.
std::optional<int> levelNumber(const std::vector<std::string>& hierarchy,
                               const std::string& level) {
    int number = 0;
    const auto [end, ec] = std::from_chars(level.data(), level.data() + level.size(), number);
    if (ec == std::errc() && end == level.data() + level.size()) {
        if (number >= 1 && number <= static_cast<int>(hierarchy.size())) return number;
        return std::nullopt;
    }
    const auto found = std::find(hierarchy.begin(), hierarchy.end(), level);
    if (found == hierarchy.end()) return std::nullopt;
    return static_cast<int>(found - hierarchy.begin()) + 1;
}

std::string joined(const std::vector<std::string>& levels) {
    std::string text;
    for (const std::string& level : levels)
        text += (text.empty() ? "" : ", ") + level;
    return text;
}

}  // namespace

Result<ScriptedScore> parseScore(std::string_view text) {
    const std::string shown = quotedPrintable(std::string(text));
    for (Outcome outcome : {Outcome::kIndependent, Outcome::kIncorrect, Outcome::kNoResponse}) {
        if (text == session::outcomeName(outcome)) return ScriptedScore{outcome, std::nullopt};
    }
    constexpr std::string_view kPrompted = "prompted:";
    if (text.starts_with(kPrompted) && text.size() > kPrompted.size()) {
        return ScriptedScore{Outcome::kPrompted, std::string(text.substr(kPrompted.size()))};
    }
    return Error{"--score " + shown +
                 " is not a score (use independent, prompted:LEVEL, incorrect or no-response)"};
}

Result<std::vector<StageInput>> scoresForPlan(const std::vector<ScriptedScore>& scores,
                                              const session::SessionPlan& plan) {
    if (scores.size() > plan.trials.size()) {
        return Error{std::to_string(scores.size()) + " --score values for a session of " +
                     std::to_string(plan.trials.size()) + " trials"};
    }
    std::vector<StageInput> inputs;
    for (std::size_t i = 0; i < scores.size(); ++i) {
        StageInput input;
        input.kind = StageInputKind::kScore;
        input.outcome = scores[i].outcome;
        if (scores[i].level) {
            const session::Target& target = plan.targets[plan.trials[i].target];
            input.level_number = levelNumber(target.prompt_hierarchy, *scores[i].level);
            if (!input.level_number) {
                return Error{"--score prompted:" + printable(*scores[i].level) + " (trial " +
                             std::to_string(i + 1) + ", " + quotedPrintable(target.behaviour_name) +
                             "): no such prompt level (the levels are " +
                             joined(target.prompt_hierarchy) + ", or their numbers 1 to " +
                             std::to_string(target.prompt_hierarchy.size()) + ")"};
            }
        }
        inputs.push_back(input);
    }
    return inputs;
}

Result<std::optional<session::Directive>> applyStageInput(session::Session& session,
                                                          const StageInput& input,
                                                          Clock::time_point at) {
    const State state = session.state();
    const bool paused = session.paused();
    // A timer or key whose moment has passed, or that does nothing here: ignored.
    const auto when = [&](bool possible, auto call) -> Result<std::optional<session::Directive>> {
        if (!possible) return std::optional<session::Directive>();
        auto directive = call();
        if (!directive) return std::optional<session::Directive>();
        return std::optional(*directive);
    };
    switch (input.kind) {
        case StageInputKind::kModelEnded:
            return when(!paused && state == State::kModel, [&] { return session.modelEnded(at); });
        case StageInputKind::kCueEnded:
            return when(!paused && state == State::kTurn, [&] { return session.turnCueEnded(at); });
        case StageInputKind::kPracticeEnded:
            return when(!paused && state == State::kPractice,
                        [&] { return session.practiceEnded(at); });
        case StageInputKind::kRewardEnded:
            return when(!paused && state == State::kReward,
                        [&] { return session.rewardEnded(at); });
        case StageInputKind::kGoOn:
            return when(session::commandAvailable(Command::kGoOn, state, paused),
                        [&]() -> Result<session::Directive> {
                            switch (state) {
                                case State::kModel:
                                    return session.modelEnded(at);
                                case State::kTurn:
                                    return session.turnCueEnded(at);
                                case State::kPractice:
                                    return session.practiceEnded(at);
                                case State::kScore:
                                    return session.skip(at);
                                case State::kReward:
                                    return session.rewardEnded(at);
                                default:
                                    return Error{"nothing to go on from"};
                            }
                        });
        case StageInputKind::kReplay:
            return when(session::commandAvailable(Command::kReplay, state, paused),
                        [&] { return session.replayModel(at); });
        case StageInputKind::kPause:
            return when(session::commandAvailable(Command::kPause, state, paused),
                        [&] { return paused ? session.resume(at) : session.pause(at); });
        case StageInputKind::kEnd:
            return when(session::commandAvailable(Command::kEnd, state, paused),
                        [&] { return session.endEarly(at); });
        case StageInputKind::kScore: {
            if (!session::commandAvailable(Command::kScore, state, paused))
                return std::optional<session::Directive>();
            std::optional<std::string> level;
            if (input.outcome == Outcome::kPrompted) {
                level = input.next_level_down
                            ? session.suggestedPromptLevel()
                            : session.promptLevelByNumber(input.level_number.value_or(0));
                // A number key beyond the hierarchy does nothing; the therapist presses again.
                if (!level) return std::optional<session::Directive>();
            }
            auto directive = session.score(input.outcome, level, at);
            if (!directive) return directive.error();
            return std::optional(*directive);
        }
        case StageInputKind::kNote:
        case StageInputKind::kNone:
            break;
    }
    return std::optional<session::Directive>();
}

}  // namespace mimic::app
