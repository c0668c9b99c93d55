// BORIS projects (docs/review.md, "BORIS"): the JSON file BORIS (Behavioral Observation
// Research Interactive Software) keeps a study in, project_format_version "7.0". What mimic
// reads and writes of it:
// - `behaviors_conf`: the ethogram, {"0": {"code", "type": "Point event" | "State event",
//   "key", "description", "category", "modifiers"}, ...}. A type naming "State" is a state.
// - `subjects_conf`: {"0": {"name", "key", "description"}, ...}.
// - `observations`: {id: {"file": {"1": [path], "2": [path]}, "type": "MEDIA",
//   "media_info": {"length": {path: s}, "fps": {path: n}, "hasVideo", "hasAudio",
//   "offset": {"1": s, "2": s}}, "events": [[time, subject, code, modifier, comment], ...],
//   "date", "description", "time offset"}}. Times are seconds with three decimals; a state
//   is a start row and a stop row of the same subject and code (alternating in time
//   order; the start's modifier); a row without a subject belongs to "No focal subject".
// Everything else in a project is kept by BORIS and ignored here.
//
// Threads: any; pure functions and values.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "review/agreement.h"

namespace mimic::exchange {

inline constexpr const char* kBorisFormatVersion = "7.0";

struct BorisBehaviour {
    std::string code;
    bool state = false;  // "State event"; else "Point event"
    std::string key;
    std::string description;
    std::string category;
    std::vector<std::string> modifiers;  // one set of values
};

struct BorisEvent {
    std::int64_t time_ms = 0;
    std::string subject;  // "" for "No focal subject"
    std::string code;
    std::string modifier;
    std::string comment;
};

struct BorisMedia {
    std::string path;
    double length_s = 0.0;
    double fps = 0.0;
    bool has_video = true;
    bool has_audio = false;
    double offset_s = 0.0;  // this player's offset (media_info "offset")
};

struct BorisObservation {
    std::string id;
    std::string date;  // ISO 8601
    std::string description;
    std::vector<BorisMedia> players;  // player 1, 2, ...
    std::vector<BorisEvent> events;   // in time order
};

struct BorisProject {
    std::string name;
    std::string date;
    std::vector<BorisBehaviour> behaviours;
    std::vector<std::string> subjects;
    std::vector<BorisObservation> observations;
};

// The project in `text`. Errors (one line): not JSON, not a BORIS project, a malformed
// ethogram, subject or event row (naming the observation and row).
Result<BorisProject> parseBorisProject(std::string_view text);
// The project in the file at `path` (read whole; refused over 256 MiB).
Result<BorisProject> readBorisProject(const std::filesystem::path& path);
// The project as BORIS 7 JSON.
std::string borisProjectJson(const BorisProject& project);

const BorisObservation* findBorisObservation(const BorisProject& project, std::string_view id);
const BorisBehaviour* findBorisBehaviour(const BorisProject& project, std::string_view code);

// The events of observation `id` as the agreement sees them (review::cohenKappa): points,
// and states paired start/stop per subject and code. Errors: an unknown id, a code
// not in the ethogram, a state started and never stopped.
Result<review::Observation> borisObservation(const BorisProject& project, std::string_view id);

}  // namespace mimic::exchange
