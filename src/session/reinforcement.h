// Which responses earn reinforcement under a program's schedule (docs/clinical.md,
// "Reinforcement schedule").
//
// What a schedule counts: only independent responses (Outcome::kIndependent) are correct
// responses that a schedule can reinforce. Prompted responses are not counted: they are
// never reinforced by the schedule, and they neither advance nor reset the count towards the
// next reinforcement; nor do incorrect or absent responses (and unscored trials are never
// offered). The count starts afresh with each session (each Reinforcer).
//
// - continuous: every independent response is reinforced.
// - fixed ratio N: the Nth, 2Nth, 3Nth... independent response is reinforced.
// - variable ratio N: the number of independent responses needed for each reinforcement is
//   drawn uniformly from 1..2N-1 (mean N), a fresh draw after each reinforcement. The draws
//   come from std::mt19937 seeded with the given seed and mapped to the range by rejection
//   (not std::uniform_int_distribution, whose algorithm differs between standard libraries),
//   so a seed gives the same pattern on every platform.
// - kNone: nothing is reinforced.
//
// Threads: one at a time (a Reinforcer is a plain value).
#pragma once

#include <cstdint>
#include <random>

#include "session/clinical.h"

namespace mimic::session {

class Reinforcer {
  public:
    // `schedule.ratio` below 1 is taken as 1.
    explicit Reinforcer(ReinforcementSchedule schedule, std::uint32_t seed = 0);

    // Takes one scored response and says whether to reinforce it.
    bool respond(Outcome outcome);

    // Independent responses still needed for the next reinforcement (1 means: the next one).
    int remaining() const { return requirement_ - count_; }

  private:
    int drawRequirement();

    ReinforcementSchedule schedule_;
    std::mt19937 random_;
    int requirement_ = 1;  // independent responses this reinforcement needs
    int count_ = 0;        // independent responses since the last reinforcement
};

// One variable-ratio requirement: uniform in 1..2n-1 (n >= 1), drawn from `random` by
// rejection, so the same generator state gives the same value on every platform.
int drawVariableRatioRequirement(std::mt19937& random, int n);

}  // namespace mimic::session
