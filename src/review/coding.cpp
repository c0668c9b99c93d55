#include "review/coding.h"

#include <cmath>
#include <cstdio>
#include <set>

#include "common/names.h"

namespace mimic::review {

namespace {

std::string secondsText(std::int64_t ms) {
    char text[32];
    std::snprintf(text, sizeof text, "%.3f s", static_cast<double>(ms) / 1000.0);
    return text;
}

}  // namespace

Result<std::int64_t> millisecondsOf(double seconds, std::string_view what) {
    const std::string name(what);
    if (!std::isfinite(seconds)) return Error{name + " is not a time in seconds"};
    if (seconds < 0) return Error{name + " is before the recording's start (a time is >= 0 s)"};
    const double ms = std::round(seconds * 1000.0);
    if (ms > static_cast<double>(kMaxCodedTimeMs)) {
        return Error{name + " is more than a day into the recording"};
    }
    return static_cast<std::int64_t>(ms);
}

Status checkNewCode(const std::vector<store::Code>& scheme, const store::CodeRecord& code) {
    if (Status s = checkName("a code name", code.name); !s) return s;
    if (code.kind == store::CodeKind::kNone) {
        return Error{"code " + quotedPrintable(code.name) + " needs a type: point or state"};
    }
    if (code.key) {
        const std::string& key = *code.key;
        if (key.size() != 1 || key[0] <= ' ' || key[0] > '~') {
            return Error{"the key of code " + quotedPrintable(code.name) +
                         " must be one visible character (a letter, digit or sign), not " +
                         quotedPrintable(key)};
        }
    }
    std::set<std::string> modifiers;
    for (const std::string& modifier : code.modifiers) {
        if (Status s = checkName("a modifier", modifier); !s) return s;
        if (!modifiers.insert(modifier).second) {
            return Error{"modifier " + quotedPrintable(modifier) + " is given twice"};
        }
    }
    for (const store::Code& other : scheme) {
        if (other.record.name == code.name) {
            return Error{"the scheme has a code " + quotedPrintable(code.name) + " already"};
        }
        if (code.key && other.record.key == code.key) {
            return Error{"key " + quotedPrintable(*code.key) + " is taken by code " +
                         quotedPrintable(other.record.name)};
        }
    }
    return {};
}

Status checkEvent(const store::Code& code, std::int64_t start_ms,
                  std::optional<std::int64_t> stop_ms, std::string_view modifier) {
    const std::string name = quotedPrintable(code.record.name);
    if (start_ms < 0) return Error{"an event cannot start before the recording"};
    if (code.record.kind == store::CodeKind::kState && !stop_ms) {
        return Error{name + " is a state event: it needs a stop time"};
    }
    if (code.record.kind == store::CodeKind::kPoint && stop_ms) {
        return Error{name + " is a point event: it has no stop time"};
    }
    if (stop_ms && *stop_ms < start_ms) {
        return Error{"the stop (" + secondsText(*stop_ms) + ") is before the start (" +
                     secondsText(start_ms) + ")"};
    }
    if (!modifier.empty()) {
        bool known = false;
        for (const std::string& m : code.record.modifiers)
            known = known || m == modifier;
        if (!known) {
            return Error{name + " has no modifier " + quotedPrintable(modifier)};
        }
    }
    return {};
}

Observation observationOf(const std::string& coder, const std::vector<store::CodedEvent>& events) {
    Observation observation;
    observation.coder = coder;
    for (const store::CodedEvent& event : events) {
        if (event.record.coder != coder) continue;
        ObservedEvent observed;
        observed.code = event.code;
        observed.modifiers = event.record.modifier;
        observed.state = event.kind == store::CodeKind::kState;
        observed.start_ms = event.record.start_ms;
        observed.stop_ms = event.record.stop_ms.value_or(event.record.start_ms);
        observation.events.push_back(std::move(observed));
    }
    return observation;
}

}  // namespace mimic::review
