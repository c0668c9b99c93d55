// mimic code scheme add|list, code add|list|remove: each behaviour's coding scheme and the
// events coders code on a trial's practice recording (docs/review.md, "Coding"). The rules
// are src/review's (coding.h); rows and their audit entries go through the store.
#include <nlohmann/json.hpp>

#include <cstdio>
#include <memory>

#include "app/cli.h"
#include "app/data_context.h"
#include "app/record_lookup.h"
#include "app/trial_review.h"
#include "common/names.h"
#include "review/coding.h"
#include "review/observers.h"
#include "store/library_repository.h"
#include "store/observer_repository.h"
#include "store/review_repository.h"

namespace mimic::app {

namespace {

using nlohmann::json;

struct CodeOptions {
    std::filesystem::path data_dir;
    // scheme add / list
    std::string behaviour;
    std::string code;
    std::string type;
    std::optional<std::string> key;
    std::vector<std::string> modifiers;
    // add / list / remove
    std::optional<std::int64_t> trial;
    std::string coder;  // list: "" lists every coder's events
    double at_s = 0.0;
    std::optional<double> to_s;
    std::string modifier;
    std::optional<std::int64_t> event_id;
    bool all = false;
    bool json = false;
};

json nameOrNull(const std::optional<std::string>& text) {
    return text ? json(*text) : json(nullptr);
}

json eventJson(const store::CodedEvent& event) {
    return {
        {"id", event.id},
        {"coder", event.record.coder},
        {"behaviour", event.code},
        {"start", secondsOfMs(event.record.start_ms)},
        {"stop", event.record.stop_ms ? json(secondsOfMs(*event.record.stop_ms)) : json(nullptr)}};
}

std::string eventText(const store::CodedEvent& event) {
    char times[64];
    if (event.record.stop_ms) {
        std::snprintf(times, sizeof times, "%.3f-%.3f s", secondsOfMs(event.record.start_ms),
                      secondsOfMs(*event.record.stop_ms));
    } else {
        std::snprintf(times, sizeof times, "%.3f s", secondsOfMs(event.record.start_ms));
    }
    std::string text = printable(event.code);
    if (!event.record.modifier.empty()) text += " (" + printable(event.record.modifier) + ")";
    return text + " at " + times + " by " + printable(event.record.coder);
}

Status runSchemeAdd(const CodeOptions& options) {
    store::CodeRecord code;
    code.name = options.code;
    code.kind = store::parseCodeKind(options.type);
    code.key = options.key;
    code.modifiers = options.modifiers;
    if (code.kind == store::CodeKind::kNone) {
        return Error{"--type must be point or state, not " + quotedPrintable(options.type)};
    }
    auto data = openDataContext(options.data_dir, IfMissing::kRefuse);
    if (!data) return data.error();
    store::LibraryRepository library(data->db);
    store::ReviewRepository reviews(data->db, auditActor());
    auto tx = store::Transaction::begin(data->db.connection());
    if (!tx) return tx.error();
    auto behaviour = requireBehaviour(library, options.behaviour);
    if (!behaviour) return behaviour.error();
    code.behaviour_id = behaviour->id;
    auto scheme = reviews.codes(behaviour->id);
    if (!scheme) return scheme.error();
    if (Status s = review::checkNewCode(*scheme, code); !s) {
        return Error{"cannot add code " + quotedPrintable(options.code) + " to " +
                     quotedPrintable(options.behaviour) + ": " + s.error().message};
    }
    auto id = reviews.addCode(code);
    if (!id) return id.error();
    if (Status s = tx->commit(); !s) return s;
    std::printf("code %lld: %s, a %s event%s, in the scheme of %s\n", static_cast<long long>(*id),
                printable(code.name).c_str(), options.type.c_str(),
                code.key ? (" (key " + printable(*code.key) + ")").c_str() : "",
                printable(options.behaviour).c_str());
    return {};
}

Status runSchemeList(const CodeOptions& options) {
    auto data = openDataContext(options.data_dir, IfMissing::kRefuse, crypto::Role::kObserver);
    if (!data) return data.error();
    store::LibraryRepository library(data->db);
    auto behaviour = requireBehaviour(library, options.behaviour);
    if (!behaviour) return behaviour.error();
    auto scheme = store::ReviewRepository(data->db).codes(behaviour->id);
    if (!scheme) return scheme.error();
    if (options.json) {
        json out = json::array();
        for (const store::Code& code : *scheme) {
            out.push_back({{"id", code.id},
                           {"code", code.record.name},
                           {"type", store::codeKindName(code.record.kind)},
                           {"key", nameOrNull(code.record.key)},
                           {"modifiers", code.record.modifiers}});
        }
        std::printf("%s\n", out.dump(2).c_str());
        return {};
    }
    if (scheme->empty()) {
        std::printf(
            "%s has no codes yet (add one with `mimic code scheme add %s CODE --type "
            "point|state`)\n",
            printable(options.behaviour).c_str(), printable(options.behaviour).c_str());
    }
    for (const store::Code& code : *scheme) {
        std::string line =
            printable(code.record.name) + "  " + std::string(store::codeKindName(code.record.kind));
        if (code.record.key) line += "  key " + printable(*code.record.key);
        for (std::size_t i = 0; i < code.record.modifiers.size(); ++i)
            line += (i == 0 ? "  modifiers " : ", ") + printable(code.record.modifiers[i]);
        std::printf("%s\n", line.c_str());
    }
    return {};
}

Status runAdd(const CodeOptions& options) {
    // The times first: a bad one is refused before the data folder is opened.
    auto start_ms = review::millisecondsOf(options.at_s, "--at");
    if (!start_ms) return start_ms.error();
    std::optional<std::int64_t> stop_ms;
    if (options.to_s) {
        auto stop = review::millisecondsOf(*options.to_s, "--to");
        if (!stop) return stop.error();
        stop_ms = *stop;
    }
    auto data = openDataContext(options.data_dir, IfMissing::kRefuse, crypto::Role::kObserver);
    if (!data) return data.error();
    store::ReviewRepository reviews(data->db, auditActor());
    auto id = addTrialEvent(
        reviews, data->db,
        {*options.trial, options.coder, options.code, *start_ms, stop_ms, options.modifier});
    if (!id) return id.error();
    auto added = reviews.findCodedEvent(*id);
    if (!added) return added.error();
    if (!*added) return Error{"event " + std::to_string(*id) + " went missing"};
    if (options.json) {
        std::printf("%s\n", eventJson(**added).dump(2).c_str());
    } else {
        std::printf("event %lld on trial %lld: %s\n", static_cast<long long>(*id),
                    static_cast<long long>(*options.trial), eventText(**added).c_str());
    }
    return {};
}

Status runList(const CodeOptions& options) {
    auto data = openDataContext(options.data_dir, IfMissing::kRefuse, crypto::Role::kObserver);
    if (!data) return data.error();
    store::ReviewRepository reviews(data->db);
    auto trial = requireReviewTrial(reviews, *options.trial);
    if (!trial) return trial.error();
    auto events = reviews.codedEvents(trial->trial_id);
    if (!events) return events.error();
    // With --coder, what that coder may see (a blind second observer: only their own).
    bool blind = false;
    if (!options.coder.empty()) {
        auto observers = store::ObserverRepository(data->db).trialObservers(trial->trial_id);
        if (!observers) return observers.error();
        blind = !review::coderView(*observers, options.coder).other_coders;
        *events = review::visibleEvents(*observers, options.coder, *events);
    }
    if (options.json) {
        json out = json::array();
        for (const store::CodedEvent& event : *events)
            out.push_back(eventJson(event));
        std::printf("%s\n", out.dump(2).c_str());
        return {};
    }
    if (blind) {
        std::printf("trial %lld, coded blind by %s: only their own events are shown\n",
                    static_cast<long long>(trial->trial_id), printable(options.coder).c_str());
    }
    if (events->empty()) {
        std::printf("trial %lld has no coded events%s\n", static_cast<long long>(trial->trial_id),
                    options.coder.empty() ? "" : " to show");
    }
    for (const store::CodedEvent& event : *events) {
        std::printf("%6lld  %s\n", static_cast<long long>(event.id), eventText(event).c_str());
    }
    return {};
}

Status runRemove(const CodeOptions& options) {
    const bool by_trial = options.trial.has_value() || options.all;
    if (options.event_id && by_trial) {
        return Error{"give an event id, or --trial N --all, not both"};
    }
    if (!options.event_id && !(options.trial && options.all)) {
        return Error{
            "give the event's id (see `mimic code list --trial N`), or --trial N --all "
            "to remove every event of a trial"};
    }
    auto data = openDataContext(options.data_dir, IfMissing::kRefuse, crypto::Role::kObserver);
    if (!data) return data.error();
    store::ReviewRepository reviews(data->db, auditActor());
    if (options.event_id) {
        if (Status s = removeTrialEvent(reviews, data->db, *options.event_id); !s) return s;
        std::printf("event %lld removed\n", static_cast<long long>(*options.event_id));
        return {};
    }
    auto tx = store::Transaction::begin(data->db.connection());
    if (!tx) return tx.error();
    auto trial = requireReviewTrial(reviews, *options.trial);
    if (!trial) return trial.error();
    auto removed = reviews.removeCodedEvents(trial->trial_id);
    if (!removed) return removed.error();
    if (Status s = tx->commit(); !s) return s;
    std::printf("%lld event(s) of trial %lld removed\n", static_cast<long long>(*removed),
                static_cast<long long>(trial->trial_id));
    return {};
}

}  // namespace

void addCodeCommand(Cli& cli) {
    auto options = std::make_shared<CodeOptions>();
    CLI::App* code = cli.app.add_subcommand(
        "code", "Coding schemes and the events coded on a trial's practice recording");
    code->require_subcommand(1);
    const auto sub = [&](CLI::App* parent, const std::string& name, const std::string& help,
                         auto run) {
        CLI::App* command = parent->add_subcommand(name, help);
        cli.addDataDirOption(command);
        command->callback([&cli, options, run] {
            options->data_dir = cli.dataDir();
            cli.status = run(*options);
        });
        return command;
    };

    CLI::App* scheme = code->add_subcommand("scheme", "A behaviour's coding scheme (its codes)");
    scheme->require_subcommand(1);
    CLI::App* scheme_add = sub(scheme, "add", "Add a code to a behaviour's scheme", runSchemeAdd);
    scheme_add->add_option("BEHAVIOUR", options->behaviour, "The behaviour")->required();
    scheme_add->add_option("CODE", options->code, "The code's name")->required();
    scheme_add->add_option("--type", options->type, "point (a moment) or state (start to stop)")
        ->required();
    scheme_add->add_option("--key", options->key, "One key that codes it while watching");
    scheme_add->add_option("--modifier", options->modifiers,
                           "A value its events may carry (repeat for more)");
    CLI::App* scheme_list = sub(scheme, "list", "List a behaviour's codes", runSchemeList);
    scheme_list->add_option("BEHAVIOUR", options->behaviour, "The behaviour")->required();
    scheme_list->add_flag("--json", options->json, "Print as JSON");

    CLI::App* add = sub(code, "add", "Code an event on a trial's practice recording", runAdd);
    add->add_option("--trial", options->trial, "The trial")->required();
    add->add_option("--coder", options->coder, "Who codes (a name)")->required();
    add->add_option("--behaviour", options->code, "The code, from the trial behaviour's scheme")
        ->required();
    add->add_option("--at", options->at_s, "Seconds into the recording (a state's start)")
        ->required();
    add->add_option("--to", options->to_s, "A state's stop, seconds into the recording");
    add->add_option("--modifier", options->modifier, "One of the code's modifiers");
    add->add_flag("--json", options->json, "Print the event as JSON");

    CLI::App* list = sub(code, "list", "List a trial's coded events", runList);
    list->add_option("--trial", options->trial, "The trial")->required();
    list->add_option("--coder", options->coder,
                     "Only what this coder may see (a blind second observer: their own)");
    list->add_flag("--json", options->json, "Print as JSON");

    CLI::App* remove =
        sub(code, "remove", "Remove a coded event, or every event of a trial", runRemove);
    remove->add_option("ID", options->event_id, "The event's id");
    remove->add_option("--trial", options->trial, "With --all: the trial");
    remove->add_flag("--all", options->all, "Every event of the trial");
}

}  // namespace mimic::app
