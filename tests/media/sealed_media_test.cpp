// Media sealed at rest (issue 14, build 2, media): a recording written through the sealed
// layer decodes to exactly the frames of the same recording written plainly, nothing of it is
// readable without the key (ffprobe included), a kill loses at most the last half second, and
// a damaged chunk ends the read with an error, never with wrong pictures.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "crypto/sealed_file.h"
#include "media/encoder.h"
#include "media/media_key.h"
#include "media/video_stream_reader.h"
#include "media_test_util.h"

namespace mimic::media {
namespace {

namespace fs = std::filesystem;
using testing::runCommand;
using testing::shellQuoted;
using testing::TempDir;

constexpr int kWidth = 320;
constexpr int kHeight = 240;
constexpr int kFps = 25;
constexpr int kFrames = 75;  // 3 s

// A picture that changes with `index` and does not compress away: noise-like stripes.
std::vector<std::uint8_t> picture(int index) {
    std::vector<std::uint8_t> bgr(static_cast<std::size_t>(kWidth * kHeight * 3));
    std::uint32_t state = 2654435761u * static_cast<std::uint32_t>(index + 1);
    for (std::size_t i = 0; i < bgr.size(); ++i) {
        state = state * 1664525u + 1013904223u;
        bgr[i] = static_cast<std::uint8_t>(((i / 3) % kWidth + index * 5) ^ (state >> 28));
    }
    return bgr;
}

struct Frame {
    std::int64_t pts_us;
    std::string md5;
    bool operator==(const Frame&) const = default;
};

class SealedMediaTest : public ::testing::Test {
  protected:
    SealedMediaTest()
        : key_(std::make_shared<const crypto::SecretKey>(crypto::SecretKey::random().value())) {}
    ~SealedMediaTest() override { setMediaKey(nullptr); }

    EncoderSettings settings(bool sealed) const {
        EncoderSettings s;
        s.container = Container::kMatroska;
        s.width = kWidth;
        s.height = kHeight;
        s.frame_rate = kFps;
        s.keyframe_interval = 10;
        s.crash_safe = true;
        s.x264_tune = "";  // no sliced threads: the same input gives the same stream
        if (sealed) s.sealed_with = key_;
        return s;
    }

    // Writes kFrames pictures; `before_finish` sees the file as a kill would leave it.
    void record(const fs::path& file, bool sealed,
                const std::function<void()>& before_finish = {}) {
        auto encoder = Encoder::open(file, settings(sealed));
        ASSERT_TRUE(encoder.ok()) << encoder.error().message;
        for (int i = 0; i < kFrames; ++i) {
            const auto bgr = picture(i);
            ASSERT_TRUE(encoder
                            ->writeVideo({bgr.data(), kWidth, kHeight, kWidth * 3},
                                         std::int64_t{i} * 1'000'000 / kFps)
                            .ok());
        }
        if (before_finish) before_finish();
        ASSERT_TRUE(encoder->finish().ok());
    }

    // Every frame the reader gives, and whether it ended with an error.
    std::vector<Frame> frames(const fs::path& file, std::string* error = nullptr) {
        std::vector<Frame> out;
        auto reader = VideoStreamReader::open(file);
        if (!reader) {
            if (error != nullptr) *error = reader.error().message;
            return out;
        }
        for (;;) {
            auto frame = reader->next();
            if (!frame) {
                if (error != nullptr) *error = frame.error().message;
                break;
            }
            if (!*frame) break;
            out.push_back({(*frame)->pts_us(), (*frame)->md5Hex()});
        }
        return out;
    }

    TempDir dir_{"sealed-media"};
    std::shared_ptr<const crypto::SecretKey> key_;
};

std::string fileText(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST_F(SealedMediaTest, ASealedRecordingDecodesToTheFramesOfThePlainOne) {
    const fs::path plain = dir_ / "plain.mkv";
    const fs::path sealed = dir_ / "sealed.mkv";
    record(plain, false);
    record(sealed, true);
    EXPECT_TRUE(crypto::isSealedFile(sealed));
    setMediaKey(key_);
    const auto expected = frames(plain);
    ASSERT_EQ(expected.size(), static_cast<std::size_t>(kFrames));
    EXPECT_EQ(frames(sealed), expected);
    // Nothing of the container is readable: ffprobe finds no Matroska, nor do the bytes.
    EXPECT_NE(fileText(plain).find("matroska"), std::string::npos);
    EXPECT_EQ(fileText(sealed).find("matroska"), std::string::npos);
    EXPECT_FALSE(mimic::testing::ffmpegOpensAsMimicsContainer(sealed));
}

TEST_F(SealedMediaTest, WithoutTheKeyASealedFileIsRefusedInOneLine) {
    const fs::path sealed = dir_ / "sealed.mkv";
    record(sealed, true);
    std::string error;
    EXPECT_TRUE(frames(sealed, &error).empty());
    EXPECT_EQ(error, "cannot open '" + sealed.string() +
                         "': it is encrypted, and this data folder is not unlocked");
    setMediaKey(std::make_shared<const crypto::SecretKey>(crypto::SecretKey::random().value()));
    EXPECT_TRUE(frames(sealed, &error).empty());
    EXPECT_NE(error.find("sealed with another key"), std::string::npos) << error;
}

TEST_F(SealedMediaTest, AKilledSealedRecordingKeepsAllButTheLastHalfSecond) {
    const fs::path sealed = dir_ / "sealed.mkv";
    const fs::path killed = dir_ / "killed.mkv";
    // What a kill right now would leave on disk: no trailer, no end chunk.
    record(sealed, true, [&] { fs::copy_file(sealed, killed); });
    setMediaKey(key_);
    EXPECT_FALSE(crypto::SealedReader::open(killed, *key_).value().closedProperly());
    EXPECT_TRUE(crypto::SealedReader::open(sealed, *key_).value().closedProperly());
    const auto survived = frames(killed);
    EXPECT_GE(static_cast<int>(survived.size()), kFrames - kFps / 2 - 1) << "lost more than 0.5 s";
    const auto whole = frames(sealed);
    ASSERT_LE(survived.size(), whole.size());
    EXPECT_TRUE(std::equal(survived.begin(), survived.end(), whole.begin()));
}

TEST_F(SealedMediaTest, ADamagedChunkEndsTheReadNeverWithWrongPictures) {
    const fs::path sealed = dir_ / "sealed.mkv";
    record(sealed, true);
    setMediaKey(key_);
    const auto whole = frames(sealed);
    ASSERT_EQ(whole.size(), static_cast<std::size_t>(kFrames));
    const std::uintmax_t size = fs::file_size(sealed);
    ASSERT_GT(size, 3u * (crypto::kDefaultChunkBytes + 40)) << "too small to damage its middle";
    {
        std::fstream file(sealed, std::ios::in | std::ios::out | std::ios::binary);
        file.seekp(static_cast<std::streamoff>(size / 2));
        const char byte = static_cast<char>(file.peek() ^ 0x20);
        file.seekp(static_cast<std::streamoff>(size / 2));
        file.put(byte);
    }
    std::string error;
    const auto read = frames(sealed, &error);
    EXPECT_LT(read.size(), whole.size());
    EXPECT_TRUE(std::equal(read.begin(), read.end(), whole.begin()))
        << "a frame after the damage differs from the recorded one";
}

}  // namespace
}  // namespace mimic::media
