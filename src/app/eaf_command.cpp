// mimic export eaf --trial N --out F.eaf [--force] and mimic import eaf F.eaf --trial N
// [--coder NAME]: a trial's coded events as an ELAN document and back (src/exchange;
// docs/review.md, "ELAN"). Both are audited: the export reads a child's record, the import
// changes it (each event's own entry, and one for the import).
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>

#include "app/cli.h"
#include "app/data_context.h"
#include "app/record_lookup.h"
#include "app/trial_review.h"
#include "common/names.h"
#include "common/utc_time.h"
#include "exchange/eaf.h"
#include "exchange/eaf_codes.h"
#include "store/audit_log.h"
#include "store/review_repository.h"

namespace mimic::app {

namespace {

namespace fs = std::filesystem;

// Files larger than this are not EAF documents a person made of one trial.
constexpr std::uintmax_t kLargestEafBytes = 64u << 20;

struct EafOptions {
    fs::path data_dir;
    std::int64_t trial = 0;
    fs::path file;  // export: --out; import: the file read
    bool force = false;
    std::optional<std::string> coder;  // import: replaces every tier's coder
};

// An export goes outside the data folder (whose files are tied to rows), and replaces an
// existing file only with --force.
Status checkExportTarget(const EafOptions& options) {
    if (insideDataFolder(options.file, options.data_dir)) {
        return Error{"--out " + options.file.string() + " is inside the data folder " +
                     options.data_dir.string() + "; write exports elsewhere"};
    }
    std::error_code ec;
    if (fs::is_directory(options.file, ec)) {
        return Error{"--out " + options.file.string() + " is a folder; name a file"};
    }
    if (fs::exists(options.file, ec) && !options.force) {
        return Error{options.file.string() + " already exists; add --force to replace it"};
    }
    return {};
}

// The model's time at the recording's 0 ms, as the review timeline lines the two up.
Result<std::int64_t> modelOriginMs(const DataDir& dir, const store::ReviewTrial& trial) {
    auto timeline = loadTrialTimeline(dir, trial);
    if (!timeline) return timeline.error();
    return static_cast<std::int64_t>(
        std::llround(static_cast<double>(timeline->modelTime(0)) / 1e3));
}

Status runExport(const EafOptions& options) {
    if (Status s = checkExportTarget(options); !s) return s;
    auto data = openDataContext(options.data_dir, IfMissing::kRefuse);
    if (!data) return data.error();
    store::ReviewRepository reviews(data->db);
    auto trial = requireReviewTrial(reviews, options.trial);
    if (!trial) return trial.error();
    auto origin = modelOriginMs(data->dir, *trial);
    if (!origin) return origin.error();
    auto events = reviews.codedEvents(trial->trial_id);
    if (!events) return events.error();

    std::vector<exchange::EafEvent> eaf_events;
    std::set<std::string> coders;
    for (const store::CodedEvent& event : *events) {
        eaf_events.push_back({event.record.coder, event.code, event.record.start_ms,
                              event.record.stop_ms, event.record.modifier});
        coders.insert(event.record.coder);
    }
    exchange::EafDocument document;
    document.author = auditActor();
    document.date = formatUtc(utcNow());
    const fs::path practice = practiceFile(data->dir, *trial);
    const fs::path model = modelFile(data->dir, *trial);
    document.media.push_back({exchange::eafFileUrl(fs::absolute(practice)),
                              exchange::eafMimeType(practice), std::nullopt});
    document.media.push_back(
        {exchange::eafFileUrl(fs::absolute(model)), exchange::eafMimeType(model), *origin});
    document.tiers = exchange::eafTiersOf(eaf_events);
    auto xml = exchange::writeEaf(document);
    if (!xml) return xml.error();

    // The audit entry and the file land together: a failed write rolls the entry back, a
    // failed commit removes the file.
    auto tx = store::Transaction::begin(data->db.connection());
    if (!tx) return tx.error();
    const std::string detail = "eaf, " + std::to_string(events->size()) + " event(s) to " +
                               fs::absolute(options.file).string();
    if (Status s = store::AuditLog(data->db).record(auditActor(), "export", "trial",
                                                    trial->trial_id, detail, trial->child_id);
        !s) {
        return Error{s.error().message + "; nothing was written"};
    }
    if (Status s = writeFileAtomically(options.file, *xml); !s) return s;
    if (Status s = tx->commit(); !s) {
        std::error_code ignored;
        fs::remove(options.file, ignored);
        return s;
    }
    std::printf("trial %lld: %zu event(s) by %zu coder(s) written to %s\n",
                static_cast<long long>(trial->trial_id), events->size(), coders.size(),
                printable(options.file.string()).c_str());
    return {};
}

Result<std::string> readEafFile(const fs::path& file) {
    std::error_code ec;
    if (!fs::is_regular_file(file, ec)) return Error{"no file " + file.string()};
    const std::uintmax_t size = fs::file_size(file, ec);
    if (ec || size > kLargestEafBytes) {
        return Error{file.string() + " is too large for an EAF document of one trial"};
    }
    std::ifstream in(file, std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    if (!in) return Error{"cannot read " + file.string()};
    return bytes.str();
}

Status runImport(const EafOptions& options) {
    if (options.coder && options.coder->empty()) return Error{"--coder must name a coder"};
    auto bytes = readEafFile(options.file);
    if (!bytes) return bytes.error();
    auto document = exchange::readEaf(*bytes);
    if (!document) return Error{options.file.string() + ": " + document.error().message};
    auto data = openDataContext(options.data_dir, IfMissing::kRefuse);
    if (!data) return data.error();
    store::ReviewRepository reviews(data->db, auditActor());

    // Every event or none.
    auto tx = store::Transaction::begin(data->db.connection());
    if (!tx) return tx.error();
    auto trial = requireReviewTrial(reviews, options.trial);
    if (!trial) return trial.error();
    auto codes = reviews.codes(trial->behaviour_id);
    if (!codes) return codes.error();
    std::map<std::string, store::CodeKind> scheme;
    for (const store::Code& code : *codes)
        scheme[code.record.name] = code.record.kind;
    auto events = exchange::eventsOfEafTiers(document->tiers, scheme, options.coder.value_or(""));
    if (!events) {
        return Error{options.file.string() + ": " + events.error().message + " (scheme of " +
                     quotedPrintable(trial->behaviour_name) + "); nothing was imported"};
    }
    for (const exchange::EafEvent& event : *events) {
        auto id = addTrialEvent(reviews, data->db,
                                {trial->trial_id, event.coder, event.code, event.start_ms,
                                 event.stop_ms, event.modifier});
        if (!id) {
            return Error{options.file.string() + ": " + id.error().message +
                         "; nothing was imported"};
        }
    }
    const std::string detail = "eaf, " + std::to_string(events->size()) + " event(s) from " +
                               fs::absolute(options.file).string();
    if (Status s = store::AuditLog(data->db).record(auditActor(), "import", "trial",
                                                    trial->trial_id, detail, trial->child_id);
        !s) {
        return s;
    }
    if (Status s = tx->commit(); !s) return s;
    std::printf("trial %lld: %zu event(s) imported from %s\n",
                static_cast<long long>(trial->trial_id), events->size(),
                printable(options.file.string()).c_str());
    return {};
}

}  // namespace

void addEafCommand(Cli& cli) {
    auto options = std::make_shared<EafOptions>();
    const auto wire = [&cli, options](CLI::App* command, Status (*run)(const EafOptions&)) {
        cli.addDataDirOption(command);
        command->callback([&cli, options, run] {
            options->data_dir = cli.dataDir();
            cli.status = run(*options);
        });
    };

    CLI::App* exports =
        cli.group("export", "Write trials, codes and reports to files other programs read");
    CLI::App* out = exports->add_subcommand(
        "eaf",
        "A trial's coded events as an ELAN document (EAF 3.0): the practice recording and the "
        "model clip (lined up as in review, the model's TIME_ORIGIN), one tier CODER/CODE per "
        "coder and code, states from start to stop, points as 1 ms annotations");
    out->add_option("--trial", options->trial, "The trial")->required();
    out->add_option("--out", options->file, "The .eaf file to write (outside the data folder)")
        ->required();
    out->add_flag("--force", options->force, "Replace the file if it exists");
    wire(out, runExport);

    CLI::App* imports = cli.group("import", "Read codes from files other programs wrote");
    CLI::App* in = imports->add_subcommand(
        "eaf",
        "Add an ELAN document's annotations to a trial as coded events, all or none. A tier "
        "CODER/CODE whose PARTICIPANT is CODER (as `mimic export eaf` writes) gives CODER's "
        "CODE events (a value other than CODE is the modifier); any other tier gives events of "
        "the code named by each annotation's value (the tier's name when empty) by its "
        "PARTICIPANT. --coder replaces the coder. A point code takes the annotation's start, a "
        "state its start and end. Codes not in the behaviour's scheme are refused, all named");
    in->add_option("FILE", options->file, "The .eaf file")->required();
    in->add_option("--trial", options->trial, "The trial")->required();
    in->add_option("--coder", options->coder, "Who coded (replaces each tier's PARTICIPANT)");
    wire(in, runImport);
}

}  // namespace mimic::app
