#include "review/agreement.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>
#include <tuple>

namespace mimic::review {

namespace {

// More slices than this is a typing mistake (0.001 s over hours), not a comparison.
constexpr std::int64_t kMaxItems = 5'000'000;

// An event of a chosen subject and code, with the doubles BORIS's SQL compares.
struct Prepared {
    std::string subject;
    std::size_t code_index = 0;  // in the chosen codes: the order within a category
    const ObservedEvent* event = nullptr;
    double start = 0.0;
    double stop = 0.0;
};

std::string subjectOf(const ObservedEvent& event) {
    return event.subject.empty() ? std::string(kNoFocalSubject) : event.subject;
}

std::vector<Prepared> prepare(const Observation& observation, const std::set<std::string>& subjects,
                              const std::map<std::string, std::size_t>& codes) {
    std::vector<Prepared> prepared;
    for (const ObservedEvent& event : observation.events) {
        std::string subject = subjectOf(event);
        const auto code = codes.find(event.code);
        if (!subjects.contains(subject) || code == codes.end()) continue;
        // BORIS stores times as floats of their three-decimal values: the nearest double,
        // which a correctly rounded division gives too.
        const double start = static_cast<double>(event.start_ms) / 1000.0;
        const double stop = event.state ? static_cast<double>(event.stop_ms) / 1000.0 : start;
        prepared.push_back({std::move(subject), code->second, &event, start, stop});
    }
    return prepared;
}

// Python's `Decimal(t) <= float_stop`: exact. Below the stop's decimal value the answer is yes
// (the double is within half an ulp of it, far less than a millisecond); on it, yes only when
// the double did not round down.
bool sliceWithin(std::int64_t t_ms, std::int64_t last_ms) {
    if (t_ms != last_ms) return t_ms < last_ms;
    const double last = static_cast<double>(last_ms) / 1000.0;
    // The exact sign of last * 1000 - last_ms (one rounding of a nonzero exact value keeps
    // its sign).
    return std::fma(last, 1000.0, -static_cast<double>(last_ms)) >= 0.0;
}

Category categoryAt(const std::vector<Prepared>& events, const std::string& subject, double t,
                    double half_interval, bool include_modifiers) {
    std::vector<const Prepared*> states;
    std::vector<const Prepared*> points;
    for (const Prepared& p : events) {
        if (p.subject != subject) continue;
        if (p.event->state) {
            if (p.start <= t && t <= p.stop) states.push_back(&p);
        } else if (std::fabs(p.start - t) <= half_interval) {
            points.push_back(&p);
        }
    }
    // BORIS's rows come out in the order they were aggregated: by code (in the chosen order),
    // then modifiers, then time; equal elements make the time order invisible.
    const auto order = [](const Prepared* a, const Prepared* b) {
        return std::tie(a->code_index, a->event->modifiers) <
               std::tie(b->code_index, b->event->modifiers);
    };
    std::stable_sort(states.begin(), states.end(), order);
    std::stable_sort(points.begin(), points.end(), order);
    Category category;
    for (const auto* group : {&states, &points}) {
        for (const Prepared* p : *group) {
            CategoryElement element{p->subject, p->event->code};
            if (include_modifiers) element.push_back(p->event->modifiers);
            category.push_back(std::move(element));
        }
    }
    return category;
}

}  // namespace

double roundTo3Decimals(double x) {
    // glibc prints the exact binary value rounded in the current mode (to nearest, ties to
    // even), which is what Python's round() computes.
    char text[64];
    std::snprintf(text, sizeof text, "%.3f", x);
    return std::strtod(text, nullptr);
}

Result<Agreement> cohenKappa(const Observation& first, const Observation& second,
                             const AgreementOptions& options) {
    if (options.interval_ms <= 0) return Error{"the slice interval must be above 0 s"};

    std::vector<std::string> subjects = options.subjects;
    if (subjects.empty()) {
        std::set<std::string> all{kNoFocalSubject};
        for (const Observation* o : {&first, &second}) {
            for (const ObservedEvent& e : o->events)
                all.insert(subjectOf(e));
        }
        subjects.assign(all.begin(), all.end());
    }
    std::vector<std::string> code_order = options.codes;
    if (code_order.empty()) {
        std::set<std::string> all;
        for (const Observation* o : {&first, &second}) {
            for (const ObservedEvent& e : o->events)
                all.insert(e.code);
        }
        code_order.assign(all.begin(), all.end());
    }
    std::map<std::string, std::size_t> codes;
    for (std::size_t i = 0; i < code_order.size(); ++i)
        codes.emplace(code_order[i], i);
    const std::set<std::string> subject_set(subjects.begin(), subjects.end());

    const std::vector<Prepared> events1 = prepare(first, subject_set, codes);
    const std::vector<Prepared> events2 = prepare(second, subject_set, codes);
    for (const Observation* observation : {&first, &second}) {
        const auto& events = observation == &first ? events1 : events2;
        if (events.empty()) {
            return Error{"coder '" + observation->coder + "' has coded no events" +
                         (options.codes.empty() && options.subjects.empty()
                              ? std::string()
                              : std::string(" of the chosen codes"))};
        }
    }

    std::int64_t first_ms = events1.front().event->start_ms;
    std::int64_t last_ms = first_ms;
    for (const auto* events : {&events1, &events2}) {
        for (const Prepared& p : *events) {
            first_ms = std::min(first_ms, p.event->start_ms);
            last_ms = std::max(last_ms, p.event->state ? p.event->stop_ms : p.event->start_ms);
        }
    }

    const double half_interval = static_cast<double>(options.interval_ms) / 2000.0;
    std::vector<std::pair<Category, Category>> items;
    Agreement result;
    for (std::int64_t t_ms = first_ms; sliceWithin(t_ms, last_ms); t_ms += options.interval_ms) {
        ++result.slices;
        if (result.slices * static_cast<std::int64_t>(subjects.size()) > kMaxItems) {
            return Error{"too many slices (more than " + std::to_string(kMaxItems) +
                         "): choose a longer interval"};
        }
        const double t = static_cast<double>(t_ms) / 1000.0;
        for (const std::string& subject : subjects) {
            items.emplace_back(
                categoryAt(events1, subject, t, half_interval, options.include_modifiers),
                categoryAt(events2, subject, t, half_interval, options.include_modifiers));
        }
    }

    std::map<Category, std::size_t> index;
    for (const auto& [a, b] : items) {
        index.emplace(a, 0);
        index.emplace(b, 0);
    }
    for (auto& [category, i] : index) {
        i = result.categories.size();
        result.categories.push_back(category);
    }
    const std::size_t n = result.categories.size();
    result.table.assign(n, std::vector<std::int64_t>(n, 0));
    for (const auto& [a, b] : items) {
        ++result.table[index.at(a)][index.at(b)];
        if (a == b) ++result.agreements;
    }
    result.items = static_cast<std::int64_t>(items.size());

    // In BORIS's order of operations, so the doubles (and the rounding) come out the same.
    const auto total = static_cast<double>(result.items);
    double expected = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        double row = 0.0;
        double column = 0.0;
        for (std::size_t j = 0; j < n; ++j) {
            row += static_cast<double>(result.table[i][j]);
            column += static_cast<double>(result.table[j][i]);
        }
        expected += row * column / total;
    }
    const double agreements = static_cast<double>(result.agreements);
    if (total - expected == 0.0) {
        result.kappa = 1.0;
    } else {
        result.kappa = roundTo3Decimals((agreements - expected) / (total - expected));
    }
    if (result.items > 0) result.percent = agreements / total * 100.0;
    return result;
}

}  // namespace mimic::review
