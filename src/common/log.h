// Minimal levelled logging to stderr. Thread-safe: each message is written with one call.
#pragma once

#include <string_view>

namespace mimic::log {

enum class Level { kNone = 0, kError, kWarning, kInfo, kDebug };

// Messages above this level are dropped. Default kWarning; MIMIC_LOG=debug|info|warning|error.
void setLevel(Level level);
Level level();

void write(Level level, std::string_view message);

inline void error(std::string_view message) {
    write(Level::kError, message);
}
inline void warning(std::string_view message) {
    write(Level::kWarning, message);
}
inline void info(std::string_view message) {
    write(Level::kInfo, message);
}
inline void debug(std::string_view message) {
    write(Level::kDebug, message);
}

}  // namespace mimic::log
