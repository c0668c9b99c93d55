// The one way into a media file (src/media/media_input.h, internal to the media module):
// custom I/O plugged in there carries every read, including the second handle the
// description opens to find keyframes, and a stop request ends FFmpeg's I/O, even a wait for
// a FIFO's writer.
#include "media/media_input.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <future>
#include <stop_token>
#include <thread>

#include "media/media_describe.h"
#include "media/media_info.h"
#include "media_test_util.h"

namespace mimic::media {
namespace {

using testing::ffmpegMake;
using testing::TempDir;

// Reads a file through stdio: the shape a decrypting reader will have, without the crypto.
class StdioIo : public CustomIo {
  public:
    StdioIo(std::FILE* file, std::int64_t& bytes_read) : file_(file), bytes_read_(bytes_read) {
        constexpr int kBufferBytes = 4096;
        auto* buffer = static_cast<unsigned char*>(av_malloc(kBufferBytes));
        context_ = avio_alloc_context(buffer, kBufferBytes, 0, this, &read, nullptr, &seek);
    }
    ~StdioIo() override {
        // FFmpeg may have replaced the buffer it was given: free the one it holds now.
        av_freep(&context_->buffer);
        avio_context_free(&context_);
        std::fclose(file_);
    }
    StdioIo(const StdioIo&) = delete;
    StdioIo& operator=(const StdioIo&) = delete;

    AVIOContext* context() override { return context_; }

  private:
    static int read(void* opaque, std::uint8_t* buffer, int size) {
        auto* self = static_cast<StdioIo*>(opaque);
        const std::size_t n = std::fread(buffer, 1, static_cast<std::size_t>(size), self->file_);
        self->bytes_read_ += static_cast<std::int64_t>(n);
        return n == 0 ? AVERROR_EOF : static_cast<int>(n);
    }
    static std::int64_t seek(void* opaque, std::int64_t offset, int whence) {
        auto* self = static_cast<StdioIo*>(opaque);
        if ((whence & AVSEEK_SIZE) != 0) {
            const long at = std::ftell(self->file_);
            std::fseek(self->file_, 0, SEEK_END);
            const long size = std::ftell(self->file_);
            std::fseek(self->file_, at, SEEK_SET);
            return size;
        }
        if (std::fseek(self->file_, static_cast<long>(offset), whence & ~AVSEEK_FORCE) != 0)
            return -1;
        return std::ftell(self->file_);
    }

    std::FILE* file_;
    std::int64_t& bytes_read_;
    AVIOContext* context_ = nullptr;
};

TEST(MediaInput, CustomIoCarriesEveryReadAndDescribesLikeTheFile) {
    TempDir dir("media-input");
    // MPEG-TS has no index, so the description scans packets on a second handle.
    const auto clip = dir / "clip.ts";
    ASSERT_TRUE(ffmpegMake(clip,
                           "-f lavfi -i testsrc2=s=96x64:r=25:d=2 -f lavfi -i sine=d=2 -c:v "
                           "libx264 -g 10 -c:a aac"));
    int opened = 0;
    std::int64_t bytes_read = 0;
    InputOptions options;
    options.custom_io =
        [&](const std::filesystem::path& path) -> Result<std::unique_ptr<CustomIo>> {
        std::FILE* file = std::fopen(path.c_str(), "rb");
        if (file == nullptr) return Error{"cannot read it"};
        ++opened;
        return std::unique_ptr<CustomIo>(std::make_unique<StdioIo>(file, bytes_read));
    };
    auto input = MediaInput::open(clip, options);
    ASSERT_TRUE(input.ok()) << input.error().message;
    auto streams = chooseStreams(*input);
    ASSERT_TRUE(streams.ok()) << streams.error().message;
    const MediaInfo through_io = describeMedia(*input, *streams);
    EXPECT_EQ(opened, 2);  // the input, and the handle that looked for keyframes
    EXPECT_GE(bytes_read, 1000);

    auto direct = probeMedia(clip);
    ASSERT_TRUE(direct.ok()) << direct.error().message;
    EXPECT_EQ(through_io.container, direct->container);
    EXPECT_EQ(through_io.duration_us, direct->duration_us);
    EXPECT_EQ(through_io.streams.size(), direct->streams.size());
    EXPECT_EQ(through_io.video.codec, direct->video.codec);
    EXPECT_EQ(through_io.video.width, 96);
    EXPECT_DOUBLE_EQ(through_io.video.keyframe_interval_s, direct->video.keyframe_interval_s);
    EXPECT_NEAR(through_io.video.keyframe_interval_s, 10 / 25.0, 0.05);
    ASSERT_TRUE(through_io.audio.has_value());
    EXPECT_EQ(through_io.audio->codec, "aac");
}

TEST(MediaInput, AStopEndsFfmpegsIoAndErrorsNameTheFile) {
    TempDir dir("media-input-stop");
    const auto clip = dir / "clip.mkv";
    ASSERT_TRUE(ffmpegMake(clip, "-f lavfi -i testsrc2=s=96x64:r=25:d=1 -c:v libx264"));
    std::stop_source stop;
    stop.request_stop();
    InputOptions options;
    options.stop = stop.get_token();
    auto stopped = MediaInput::open(clip, options);
    ASSERT_FALSE(stopped.ok());
    EXPECT_NE(stopped.error().message.find(clip.string()), std::string::npos)
        << stopped.error().message;

    auto refused = MediaInput::open(clip, InputOptions{.stop = {},
                                                       .open_timeout = {},
                                                       .custom_io = [](const std::filesystem::path&)
                                                           -> Result<std::unique_ptr<CustomIo>> {
                                                           return Error{"no key for it"};
                                                       }});
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().message, "cannot open '" + clip.string() + "': no key for it");
    EXPECT_TRUE(MediaInput::open(clip).ok());
}

// Connects a writer to `fifo` and leaves at once: an open blocked on it returns.
void connectAndLeave(const std::filesystem::path& fifo) {
    const int fd = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd >= 0) ::close(fd);
}

// A FIFO that no writer ever opens: a stop from another thread, or the open timeout, ends
// the wait (FFmpeg's own blocking open(2) of a FIFO could not be interrupted at all).
TEST(MediaInput, AStopOrTheOpenTimeoutEndsTheWaitForAFifosWriter) {
    TempDir dir("media-input-fifo");
    const auto fifo = dir / "nobody.fifo";
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    using std::chrono::milliseconds;
    using Clock = std::chrono::steady_clock;

    std::stop_source stop;
    InputOptions stopped_options;
    stopped_options.stop = stop.get_token();
    auto stopped = std::async(std::launch::async,
                              [&] { return MediaInput::open(fifo, stopped_options).ok(); });
    std::this_thread::sleep_for(milliseconds(300));
    stop.request_stop();
    // Generous for a loaded machine; the wait notices a stop within 50 ms.
    if (stopped.wait_for(std::chrono::seconds(10)) != std::future_status::ready) {
        connectAndLeave(fifo);  // so that the blocked open returns and the test can end
        FAIL() << "a stop did not end the wait for the FIFO's writer";
    }
    EXPECT_FALSE(stopped.get());

    InputOptions timed_options;
    timed_options.open_timeout = milliseconds(500);
    const auto started = Clock::now();
    auto timed =
        std::async(std::launch::async, [&] { return MediaInput::open(fifo, timed_options); });
    if (timed.wait_for(std::chrono::seconds(10)) != std::future_status::ready) {
        connectAndLeave(fifo);
        FAIL() << "the open timeout did not end the wait for the FIFO's writer";
    }
    auto result = timed.get();
    EXPECT_GE(Clock::now() - started, milliseconds(500));
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().message,
              "cannot open '" + fifo.string() + "': no stream arrived from it within 0.5 s");
}

}  // namespace
}  // namespace mimic::media
