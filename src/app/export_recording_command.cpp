// mimic export recording --trial N --out F.mkv|F.mp4|F.mov [--purpose parents|training]
// [--force]: a trial's practice recording as an ordinary file outside the data folder (read
// through mimic, so an encrypted folder's sealed recording comes out readable). Pictures and
// sound of a child: only a therapist or admin, with a current consent for the purpose, and
// audited (docs/privacy.md, "Identifiable exports").
#include <cstdio>
#include <memory>

#include "app/cli.h"
#include "app/data_context.h"
#include "app/export_support.h"
#include "app/record_lookup.h"
#include "media/remux.h"
#include "store/audit_log.h"
#include "store/clinical_repository.h"

namespace mimic::app {

namespace {

struct ExportRecordingOptions {
    std::filesystem::path data_dir;
    std::int64_t trial = 0;
    std::filesystem::path out;
    std::string purpose = "parents";
    bool force = false;
};

Status runExportRecording(const ExportRecordingOptions& options) {
    auto purpose = parsePurpose(options.purpose);
    if (!purpose) return purpose.error();
    auto data = openDataContext(options.data_dir, IfMissing::kRefuse);
    if (!data) return data.error();
    if (Status s = checkOutFile(options.out, data->dir.root, options.force); !s) return s;
    store::ClinicalRepository clinical(data->db);
    auto trial = clinical.findTrial(options.trial);
    if (!trial) return trial.error();
    if (!*trial) return Error{"there is no trial " + std::to_string(options.trial)};
    if (!(*trial)->recording_path) {
        return Error{"trial " + std::to_string(options.trial) +
                     " has no recording (nothing was recorded, or it was deleted)"};
    }
    auto child = requireChild(clinical, (*trial)->child_code);
    if (!child) return child.error();
    if (Status s = allowIdentifiableExport(data->db, child->id, child->code, *purpose); !s)
        return s;
    if (Status s = media::remuxFile(data->dir.absolute(*(*trial)->recording_path), options.out);
        !s) {
        return s;
    }
    if (Status s = store::AuditLog(data->db).record(auditActor(), "export recording", "trial",
                                                    options.trial, "purpose " + options.purpose,
                                                    child->id);
        !s) {
        std::error_code ec;
        std::filesystem::remove(options.out, ec);
        return s;
    }
    std::printf("wrote trial %lld's recording to %s\n", static_cast<long long>(options.trial),
                options.out.string().c_str());
    return {};
}

}  // namespace

void addExportRecordingCommand(Cli& cli) {
    auto options = std::make_shared<ExportRecordingOptions>();
    CLI::App* exporting =
        cli.group("export", "Write trials, codes and reports to files other programs read");
    CLI::App* command = exporting->add_subcommand(
        "recording",
        "A trial's practice recording as an ordinary video file outside the data folder "
        "(therapists and admins, with the child's consent for the purpose; audited)");
    command->add_option("--trial", options->trial, "The trial")->required();
    command->add_option("--out", options->out, "The file: .mkv, .mp4 or .mov")->required();
    addPurposeOption(command, options->purpose);
    command->add_flag("--force", options->force, "Replace the file if it exists");
    cli.addDataDirOption(command);
    command->callback([&cli, options] {
        options->data_dir = cli.dataDir();
        cli.status = runExportRecording(*options);
    });
}

}  // namespace mimic::app
