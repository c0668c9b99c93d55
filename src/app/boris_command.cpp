// mimic export boris, import boris, agreement boris: trials and codes to and from BORIS
// projects, and Cohen's kappa between two observations of a project (exchange/boris.h,
// exchange/boris_trials.h; docs/review.md, "BORIS").
#include <nlohmann/json.hpp>

#include <cstdio>
#include <memory>

#include "app/cli.h"
#include "app/data_context.h"
#include "app/record_lookup.h"
#include "app/trial_review.h"
#include "common/names.h"
#include "exchange/boris.h"
#include "exchange/boris_trials.h"
#include "review/coding.h"
#include "store/audit_log.h"
#include "store/clinical_repository.h"
#include "store/review_repository.h"
#include "store/session_repository.h"

namespace mimic::app {

namespace {

using nlohmann::json;

struct BorisOptions {
    std::filesystem::path data_dir;
    std::optional<std::int64_t> trial;
    std::optional<std::int64_t> session;
    std::filesystem::path file;  // --out, or the project read
    bool force = false;
    std::string observation;
    std::string coder;
    std::vector<std::string> observations;
    std::vector<std::string> behaviours;
    std::vector<std::string> subjects;
    double interval_s = 1.0;
    bool json = false;
};

Result<exchange::BorisTrial> borisTrial(store::Database& db, std::int64_t trial_id) {
    store::ReviewRepository reviews(db);
    auto trial = requireReviewTrial(reviews, trial_id);
    if (!trial) return trial.error();
    store::ClinicalRepository clinical(db);
    auto child = clinical.findChild(trial->child_id);
    if (!child) return child.error();
    auto view = clinical.findTrial(trial_id);
    if (!view) return view.error();
    exchange::BorisTrial out;
    out.child = *child ? (*child)->code : "";
    if (*view) {
        auto session = store::SessionRepository(db).findSession((*view)->session_id);
        if (!session) return session.error();
        if (*session) out.date = (*session)->record.started_at;
    }
    auto scheme = reviews.codes(trial->behaviour_id);
    if (!scheme) return scheme.error();
    auto events = reviews.codedEvents(trial_id);
    if (!events) return events.error();
    out.trial = std::move(*trial);
    out.scheme = std::move(*scheme);
    out.events = std::move(*events);
    return out;
}

Status runExport(const BorisOptions& options) {
    if (options.trial.has_value() == options.session.has_value()) {
        return Error{"give --trial N or --session N (one of them)"};
    }
    if (!options.force && std::filesystem::exists(options.file)) {
        return Error{options.file.string() + " exists; add --force to replace it"};
    }
    auto data = openDataContext(options.data_dir, IfMissing::kRefuse);
    if (!data) return data.error();
    std::vector<std::int64_t> trial_ids;
    std::optional<std::int64_t> child_id;
    if (options.trial) {
        trial_ids.push_back(*options.trial);
    } else {
        auto session = store::SessionRepository(data->db).findSession(*options.session);
        if (!session) return session.error();
        if (!*session) return Error{"no session " + std::to_string(*options.session)};
        child_id = (*session)->record.child_id;
        auto history = store::ClinicalRepository(data->db).trialHistory(*child_id);
        if (!history) return history.error();
        for (const store::TrialHistoryEntry& entry : *history)
            if (entry.session_id == *options.session) trial_ids.push_back(entry.trial_id);
        if (trial_ids.empty()) {
            return Error{"session " + std::to_string(*options.session) + " has no trials"};
        }
    }
    std::vector<exchange::BorisTrial> trials;
    for (std::int64_t id : trial_ids) {
        auto trial = borisTrial(data->db, id);
        if (!trial) return trial.error();
        trials.push_back(std::move(*trial));
    }
    auto project = exchange::borisProjectOf(trials, "mimic " + options.file.stem().string());
    if (!project) return project.error();
    auto tx = store::Transaction::begin(data->db.connection());
    if (!tx) return tx.error();
    store::AuditLog audit(data->db);
    for (const exchange::BorisTrial& t : trials) {
        if (Status s = audit.record(auditActor(), "export", "trial", t.trial.trial_id,
                                    "boris " + options.file.string(), t.trial.child_id);
            !s) {
            return s;
        }
    }
    if (Status s = writeFileAtomically(options.file, exchange::borisProjectJson(*project)); !s) {
        return s;
    }
    if (Status s = tx->commit(); !s) return s;
    std::printf("%zu trial(s), %zu observation(s) written to %s\n", trials.size(),
                project->observations.size(), printable(options.file.string()).c_str());
    return {};
}

Status runImport(const BorisOptions& options) {
    auto project = exchange::readBorisProject(options.file);
    if (!project) return project.error();
    auto data = openDataContext(options.data_dir, IfMissing::kRefuse);
    if (!data) return data.error();
    store::ReviewRepository reviews(data->db, auditActor());
    auto tx = store::Transaction::begin(data->db.connection());
    if (!tx) return tx.error();
    auto trial = requireReviewTrial(reviews, *options.trial);
    if (!trial) return trial.error();
    auto scheme = reviews.codes(trial->behaviour_id);
    if (!scheme) return scheme.error();
    auto codes = exchange::borisCodesOf(*project, options.observation, *scheme);
    if (!codes) return codes.error();
    auto existing = reviews.codedEvents(trial->trial_id);
    if (!existing) return existing.error();
    for (const store::CodedEvent& event : *existing) {
        if (event.record.coder == options.coder) {
            return Error{quotedPrintable(options.coder) + " has coded trial " +
                         std::to_string(trial->trial_id) +
                         " already; remove those events first (`mimic code remove`)"};
        }
    }
    for (const exchange::ImportedCode& code : *codes) {
        auto id = addTrialEvent(reviews, data->db,
                                {trial->trial_id, options.coder, code.code, code.start_ms,
                                 code.stop_ms, code.modifier});
        if (!id) return id.error();
    }
    if (Status s =
            store::AuditLog(data->db).record(auditActor(), "import", "trial", trial->trial_id,
                                             "boris " + options.file.string() + " observation " +
                                                 options.observation + " as " + options.coder,
                                             trial->child_id);
        !s) {
        return s;
    }
    if (Status s = tx->commit(); !s) return s;
    std::printf("%zu event(s) of observation %s added to trial %lld as %s\n", codes->size(),
                quotedPrintable(options.observation).c_str(),
                static_cast<long long>(trial->trial_id), quotedPrintable(options.coder).c_str());
    return {};
}

Status runAgreement(const BorisOptions& options) {
    auto interval_ms = review::millisecondsOf(options.interval_s, "--interval");
    if (!interval_ms) return interval_ms.error();
    if (*interval_ms <= 0) return Error{"--interval must be at least 0.001 s"};
    auto project = exchange::readBorisProject(options.file);
    if (!project) return project.error();
    std::vector<review::Observation> observations;
    for (const std::string& id : options.observations) {
        auto observation = exchange::borisObservation(*project, id);
        if (!observation) return observation.error();
        if (observation->events.empty()) {
            return Error{"observation " + quotedPrintable(id) +
                         " has no events: there is nothing to compare (BORIS refuses it too)"};
        }
        observations.push_back(std::move(*observation));
    }
    review::AgreementOptions agreement_options;
    agreement_options.interval_ms = *interval_ms;
    agreement_options.subjects = options.subjects;
    agreement_options.codes = options.behaviours;
    // Without --behaviours, every code of the ethogram (BORIS's default), in its order.
    if (agreement_options.codes.empty()) {
        for (const exchange::BorisBehaviour& b : project->behaviours)
            agreement_options.codes.push_back(b.code);
    }
    auto agreement = review::cohenKappa(observations[0], observations[1], agreement_options);
    if (!agreement) return Error{"cannot compare the observations: " + agreement.error().message};
    if (options.json) {
        const json out = {{"kappa", agreement->kappa},
                          {"percent", agreement->percent ? json(*agreement->percent) : json()},
                          {"slices", agreement->slices}};
        std::printf("%s\n", out.dump(2).c_str());
    } else if (agreement->percent) {
        std::printf(
            "observations %s and %s, slices of %.3f s: %lld slices; kappa %.3f, percent "
            "agreement %.1f %%\n",
            quotedPrintable(options.observations[0]).c_str(),
            quotedPrintable(options.observations[1]).c_str(), options.interval_s,
            static_cast<long long>(agreement->slices), agreement->kappa, *agreement->percent);
    } else {
        std::printf("observations %s and %s: no slices; kappa %.3f\n",
                    quotedPrintable(options.observations[0]).c_str(),
                    quotedPrintable(options.observations[1]).c_str(), agreement->kappa);
    }
    return {};
}

}  // namespace

void addBorisCommand(Cli& cli) {
    auto options = std::make_shared<BorisOptions>();
    const auto sub = [&](CLI::App* parent, const std::string& help, auto run) {
        CLI::App* command = parent->add_subcommand("boris", help);
        cli.addDataDirOption(command);
        command->callback([&cli, options, run] {
            options->data_dir = cli.dataDir();
            cli.status = run(*options);
        });
        return command;
    };
    CLI::App* out =
        sub(cli.group("export", "Write trials, codes and reports to files other programs read"),
            "A trial's or session's codes as a BORIS project", runExport);
    out->add_option("--trial", options->trial, "The trial");
    out->add_option("--session", options->session, "Every trial of the session");
    out->add_option("--out", options->file, "The project file to write (F.boris)")->required();
    out->add_flag("--force", options->force, "Replace the file if it exists");

    CLI::App* in =
        sub(cli.group("import", "Read codes from files other programs wrote"),
            "One observation of a BORIS project as a coder's codes on a trial", runImport);
    in->add_option("FILE", options->file, "The BORIS project")->required();
    in->add_option("--observation", options->observation, "The observation's id")->required();
    in->add_option("--trial", options->trial, "The trial")->required();
    in->add_option("--coder", options->coder, "Who the codes are of (a name)")->required();

    CLI::App* agreement = cli.app.get_subcommand("agreement");
    CLI::App* kappa =
        sub(agreement, "Agreement of two observations of a BORIS project (kappa)", runAgreement);
    kappa->add_option("FILE", options->file, "The BORIS project")->required();
    kappa->add_option("--observations", options->observations, "The two observations' ids")
        ->required()
        ->expected(2);
    kappa->add_option("--behaviours", options->behaviours,
                      "Only these codes (default: the whole ethogram)");
    kappa->add_option("--subjects", options->subjects,
                      "Only these subjects (default: every one, and No focal subject)");
    kappa->add_option("--interval", options->interval_s, "Seconds between slices")
        ->capture_default_str();
    kappa->add_flag("--json", options->json, "Print as JSON");
}

}  // namespace mimic::app
