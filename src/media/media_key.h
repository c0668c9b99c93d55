// The key media files sealed at rest are read and written with (crypto/sealed_file.h): set
// once for the process when the user unlocks an encrypted data folder, cleared when it locks.
// Every input opened after that reads sealed files with it (media_input.h); recordings are
// sealed with it when their EncoderSettings::sealed_with is set (to this key).
//
// Threads: any.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <vector>

#include "common/result.h"

#include "crypto/secret_key.h"

namespace mimic::media {

// None: sealed files cannot be opened (the error says the data folder is not unlocked).
void setMediaKey(std::shared_ptr<const crypto::SecretKey> key);
std::shared_ptr<const crypto::SecretKey> mediaKey();

// The whole content of a small media file (a sound read at once): a sealed file's opened with
// mediaKey(), a plain file's as it is.
Result<std::vector<std::uint8_t>> readMediaBytes(const std::filesystem::path& path);

}  // namespace mimic::media
