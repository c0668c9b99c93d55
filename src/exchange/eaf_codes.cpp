#include "exchange/eaf_codes.h"

#include <algorithm>
#include <set>

#include "common/names.h"

namespace mimic::exchange {

std::vector<EafTier> eafTiersOf(const std::vector<EafEvent>& events) {
    std::map<std::pair<std::string, std::string>, std::vector<const EafEvent*>> by_tier;
    for (const EafEvent& event : events)
        by_tier[{event.coder, event.code}].push_back(&event);
    std::vector<EafTier> tiers;
    for (auto& [key, tier_events] : by_tier) {
        std::stable_sort(
            tier_events.begin(), tier_events.end(),
            [](const EafEvent* a, const EafEvent* b) { return a->start_ms < b->start_ms; });
        EafTier tier;
        tier.id = key.first + "/" + key.second;
        tier.participant = key.first;
        for (const EafEvent* event : tier_events) {
            tier.annotations.push_back(
                {event->start_ms, event->stop_ms ? *event->stop_ms : event->start_ms + kEafPointMs,
                 event->modifier.empty() ? event->code : event->modifier});
        }
        tiers.push_back(std::move(tier));
    }
    return tiers;
}

Result<std::vector<EafEvent>> eventsOfEafTiers(const std::vector<EafTier>& tiers,
                                               const std::map<std::string, store::CodeKind>& scheme,
                                               const std::string& coder) {
    std::vector<EafEvent> events;
    std::set<std::string> unknown;
    for (const EafTier& tier : tiers) {
        const std::string prefix = tier.participant + "/";
        const bool ours = !tier.participant.empty() && tier.id.size() > prefix.size() &&
                          tier.id.compare(0, prefix.size(), prefix) == 0;
        const std::string tier_coder = coder.empty() ? tier.participant : coder;
        if (tier_coder.empty() && !tier.annotations.empty()) {
            return Error{"tier " + quotedPrintable(tier.id) +
                         " names no PARTICIPANT: give the coder with --coder NAME"};
        }
        for (const EafAnnotation& annotation : tier.annotations) {
            EafEvent event;
            event.coder = tier_coder;
            if (ours) {
                event.code = tier.id.substr(prefix.size());
                if (annotation.value != event.code) event.modifier = annotation.value;
            } else {
                event.code = annotation.value.empty() ? tier.id : annotation.value;
            }
            const auto kind = scheme.find(event.code);
            if (kind == scheme.end()) {
                unknown.insert(event.code);
                continue;
            }
            event.start_ms = annotation.start_ms;
            if (kind->second == store::CodeKind::kState) event.stop_ms = annotation.end_ms;
            events.push_back(std::move(event));
        }
    }
    if (!unknown.empty()) {
        std::string names;
        for (const std::string& name : unknown)
            names += (names.empty() ? "" : ", ") + quotedPrintable(name);
        return Error{"the behaviour's scheme has no code " + names +
                     " (add with `mimic code scheme add BEHAVIOUR CODE --type point|state`, or "
                     "leave those tiers out)"};
    }
    return events;
}

}  // namespace mimic::exchange
