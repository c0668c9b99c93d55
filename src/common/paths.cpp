#include "common/paths.h"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>

namespace mimic {

namespace fs = std::filesystem;

namespace {

// `relative` (from the executable's folder to an installed folder, as CMake computed it from
// the install layout) resolved against where this executable is now.
fs::path fromExecutable(const char* relative) {
    const fs::path dir = executableDir();
    return dir.empty() ? dir : (dir / relative).lexically_normal();
}

}  // namespace

fs::path resolveDataDir(const std::string& explicit_dir) {
    if (!explicit_dir.empty()) return explicit_dir;
    if (const char* env = std::getenv("MIMIC_DATA_DIR"); env != nullptr && *env != '\0') {
        return env;
    }
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg != nullptr && *xdg != '\0') {
        return fs::path(xdg) / "mimic";
    }
    const char* home = std::getenv("HOME");
    return fs::path(home != nullptr ? home : ".") / ".local" / "share" / "mimic";
}

Result<DataDir> prepareDataDir(const fs::path& root) {
    DataDir dir{fs::absolute(root).lexically_normal()};
    std::error_code ec;
    for (const fs::path& p : {dir.root, dir.library(), dir.recordings()}) {
        fs::create_directories(p, ec);
        if (ec) {
            return Error{"cannot use data directory " + dir.root.string() + ": " + ec.message()};
        }
    }
    if (::access(dir.root.c_str(), W_OK) != 0 || ::access(dir.recordings().c_str(), W_OK) != 0) {
        return Error{"cannot use data directory " + dir.root.string() + ": " +
                     std::strerror(errno)};
    }
    return dir;
}

fs::path executableDir() {
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    return ec ? fs::path() : exe.parent_path();
}

fs::path installedPluginDir() {
    return fromExecutable(MIMIC_PLUGIN_DIR_FROM_BIN);
}

fs::path installedDemoDir() {
    return fromExecutable(MIMIC_DEMO_DIR_FROM_BIN);
}

Status writeFileAtomically(const fs::path& path, const std::string& bytes) {
    const fs::path temp = path.string() + ".tmp";
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        out.flush();
        if (!out) {
            std::error_code ignored;
            fs::remove(temp, ignored);
            return Error{"cannot write " + path.string()};
        }
    }
    std::error_code ec;
    fs::rename(temp, path, ec);
    if (ec) {
        fs::remove(temp, ec);
        return Error{"cannot write " + path.string() + ": " + ec.message()};
    }
    return {};
}

}  // namespace mimic
