// Agreement between two coders of one recording: Cohen's kappa by time slices, exactly as
// BORIS computes it (boris/irr.py, cohen_kappa), plus percent agreement
// (docs/review.md, "Agreement"; docs/clinical.md, "Inter-observer agreement").
//
// The rule, to the last edge case:
// - Events are those of the chosen subjects and codes; a coder without any is an error (BORIS
//   refuses an observation without events).
// - Slice times: t = the earliest start over both coders, then t + interval, ..., while
//   t <= the latest stop (a point's stop is its start). Times are decimal milliseconds, as
//   BORIS keeps them (three decimals), stepped exactly; the bound compares t exactly with the
//   double holding the latest stop, as Python compares a Decimal with a float, so a last
//   slice that lands on a stop whose double is just below it (5.3 s) is left out.
// - At t, for each chosen subject, a coder's category is the list of (subject, code) pairs
//   (with the modifier when asked) active for that subject: a state when start <= t <= stop,
//   a point when |start - t| <= interval / 2, computed in doubles as SQLite does (so a point
//   exactly half an interval away may fall either side of the bound, as in BORIS). Repeats
//   are kept (two points of a code in one slice differ from one); states come before points.
//   The empty list is one category, shared by every subject.
// - Each (slice, subject) is one item of the contingency table. expected = sum over
//   categories (in sorted order) of row * column / items; kappa = (agreements - expected) /
//   (items - expected), rounded to 3 decimals as Python's round() does (half to even on the
//   double's exact value); kappa = 1 when items == expected (also with no items).
// - Percent agreement: agreements / items * 100, not rounded; none without items.
//
// Threads: any; pure functions and values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"

namespace mimic::review {

// BORIS's name for the subject of events coded without one.
inline constexpr const char* kNoFocalSubject = "No focal subject";

struct ObservedEvent {
    std::string subject;  // "" belongs to kNoFocalSubject
    std::string code;
    std::string modifiers;  // compared only with AgreementOptions::include_modifiers
    bool state = false;     // false: a point event at start_ms
    std::int64_t start_ms = 0;
    std::int64_t stop_ms = 0;  // a state's stop (>= start_ms); ignored for a point
};

// One coder's coding of the recording.
struct Observation {
    std::string coder;  // names it in errors
    std::vector<ObservedEvent> events;
};

struct AgreementOptions {
    std::int64_t interval_ms = 1000;  // > 0
    // Empty: every subject an event names, and kNoFocalSubject (BORIS's "all"), sorted.
    std::vector<std::string> subjects;
    // Empty: every code an event names, sorted.
    std::vector<std::string> codes;
    bool include_modifiers = false;
};

// One element of a category: (subject, code) or (subject, code, modifiers).
using CategoryElement = std::vector<std::string>;
// What a coder saw for one subject in one slice.
using Category = std::vector<CategoryElement>;

struct Agreement {
    double kappa = 1.0;                            // rounded to 3 decimals
    std::optional<double> percent;                 // 0..100; none without items
    std::int64_t slices = 0;                       // slice times
    std::int64_t items = 0;                        // slices * subjects
    std::int64_t agreements = 0;                   // items where both coders' categories are equal
    std::vector<Category> categories;              // every category seen, sorted
    std::vector<std::vector<std::int64_t>> table;  // [first's category][second's category]
};

// The agreement of `first` and `second`. Errors: an interval <= 0, a coder without events of
// the chosen subjects and codes (naming the coder).
Result<Agreement> cohenKappa(const Observation& first, const Observation& second,
                             const AgreementOptions& options);

// Python's round(x, 3): the double nearest to x's exact value rounded to 3 decimals, half to
// even.
double roundTo3Decimals(double x);

}  // namespace mimic::review
