#include "session/clinical.h"

#include <algorithm>

namespace mimic::session {

std::string_view phaseName(Phase phase) {
    switch (phase) {
        case Phase::kBaseline:
            return "baseline";
        case Phase::kIntervention:
            return "intervention";
        case Phase::kMaintenance:
            return "maintenance";
        case Phase::kMastered:
            return "mastered";
        case Phase::kGeneralization:
            return "generalization";
        case Phase::kNone:
            break;
    }
    return "";
}

std::string_view settingName(Setting setting) {
    switch (setting) {
        case Setting::kClinic:
            return "clinic";
        case Setting::kHome:
            return "home";
        case Setting::kSchool:
            return "school";
        case Setting::kNone:
            break;
    }
    return "";
}

std::string_view modelKindName(ModelKind kind) {
    switch (kind) {
        case ModelKind::kPeer:
            return "peer";
        case ModelKind::kAdult:
            return "adult";
        case ModelKind::kSelf:
            return "self";
        case ModelKind::kPointOfView:
            return "point-of-view";
        case ModelKind::kNone:
            break;
    }
    return "";
}

std::string_view outcomeName(Outcome outcome) {
    switch (outcome) {
        case Outcome::kIndependent:
            return "independent";
        case Outcome::kPrompted:
            return "prompted";
        case Outcome::kIncorrect:
            return "incorrect";
        case Outcome::kNoResponse:
            return "no-response";
        case Outcome::kNone:
            break;
    }
    return "";
}

std::string_view scheduleKindName(ScheduleKind kind) {
    switch (kind) {
        case ScheduleKind::kContinuous:
            return "continuous";
        case ScheduleKind::kFixedRatio:
            return "fixed-ratio";
        case ScheduleKind::kVariableRatio:
            return "variable-ratio";
        case ScheduleKind::kNone:
            break;
    }
    return "";
}

std::string_view fadingKindName(FadingKind kind) {
    switch (kind) {
        case FadingKind::kStartLater:
            return "start-later";
        case FadingKind::kStopEarlier:
            return "stop-earlier";
        case FadingKind::kReplayFailedStep:
            return "replay-failed-step";
        case FadingKind::kNone:
            break;
    }
    return "";
}

std::optional<std::string> nextLevelDown(const std::vector<std::string>& hierarchy,
                                         const std::optional<std::string>& last) {
    if (hierarchy.empty()) return std::nullopt;
    if (!last) return hierarchy.front();
    const auto it = std::find(hierarchy.begin(), hierarchy.end(), *last);
    if (it == hierarchy.end()) return hierarchy.front();
    const auto next = std::next(it);
    return next == hierarchy.end() ? *it : *next;
}

std::optional<std::string> levelByNumber(const std::vector<std::string>& hierarchy, int number) {
    if (number < 1 || static_cast<std::size_t>(number) > hierarchy.size()) return std::nullopt;
    return hierarchy[static_cast<std::size_t>(number) - 1];
}

}  // namespace mimic::session
