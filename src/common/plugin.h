// Loading mimic's own plugins (the OpenCV cameras, the OpenCV face finder): shared libraries
// loaded on first use so that a process that never needs OpenCV never pays for loading it.
//
// Threads: any; the caller loads each plugin once (a function-local static).
#pragma once

#include <filesystem>
#include <initializer_list>
#include <string>

#include "common/result.h"

namespace mimic {

// The plugin `file_name` from where an installed mimic keeps it (paths.h installedPluginDir),
// next to the executable, else `built_path` (a mimic run from its build tree), with every
// symbol in `symbols`: the handle for dlsym. Never unloaded (what it makes may live until the
// process ends). An Error says in one line why none could be loaded.
Result<void*> loadPlugin(const std::string& file_name, const std::filesystem::path& built_path,
                         std::initializer_list<const char*> symbols);

}  // namespace mimic
