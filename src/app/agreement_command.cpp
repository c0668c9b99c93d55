// mimic agreement --trial N --coders A B [--interval SEC] [--json]: how well two coders agree
// on a trial: Cohen's kappa by time slices as BORIS computes it, and percent agreement
// (review/agreement.h; docs/review.md, "Agreement").
#include <nlohmann/json.hpp>

#include <cstdio>
#include <memory>

#include "app/cli.h"
#include "app/data_context.h"
#include "app/trial_review.h"
#include "common/names.h"
#include "review/agreement.h"
#include "review/coding.h"
#include "review/observers.h"
#include "store/observer_repository.h"
#include "store/review_repository.h"

namespace mimic::app {

namespace {

using nlohmann::json;

struct AgreementCommandOptions {
    std::filesystem::path data_dir;
    std::int64_t trial = 0;
    std::vector<std::string> coders;
    double interval_s = 1.0;
    bool with_modifiers = false;
    bool json = false;
};

std::string categoryText(const review::Category& category) {
    if (category.empty()) return "(none)";
    std::string text;
    for (const review::CategoryElement& element : category) {
        if (!text.empty()) text += "+";
        text += printable(element[1]);
        if (element.size() > 2 && !element[2].empty()) text += "(" + printable(element[2]) + ")";
    }
    return text;
}

void printText(const AgreementCommandOptions& options, const review::Agreement& agreement) {
    std::printf("trial %lld, coders %s and %s, slices of %.3f s: %lld slices, %lld agree\n",
                static_cast<long long>(options.trial), quotedPrintable(options.coders[0]).c_str(),
                quotedPrintable(options.coders[1]).c_str(), options.interval_s,
                static_cast<long long>(agreement.slices),
                static_cast<long long>(agreement.agreements));
    if (!agreement.categories.empty()) {
        std::printf("contingency table (rows %s, columns %s):\n",
                    printable(options.coders[0]).c_str(), printable(options.coders[1]).c_str());
        for (std::size_t i = 0; i < agreement.categories.size(); ++i) {
            std::string row = "  " + categoryText(agreement.categories[i]) + ":";
            for (std::int64_t count : agreement.table[i]) {
                row += ' ';  // not " " + ...: GCC 12 at -O3 warns falsely (-Wrestrict) on that
                row += std::to_string(count);
            }
            std::printf("%s\n", row.c_str());
        }
    }
    if (agreement.percent) {
        std::printf("kappa %.3f, percent agreement %.1f %%\n", agreement.kappa, *agreement.percent);
    } else {
        std::printf("kappa %.3f, percent agreement - (no slices)\n", agreement.kappa);
    }
}

Status runAgreement(const AgreementCommandOptions& options) {
    auto interval_ms = review::millisecondsOf(options.interval_s, "--interval");
    if (!interval_ms) return interval_ms.error();
    if (*interval_ms <= 0) return Error{"--interval must be at least 0.001 s"};
    auto data = openDataContext(options.data_dir, IfMissing::kRefuse, crypto::Role::kObserver);
    if (!data) return data.error();
    store::ReviewRepository reviews(data->db);
    auto trial = requireReviewTrial(reviews, options.trial);
    if (!trial) return trial.error();
    // A blind pair is compared only once both have finished (review/observers.h).
    auto observers = store::ObserverRepository(data->db).trialObservers(trial->trial_id);
    if (!observers) return observers.error();
    if (Status s = review::agreementShown(*observers, options.coders[0], options.coders[1]); !s) {
        return Error{"no agreement yet on trial " + std::to_string(trial->trial_id) + ": " +
                     s.error().message};
    }
    auto events = reviews.codedEvents(trial->trial_id);
    if (!events) return events.error();
    auto scheme = reviews.codes(trial->behaviour_id);
    if (!scheme) return scheme.error();

    review::AgreementOptions agreement_options;
    agreement_options.interval_ms = *interval_ms;
    agreement_options.include_modifiers = options.with_modifiers;
    // Every code of the scheme is chosen, in the scheme's order.
    for (const store::Code& code : *scheme)
        agreement_options.codes.push_back(code.record.name);
    auto agreement =
        review::cohenKappa(review::observationOf(options.coders[0], *events),
                           review::observationOf(options.coders[1], *events), agreement_options);
    if (!agreement) {
        return Error{"cannot compare the coders of trial " + std::to_string(trial->trial_id) +
                     ": " + agreement.error().message};
    }
    if (options.json) {
        const json out = {{"kappa", agreement->kappa},
                          {"percent", agreement->percent ? json(*agreement->percent) : json()},
                          {"slices", agreement->slices}};
        std::printf("%s\n", out.dump(2).c_str());
    } else {
        printText(options, *agreement);
    }
    return {};
}

}  // namespace

void addAgreementCommand(Cli& cli) {
    auto options = std::make_shared<AgreementCommandOptions>();
    CLI::App* command = cli.app.add_subcommand(
        "agreement", "Agreement of two coders on a trial: Cohen's kappa by time slices (BORIS)");
    cli.addDataDirOption(command);
    command->add_option("--trial", options->trial, "The trial")->required();
    command->add_option("--coders", options->coders, "The two coders")->required()->expected(2);
    command->add_option("--interval", options->interval_s, "Seconds between slices")
        ->capture_default_str();
    command->add_flag("--with-modifiers", options->with_modifiers,
                      "Count an event's modifier as part of its category");
    command->add_flag("--json", options->json, "Print as JSON");
    command->callback([&cli, options] {
        options->data_dir = cli.dataDir();
        cli.status = runAgreement(*options);
    });
}

}  // namespace mimic::app
