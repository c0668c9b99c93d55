// Content hashes of files, for the library's content-addressed storage.
#pragma once

#include <filesystem>
#include <string>

#include "common/result.h"

namespace mimic::media {

// SHA-256 of the file's bytes as 64 lowercase hex digits. Errors name the file.
Result<std::string> sha256File(const std::filesystem::path& path);

}  // namespace mimic::media
