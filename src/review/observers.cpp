#include "review/observers.h"

#include <algorithm>

namespace mimic::review {

bool hasFinished(const store::TrialObservers& observers, std::string_view coder) {
    return std::find(observers.finished.begin(), observers.finished.end(), coder) !=
           observers.finished.end();
}

bool blindCodingOpen(const store::TrialObservers& observers) {
    return observers.second_observer && !hasFinished(observers, *observers.second_observer);
}

CoderView coderView(const store::TrialObservers& observers, std::string_view coder) {
    if (blindCodingOpen(observers) && *observers.second_observer == coder) return {false, false};
    return {};
}

std::vector<store::CodedEvent> visibleEvents(const store::TrialObservers& observers,
                                             std::string_view coder,
                                             const std::vector<store::CodedEvent>& events) {
    const CoderView view = coderView(observers, coder);
    const bool hide_blind = blindCodingOpen(observers);
    std::vector<store::CodedEvent> visible;
    for (const store::CodedEvent& event : events) {
        const std::string& by = event.record.coder;
        const bool own = by == coder;
        const bool shown =
            own || (view.other_coders && !(hide_blind && by == *observers.second_observer));
        if (shown) visible.push_back(event);
    }
    return visible;
}

Status mayCode(const store::TrialObservers& observers, std::string_view coder) {
    if (hasFinished(observers, coder)) {
        return Error{std::string(coder) +
                     " has finished coding this trial; their events are final"};
    }
    return {};
}

Status mayAssign(const store::TrialObservers& observers, std::string_view coder,
                 const std::vector<store::CodedEvent>& events) {
    if (observers.second_observer) {
        return Error{"it has a second observer already (" + *observers.second_observer + ")"};
    }
    if (hasFinished(observers, coder)) {
        return Error{std::string(coder) + " has finished coding it already"};
    }
    const bool coded = std::any_of(events.begin(), events.end(), [&](const store::CodedEvent& e) {
        return e.record.coder == coder;
    });
    if (coded) {
        return Error{std::string(coder) +
                     " has coded it already; a blind observer is assigned before coding"};
    }
    return {};
}

Status agreementShown(const store::TrialObservers& observers, std::string_view first,
                      std::string_view second) {
    if (!observers.second_observer) return {};
    const std::string& blind = *observers.second_observer;
    if (first != blind && second != blind) return {};
    std::string waiting;
    for (std::string_view coder : {first, second}) {
        if (hasFinished(observers, coder)) continue;
        waiting += (waiting.empty() ? "" : " and ") + std::string(coder);
    }
    if (waiting.empty()) return {};
    return Error{"agreement with the blind second observer " + blind +
                 " is shown once both have finished coding (still coding: " + waiting + ")"};
}

}  // namespace mimic::review
