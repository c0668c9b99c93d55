#include "review/timeline_strip.h"

#include <algorithm>
#include <map>

namespace mimic::review {

TimelineStrip timelineStrip(const ReviewTimeline& timeline, std::int64_t playhead_us,
                            const std::vector<store::CodedEvent>& events) {
    TimelineStrip strip;
    std::int64_t begin = std::min(timeline.begin_us(), playhead_us);
    std::int64_t end = std::max(timeline.end_us(), playhead_us);
    for (const store::CodedEvent& event : events) {
        begin = std::min(begin, event.record.start_ms * 1000);
        end = std::max(end, event.record.stop_ms.value_or(event.record.start_ms) * 1000);
    }
    if (end <= begin) end = begin + 1;  // a strip of one moment still has a width
    strip.begin_us = begin;
    strip.end_us = end;
    const auto at = [&](std::int64_t t_us) {
        return std::clamp(static_cast<double>(t_us - begin) / static_cast<double>(end - begin), 0.0,
                          1.0);
    };
    if (!timeline.model().empty()) {
        strip.model = {at(timeline.timelineOfModel(timeline.model().first())),
                       at(timeline.timelineOfModel(timeline.model().last()))};
    }
    if (!timeline.practice().empty()) {
        strip.practice = {at(timeline.practice().first()), at(timeline.practice().last())};
    }
    strip.practice_start = at(timeline.practiceStart_us());
    strip.playhead = at(playhead_us);
    std::map<std::string, StripRow> rows;
    for (const store::CodedEvent& event : events) {
        StripRow& row = rows[event.record.coder];
        row.coder = event.record.coder;
        const std::int64_t stop_ms = event.record.stop_ms.value_or(event.record.start_ms);
        row.events.push_back(
            {{at(event.record.start_ms * 1000), at(stop_ms * 1000)}, !event.record.stop_ms});
    }
    for (auto& [coder, row] : rows)
        strip.rows.push_back(std::move(row));
    return strip;
}

}  // namespace mimic::review
