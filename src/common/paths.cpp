#include "common/paths.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <random>
#include <vector>

namespace mimic {

namespace fs = std::filesystem;

namespace {

// `relative` (from the executable's folder to an installed folder, as CMake computed it from
// the install layout) resolved against where this executable is now.
fs::path fromExecutable(const char* relative) {
    const fs::path dir = executableDir();
    return dir.empty() ? dir : (dir / relative).lexically_normal();
}

// 16 hex digits from the kernel's entropy: names made with them never repeat in practice.
std::string randomHex16() {
    std::random_device random;
    char suffix[24];
    std::snprintf(suffix, sizeof suffix, "%08x%08x", random(), random());
    return suffix;
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
        // A child's recordings are for this account only, whatever the umask: a folder made
        // here is 0700 (an existing one is reported by `library check`, not changed).
        if (fs::create_directories(p, ec) && !ec) fs::permissions(p, fs::perms::owner_all, ec);
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

fs::path newRecordingPath(const DataDir& dir) {
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &utc);
    return dir.recordings() / (std::string(stamp) + "-" + randomHex16() + ".mkv");
}

fs::path newChildMediaPath(const DataDir& dir, std::string_view role, std::string_view extension) {
    return dir.childMedia() / (std::string(role) + "-" + randomHex16() + std::string(extension));
}

Status copyFilePrivately(const fs::path& source, const fs::path& target) {
    const fs::path temp = target.string() + ".tmp-" + std::to_string(::getpid());
    std::error_code ec;
    fs::copy_file(source, temp, fs::copy_options::overwrite_existing, ec);
    // copy_file gives the copy the source's permissions; a copy in the data folder is 0600.
    if (!ec) fs::permissions(temp, fs::perms::owner_read | fs::perms::owner_write, ec);
    if (!ec && fs::exists(target)) ec = std::make_error_code(std::errc::file_exists);
    if (!ec) fs::rename(temp, target, ec);
    if (ec) {
        std::error_code ignored;
        fs::remove(temp, ignored);
        return Error{"cannot copy " + source.string() + " into " + target.parent_path().string() +
                     ": " + ec.message()};
    }
    return {};
}

Status overwriteAndRemove(const fs::path& path) {
    std::error_code ec;
    const auto status = fs::symlink_status(path, ec);
    if (ec || !fs::exists(status)) return {};
    if (fs::is_regular_file(status)) {
        const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
        if (fd < 0) return Error{"cannot overwrite " + path.string() + ": " + std::strerror(errno)};
        const auto size = static_cast<std::uintmax_t>(fs::file_size(path, ec));
        std::vector<char> zeros(std::size_t{1} << 16, 0);
        bool ok = !ec;
        for (std::uintmax_t done = 0; ok && done < size;) {
            const auto chunk =
                static_cast<std::size_t>(std::min<std::uintmax_t>(zeros.size(), size - done));
            const ssize_t wrote = ::pwrite(fd, zeros.data(), chunk, static_cast<off_t>(done));
            ok = wrote > 0;
            if (ok) done += static_cast<std::uintmax_t>(wrote);
        }
        ok = ok && ::fsync(fd) == 0;
        const int saved = errno;
        ::close(fd);
        if (!ok) return Error{"cannot overwrite " + path.string() + ": " + std::strerror(saved)};
    }
    if (!fs::remove(path, ec) || ec) {
        return Error{"cannot remove " + path.string() + ": " + ec.message()};
    }
    return {};
}

std::vector<fs::path> findOpenToOthers(const DataDir& dir) {
    constexpr auto kOthers = fs::perms::group_all | fs::perms::others_all;
    std::vector<fs::path> found;
    std::error_code ec;
    const auto open = [&](const fs::path& p) {
        const auto status = fs::symlink_status(p, ec);
        return !ec && !fs::is_symlink(status) &&
               (status.permissions() & kOthers) != fs::perms::none;
    };
    if (open(dir.root)) found.push_back(dir.root);
    for (auto it = fs::recursive_directory_iterator(dir.root, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (open(it->path())) found.push_back(it->path());
    }
    std::sort(found.begin(), found.end());
    return found;
}

Status makePrivate(const fs::path& path) {
    std::error_code ec;
    const auto status = fs::symlink_status(path, ec);
    if (!ec && !fs::is_symlink(status)) {
        fs::permissions(path,
                        fs::is_directory(status) ? fs::perms::owner_all
                                                 : fs::perms::owner_read | fs::perms::owner_write,
                        ec);
    }
    if (ec) return Error{"cannot make " + path.string() + " private: " + ec.message()};
    return {};
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
