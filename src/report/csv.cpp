#include "report/csv.h"

namespace mimic::report {

namespace {

template <typename T>
std::string optionalNumber(const std::optional<T>& value) {
    return value ? std::to_string(*value) : std::string();
}

std::string header(const std::vector<std::string>& columns) {
    std::vector<std::string> fields;
    for (const std::string& column : columns)
        fields.push_back(csvField(column));
    return csvRow(fields);
}

}  // namespace

std::string csvField(std::string_view text) {
    if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
    std::string out = "\"";
    for (char c : text) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
    return out;
}

std::string csvText(std::string_view text) {
    if (!text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos)
        return csvField(std::string("'").append(text));
    return csvField(text);
}

std::string csvRow(const std::vector<std::string>& fields) {
    std::string row;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i) row += ',';
        row += fields[i];
    }
    row += "\r\n";
    return row;
}

std::string trialsCsv(const std::vector<TrialRow>& rows) {
    std::string out(kUtf8Bom);
    out += header(kTrialColumns);
    for (const TrialRow& r : rows) {
        out += csvRow({std::to_string(r.trial_id), csvField(r.date), std::to_string(r.session_id),
                       csvText(r.therapist), csvField(r.setting), csvText(r.behaviour),
                       csvField(r.phase), csvText(r.clip), optionalNumber(r.step),
                       csvField(r.outcome), csvText(r.prompt_level), optionalNumber(r.latency_ms),
                       r.reinforced ? (*r.reinforced ? "yes" : "no") : ""});
    }
    return out;
}

std::string eventsCsv(const std::vector<EventRow>& rows) {
    std::string out(kUtf8Bom);
    out += header(kEventColumns);
    for (const EventRow& r : rows) {
        out += csvRow({std::to_string(r.trial_id), csvField(r.date), csvText(r.behaviour),
                       csvText(r.coder), csvText(r.code), csvText(r.modifier),
                       std::to_string(r.start_ms), optionalNumber(r.stop_ms)});
    }
    return out;
}

}  // namespace mimic::report
