// The IOA view (issue 12, 3): for each of a child's programs and each phase, the share of
// sessions that have a blind second observer against the goal (review/ioa.h), and the trials
// to give a second observer next. The Children tab hosts it for the selected child and opens
// a suggested trial in the review window through the OpenTrial callback.
//
// Threads: the UI thread only (the callback is called on it).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "review/ioa.h"

namespace mimic::ui {

// "intervention: 1 of 6 sessions (16.7 %), goal 20 %: 1 more" - one line per phase.
std::string ioaPhaseLine(const review::PhaseIoa& phase, int goal_pct);
// "pick trial 14 (session of 2026-12-01)"
std::string ioaPickLine(const review::IoaPick& pick);

class IoaView {
  public:
    using OpenTrial = std::function<void(std::int64_t trial_id)>;

    void setData(std::vector<review::ProgramIoa> programs) { programs_ = std::move(programs); }
    const std::vector<review::ProgramIoa>& data() const { return programs_; }
    // Called with a suggested trial's id when it is clicked; without one the picks are text.
    void setOpenTrial(OpenTrial open) { open_trial_ = std::move(open); }

    // Draws into the current ImGui window.
    void draw() const;

  private:
    std::vector<review::ProgramIoa> programs_;
    OpenTrial open_trial_;
};

}  // namespace mimic::ui
