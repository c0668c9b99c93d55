// Inter-observer agreement coverage (docs/review.md, "IOA"): per program and phase, the share
// of sessions that have a blind second observer, against a goal, and which trials to give a
// second observer next.
//
// - A session counts for a program when it has trials of the program's behaviour; its phase
//   is the program's phase when it started (phaseAt). It is observed when one of those trials
//   has a second observer (assigned; `done` counts those whose observer has finished).
// - Goal: at least kIoaGoalPct % of the phase's sessions observed (met with 0 sessions too).
// - Picks: the fewest sessions that reach the goal, chosen among the phase's sessions without
//   a second observer that have a recorded trial, spread evenly over them (the middle of k
//   equal runs, oldest first within each), so the check covers the whole phase rather than
//   its start; in each, its first recorded trial.
//
// Threads: any; pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "store/observer_repository.h"
#include "store/session_repository.h"

namespace mimic::review {

// The usual minimum share of sessions with a second observer, per phase: one in five
// (docs/clinical.md, "Inter-observer agreement and kappa").
inline constexpr int kIoaGoalPct = 20;

struct IoaPick {
    std::int64_t session_id = 0;
    std::string session_started_at;
    std::int64_t trial_id = 0;  // the trial to assign
};

struct PhaseIoa {
    store::ProgramPhase phase = store::ProgramPhase::kNone;  // kNone: before the history
    int sessions = 0;
    int observed = 0;      // sessions with a second observer
    int done = 0;          // of those, sessions whose observer finished
    double percent = 0.0;  // observed / sessions * 100 (0 without sessions)
    bool met = true;
    int needed = 0;              // more sessions to observe to reach the goal
    std::vector<IoaPick> picks;  // at most `needed`; fewer when too few sessions are recorded
};

// One program of a child: its behaviour and its phases' coverage.
struct ProgramIoa {
    std::string behaviour;
    std::vector<PhaseIoa> phases;
};

// The phases of one program in the order they first occur, from its trials (oldest session
// first, ObserverRepository::programTrials) and its phase history (oldest first).
std::vector<PhaseIoa> phaseIoa(const std::vector<store::ProgramTrial>& trials,
                               const std::vector<store::PhaseChange>& history,
                               int goal_pct = kIoaGoalPct);

// The positions of `k` picks spread evenly over `m` candidates (k <= m): the middle of each
// of k equal runs, floor((2i + 1) m / 2k), increasing and distinct.
std::vector<std::size_t> spreadEvenly(std::size_t k, std::size_t m);

}  // namespace mimic::review
