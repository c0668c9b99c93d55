#include "exchange/boris.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <utility>

namespace mimic::exchange {

namespace {

using nlohmann::json;

constexpr std::uintmax_t kMaxProjectBytes = 256u << 20;

// BORIS numbers its entries "0", "1", ...: in that order (not the string order of "10").
std::vector<const json*> numbered(const json& object) {
    std::vector<std::pair<long long, const json*>> entries;
    for (const auto& [key, value] : object.items()) {
        char* end = nullptr;
        const long long n = std::strtoll(key.c_str(), &end, 10);
        entries.emplace_back(end && *end == '\0' ? n : 0, &value);
    }
    std::stable_sort(entries.begin(), entries.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<const json*> values;
    for (const auto& entry : entries)
        values.push_back(entry.second);
    return values;
}

std::string textOf(const json& object, const char* key) {
    const auto it = object.find(key);
    if (it == object.end() || !it->is_string()) return "";
    return it->get<std::string>();
}

double numberOf(const json& value, double otherwise) {
    return value.is_number() ? value.get<double>() : otherwise;
}

// Modifiers: BORIS 7 keeps sets {"0": {"name", "type", "values": [...]}}; older projects a
// comma-separated string. The values of every set, in order.
std::vector<std::string> modifiersOf(const json& behaviour) {
    std::vector<std::string> values;
    const auto it = behaviour.find("modifiers");
    if (it == behaviour.end()) return values;
    if (it->is_string()) {
        std::stringstream list(it->get<std::string>());
        for (std::string value; std::getline(list, value, ',');)
            if (!value.empty()) values.push_back(value);
    } else if (it->is_object()) {
        for (const json* set : numbered(*it)) {
            const auto set_values = set->find("values");
            if (set_values == set->end() || !set_values->is_array()) continue;
            for (const json& value : *set_values)
                if (value.is_string()) values.push_back(value.get<std::string>());
        }
    }
    return values;
}

Result<BorisEvent> eventOf(const json& row, const std::string& observation, std::size_t index) {
    const std::string where =
        "observation \"" + observation + "\", event " + std::to_string(index + 1);
    if (!row.is_array() || row.size() < 3 || !row[0].is_number() || !row[2].is_string()) {
        return Error{where + " is not a row [time, subject, code, modifier, comment]"};
    }
    const double time = row[0].get<double>();
    if (!std::isfinite(time) || time < 0 || time > 24.0 * 3600) {
        return Error{where + " has a time that is not between 0 and a day"};
    }
    BorisEvent event;
    event.time_ms = std::llround(time * 1000.0);
    event.subject = row[1].is_string() ? row[1].get<std::string>() : "";
    if (event.subject == review::kNoFocalSubject) event.subject.clear();
    event.code = row[2].get<std::string>();
    if (row.size() > 3 && row[3].is_string()) event.modifier = row[3].get<std::string>();
    if (row.size() > 4 && row[4].is_string()) event.comment = row[4].get<std::string>();
    return event;
}

Result<BorisObservation> observationOf(const std::string& id, const json& object) {
    if (!object.is_object()) return Error{"observation \"" + id + "\" is not an object"};
    BorisObservation observation;
    observation.id = id;
    observation.date = textOf(object, "date");
    observation.description = textOf(object, "description");
    const json media_info = object.value("media_info", json::object());
    const json offsets = media_info.value("offset", json::object());
    const json files = object.value("file", json::object());
    for (int player = 1; files.is_object() && player <= 8; ++player) {
        const auto list = files.find(std::to_string(player));
        if (list == files.end() || !list->is_array() || list->empty()) continue;
        if (!(*list)[0].is_string()) continue;
        BorisMedia media;
        media.path = (*list)[0].get<std::string>();
        const auto per_file = [&](const char* key) {
            const json map = media_info.value(key, json::object());
            return map.is_object() && map.contains(media.path) ? map[media.path] : json();
        };
        media.length_s = numberOf(per_file("length"), 0.0);
        media.fps = numberOf(per_file("fps"), 0.0);
        const json video = per_file("hasVideo");
        const json audio = per_file("hasAudio");
        media.has_video = video.is_boolean() ? video.get<bool>() : true;
        media.has_audio = audio.is_boolean() ? audio.get<bool>() : false;
        if (offsets.is_object() && offsets.contains(std::to_string(player)))
            media.offset_s = numberOf(offsets[std::to_string(player)], 0.0);
        observation.players.push_back(std::move(media));
    }
    const auto events = object.find("events");
    if (events != object.end()) {
        if (!events->is_array()) return Error{"observation \"" + id + "\" has no event list"};
        for (std::size_t i = 0; i < events->size(); ++i) {
            auto event = eventOf((*events)[i], id, i);
            if (!event) return event.error();
            observation.events.push_back(std::move(*event));
        }
    }
    std::stable_sort(
        observation.events.begin(), observation.events.end(),
        [](const BorisEvent& a, const BorisEvent& b) { return a.time_ms < b.time_ms; });
    return observation;
}

json mediaInfoJson(const BorisObservation& observation) {
    json info = {{"length", json::object()},
                 {"fps", json::object()},
                 {"hasVideo", json::object()},
                 {"hasAudio", json::object()},
                 {"offset", json::object()}};
    for (std::size_t i = 0; i < observation.players.size(); ++i) {
        const BorisMedia& media = observation.players[i];
        info["length"][media.path] = media.length_s;
        info["fps"][media.path] = media.fps;
        info["hasVideo"][media.path] = media.has_video;
        info["hasAudio"][media.path] = media.has_audio;
        info["offset"][std::to_string(i + 1)] = media.offset_s;
    }
    return info;
}

// Seconds with three decimals as BORIS writes them (a double of the decimal value).
double secondsOf(std::int64_t ms) {
    return static_cast<double>(ms) / 1000.0;
}

}  // namespace

namespace {

Result<BorisProject> projectOf(std::string_view text) {
    json root = json::parse(text, nullptr, false);
    if (root.is_discarded()) return Error{"not a BORIS project: the file is not JSON"};
    if (!root.is_object() || !root.contains("behaviors_conf") || !root.contains("observations")) {
        return Error{"not a BORIS project: no behaviors_conf or observations"};
    }
    BorisProject project;
    project.name = textOf(root, "project_name");
    project.date = textOf(root, "project_date");
    const json& behaviours = root["behaviors_conf"];
    if (!behaviours.is_object()) return Error{"not a BORIS project: behaviors_conf is not a map"};
    for (const json* entry : numbered(behaviours)) {
        if (!entry->is_object() || textOf(*entry, "code").empty()) {
            return Error{"the ethogram has a behaviour without a code"};
        }
        BorisBehaviour behaviour;
        behaviour.code = textOf(*entry, "code");
        behaviour.state = textOf(*entry, "type").find("State") != std::string::npos;
        behaviour.key = textOf(*entry, "key");
        behaviour.description = textOf(*entry, "description");
        behaviour.category = textOf(*entry, "category");
        behaviour.modifiers = modifiersOf(*entry);
        project.behaviours.push_back(std::move(behaviour));
    }
    const json subjects = root.value("subjects_conf", json::object());
    if (subjects.is_object()) {
        for (const json* entry : numbered(subjects))
            if (entry->is_object()) project.subjects.push_back(textOf(*entry, "name"));
    }
    const json& observations = root["observations"];
    if (!observations.is_object()) return Error{"not a BORIS project: observations is not a map"};
    for (const auto& [id, object] : observations.items()) {
        auto observation = observationOf(id, object);
        if (!observation) return observation.error();
        project.observations.push_back(std::move(*observation));
    }
    return project;
}

}  // namespace

Result<BorisProject> parseBorisProject(std::string_view text) {
    try {
        return projectOf(text);
    } catch (const json::exception&) {
        // A field of an unexpected type where the reader takes its value.
        return Error{"not a BORIS project: a field has an unexpected type"};
    }
}

Result<BorisProject> readBorisProject(const std::filesystem::path& path) {
    std::error_code error;
    const auto size = std::filesystem::file_size(path, error);
    if (error) return Error{"cannot read " + path.string() + ": " + error.message()};
    if (size > kMaxProjectBytes) return Error{path.string() + " is too large for a BORIS project"};
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    if (!in) return Error{"cannot read " + path.string()};
    auto project = parseBorisProject(text.str());
    if (!project) return Error{path.string() + ": " + project.error().message};
    return project;
}

std::string borisProjectJson(const BorisProject& project) {
    json behaviours = json::object();
    for (std::size_t i = 0; i < project.behaviours.size(); ++i) {
        const BorisBehaviour& b = project.behaviours[i];
        json modifiers = json::object();
        if (!b.modifiers.empty()) {
            modifiers["0"] = {{"name", ""}, {"type", 0}, {"values", b.modifiers}};
        }
        behaviours[std::to_string(i)] = {{"type", b.state ? "State event" : "Point event"},
                                         {"key", b.key},
                                         {"code", b.code},
                                         {"description", b.description},
                                         {"color", ""},
                                         {"category", b.category},
                                         {"modifiers", modifiers},
                                         {"excluded", ""},
                                         {"coding map", ""}};
    }
    json subjects = json::object();
    for (std::size_t i = 0; i < project.subjects.size(); ++i) {
        subjects[std::to_string(i)] = {
            {"key", ""}, {"name", project.subjects[i]}, {"description", ""}};
    }
    json observations = json::object();
    for (const BorisObservation& o : project.observations) {
        json files = json::object();
        for (int player = 1; player <= 8; ++player)
            files[std::to_string(player)] = json::array();
        for (std::size_t i = 0; i < o.players.size(); ++i)
            files[std::to_string(i + 1)].push_back(o.players[i].path);
        json events = json::array();
        for (const BorisEvent& e : o.events) {
            events.push_back({secondsOf(e.time_ms), e.subject, e.code, e.modifier, e.comment});
        }
        observations[o.id] = {{"file", files},
                              {"type", "MEDIA"},
                              {"date", o.date},
                              {"description", o.description},
                              {"time offset", 0.0},
                              {"events", events},
                              {"observation time interval", {0, 0}},
                              {"independent_variables", json::object()},
                              {"visualize_spectrogram", false},
                              {"visualize_waveform", false},
                              {"media_creation_date_as_offset", false},
                              {"media_scan_sampling_duration", 0},
                              {"image_display_duration", 1},
                              {"close_behaviors_between_videos", false},
                              {"media_info", mediaInfoJson(o)}};
    }
    const json root = {{"time_format", "hh:mm:ss"},
                       {"project_date", project.date},
                       {"project_name", project.name},
                       {"project_description", ""},
                       {"project_format_version", kBorisFormatVersion},
                       {"subjects_conf", subjects},
                       {"behaviors_conf", behaviours},
                       {"observations", observations},
                       {"behavioral_categories", json::array()},
                       {"independent_variables", json::object()},
                       {"coding_map", json::object()},
                       {"behaviors_coding_map", json::array()},
                       {"converters", json::object()}};
    return root.dump(1) + "\n";
}

const BorisObservation* findBorisObservation(const BorisProject& project, std::string_view id) {
    for (const BorisObservation& o : project.observations)
        if (o.id == id) return &o;
    return nullptr;
}

const BorisBehaviour* findBorisBehaviour(const BorisProject& project, std::string_view code) {
    for (const BorisBehaviour& b : project.behaviours)
        if (b.code == code) return &b;
    return nullptr;
}

Result<review::Observation> borisObservation(const BorisProject& project, std::string_view id) {
    const BorisObservation* source = findBorisObservation(project, id);
    if (!source) return Error{"the project has no observation \"" + std::string(id) + "\""};
    review::Observation observation;
    observation.coder = source->id;
    // Open states by (subject, code): the index of their start in `events`.
    std::map<std::pair<std::string, std::string>, std::size_t> open;
    for (const BorisEvent& e : source->events) {
        const BorisBehaviour* behaviour = findBorisBehaviour(project, e.code);
        if (!behaviour) {
            return Error{"observation \"" + source->id + "\" has an event of \"" + e.code +
                         "\", which the ethogram does not define"};
        }
        if (!behaviour->state) {
            observation.events.push_back(
                {e.subject, e.code, e.modifier, false, e.time_ms, e.time_ms});
            continue;
        }
        const auto key = std::make_pair(e.subject, e.code);
        if (const auto it = open.find(key); it != open.end()) {
            observation.events[it->second].stop_ms = e.time_ms;
            open.erase(it);
        } else {
            open[key] = observation.events.size();
            observation.events.push_back(
                {e.subject, e.code, e.modifier, true, e.time_ms, e.time_ms});
        }
    }
    if (!open.empty()) {
        const review::ObservedEvent& start = observation.events[open.begin()->second];
        char at[32];
        std::snprintf(at, sizeof at, "%.3f", static_cast<double>(start.start_ms) / 1000.0);
        return Error{"observation \"" + source->id + "\" has a state \"" + start.code +
                     "\" started at " + at + " s and never stopped"};
    }
    return observation;
}

}  // namespace mimic::exchange
