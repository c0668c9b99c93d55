#include "media/fifo_io.h"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace mimic::media {
namespace {

// The AVIOContext's buffer: what FFmpeg's own file protocol uses.
constexpr int kBufferBytes = 32 * 1024;
// How long one poll(2) sleeps before the interrupt callback is asked again: how soon a stop
// or an open deadline is noticed while nothing arrives. Costs 20 wake-ups a second then.
constexpr int kWaitSliceMs = 50;

}  // namespace

Result<std::unique_ptr<CustomIo>> FifoIo::open(const std::filesystem::path& path,
                                               AVIOInterruptCB interrupt) {
    // Non-blocking: returns at once with or without a writer (a blocking open would wait for
    // one where nothing can interrupt it).
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) return Error{std::strerror(errno)};
    std::unique_ptr<FifoIo> io(new FifoIo(fd, interrupt));
    if (io->context_ == nullptr) return Error{"out of memory"};
    return std::unique_ptr<CustomIo>(std::move(io));
}

FifoIo::FifoIo(int fd, AVIOInterruptCB interrupt) : fd_(fd), interrupt_(interrupt) {
    auto* buffer = static_cast<unsigned char*>(av_malloc(kBufferBytes));
    if (buffer == nullptr) return;
    context_ = avio_alloc_context(buffer, kBufferBytes, /*write_flag=*/0, this, &FifoIo::read,
                                  nullptr, nullptr);
    if (context_ == nullptr) av_free(buffer);
}

FifoIo::~FifoIo() {
    if (context_ != nullptr) {
        // FFmpeg may have replaced the buffer it was given: free the one it holds now.
        av_freep(&context_->buffer);
        avio_context_free(&context_);
    }
    ::close(fd_);
}

bool FifoIo::interrupted() const {
    return interrupt_.callback != nullptr && interrupt_.callback(interrupt_.opaque) != 0;
}

int FifoIo::read(void* opaque, std::uint8_t* buffer, int size) {
    auto* self = static_cast<FifoIo*>(opaque);
    for (;;) {
        if (self->interrupted()) return AVERROR_EXIT;
        // Readable means bytes, or a writer that came and left (POLLHUP). Before any writer
        // has opened the FIFO, Linux reports neither, so this waits for the writer too.
        pollfd wanted{self->fd_, POLLIN, 0};
        const int ready = ::poll(&wanted, 1, kWaitSliceMs);
        if (ready < 0 && errno != EINTR) return AVERROR(errno);
        if (ready <= 0) continue;
        const ssize_t n = ::read(self->fd_, buffer, static_cast<std::size_t>(size));
        if (n > 0) return static_cast<int>(n);
        if (n == 0) return AVERROR_EOF;  // every writer has closed it, and it is empty
        if (errno != EAGAIN && errno != EINTR) return AVERROR(errno);
    }
}

}  // namespace mimic::media
