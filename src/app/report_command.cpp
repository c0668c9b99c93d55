// mimic report --child C [--from DATE] [--to DATE] [--with-stills] --out F.pdf|F.html
// [--force]: the progress report for parents and schools (report/progress_report.h says what
// it holds; docs/review.md, "Progress report"). Pictures of the child only with --with-stills
// and a current share-with-parents consent. Audited: a report reads and discloses the record.
#include <unistd.h>

#include <cstdio>
#include <map>
#include <memory>
#include <set>

#include "app/cli.h"
#include "app/data_context.h"
#include "app/export_support.h"
#include "app/record_lookup.h"
#include "app/session_mapping.h"
#include "common/names.h"
#include "common/utc_time.h"
#include "media/clip_reader.h"
#include "report/report_drawing.h"
#include "report/report_html.h"
#include "store/session_repository.h"

namespace mimic::app {

namespace {

namespace fs = std::filesystem;

struct ReportOptions {
    fs::path data_dir;
    ExportTarget target;
    bool with_stills = false;
};

// A picture from the middle of the recording (the first frame at or after half its length).
std::optional<report::Still> stillOf(const fs::path& file, const std::string& caption) {
    auto reader = media::ClipReader::open(file, false);
    if (!reader) return std::nullopt;
    const std::int64_t middle_us = reader->info().duration_us / 2;
    std::optional<media::RgbaPicture> picked;
    for (int items = 0; items < 100000; ++items) {
        auto item = reader->next();
        if (!item || std::holds_alternative<media::EndOfClip>(*item)) break;
        if (auto* picture = std::get_if<media::RgbaPicture>(&*item)) {
            picked = std::move(*picture);
            if (picked->pts_us >= middle_us) break;
        }
    }
    if (!picked || picked->width <= 0) return std::nullopt;
    report::Still still{picked->width, picked->height, {}, caption};
    still.rgb.reserve(static_cast<std::size_t>(picked->width) * picked->height * 3);
    for (std::size_t i = 0; i + 3 < picked->pixels.size(); i += 4)
        still.rgb.insert(still.rgb.end(), picked->pixels.begin() + i,
                         picked->pixels.begin() + i + 3);
    return still;
}

// The prompt counts of each session of the target's trials, levels in hierarchy order.
std::vector<report::PromptCounts> promptCounts(
    const std::vector<const store::TrialHistoryEntry*>& trials,
    const std::vector<std::string>& hierarchy) {
    std::vector<report::PromptCounts> sessions;
    std::int64_t session_id = -1;
    for (const store::TrialHistoryEntry* trial : trials) {
        if (trial->outcome == store::TrialOutcome::kNone) continue;
        if (trial->session_id != session_id) {
            session_id = trial->session_id;
            sessions.push_back({localDay(trial->session_started_at), 0, {}, 0});
        }
        report::PromptCounts& counts = sessions.back();
        if (trial->outcome == store::TrialOutcome::kIndependent) {
            ++counts.independent;
        } else if (trial->outcome == store::TrialOutcome::kPrompted) {
            const std::string level = trial->prompt_level.value_or("help");
            auto found = std::find_if(counts.prompted.begin(), counts.prompted.end(),
                                      [&](const auto& entry) { return entry.first == level; });
            if (found == counts.prompted.end())
                counts.prompted.emplace_back(level, 1);
            else
                ++found->second;
        } else {
            ++counts.not_yet;
        }
    }
    auto rank = [&](const std::string& level) {
        return std::find(hierarchy.begin(), hierarchy.end(), level) - hierarchy.begin();
    };
    for (report::PromptCounts& counts : sessions) {
        std::stable_sort(
            counts.prompted.begin(), counts.prompted.end(),
            [&](const auto& a, const auto& b) { return rank(a.first) < rank(b.first); });
    }
    return sessions;
}

// One target: the child's program of the behaviour (if any) and its trials in the range.
Result<report::TargetReport> targetReport(
    DataContext& data, std::int64_t child_id, const store::Behaviour& behaviour,
    const std::optional<store::Program>& program,
    const std::vector<const store::TrialHistoryEntry*>& trials, const DayRange& range) {
    store::SessionRepository sessions(data.db);
    report::TargetReport target;
    target.behaviour = behaviour.name;
    target.definition = behaviour.definition;
    std::vector<std::string> hierarchy = store::kDefaultPromptHierarchy;
    std::vector<store::PhaseChange> history;
    std::optional<store::MasteryCriterion> criterion;
    if (program) {
        target.phase = program->record.phase;
        hierarchy = program->record.prompt_hierarchy;
        criterion = program->record.mastery;
        auto phases = sessions.phaseHistory(program->id);
        if (!phases) return phases.error();
        history = std::move(*phases);
    }
    auto rows = sessions.behaviourSessions(child_id, behaviour.id);
    if (!rows) return rows.error();
    std::erase_if(*rows, [&](const store::BehaviourSession& row) {
        return !range.holds(localDay(row.started_at));
    });
    target.series = review::progressSeries(*rows, history, criterion);
    for (const review::SessionPoint& point : target.series.points)
        target.dates.push_back(localDay(point.started_at));
    target.prompts = promptCounts(trials, hierarchy);
    for (const store::TrialHistoryEntry* trial : trials) {
        for (std::string& note : report::sharedNoteLines(trial->notes))
            target.shared_notes.push_back(localDay(trial->session_started_at) + ": " + note);
    }
    return target;
}

// The latest recording among the target's trials, and its caption.
std::optional<std::pair<fs::path, std::string>> stillSource(
    const DataContext& data, const std::vector<const store::TrialHistoryEntry*>& trials) {
    for (auto it = trials.rbegin(); it != trials.rend(); ++it) {
        if ((*it)->recording_path) {
            return std::pair{data.dir.root / *(*it)->recording_path,
                             "Practising on " + localDay((*it)->session_started_at)};
        }
    }
    return std::nullopt;
}

Result<report::ProgressReport> gatherReport(DataContext& data, const store::Child& child,
                                            const DayRange& range, bool with_stills) {
    store::ClinicalRepository clinical(data.db);
    store::LibraryRepository library(data.db);
    auto tx = store::Transaction::begin(data.db.connection());
    if (!tx) return tx.error();
    auto programs = clinical.listPrograms(child.id);
    if (!programs) return programs.error();
    auto history = clinical.trialHistory(child.id);
    if (!history) return history.error();
    // Targets: the child's programs, then behaviours practised in the range without one.
    std::vector<std::string> names;
    std::map<std::string, std::vector<const store::TrialHistoryEntry*>> trials;
    for (const store::Program& program : *programs)
        names.push_back(program.behaviour_name);
    for (const store::TrialHistoryEntry& trial : *history) {
        if (!range.holds(localDay(trial.session_started_at))) continue;
        if (std::find(names.begin(), names.end(), trial.behaviour_name) == names.end())
            names.push_back(trial.behaviour_name);
        trials[trial.behaviour_name].push_back(&trial);
    }
    report::ProgressReport out;
    std::vector<std::optional<std::pair<fs::path, std::string>>> stills;  // per target
    out.child = child.code;
    out.made_on = localDay(formatUtc(utcNow()));
    out.period = range.from.empty() && range.to.empty() ? "All sessions"
                 : range.from.empty()                   ? "Sessions up to " + range.to
                 : range.to.empty()                     ? "Sessions from " + range.from
                                    : "Sessions from " + range.from + " to " + range.to;
    for (const std::string& name : names) {
        auto behaviour = requireBehaviour(library, name);
        if (!behaviour) return behaviour.error();
        std::optional<store::Program> program;
        for (const store::Program& candidate : *programs) {
            if (candidate.behaviour_name == name) program = candidate;
        }
        auto target = targetReport(data, child.id, *behaviour, program, trials[name], range);
        if (!target) return target.error();
        out.targets.push_back(std::move(*target));
        stills.push_back(with_stills ? stillSource(data, trials[name]) : std::nullopt);
    }
    if (Status s = tx->commit(); !s) return s.error();
    // Decoded after the read, so that no lock is held meanwhile.
    for (std::size_t i = 0; i < stills.size(); ++i) {
        if (stills[i]) out.targets[i].still = stillOf(stills[i]->first, stills[i]->second);
    }
    return out;
}

Result<std::string> renderReport(const report::ProgressReport& content, bool pdf) {
    const bool terminal = ::isatty(STDERR_FILENO);
    auto progress = [terminal](std::size_t done, std::size_t total) {
        if (terminal) std::fprintf(stderr, "\rlaying out targets: %zu of %zu", done, total);
        if (terminal && done == total) std::fprintf(stderr, "\n");
    };
    if (pdf) return report::reportPdf(content, progress);
    std::vector<std::string> graphs, stills;
    for (std::size_t i = 0; i < content.targets.size(); ++i) {
        auto svg = report::graphSvg(content.targets[i], 495, 210);
        if (!svg) return svg.error();
        graphs.push_back(std::move(*svg));
        std::string png;
        if (content.targets[i].still) {
            auto made = report::stillPng(*content.targets[i].still);
            if (!made) return made.error();
            png = std::move(*made);
        }
        stills.push_back(std::move(png));
        progress(i + 1, content.targets.size());
    }
    return report::reportHtml(content, graphs, stills);
}

Status runReport(const ReportOptions& options) {
    auto range = parseDayRange(options.target.from, options.target.to);
    if (!range) return range.error();
    const std::string extension = options.target.out.extension().string();
    if (extension != ".pdf" && extension != ".html")
        return Error{"--out must name a .pdf or .html file, not " + options.target.out.string()};
    if (Status s = checkOutFile(options.target.out, options.data_dir, options.target.force); !s)
        return s;
    auto data = openDataContext(options.data_dir, IfMissing::kRefuse);
    if (!data) return data.error();
    store::ClinicalRepository clinical(data->db);
    auto child = requireChild(clinical, options.target.child);
    if (!child) return child.error();
    if (options.with_stills) {
        auto state = clinical.consentState(child->id, store::ConsentScope::kShareWithParents,
                                           formatUtc(utcNow()));
        if (!state) return state.error();
        if (*state != store::ConsentState::kCurrent) {
            return Error{"--with-stills needs a current share-with-parents consent for " +
                         options.target.child + " (" +
                         (*state == store::ConsentState::kRevoked   ? "it was revoked"
                          : *state == store::ConsentState::kExpired ? "it has expired"
                                                                    : "none is on file") +
                         "); leave out --with-stills for a report without pictures"};
        }
    }
    auto content = gatherReport(*data, *child, *range, options.with_stills);
    if (!content) return content.error();
    auto bytes = renderReport(*content, extension == ".pdf");
    if (!bytes) return bytes.error();
    std::size_t stills = 0;
    for (const report::TargetReport& target : content->targets)
        stills += target.still ? 1 : 0;
    const std::string detail = "progress report (" + extension.substr(1) + ", " +
                               std::to_string(content->targets.size()) + " targets, " +
                               std::to_string(stills) + " stills, " + content->period + ") to " +
                               fs::absolute(options.target.out).string();
    if (Status s = writeAudited(data->db, options.target.out, *bytes, "report", child->id, detail);
        !s)
        return s;
    std::printf("wrote the report of %s (%zu target%s) to %s\n",
                printable(options.target.child).c_str(), content->targets.size(),
                content->targets.size() == 1 ? "" : "s", options.target.out.string().c_str());
    return {};
}

}  // namespace

void addReportCommand(Cli& cli) {
    auto options = std::make_shared<ReportOptions>();
    CLI::App* command = cli.app.add_subcommand(
        "report", "A progress report for parents and schools, as PDF or HTML");
    command->footer(
        "Per target: its definition, phase, accuracy graph (phase changes, goal), prompt levels "
        "over time, notes marked for sharing (lines of a trial's notes starting \"share:\") and "
        "what to practise at home.");
    addExportTargetOptions(command, options->target, "The .pdf or .html file to write");
    command->add_flag("--with-stills", options->with_stills,
                      "Add a picture of the child per target (needs a current "
                      "share-with-parents consent)");
    cli.addDataDirOption(command);
    command->callback([&cli, options] {
        options->data_dir = cli.dataDir();
        cli.status = runReport(*options);
    });
}

}  // namespace mimic::app
