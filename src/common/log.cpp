#include "common/log.h"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace mimic::log {
namespace {

Level levelFromEnvironment() {
    const char* env = std::getenv("MIMIC_LOG");
    if (env == nullptr) return Level::kWarning;
    const std::string_view v(env);
    if (v == "debug") return Level::kDebug;
    if (v == "info") return Level::kInfo;
    if (v == "error") return Level::kError;
    if (v == "none") return Level::kNone;
    return Level::kWarning;
}

std::atomic<Level>& currentLevel() {
    static std::atomic<Level> level{levelFromEnvironment()};
    return level;
}

}  // namespace

void setLevel(Level level) {
    currentLevel().store(level);
}
Level level() {
    return currentLevel().load();
}

void write(Level message_level, std::string_view message) {
    if (message_level == Level::kNone || message_level > level()) return;
    static constexpr const char* kPrefix[] = {"", "error", "warning", "info", "debug"};
    std::string line = "mimic: ";
    line += kPrefix[static_cast<int>(message_level)];
    line += ": ";
    line += message;
    if (line.empty() || line.back() != '\n') line += '\n';
    std::fwrite(line.data(), 1, line.size(), stderr);
}

}  // namespace mimic::log
