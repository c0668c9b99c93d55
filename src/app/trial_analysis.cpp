#include "app/trial_analysis.h"

#include <utility>

#include "cues/auto_codes.h"

namespace mimic::app {

namespace {

// The code's id in the behaviour's scheme, added when the scheme has no code of that name.
Result<std::int64_t> schemeCode(store::ReviewRepository& review, std::int64_t behaviour_id,
                                std::string_view name, store::CodeKind kind) {
    auto found = review.findCode(behaviour_id, name);
    if (!found) return found.error();
    if (*found) {
        if ((*found)->record.kind != kind) {
            return Error{"the behaviour's scheme has a code '" + std::string(name) +
                         "' that is a " + std::string(store::codeKindName((*found)->record.kind)) +
                         ", where the analysis needs a " + std::string(store::codeKindName(kind)) +
                         "; rename that code"};
        }
        return (*found)->id;
    }
    return review.addCode({behaviour_id, std::string(name), kind, std::nullopt, {}});
}

}  // namespace

double practiceStartSeconds(const store::ReviewTrial& trial) {
    if (trial.attempt_offset_ms) return static_cast<double>(*trial.attempt_offset_ms) / 1000.0;
    if (trial.practice_start_ms) return static_cast<double>(*trial.practice_start_ms) / 1000.0;
    return 0.0;
}

Result<analysis::RecordingAnalysis> measureRecording(const std::filesystem::path& recording,
                                                     double from_s,
                                                     std::function<void(double done)> progress,
                                                     std::stop_token stop) {
    analysis::AnalysisOptions options;
    options.from_s = from_s;
    options.progress = std::move(progress);
    options.stop = std::move(stop);
    return analysis::analyseRecording(recording, options);
}

Result<std::int64_t> storeTrialAnalysis(store::Database& db, const store::ReviewTrial& trial,
                                        const analysis::RecordingAnalysis& found) {
    store::ReviewRepository review(db);
    store::TrialAnalysisRecord record;
    record.trial_id = trial.trial_id;
    record.coder = std::string(cues::kAutoCoder);
    if (found.latency) record.latency_ms = cues::toMs(*found.latency);
    for (const cues::AutoEvent& event :
         cues::autoEvents(found.faces, found.motion_onset, found.voice_onset)) {
        const store::CodeKind kind =
            event.stop_ms ? store::CodeKind::kState : store::CodeKind::kPoint;
        auto code = schemeCode(review, trial.behaviour_id, event.code, kind);
        if (!code) return code.error();
        store::CodedEventRecord stored;
        stored.code_id = *code;
        stored.start_ms = event.start_ms;
        stored.stop_ms = event.stop_ms;
        record.events.push_back(std::move(stored));
    }
    if (Status s = review.saveTrialAnalysis(record); !s) return s.error();
    return static_cast<std::int64_t>(record.events.size());
}

}  // namespace mimic::app
