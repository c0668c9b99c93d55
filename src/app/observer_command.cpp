// mimic observer assign|done|list: a trial's blind second observer (docs/review.md, "A blind
// second observer"). The rules are src/review's (observers.h); rows and their audit entries
// go through the store.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <memory>

#include "app/cli.h"
#include "app/data_context.h"
#include "app/record_lookup.h"
#include "app/session_mapping.h"
#include "app/trial_review.h"
#include "common/names.h"
#include "review/observers.h"
#include "store/observer_repository.h"
#include "store/review_repository.h"

namespace mimic::app {

namespace {

using nlohmann::json;

struct ObserverOptions {
    std::filesystem::path data_dir;
    std::int64_t trial = 0;
    std::string coder;
    std::string child;  // list: "" every child's
    bool json = false;
};

// A trial with its second observer, the coders who finished it and its events, read in the
// caller's transaction.
struct TrialCoding {
    store::ReviewTrial trial;
    store::TrialObservers observers;
    std::vector<store::CodedEvent> events;
};

Result<TrialCoding> loadTrialCoding(store::Database& db, std::int64_t trial_id) {
    store::ReviewRepository reviews(db);
    auto trial = requireReviewTrial(reviews, trial_id);
    if (!trial) return trial.error();
    auto observers = store::ObserverRepository(db).trialObservers(trial_id);
    if (!observers) return observers.error();
    auto events = reviews.codedEvents(trial_id);
    if (!events) return events.error();
    return TrialCoding{std::move(*trial), std::move(*observers), std::move(*events)};
}

Status runAssign(const ObserverOptions& options) {
    auto data = openDataContext(options.data_dir, IfMissing::kRefuse);
    if (!data) return data.error();
    auto tx = store::Transaction::begin(data->db.connection());
    if (!tx) return tx.error();
    auto coding = loadTrialCoding(data->db, options.trial);
    if (!coding) return coding.error();
    const store::ReviewTrial* trial = &coding->trial;
    const std::string what = "cannot make " + quotedPrintable(options.coder) +
                             " the second observer of trial " + std::to_string(trial->trial_id);
    if (!trial->recording_path) return Error{what + ": it has no recording to code"};
    if (Status s = review::mayAssign(coding->observers, options.coder, coding->events); !s) {
        return Error{what + ": " + s.error().message};
    }
    store::ObserverRepository observers(data->db, auditActor());
    if (Status s = observers.assign(trial->trial_id, options.coder); !s) return s;
    if (Status s = tx->commit(); !s) return s;
    std::printf(
        "trial %lld: %s codes it blind (only their own events, no score) until `mimic observer "
        "done --trial %lld --coder %s`\n",
        static_cast<long long>(trial->trial_id), printable(options.coder).c_str(),
        static_cast<long long>(trial->trial_id), quotedPrintable(options.coder).c_str());
    return {};
}

Status runDone(const ObserverOptions& options) {
    auto data = openDataContext(options.data_dir, IfMissing::kRefuse, crypto::Role::kObserver);
    if (!data) return data.error();
    auto now = finishTrialCoding(data->db, options.trial, options.coder);
    if (!now) return now.error();
    std::printf("trial %lld: %s finished coding\n", static_cast<long long>(options.trial),
                printable(options.coder).c_str());
    if (now->second_observer && !review::blindCodingOpen(*now)) {
        std::printf("the second observer %s has finished: every coder's events are shown\n",
                    printable(*now->second_observer).c_str());
    }
    return {};
}

Status runList(const ObserverOptions& options) {
    auto data = openDataContext(options.data_dir, IfMissing::kRefuse, crypto::Role::kObserver);
    if (!data) return data.error();
    std::optional<std::int64_t> child_id;
    if (!options.child.empty()) {
        store::ClinicalRepository clinical(data->db);
        auto child = requireChild(clinical, options.child);
        if (!child) return child.error();
        child_id = child->id;
    }
    auto assignments = store::ObserverRepository(data->db).assignments(child_id);
    if (!assignments) return assignments.error();
    if (options.json) {
        json out = json::array();
        for (const store::ObserverAssignment& a : *assignments) {
            out.push_back({{"trial", a.trial_id},
                           {"child", a.child_code},
                           {"behaviour", a.behaviour_name},
                           {"session", a.session_id},
                           {"session_started_at", a.session_started_at},
                           {"coder", a.coder},
                           {"assigned_at", a.assigned_at},
                           {"done_at", a.done_at ? json(*a.done_at) : json(nullptr)}});
        }
        std::printf("%s\n", out.dump(2).c_str());
        return {};
    }
    if (assignments->empty()) {
        std::printf(
            "no second observers%s (assign one with `mimic observer assign --trial N "
            "--coder NAME`)\n",
            options.child.empty() ? "" : (" for " + printable(options.child)).c_str());
    }
    for (const store::ObserverAssignment& a : *assignments) {
        std::printf("trial %lld  %s / %s  session %lld of %s  %s  %s\n",
                    static_cast<long long>(a.trial_id), printable(a.child_code).c_str(),
                    printable(a.behaviour_name).c_str(), static_cast<long long>(a.session_id),
                    localDay(a.session_started_at).c_str(), printable(a.coder).c_str(),
                    a.done_at ? ("done " + localDay(*a.done_at)).c_str() : "coding");
    }
    return {};
}

}  // namespace

void addObserverCommand(Cli& cli) {
    auto options = std::make_shared<ObserverOptions>();
    CLI::App* observer = cli.app.add_subcommand(
        "observer", "A trial's blind second observer: assign one, finish coding, list them");
    observer->require_subcommand(1);
    const auto sub = [&](const std::string& name, const std::string& help, auto run) {
        CLI::App* command = observer->add_subcommand(name, help);
        cli.addDataDirOption(command);
        command->callback([&cli, options, run] {
            options->data_dir = cli.dataDir();
            cli.status = run(*options);
        });
        return command;
    };
    CLI::App* assign = sub("assign", "Make a coder the trial's blind second observer", runAssign);
    assign->add_option("--trial", options->trial, "The trial")->required();
    assign->add_option("--coder", options->coder, "Who codes it blind (a name)")->required();
    CLI::App* done = sub("done",
                         "Mark a coder's coding of a trial finished (their events are "
                         "final; a blind observer then sees everything)",
                         runDone);
    done->add_option("--trial", options->trial, "The trial")->required();
    done->add_option("--coder", options->coder, "The coder who finished")->required();
    CLI::App* list = sub("list", "List the second observers and whether they are done", runList);
    list->add_option("--child", options->child, "Only this child's trials");
    list->add_flag("--json", options->json, "Print as JSON");
}

}  // namespace mimic::app
