// deidentify_file IN OUT [--mute | --voice-shift]: the de-identified export of a file (faces
// blurred; analysis/deidentify.h), as `mimic export recording --blur-faces` makes it from a
// trial, for analyse_cost.sh to time without a data folder.
#include <cstdio>
#include <string>

#include "analysis/deidentify.h"

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: deidentify_file IN OUT [--mute | --voice-shift]\n");
        return 2;
    }
    mimic::analysis::DeidentifyOptions options;
    const std::string voice = argc > 3 ? argv[3] : "";
    if (voice == "--mute") options.voice = mimic::analysis::VoiceTreatment::kMute;
    if (voice == "--voice-shift") options.voice = mimic::analysis::VoiceTreatment::kShift;
    auto written = mimic::analysis::writeDeidentified(argv[1], argv[2], options);
    if (!written) {
        std::fprintf(stderr, "deidentify_file: %s\n", written.error().message.c_str());
        return 1;
    }
    std::printf("%lld frames, %lld with faces blurred\n", static_cast<long long>(written->frames),
                static_cast<long long>(written->frames_blurred));
    return 0;
}
