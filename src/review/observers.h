// A blind second observer (docs/review.md, "A blind second observer"): what a coder may see
// of a trial, when they may still code it, and when two coders' agreement may be shown. The
// rows live in the store (store/observer_repository.h); the review window, `mimic code list
// --coder` and `mimic agreement` all apply these rules.
//
// The contract:
// - A trial may have one second observer, a coder assigned to code it blind. Until that coder
//   finishes (marks their coding of the trial finished), they see only their own events and
//   not the trial's score (outcome, prompt level, notes); the other coders do not see the
//   second observer's events either, so neither codes with the other's marks in view.
// - Once the second observer has finished, everybody sees everything.
// - A coder who has finished a trial codes it no more (their events are final).
// - Agreement between the second observer and another coder is shown once both have finished.
// - A trial without a second observer has no restriction.
//
// Threads: any; pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "store/observer_repository.h"
#include "store/review_repository.h"

namespace mimic::review {

// What `coder` may see of a trial.
struct CoderView {
    bool other_coders = true;  // other coders' events (false: only their own)
    bool outcome = true;       // the trial's score: outcome, prompt level, notes
};

bool hasFinished(const store::TrialObservers& observers, std::string_view coder);
// Whether the trial's second observer is still coding it blind.
bool blindCodingOpen(const store::TrialObservers& observers);

CoderView coderView(const store::TrialObservers& observers, std::string_view coder);

// The events of `events` that `coder` may see: their own, and the others' as coderView says,
// less a second observer's still being coded blind. Order kept.
std::vector<store::CodedEvent> visibleEvents(const store::TrialObservers& observers,
                                             std::string_view coder,
                                             const std::vector<store::CodedEvent>& events);

// Whether `coder` may still add or change events on the trial: not once they finished.
Status mayCode(const store::TrialObservers& observers, std::string_view coder);

// Whether `coder` may become the trial's second observer: the trial has none yet, and the
// coder has neither coded it (`events` are the trial's) nor finished it, since a blind coder
// starts before seeing anything.
Status mayAssign(const store::TrialObservers& observers, std::string_view coder,
                 const std::vector<store::CodedEvent>& events);

// Whether the agreement of `first` and `second` may be shown: always, unless one of them is
// the trial's second observer and either has not finished (the error says who is still
// coding, in one line).
Status agreementShown(const store::TrialObservers& observers, std::string_view first,
                      std::string_view second);

}  // namespace mimic::review
