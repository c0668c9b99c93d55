#include "app/recording_view.h"

#include "app/data_context.h"
#include "app/record_lookup.h"
#include "app/sign_in.h"
#include "crypto/key_file.h"
#include "crypto/sealed_file.h"
#include "store/audit_log.h"
#include "store/clinical_repository.h"

namespace mimic::app {

namespace fs = std::filesystem;

Status auditRecordingView(const fs::path& data_dir, const fs::path& file, std::string_view how) {
    std::error_code ec;
    // Canonical on both sides, so a symlink or a path through ".." is recognised too.
    const DataDir dir{fs::weakly_canonical(fs::absolute(data_dir), ec)};
    if (ec || !fs::exists(dir.database(), ec)) return {};
    // A sealed file (a clip or recording of an encrypted folder) is read with the folder's
    // key: its user signs in first.
    if (crypto::isSealedFile(file) && crypto::KeyFile::existsIn(dir.root)) {
        auto user = signInTo(dir.root);
        if (!user) return user.error();
    }
    const fs::path absolute = fs::weakly_canonical(fs::absolute(file), ec);
    if (ec) return {};
    const fs::path inside = absolute.lexically_relative(fs::weakly_canonical(dir.recordings(), ec));
    if (ec || inside.empty() || *inside.begin() == "..") return {};

    fs::path relative = dir.relative(absolute);
    if (relative.extension() == ".partial") relative.replace_extension();
    auto data = openDataContext(dir.root, IfMissing::kRefuse, crypto::Role::kObserver);
    if (!data) return data.error();
    auto recording = store::ClinicalRepository(data->db).findRecording(relative.string());
    if (!recording) return recording.error();
    if (!*recording) return {};  // a stray file: no child's record is read
    if (Status s = store::AuditLog(data->db).record(
            auditActor(), "view", "recording", (*recording)->recording_id,
            std::string(how) + " " + relative.string(), (*recording)->child_id);
        !s) {
        return Error{s.error().message + "; the recording was not shown"};
    }
    return {};
}

}  // namespace mimic::app
