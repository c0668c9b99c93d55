#include "media/ffmpeg_util.h"

#include <cstdarg>
#include <mutex>

#include "common/log.h"

namespace mimic::media {

std::string ffmpegErrorText(int errnum) {
    char text[AV_ERROR_MAX_STRING_SIZE] = {};
    av_strerror(errnum, text, sizeof text);
    return text;
}

namespace {

void logCallback(void* avcl, int level, const char* format, va_list args) {
    if (level > av_log_get_level()) return;
    char line[1024];
    int print_prefix = 1;
    av_log_format_line2(avcl, level, format, args, line, sizeof line, &print_prefix);
    // Decoders report concealed damage as errors; the caller reports what matters to a
    // person, so FFmpeg's own lines are debug output.
    log::debug(line);
}

}  // namespace

void installFfmpegLogHandler() {
    static std::once_flag once;
    std::call_once(once, [] {
        av_log_set_level(log::level() >= log::Level::kDebug ? AV_LOG_INFO : AV_LOG_ERROR);
        av_log_set_callback(logCallback);
    });
}

}  // namespace mimic::media
