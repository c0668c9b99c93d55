// Internal to src/media: a named FIFO read so that every wait can be interrupted.
//
// FFmpeg's own file protocol opens a FIFO with a blocking open(2), which does not return
// until a writer appears, and reads it with a blocking read(2), which does not return until
// the writer sends something. No interrupt callback reaches a thread asleep in either, so a
// FIFO nobody writes to (or whose writer never sends a byte) would hold its reader forever.
// FifoIo opens it O_RDONLY | O_NONBLOCK instead, which returns at once and counts as a reader
// (so a writer's own open completes), and waits for bytes with poll(2) in short slices,
// asking the input's interrupt callback (a stop, an open deadline) between them.
//
// Ownership: owns the descriptor, the AVIOContext and its buffer, closed together.
// Threads: used by one thread at a time, like the input that reads through it; the interrupt
// callback must be callable from that thread.
#pragma once

#include <filesystem>
#include <memory>

#include "common/result.h"
#include "media/media_input.h"

namespace mimic::media {

class FifoIo final : public CustomIo {
  public:
    // Opens the FIFO at `path` for reading without waiting for a writer. Fails (one line, the
    // reason only: the caller names the file) when it cannot be opened.
    static Result<std::unique_ptr<CustomIo>> open(const std::filesystem::path& path,
                                                  AVIOInterruptCB interrupt);

    ~FifoIo() override;
    FifoIo(const FifoIo&) = delete;
    FifoIo& operator=(const FifoIo&) = delete;

    AVIOContext* context() override { return context_; }

  private:
    FifoIo(int fd, AVIOInterruptCB interrupt);
    static int read(void* opaque, std::uint8_t* buffer, int size);
    bool interrupted() const;

    int fd_ = -1;
    AVIOInterruptCB interrupt_;
    AVIOContext* context_ = nullptr;
};

}  // namespace mimic::media
