// An advisory lock on a file that says "its writer is alive" (docs/architecture.md, "Crash
// safety"). A recording's writer holds one on its file from before its row is committed until
// its last database write; recovery and repair skip a file another process holds, so they
// never take over a live recording. The lock is flock(2) on the open file, so it follows the
// file through a rename and ends when the holder closes it or dies (kill -9 included).
//
// Threads: a FileLock is used by one thread at a time; it is move-only.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>

#include "common/result.h"

namespace mimic {

class FileLock {
  public:
    enum class Kind { kShared, kExclusive };

    // Creates `path` (it must not exist yet; mode 0600) and locks it.
    static Result<FileLock> createLocked(const std::filesystem::path& path);
    // Locks the existing `path` without waiting: empty when another open of it (in this
    // process or another) holds the lock.
    static Result<std::optional<FileLock>> tryLock(const std::filesystem::path& path);
    // Opens `path` (creating it, mode 0600, when missing) and locks it, waiting as long as
    // another holds a conflicting lock; `on_wait` runs once, first, when it has to wait. Many
    // shared holders go together; an exclusive holder is alone.
    static Result<FileLock> acquire(const std::filesystem::path& path, Kind kind,
                                    const std::function<void()>& on_wait = {});
    // True when another holds a lock on `path` (false when it does not exist).
    static bool isLocked(const std::filesystem::path& path);

    FileLock(FileLock&& other) noexcept;
    FileLock& operator=(FileLock&& other) noexcept;
    FileLock(const FileLock&) = delete;
    FileLock& operator=(const FileLock&) = delete;
    ~FileLock();

    // Unlocks and closes now.
    void release();

  private:
    explicit FileLock(int fd) : fd_(fd) {}
    int fd_ = -1;
};

}  // namespace mimic
