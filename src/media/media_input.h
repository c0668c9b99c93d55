// Internal to src/media: the one way into a media file. Every reader (Player, ClipReader,
// VideoStreamReader, scanRecording, probeMedia) opens its input here, so how bytes reach
// FFmpeg (its own file protocol today; a custom reader such as a decrypting one later,
// through InputOptions::custom_io) is decided in this one place.
//
// Ownership: a MediaInput owns its AVFormatContext and, when it was opened through custom
// I/O, that I/O, which it keeps until after the context is closed. Move-only.
// Threads: one thread at a time uses the context. The stop token may be triggered from any
// thread: FFmpeg's interrupt callback then ends a blocked open or read with AVERROR_EXIT.
// A FIFO is read through FifoIo (fifo_io.h) unless custom I/O is given, so that a stop or the
// open deadline also ends a wait for its writer or its first bytes.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <stop_token>
#include <string>

#include "common/result.h"
#include "media/ffmpeg_util.h"

namespace mimic::media {

// Bytes that come from somewhere other than FFmpeg's own file protocol. It owns its
// AVIOContext, that context's buffer and whatever its callbacks read from; it lives until
// the input using it is closed.
class CustomIo {
  public:
    virtual ~CustomIo() = default;
    virtual AVIOContext* context() = 0;
};

// Makes the custom I/O for `path`; called on every open, so each handle reads on its own.
using CustomIoFactory =
    std::function<Result<std::unique_ptr<CustomIo>>(const std::filesystem::path& path)>;

struct InputOptions {
    // Once a stop is requested, a blocked open or read returns AVERROR_EXIT.
    std::stop_token stop;
    // How long open() may wait for the input to deliver its stream information (a FIFO's
    // writer, its first bytes, enough of the stream); past it the open fails. Zero: no limit.
    // Reads after a successful open are not limited.
    std::chrono::milliseconds open_timeout{0};
    // Empty: FFmpeg opens the path itself.
    CustomIoFactory custom_io;
};

class MediaInput {
  public:
    // Opens `path` (a file, or a FIFO: this then waits for its writer, for at most
    // options.open_timeout when set) and reads its stream information. Errors are one line
    // naming the file and the reason (missing, a directory, empty, not a media file FFmpeg can
    // read, unreadable streams, nothing arrived within the open timeout).
    static Result<MediaInput> open(const std::filesystem::path& path, InputOptions options = {});

    // A second, independent handle on the same file, opened the same way, at its start.
    Result<MediaInput> reopen() const;

    MediaInput(MediaInput&&) noexcept;
    MediaInput& operator=(MediaInput&&) noexcept;
    ~MediaInput();

    AVFormatContext* get() const { return context_.get(); }  // never null
    AVFormatContext* operator->() const { return context_.get(); }
    const std::filesystem::path& path() const;

  private:
    struct State;  // on the heap: FFmpeg's interrupt callback points at it
    MediaInput(std::unique_ptr<State> state, InputContextPtr context);
    std::unique_ptr<State> state_;
    InputContextPtr context_;  // declared last: closed before the state (and its I/O) goes
};

// "cannot open 'PATH': why", the wording of every error about opening an input.
Error inputError(const std::filesystem::path& path, const std::string& why);

}  // namespace mimic::media
