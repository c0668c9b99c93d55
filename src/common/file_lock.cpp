#include "common/file_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace mimic {

Result<FileLock> FileLock::createLocked(const std::filesystem::path& path) {
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) return Error{"cannot create " + path.string() + ": " + std::strerror(errno)};
    FileLock lock(fd);
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        return Error{"cannot lock " + path.string() + ": " + std::strerror(errno)};
    }
    return lock;
}

Result<std::optional<FileLock>> FileLock::tryLock(const std::filesystem::path& path) {
    // Read-only is enough for flock, and never changes the file's times.
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return Error{"cannot open " + path.string() + ": " + std::strerror(errno)};
    FileLock lock(fd);
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        if (errno == EWOULDBLOCK) return std::optional<FileLock>();
        return Error{"cannot lock " + path.string() + ": " + std::strerror(errno)};
    }
    return std::optional<FileLock>(std::move(lock));
}

Result<FileLock> FileLock::acquire(const std::filesystem::path& path, Kind kind,
                                   const std::function<void()>& on_wait) {
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) return Error{"cannot open " + path.string() + ": " + std::strerror(errno)};
    FileLock lock(fd);
    const int operation = kind == Kind::kShared ? LOCK_SH : LOCK_EX;
    if (::flock(fd, operation | LOCK_NB) == 0) return lock;
    if (errno != EWOULDBLOCK)
        return Error{"cannot lock " + path.string() + ": " + std::strerror(errno)};
    if (on_wait) on_wait();
    while (::flock(fd, operation) != 0) {
        if (errno != EINTR)
            return Error{"cannot lock " + path.string() + ": " + std::strerror(errno)};
    }
    return lock;
}

bool FileLock::isLocked(const std::filesystem::path& path) {
    auto lock = tryLock(path);
    return lock.ok() && !lock->has_value();
}

FileLock::FileLock(FileLock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

FileLock& FileLock::operator=(FileLock&& other) noexcept {
    if (this != &other) {
        release();
        fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
}

FileLock::~FileLock() {
    release();
}

void FileLock::release() {
    if (fd_ >= 0) ::close(fd_);  // closing the last descriptor ends the flock
    fd_ = -1;
}

}  // namespace mimic
