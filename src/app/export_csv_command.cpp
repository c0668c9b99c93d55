// mimic export csv --child C [--from DATE] [--to DATE] [--events] --out F.csv [--force]: the
// child's trials (or, with --events, their coded events) as a tidy CSV table for spreadsheets
// (report/csv.h says the encoding and quoting; docs/review.md, "CSV export", the columns).
// Audited: an export discloses the clinical record.
#include <cstdio>
#include <map>
#include <memory>

#include "app/cli.h"
#include "app/data_context.h"
#include "app/export_support.h"
#include "app/record_lookup.h"
#include "app/session_mapping.h"
#include "report/csv.h"
#include "review/progress_series.h"
#include "store/review_repository.h"
#include "store/session_repository.h"

namespace mimic::app {

namespace {

struct ExportCsvOptions {
    std::filesystem::path data_dir;
    ExportTarget target;
    bool events = false;
};

constexpr const char* kColumnsHelp =
    "Writes UTF-8 with a byte-order mark, RFC 4180 quoting, CRLF rows; text cells starting "
    "with = + - @ get a leading apostrophe.\n"
    "Trial columns: trial, date (YYYY-MM-DD), session, therapist, setting, behaviour, phase, "
    "clip, step, outcome, prompt_level, latency_ms, reinforced (yes/no).\n"
    "--events columns: trial, date, behaviour, coder, code, modifier, start_ms, stop_ms "
    "(empty for a point event).";

// The trials of the child in the range, each with its phase then (of the child's program of
// the behaviour) and its step.
Result<std::vector<report::TrialRow>> trialRows(store::Database& db, std::int64_t child_id,
                                                const std::vector<store::TrialHistoryEntry>& trials,
                                                const DayRange& range) {
    store::SessionRepository sessions(db);
    auto programs = store::ClinicalRepository(db).listPrograms(child_id);
    if (!programs) return programs.error();
    std::map<std::string, std::int64_t> program_of;
    for (const store::Program& program : *programs)
        program_of[program.behaviour_name] = program.id;
    store::ReviewRepository reviews(db);
    std::map<std::int64_t, std::vector<store::PhaseChange>> histories;
    std::vector<report::TrialRow> rows;
    for (const store::TrialHistoryEntry& trial : trials) {
        const std::string date = localDay(trial.session_started_at);
        if (!range.holds(date)) continue;
        report::TrialRow row;
        row.trial_id = trial.trial_id;
        row.date = date;
        row.session_id = trial.session_id;
        row.therapist = trial.therapist.value_or("");
        row.setting = store::sessionSettingName(trial.setting);
        row.behaviour = trial.behaviour_name;
        if (auto program = program_of.find(trial.behaviour_name); program != program_of.end()) {
            auto found = histories.find(program->second);
            if (found == histories.end()) {
                auto history = sessions.phaseHistory(program->second);
                if (!history) return history.error();
                found = histories.emplace(program->second, std::move(*history)).first;
            }
            row.phase =
                store::programPhaseName(review::phaseAt(found->second, trial.session_started_at));
        }
        row.clip = trial.clip_path;
        auto review_trial = reviews.findReviewTrial(trial.trial_id);
        if (!review_trial) return review_trial.error();
        if (*review_trial) row.step = (*review_trial)->step;
        row.outcome = store::trialOutcomeName(trial.outcome);
        row.prompt_level = trial.prompt_level.value_or("");
        row.latency_ms = trial.latency_ms;
        row.reinforced = trial.reinforced;
        rows.push_back(std::move(row));
    }
    return rows;
}

Result<std::vector<report::EventRow>> eventRows(store::Database& db,
                                                const std::vector<report::TrialRow>& trials) {
    store::ReviewRepository reviews(db);
    std::vector<report::EventRow> rows;
    for (const report::TrialRow& trial : trials) {
        auto events = reviews.codedEvents(trial.trial_id);
        if (!events) return events.error();
        for (const store::CodedEvent& event : *events) {
            rows.push_back({trial.trial_id, trial.date, trial.behaviour, event.record.coder,
                            event.code, event.record.modifier, event.record.start_ms,
                            event.record.stop_ms});
        }
    }
    return rows;
}

Status runExportCsv(const ExportCsvOptions& options) {
    auto range = parseDayRange(options.target.from, options.target.to);
    if (!range) return range.error();
    if (options.target.out.extension() != ".csv")
        return Error{"--out must name a .csv file, not " + options.target.out.string()};
    if (Status s = checkOutFile(options.target.out, options.data_dir, options.target.force); !s)
        return s;
    auto data = openDataContext(options.data_dir, IfMissing::kRefuse);
    if (!data) return data.error();
    store::ClinicalRepository clinical(data->db);
    auto child = requireChild(clinical, options.target.child);
    if (!child) return child.error();
    auto history = clinical.trialHistory(child->id);
    if (!history) return history.error();
    auto trials = trialRows(data->db, child->id, *history, *range);
    if (!trials) return trials.error();
    std::string bytes;
    std::size_t count = 0;
    if (options.events) {
        auto events = eventRows(data->db, *trials);
        if (!events) return events.error();
        bytes = report::eventsCsv(*events);
        count = events->size();
    } else {
        bytes = report::trialsCsv(*trials);
        count = trials->size();
    }
    const std::string what = options.events ? "coded events" : "trials";
    const std::string detail = "csv of " + std::to_string(count) + " " + what + " (" +
                               (range->from.empty() ? "start" : range->from) + " to " +
                               (range->to.empty() ? "now" : range->to) + ") to " +
                               std::filesystem::absolute(options.target.out).string();
    if (Status s = writeAudited(data->db, options.target.out, bytes, "export", child->id, detail);
        !s)
        return s;
    std::printf("wrote %zu %s to %s\n", count, what.c_str(), options.target.out.string().c_str());
    return {};
}

}  // namespace

void addExportCsvCommand(Cli& cli) {
    auto options = std::make_shared<ExportCsvOptions>();
    CLI::App* group =
        cli.group("export", "Write trials, codes and reports to files other programs read");
    CLI::App* csv = group->add_subcommand(
        "csv", "A child's trials (or coded events) as a CSV table for spreadsheets");
    csv->footer(kColumnsHelp);
    addExportTargetOptions(csv, options->target, "The .csv file to write");
    csv->add_flag("--events", options->events, "One row per coded event instead of per trial");
    cli.addDataDirOption(csv);
    csv->callback([&cli, options] {
        options->data_dir = cli.dataDir();
        cli.status = runExportCsv(*options);
    });
}

}  // namespace mimic::app
