// Sealed files (issue 14, build 2, media): what is written reads back at any offset, nothing
// of it is visible in the file, a killed writer leaves everything it flushed readable, and a
// changed, moved or cut chunk, a wrong key or a foreign file is an error, never bytes.
#include "crypto/sealed_file.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "temp_dir.h"

namespace mimic::crypto {
namespace {

namespace fs = std::filesystem;

constexpr std::uint32_t kChunk = 1024;  // small, so tests cross many slots

std::vector<std::uint8_t> pattern(std::size_t n, std::uint32_t seed) {
    std::mt19937 random(seed);
    std::vector<std::uint8_t> bytes(n);
    for (auto& b : bytes)
        b = static_cast<std::uint8_t>(random());
    return bytes;
}

std::vector<std::uint8_t> fileBytes(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void putFileBytes(const fs::path& path, const std::vector<std::uint8_t>& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()),
              static_cast<std::streamsize>(bytes.size()));
}

class SealedFileTest : public ::testing::Test {
  protected:
    SealedFileTest() : key_(SecretKey::random().value()) {}

    fs::path write(const std::string& name, const std::vector<std::uint8_t>& bytes,
                   bool close = true) {
        const fs::path path = dir_ / name;
        auto writer = SealedWriter::create(path, key_, kChunk);
        EXPECT_TRUE(writer.ok()) << writer.error().message;
        // In uneven pieces, as a muxer writes.
        std::size_t at = 0;
        std::mt19937 random(7);
        while (at < bytes.size()) {
            const std::size_t n = std::min<std::size_t>(bytes.size() - at, 1 + random() % 3000);
            EXPECT_TRUE(writer->write(std::span(bytes).subspan(at, n)).ok());
            at += n;
        }
        if (close) {
            EXPECT_TRUE(writer->close().ok());
        } else {
            EXPECT_TRUE(writer->flush().ok());
            // What a kill leaves: the file as it is now, copied before the writer closes it.
            fs::copy_file(path, dir_ / (name + ".killed"));
        }
        return close ? path : dir_ / (name + ".killed");
    }

    std::vector<std::uint8_t> readAll(const fs::path& path, bool* closed = nullptr) {
        auto reader = SealedReader::open(path, key_);
        EXPECT_TRUE(reader.ok()) << reader.error().message;
        if (!reader.ok()) return {};
        if (closed != nullptr) *closed = reader->closedProperly();
        std::vector<std::uint8_t> bytes(reader->size());
        auto got = reader->read(bytes);
        EXPECT_TRUE(got.ok() && *got == bytes.size());
        std::uint8_t more = 0;
        auto end = reader->read(std::span(&more, 1));
        EXPECT_TRUE(end.ok() && *end == 0u);  // the end
        return bytes;
    }

    mimic::testing::TempDir dir_{"sealed"};
    SecretKey key_;
};

TEST_F(SealedFileTest, WhatIsWrittenReadsBackWhateverItsLength) {
    for (const std::size_t n : {0u, 1u, 1023u, 1024u, 1025u, 5632u, 70000u}) {
        const auto bytes = pattern(n, static_cast<std::uint32_t>(n));
        bool closed = false;
        const std::string name = std::string("f").append(std::to_string(n));
        EXPECT_EQ(readAll(write(name, bytes), &closed), bytes) << n;
        EXPECT_TRUE(closed) << n;
        EXPECT_TRUE(isSealedFile(dir_ / name));
    }
}

TEST_F(SealedFileTest, ReadsAtAnyOffset) {
    const auto bytes = pattern(20000, 1);
    const fs::path path = write("f", bytes);
    auto reader = SealedReader::open(path, key_).value();
    std::mt19937 random(3);
    for (int i = 0; i < 200; ++i) {
        const std::uint64_t at = random() % (bytes.size() + 10);
        const std::size_t n = random() % 4000;
        ASSERT_TRUE(reader.seek(at).ok());
        std::vector<std::uint8_t> got(n);
        const std::size_t read = reader.read(got).value();
        const std::size_t expected =
            at >= bytes.size() ? 0 : std::min<std::size_t>(n, bytes.size() - at);
        ASSERT_EQ(read, expected) << at << " " << n;
        ASSERT_TRUE(std::equal(got.begin(), got.begin() + static_cast<std::ptrdiff_t>(read),
                               bytes.begin() + static_cast<std::ptrdiff_t>(
                                                   std::min<std::uint64_t>(at, bytes.size()))));
    }
}

TEST_F(SealedFileTest, AWriterGoesBackToFillInAsMuxersDo) {
    auto bytes = pattern(9000, 2);
    const fs::path path = dir_ / "f";
    auto writer = SealedWriter::create(path, key_, kChunk).value();
    ASSERT_TRUE(writer.write(bytes).ok());
    ASSERT_TRUE(writer.flush().ok());
    // A size field near the start and another across a slot edge, written at the end.
    const std::vector<std::uint8_t> patch(40, 0xAB);
    for (const std::uint64_t at : {8u, 2030u}) {
        ASSERT_TRUE(writer.seek(at).ok());
        ASSERT_TRUE(writer.write(patch).ok());
        std::copy(patch.begin(), patch.end(), bytes.begin() + static_cast<std::ptrdiff_t>(at));
    }
    ASSERT_TRUE(writer.seek(writer.size()).ok());
    const auto tail = pattern(500, 3);
    ASSERT_TRUE(writer.write(tail).ok());
    bytes.insert(bytes.end(), tail.begin(), tail.end());
    EXPECT_FALSE(writer.seek(writer.size() + 1).ok());  // no gaps
    ASSERT_TRUE(writer.close().ok());
    EXPECT_EQ(readAll(path), bytes);
}

TEST_F(SealedFileTest, NothingWrittenIsVisibleInTheFile) {
    std::string text;
    for (int i = 0; i < 300; ++i)
        text += "child c-017 Anna Smith notes: greets her brother. ";
    const fs::path path = write("f", std::vector<std::uint8_t>(text.begin(), text.end()));
    const auto raw = fileBytes(path);
    const std::string file(raw.begin(), raw.end());
    EXPECT_EQ(file.find("c-017"), std::string::npos);
    EXPECT_EQ(file.find("Anna"), std::string::npos);
    EXPECT_EQ(file.find("greets"), std::string::npos);
}

TEST_F(SealedFileTest, AKilledWriterLeavesWhatItFlushedReadable) {
    const auto bytes = pattern(5500, 4);  // five whole slots and a partial one
    bool closed = true;
    EXPECT_EQ(readAll(write("f", bytes, false), &closed), bytes);
    EXPECT_FALSE(closed);
}

TEST_F(SealedFileTest, AFileCutShortEndsAtItsLastWholeSlotAndIsNotClosed) {
    const auto bytes = pattern(5500, 5);
    const fs::path path = write("f", bytes);
    const auto raw = fileBytes(path);
    const std::size_t slot = 24 + kChunk + 16;
    // Cut inside the last (partial) slot: the five whole slots remain.
    putFileBytes(dir_ / "cut1", {raw.begin(), raw.end() - 10});
    bool closed = true;
    auto got = readAll(dir_ / "cut1", &closed);
    EXPECT_EQ(got, std::vector<std::uint8_t>(bytes.begin(), bytes.begin() + 5 * kChunk));
    EXPECT_FALSE(closed);
    // Cut at a slot edge: the file reads as one whose writer was killed, never as complete.
    putFileBytes(dir_ / "cut2", {raw.begin(), raw.begin() + 64 + 3 * slot});
    got = readAll(dir_ / "cut2", &closed);
    EXPECT_EQ(got, std::vector<std::uint8_t>(bytes.begin(), bytes.begin() + 3 * kChunk));
    EXPECT_FALSE(closed);
}

TEST_F(SealedFileTest, AChangedChunkIsAnErrorNamingTheFileNeverBytes) {
    const auto bytes = pattern(5500, 6);
    const fs::path path = write("clip.mkv", bytes);
    auto raw = fileBytes(path);
    raw[64 + 2 * (24 + kChunk + 16) + 100] ^= 0x01;  // one bit of slot 2
    putFileBytes(path, raw);
    auto reader = SealedReader::open(path, key_).value();
    std::vector<std::uint8_t> out(kChunk);
    ASSERT_TRUE(reader.read(out).ok());  // slot 0 is fine
    ASSERT_TRUE(reader.seek(2 * kChunk + 5).ok());
    auto damaged = reader.read(out);
    ASSERT_FALSE(damaged.ok());
    EXPECT_EQ(damaged.error().message,
              "'clip.mkv': chunk 2 is damaged or was changed (it does not authenticate)");
    ASSERT_TRUE(reader.seek(3 * kChunk).ok());
    EXPECT_TRUE(reader.read(out).ok());  // the others still read
}

TEST_F(SealedFileTest, ChunksCannotBeMovedOrSwapped) {
    const auto bytes = pattern(4096, 7);
    const fs::path path = write("f", bytes);
    auto raw = fileBytes(path);
    const std::size_t slot = 24 + kChunk + 16;
    std::swap_ranges(raw.begin() + 64, raw.begin() + 64 + static_cast<std::ptrdiff_t>(slot),
                     raw.begin() + 64 + static_cast<std::ptrdiff_t>(slot));
    putFileBytes(path, raw);
    auto reader = SealedReader::open(path, key_).value();
    std::vector<std::uint8_t> out(100);
    EXPECT_FALSE(reader.read(out).ok());
    ASSERT_TRUE(reader.seek(kChunk).ok());
    EXPECT_FALSE(reader.read(out).ok());
    // Nor taken into another file sealed with the same key.
    const fs::path other = write("g", pattern(4096, 8));
    auto other_raw = fileBytes(other);
    std::copy(raw.begin() + 64 + 2 * static_cast<std::ptrdiff_t>(slot),
              raw.begin() + 64 + 3 * static_cast<std::ptrdiff_t>(slot),
              other_raw.begin() + 64 + 2 * static_cast<std::ptrdiff_t>(slot));
    putFileBytes(other, other_raw);
    auto other_reader = SealedReader::open(other, key_).value();
    ASSERT_TRUE(other_reader.seek(2 * kChunk).ok());
    EXPECT_FALSE(other_reader.read(out).ok());
}

TEST_F(SealedFileTest, AWrongKeyOrAForeignFileIsRefusedInOneLine) {
    const fs::path path = write("rec.mkv", pattern(3000, 9));
    const SecretKey other = SecretKey::random().value();
    auto wrong = SealedReader::open(path, other);
    ASSERT_FALSE(wrong.ok());
    EXPECT_EQ(wrong.error().message,
              "cannot open 'rec.mkv': it was sealed with another key (another data folder), "
              "or its header is damaged");
    putFileBytes(dir_ / "plain.mkv", pattern(3000, 10));
    EXPECT_FALSE(isSealedFile(dir_ / "plain.mkv"));
    EXPECT_EQ(SealedReader::open(dir_ / "plain.mkv", key_).error().message,
              "'plain.mkv' is not a sealed file");
    EXPECT_FALSE(SealedReader::open(dir_ / "missing.mkv", key_).ok());
    EXPECT_FALSE(isSealedFile(dir_ / "missing.mkv"));
    // A writer never replaces a file.
    EXPECT_FALSE(SealedWriter::create(path, key_).ok());
}

TEST_F(SealedFileTest, ThePlainLengthFollowsFromTheFileLength) {
    const auto bytes = pattern(5500, 11);
    const fs::path path = write("f", bytes);
    EXPECT_EQ(sealedPlainLength(fs::file_size(path), kChunk), bytes.size());
    EXPECT_EQ(sealedPlainLength(64, kChunk), 0u);
}

}  // namespace
}  // namespace mimic::crypto
