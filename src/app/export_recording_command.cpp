// mimic export recording --trial N --out F.mkv|F.mp4|F.mov [--purpose parents|training]
// [--blur-faces] [--mute | --voice-shift] [--force]: a trial's practice recording as an
// ordinary file outside the data folder (read through mimic, so an encrypted folder's sealed
// recording comes out readable). As it was (copied, not re-encoded), or de-identified
// (src/analysis/deidentify.h): faces blurred, the voice removed or moved to another pitch.
// Pictures and sound of a child either way: only a therapist or admin, with a current consent
// for the purpose, and audited with what was done to it (docs/privacy.md, "Identifiable
// exports").
#include <unistd.h>

#include <cstdio>
#include <memory>

#include "analysis/deidentify.h"

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
    bool blur_faces = false;
    bool mute = false;
    bool voice_shift = false;
    bool force = false;
};

// What the audit line says was done to the recording.
std::string treatment(const ExportRecordingOptions& options) {
    std::string done;
    if (options.blur_faces) done += ", faces blurred";
    if (options.mute) done += ", muted";
    if (options.voice_shift) done += ", voice shifted";
    return done;
}

Status writeCopy(const std::filesystem::path& recording, const ExportRecordingOptions& options) {
    if (!options.blur_faces && !options.mute && !options.voice_shift)
        return media::remuxFile(recording, options.out);
    analysis::DeidentifyOptions settings;
    settings.blur_faces = options.blur_faces;
    settings.voice = options.mute          ? analysis::VoiceTreatment::kMute
                     : options.voice_shift ? analysis::VoiceTreatment::kShift
                                           : analysis::VoiceTreatment::kKeep;
    // A line that counts up, on a terminal only.
    const bool progress = ::isatty(STDERR_FILENO) == 1;
    if (progress) {
        settings.progress = [](double done) {
            std::fprintf(stderr, "\rde-identifying... %3d%%", static_cast<int>(done * 100.0));
            std::fflush(stderr);
        };
    }
    auto written = analysis::writeDeidentified(recording, options.out, settings);
    if (progress) std::fprintf(stderr, "\r%24s\r", "");
    if (!written) return written.error();
    return {};
}

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
    if (Status s = writeCopy(data->dir.absolute(*(*trial)->recording_path), options); !s) return s;
    if (Status s = store::AuditLog(data->db).record(
            auditActor(), "export recording", "trial", options.trial,
            "purpose " + options.purpose + treatment(options), child->id);
        !s) {
        std::error_code ec;
        std::filesystem::remove(options.out, ec);
        return s;
    }
    const std::string done = treatment(options);
    std::printf("wrote trial %lld's recording%s to %s\n", static_cast<long long>(options.trial),
                done.empty() ? "" : (" (" + done.substr(2) + ")").c_str(),
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
    command->add_flag("--blur-faces", options->blur_faces,
                      "Blur every face beyond recognition (found on each frame, held around "
                      "turned heads); the rest of the picture is kept");
    CLI::Option* mute = command->add_flag("--mute", options->mute, "Leave the sound out");
    command
        ->add_flag("--voice-shift", options->voice_shift,
                   "Move the voice about five semitones down (same speed)")
        ->excludes(mute);
    command->add_flag("--force", options->force, "Replace the file if it exists");
    cli.addDataDirOption(command);
    command->callback([&cli, options] {
        options->data_dir = cli.dataDir();
        cli.status = runExportRecording(*options);
    });
}

}  // namespace mimic::app
