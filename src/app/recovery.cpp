#include "app/recovery.h"

#include <cstdio>

#include "capture/recovery.h"

namespace mimic::app {

namespace {

constexpr const char* kTagChild = "MIMIC_CHILD";
constexpr const char* kTagChildId = "MIMIC_CHILD_ID";
constexpr const char* kTagBehaviourId = "MIMIC_BEHAVIOUR_ID";
constexpr const char* kTagClipId = "MIMIC_CLIP_ID";
constexpr const char* kTagClipViews = "MIMIC_CLIP_VIEWS";
constexpr const char* kTagSessionStartedAt = "MIMIC_SESSION_STARTED_AT";
constexpr const char* kTagRecordingStartedAt = "MIMIC_RECORDING_STARTED_AT";

// Tag lookup that ignores case: muxers may change the case of tag names.
const std::string* findTag(const std::map<std::string, std::string>& tags, std::string key) {
    for (const auto& [name, value] : tags) {
        if (name.size() == key.size() &&
            std::equal(name.begin(), name.end(), key.begin(),
                       [](char a, char b) { return std::toupper(a) == std::toupper(b); })) {
            return &value;
        }
    }
    return nullptr;
}

std::optional<std::int64_t> tagNumber(const std::map<std::string, std::string>& tags,
                                      const char* key) {
    const std::string* text = findTag(tags, key);
    if (text == nullptr || text->empty()) return std::nullopt;
    char* end = nullptr;
    const long long value = std::strtoll(text->c_str(), &end, 10);
    if (*end != '\0') return std::nullopt;
    return value;
}

}  // namespace

std::map<std::string, std::string> recordingTags(const store::PracticeTrial& trial,
                                                 const std::string& child_code) {
    return {
        {kTagChild, child_code},
        {kTagChildId, std::to_string(trial.child_id)},
        {kTagBehaviourId, std::to_string(trial.behaviour_id)},
        {kTagClipId, std::to_string(trial.clip_id)},
        {kTagClipViews, std::to_string(trial.clip_views)},
        {kTagSessionStartedAt, trial.session_started_at},
        {kTagRecordingStartedAt, trial.recording.started_at},
    };
}

std::vector<RecoveryLine> recoverInterruptedRecordings(const DataDir& dir, store::Database& db) {
    std::vector<RecoveryLine> lines;
    for (const auto& partial : capture::findPartialRecordings(dir.recordings())) {
        auto recovered = capture::recoverPartialRecording(partial);
        if (!recovered) {
            lines.push_back({false, recovered.error().message});
            continue;
        }
        char seconds[32];
        std::snprintf(seconds, sizeof seconds, "%.1f s",
                      static_cast<double>(recovered->duration_us) / 1e6);
        const std::string what = "recovered the interrupted recording " + recovered->path.string() +
                                 " (" + seconds + ", " + std::to_string(recovered->video_frames) +
                                 " frames)";
        const auto& tags = recovered->tags;
        const auto child = tagNumber(tags, kTagChildId);
        const auto behaviour = tagNumber(tags, kTagBehaviourId);
        const auto clip = tagNumber(tags, kTagClipId);
        const std::string* session_started = findTag(tags, kTagSessionStartedAt);
        if (!child || !behaviour || !clip || session_started == nullptr) {
            lines.push_back({true, what + "; it names no trial, so none was stored"});
            continue;
        }
        store::PracticeTrial trial;
        trial.child_id = *child;
        trial.behaviour_id = *behaviour;
        trial.clip_id = *clip;
        trial.clip_views = static_cast<int>(tagNumber(tags, kTagClipViews).value_or(1));
        trial.session_started_at = *session_started;
        const std::string* recording_started = findTag(tags, kTagRecordingStartedAt);
        trial.recording.started_at =
            recording_started != nullptr ? *recording_started : *session_started;
        trial.recording.path = dir.relative(recovered->path).string();
        trial.recording.duration_ms = recovered->duration_us / 1000;
        trial.recording.video_frames = recovered->video_frames;
        trial.recording.status = store::RecordingStatus::kInterrupted;
        auto ids = store::ClinicalRepository(db).recordPracticeTrial(trial);
        if (!ids) {
            lines.push_back(
                {false, what + ", but its trial could not be stored: " + ids.error().message});
            continue;
        }
        const std::string* code = findTag(tags, kTagChild);
        lines.push_back({true, what + "; trial " + std::to_string(ids->trial_id) +
                                   (code != nullptr ? " of child '" + *code + "'" : "") +
                                   " marked interrupted"});
    }
    return lines;
}

void reportRecovery(const std::vector<RecoveryLine>& lines) {
    for (const auto& line : lines) {
        std::fprintf(stderr, "mimic: %s%s\n", line.ok ? "" : "warning: ", line.message.c_str());
    }
}

}  // namespace mimic::app
