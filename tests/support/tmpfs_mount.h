// A small tmpfs mounted over a test's folder, so that a disk really fills up (the kernel's
// ENOSPC, for every program the test starts) and space really returns (a remount with a
// larger size).
//
// Mounting needs CAP_SYS_ADMIN. The test process first moves into a mount namespace of its
// own (unshare), so the mount is seen by the test and the programs it starts and by nothing
// else on the machine, and it goes away with the process even when the test crashes: as root
// (CI runs as root) directly, otherwise inside a new user namespace where the test is root.
// When neither is allowed (a container without CAP_SYS_ADMIN whose seccomp filter forbids
// user namespaces) error() says so and the test must fail, never skip.
//
// Threads: construct on the test's main thread before it starts threads of its own (a user
// namespace can only be entered by a single-threaded process).
#pragma once

#include <sched.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>

namespace mimic::testing {

class TmpfsMount {
  public:
    TmpfsMount(const std::filesystem::path& dir, std::size_t bytes) : dir_(dir) {
        if (std::string why = enterOwnMountNamespace(); !why.empty()) {
            error_ = why;
            return;
        }
        if (::mount("tmpfs", dir_.c_str(), "tmpfs", 0, options(bytes).c_str()) != 0) {
            error_ = "cannot mount a tmpfs on " + dir_.string() + ": " + std::strerror(errno);
            return;
        }
        mounted_ = true;
    }
    ~TmpfsMount() {
        if (mounted_) ::umount2(dir_.c_str(), MNT_DETACH);
    }
    TmpfsMount(const TmpfsMount&) = delete;
    TmpfsMount& operator=(const TmpfsMount&) = delete;

    // Empty when mounted; otherwise why not.
    const std::string& error() const { return error_; }

    // Gives the filesystem a new size (smaller fills it, larger frees space). Empty on success.
    std::string resize(std::size_t bytes) {
        if (::mount("tmpfs", dir_.c_str(), "tmpfs", MS_REMOUNT, options(bytes).c_str()) != 0)
            return "cannot resize the tmpfs on " + dir_.string() + ": " + std::strerror(errno);
        return {};
    }

  private:
    static std::string options(std::size_t bytes) {
        return "size=" + std::to_string(bytes) + ",mode=0700";
    }
    static bool writeFile(const std::string& path, const std::string& text) {
        std::ofstream out(path);
        out << text;
        return static_cast<bool>(out.flush());
    }
    // Unshares the mount namespace (in a new user namespace when that is the only way) and
    // stops mounts from propagating back to the machine's namespace.
    static std::string enterOwnMountNamespace() {
        if (::unshare(CLONE_NEWNS) != 0) {
            const int privileged_errno = errno;
            const uid_t uid = ::getuid();
            const gid_t gid = ::getgid();
            if (::unshare(CLONE_NEWUSER | CLONE_NEWNS) != 0) {
                return std::string(
                           "cannot make a mount namespace for a tmpfs: unshare as this "
                           "user: ") +
                       std::strerror(privileged_errno) +
                       "; in a new user namespace: " + std::strerror(errno) +
                       " (run as root with CAP_SYS_ADMIN, e.g. docker run --cap-add SYS_ADMIN, "
                       "or allow unprivileged user namespaces)";
            }
            if (!writeFile("/proc/self/setgroups", "deny") ||
                !writeFile("/proc/self/uid_map", "0 " + std::to_string(uid) + " 1") ||
                !writeFile("/proc/self/gid_map", "0 " + std::to_string(gid) + " 1")) {
                return "cannot map this user to root in a new user namespace";
            }
        }
        if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0)
            return std::string("cannot make the mounts private: ") + std::strerror(errno);
        return {};
    }

    std::filesystem::path dir_;
    std::string error_;
    bool mounted_ = false;
};

}  // namespace mimic::testing
