#include "session/reinforcement.h"

#include <algorithm>

namespace mimic::session {

int drawVariableRatioRequirement(std::mt19937& random, int n) {
    const std::uint64_t range = 2 * static_cast<std::uint64_t>(std::max(n, 1)) - 1;
    // mt19937 yields every value in [0, 2^32) alike; dropping the last partial block of
    // `range` values leaves each requirement exactly equally likely.
    const std::uint64_t span = std::uint64_t{1} << 32;
    const std::uint64_t limit = span - span % range;
    std::uint64_t x = random();
    while (x >= limit)
        x = random();
    return 1 + static_cast<int>(x % range);
}

Reinforcer::Reinforcer(ReinforcementSchedule schedule, std::uint32_t seed)
    : schedule_(schedule), random_(seed) {
    schedule_.ratio = std::max(schedule_.ratio, 1);
    requirement_ = drawRequirement();
}

int Reinforcer::drawRequirement() {
    switch (schedule_.kind) {
        case ScheduleKind::kFixedRatio:
            return schedule_.ratio;
        case ScheduleKind::kVariableRatio:
            return drawVariableRatioRequirement(random_, schedule_.ratio);
        case ScheduleKind::kContinuous:
        case ScheduleKind::kNone:
            break;
    }
    return 1;
}

bool Reinforcer::respond(Outcome outcome) {
    if (schedule_.kind == ScheduleKind::kNone || outcome != Outcome::kIndependent) return false;
    if (++count_ < requirement_) return false;
    count_ = 0;
    requirement_ = drawRequirement();
    return true;
}

}  // namespace mimic::session
