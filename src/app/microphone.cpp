#include "app/microphone.h"

#include <cstdio>

namespace mimic::app {

Result<std::unique_ptr<audio::AudioCapture>> openMicrophone(const std::string& mic) {
    const audio::MicrophoneSpec spec = audio::parseMicrophoneSpec(mic);
    if (spec.kind == audio::MicrophoneSpec::Kind::kNone) {
        return std::unique_ptr<audio::AudioCapture>();
    }
    auto opened = audio::AudioCapture::open(spec, kMicrophoneSampleRate, kMicrophoneChannels);
    if (!opened) {
        if (spec.kind == audio::MicrophoneSpec::Kind::kDefault) {
            std::fprintf(stderr,
                         "mimic: warning: %s; recording video only (use --mic none to "
                         "silence this)\n",
                         opened.error().message.c_str());
            return std::unique_ptr<audio::AudioCapture>();
        }
        return opened.error();
    }
    return std::make_unique<audio::AudioCapture>(std::move(*opened));
}

}  // namespace mimic::app
