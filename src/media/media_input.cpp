#include "media/media_input.h"

#include <cstdio>
#include <optional>
#include <system_error>

#include "common/clock.h"
#include "media/fifo_io.h"
#include "media/sealed_io.h"

namespace mimic::media {

namespace {

// What FFmpeg's interrupt callback (and FifoIo's, through it) looks at. Used on the thread
// that uses the input; only the stop token is shared with other threads.
struct Interrupt {
    std::stop_token stop;
    std::optional<Clock::time_point> deadline;  // while open() runs with a timeout
    bool deadline_passed = false;               // set when the deadline interrupted the open
};

int interruptCallback(void* opaque) {
    auto* interrupt = static_cast<Interrupt*>(opaque);
    if (interrupt->stop.stop_requested()) return 1;
    if (interrupt->deadline && Clock::now() >= *interrupt->deadline) {
        interrupt->deadline_passed = true;
        return 1;
    }
    return 0;
}

// "10", "1.5": seconds for a person.
std::string secondsText(std::chrono::milliseconds duration) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", static_cast<double>(duration.count()) / 1000.0);
    return text;
}

}  // namespace

struct MediaInput::State {
    std::filesystem::path path;
    InputOptions options;
    Interrupt interrupt;                  // FFmpeg's interrupt callback points at it
    std::unique_ptr<CustomIo> custom_io;  // null: FFmpeg's own file protocol
};

Error inputError(const std::filesystem::path& path, const std::string& why) {
    return Error{"cannot open '" + path.string() + "': " + why};
}

Result<MediaInput> MediaInput::open(const std::filesystem::path& path, InputOptions options) {
    installFfmpegLogHandler();
    const auto fail = [&](const std::string& why) { return inputError(path, why); };
    // Said plainly before FFmpeg says it less clearly. A FIFO has no size, so it passes.
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return fail("no such file");
    if (std::filesystem::is_directory(path, ec)) return fail("it is a directory");
    if (std::filesystem::file_size(path, ec) == 0 && !ec) return fail("the file is empty");

    auto state = std::make_unique<State>();
    state->path = path;
    state->options = std::move(options);
    state->interrupt.stop = state->options.stop;
    const std::chrono::milliseconds timeout = state->options.open_timeout;
    if (timeout.count() > 0) state->interrupt.deadline = Clock::now() + timeout;
    const AVIOInterruptCB interrupt{&interruptCallback, &state->interrupt};
    // Whatever failed once the deadline had passed, the cause is that the input did not
    // deliver in time (FFmpeg may report the interruption as a bad or incomplete stream).
    const auto failUnlessLate = [&](const std::string& why) {
        if (state->interrupt.deadline_passed)
            return fail("no stream arrived from it within " + secondsText(timeout) + " s");
        return fail(why);
    };
    if (state->options.custom_io) {
        auto io = state->options.custom_io(path);
        if (!io) return fail(io.error().message);
        state->custom_io = std::move(*io);
    } else if (crypto::isSealedFile(path)) {
        // Sealed at rest: read through the key the data folder was unlocked with.
        const std::shared_ptr<const crypto::SecretKey> key = mediaKey();
        if (key == nullptr) return fail("it is encrypted, and this data folder is not unlocked");
        auto io = SealedInputIo::open(path, *key);
        if (!io) return fail(io.error().message);
        state->custom_io = std::move(*io);
    } else if (std::filesystem::is_fifo(path, ec)) {
        auto io = FifoIo::open(path, interrupt);
        if (!io) return fail(io.error().message);
        state->custom_io = std::move(*io);
    }
    AVFormatContext* raw = avformat_alloc_context();
    if (raw == nullptr) return fail("out of memory");
    // Installed before any I/O, so that a stop or the deadline ends every wait (a FIFO's
    // waits are FifoIo's, which asks the same callback).
    raw->interrupt_callback = interrupt;
    if (state->custom_io != nullptr) {
        raw->pb = state->custom_io->context();
        raw->flags |= AVFMT_FLAG_CUSTOM_IO;  // the context is ours: FFmpeg must not close it
    }
    if (const int e = avformat_open_input(&raw, path.c_str(), nullptr, nullptr); e < 0) {
        // avformat_open_input frees the context itself on failure.
        if (e == AVERROR_INVALIDDATA) return failUnlessLate("not a media file FFmpeg can read");
        return failUnlessLate(ffmpegErrorText(e));
    }
    InputContextPtr context(raw);
    const int found = avformat_find_stream_info(context.get(), nullptr);
    // Interrupted, FFmpeg still succeeds when the header named the codecs; the streams are
    // then known only in part, and a source that stalls now would stall the first read.
    if (found < 0 || state->interrupt.deadline_passed)
        return failUnlessLate("cannot read its streams: " + ffmpegErrorText(found));
    state->interrupt.deadline.reset();  // reads are not limited, only the open
    return MediaInput(std::move(state), std::move(context));
}

Result<MediaInput> MediaInput::reopen() const {
    return open(state_->path, state_->options);
}

MediaInput::MediaInput(std::unique_ptr<State> state, InputContextPtr context)
    : state_(std::move(state)), context_(std::move(context)) {}
MediaInput::MediaInput(MediaInput&&) noexcept = default;
MediaInput& MediaInput::operator=(MediaInput&& other) noexcept {
    // Our context closes while the state it reads through is still here.
    context_ = std::move(other.context_);
    state_ = std::move(other.state_);
    return *this;
}
MediaInput::~MediaInput() = default;

const std::filesystem::path& MediaInput::path() const {
    return state_->path;
}

}  // namespace mimic::media
