#include "common/clock.h"

#include "common/utc_time.h"

namespace mimic {

std::string utcNowIso8601() {
    return formatUtc(utcNow());
}

}  // namespace mimic
