#include "common/utc_time.h"

#include <cstdio>
#include <optional>

#include "common/names.h"

namespace mimic {

namespace {

using namespace std::chrono;

constexpr std::string_view kShapes = "use a date like 2027-06-30, or 2027-06-30T12:00:00Z in UTC";

// The number written in text[at, at + digits), or nothing when a character there is not a
// digit (std::from_chars would take a sign).
std::optional<int> digitsAt(std::string_view text, std::size_t at, std::size_t digits) {
    int value = 0;
    for (std::size_t i = at; i < at + digits; ++i) {
        if (text[i] < '0' || text[i] > '9') return std::nullopt;
        value = value * 10 + (text[i] - '0');
    }
    return value;
}

}  // namespace

UtcSeconds utcNow() {
    return floor<seconds>(system_clock::now());
}

std::string formatUtc(UtcSeconds time) {
    const sys_days day = floor<days>(time);
    const year_month_day date(day);
    const hh_mm_ss clock(time - day);
    char text[40];
    std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02dZ",
                  static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                  static_cast<unsigned>(date.day()), static_cast<int>(clock.hours().count()),
                  static_cast<int>(clock.minutes().count()),
                  static_cast<int>(clock.seconds().count()));
    return text;
}

Result<UtcSeconds> parseUtc(std::string_view text) {
    // Built by appending: GCC 12 at -O3 warns falsely (-Wrestrict) about "'" + std::string.
    std::string quoted = "'";
    quoted += printable(text);
    quoted += "'";
    const Error not_real{quoted + " is not a real date (" + std::string(kShapes) + ")"};
    // "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SSZ": the separators in place, digits elsewhere.
    const bool date_only = text.size() == 10;
    if (!date_only && text.size() != 20) return not_real;
    if (text[4] != '-' || text[7] != '-') return not_real;
    if (!date_only && (text[10] != 'T' || text[13] != ':' || text[16] != ':' || text[19] != 'Z'))
        return not_real;
    const auto y = digitsAt(text, 0, 4);
    const auto m = digitsAt(text, 5, 2);
    const auto d = digitsAt(text, 8, 2);
    if (!y || !m || !d) return not_real;
    const year_month_day date{year(*y), month(static_cast<unsigned>(*m)),
                              day(static_cast<unsigned>(*d))};
    if (!date.ok()) return not_real;
    UtcSeconds moment = sys_days(date);
    if (date_only) return moment;
    const auto hh = digitsAt(text, 11, 2);
    const auto mm = digitsAt(text, 14, 2);
    const auto ss = digitsAt(text, 17, 2);
    // No 24:00:00 and no leap second: every moment has one spelling, so texts compare.
    if (!hh || !mm || !ss || *hh > 23 || *mm > 59 || *ss > 59) return not_real;
    return moment + hours(*hh) + minutes(*mm) + seconds(*ss);
}

Result<std::string> parseFutureExpiry(std::string_view text, UtcSeconds now) {
    auto moment = parseUtc(text);
    if (!moment) return Error{"expiry " + moment.error().message};
    if (*moment <= now) {
        std::string quoted = "expiry '";
        quoted += printable(text);
        return Error{quoted + "' (" + formatUtc(*moment) +
                     ") lies in the past; a new consent must expire after now (" + formatUtc(now) +
                     ")"};
    }
    return formatUtc(*moment);
}

}  // namespace mimic
