#include "common/plugin.h"

#include <dlfcn.h>

#include <system_error>
#include <vector>

#include "common/log.h"
#include "common/paths.h"

namespace mimic {

namespace fs = std::filesystem;

Result<void*> loadPlugin(const std::string& file_name, const fs::path& built_path,
                         std::initializer_list<const char*> symbols) {
    std::vector<fs::path> candidates;
    for (const fs::path& dir : {installedPluginDir(), executableDir()}) {
        if (!dir.empty()) candidates.push_back(dir / file_name);
    }
    candidates.push_back(built_path);
    std::string why;
    std::error_code ec;
    for (const fs::path& candidate : candidates) {
        if (!fs::exists(candidate, ec)) continue;
        void* handle = ::dlopen(candidate.c_str(), RTLD_NOW | RTLD_LOCAL);
        if (handle == nullptr) {
            const char* text = ::dlerror();
            why = text != nullptr ? text : "dlopen failed";
            continue;
        }
        bool complete = true;
        for (const char* symbol : symbols)
            complete = complete && ::dlsym(handle, symbol) != nullptr;
        if (complete) {
            log::info("plugin: " + candidate.string());
            return handle;
        }
        why = candidate.string() + " lacks its entry points";
    }
    if (why.empty()) why = file_name + " is missing";
    return Error{why};
}

}  // namespace mimic
