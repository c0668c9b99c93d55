#include "app/export_support.h"

#include "app/data_context.h"
#include "app/record_lookup.h"
#include "app/sign_in.h"
#include "common/names.h"
#include "common/paths.h"
#include "common/utc_time.h"
#include "store/audit_log.h"
#include "store/clinical_repository.h"
#include "store/connection.h"

namespace mimic::app {

namespace fs = std::filesystem;

namespace {

Status checkDay(const char* option, const std::string& text) {
    if (text.empty()) return {};
    if (text.size() != 10 || !parseUtc(text))
        return Error{std::string(option) + " must be a date YYYY-MM-DD (got '" + text + "')"};
    return {};
}

}  // namespace

void addExportTargetOptions(CLI::App* command, ExportTarget& target, const std::string& out_help) {
    command->add_option("--child", target.child, "The child's code")->required();
    command->add_option("--from", target.from, "First day, YYYY-MM-DD (default: the first)");
    command->add_option("--to", target.to, "Last day, YYYY-MM-DD (default: the last)");
    command->add_option("--out", target.out, out_help)->required();
    command->add_flag("--force", target.force, "Replace --out if it exists");
}

Result<DayRange> parseDayRange(const std::string& from, const std::string& to) {
    if (Status s = checkDay("--from", from); !s) return s.error();
    if (Status s = checkDay("--to", to); !s) return s.error();
    if (!from.empty() && !to.empty() && from > to)
        return Error{"--from " + from + " is after --to " + to};
    return DayRange{from, to};
}

Status checkOutFile(const fs::path& out, const fs::path& data_dir, bool force) {
    std::error_code ec;
    const fs::path absolute = fs::weakly_canonical(fs::absolute(out), ec);
    const fs::path folder = absolute.parent_path();
    if (ec || !fs::is_directory(folder, ec))
        return Error{"no folder " + folder.string() + " for --out " + out.string()};
    if (insideDataFolder(absolute, data_dir))
        return Error{"--out " + out.string() +
                     " is inside the data folder; choose a file elsewhere"};
    if (fs::is_directory(absolute, ec)) return Error{"--out " + out.string() + " is a folder"};
    if (fs::exists(absolute, ec) && !force)
        return Error{out.string() + " already exists; add --force to replace it"};
    return {};
}

Status writeAudited(store::Database& db, const fs::path& out, const std::string& bytes,
                    const std::string& action, std::int64_t child_id, const std::string& detail) {
    auto tx = store::Transaction::begin(db.connection());
    if (!tx) return tx.error();
    if (Status s =
            store::AuditLog(db).record(auditActor(), action, "child", child_id, detail, child_id);
        !s) {
        return Error{s.error().message + "; nothing was written"};
    }
    if (Status s = writeFileAtomically(out, bytes); !s) return s;  // the entry rolls back
    if (Status s = tx->commit(); !s) {
        std::error_code ec;
        fs::remove(out, ec);
        return Error{s.error().message + "; " + out.string() + " was removed"};
    }
    return {};
}

Status allowIdentifiableExport(store::Database& db, std::int64_t child_id,
                               const std::string& child_code, store::ExportPurpose purpose) {
    const crypto::Unlocked* user = signedIn();
    const crypto::Role role = user != nullptr ? user->role : crypto::Role::kTherapist;
    auto consents = store::ClinicalRepository(db).listConsents(child_id);
    if (!consents) return consents.error();
    if (auto refusal = store::identifiableExportRefusal(role, printable(child_code), *consents,
                                                        purpose, formatUtc(utcNow()))) {
        return Error{*refusal};
    }
    return {};
}

void addPurposeOption(CLI::App* command, std::string& purpose) {
    command
        ->add_option("--purpose", purpose,
                     "Why pictures or sound of the child leave the data folder: parents (needs a "
                     "current share-with-parents consent) or training (training-use)")
        ->check(CLI::IsMember({"parents", "training"}))
        ->capture_default_str();
}

Result<store::ExportPurpose> parsePurpose(const std::string& purpose) {
    auto parsed = store::parseExportPurpose(purpose);
    if (!parsed) return Error{"--purpose is parents or training"};
    return *parsed;
}

}  // namespace mimic::app
