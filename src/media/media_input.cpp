#include "media/media_input.h"

#include <system_error>

namespace mimic::media {

struct MediaInput::State {
    std::filesystem::path path;
    InputOptions options;
    std::unique_ptr<CustomIo> custom_io;  // null: FFmpeg's own file protocol
};

namespace {

int interruptCallback(void* opaque) {
    return static_cast<const InputOptions*>(opaque)->stop.stop_requested() ? 1 : 0;
}

}  // namespace

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
    if (state->options.custom_io) {
        auto io = state->options.custom_io(path);
        if (!io) return fail(io.error().message);
        state->custom_io = std::move(*io);
    }
    AVFormatContext* raw = avformat_alloc_context();
    if (raw == nullptr) return fail("out of memory");
    // Installed before any I/O, so even a FIFO that never gets a writer can be stopped.
    raw->interrupt_callback = AVIOInterruptCB{&interruptCallback, &state->options};
    if (state->custom_io != nullptr) {
        raw->pb = state->custom_io->context();
        raw->flags |= AVFMT_FLAG_CUSTOM_IO;  // the context is ours: FFmpeg must not close it
    }
    if (const int e = avformat_open_input(&raw, path.c_str(), nullptr, nullptr); e < 0) {
        // avformat_open_input frees the context itself on failure.
        if (e == AVERROR_INVALIDDATA) return fail("not a media file FFmpeg can read");
        return fail(ffmpegErrorText(e));
    }
    InputContextPtr context(raw);
    if (const int e = avformat_find_stream_info(context.get(), nullptr); e < 0)
        return fail("cannot read its streams: " + ffmpegErrorText(e));
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
