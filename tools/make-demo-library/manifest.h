// The demo library manifest (media/demo/manifest.json): which clips to render and what each
// one says. The application's import step reads the same file, so its shape is shared:
//   {"version": 1, "clips": [{"file", "title", "behaviour": {"name", "domain", "definition"},
//                             "model_kind", "scene", "lines": [...]}, ...]}
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "common/result.h"

namespace mimic::demo {

struct DemoBehaviour {
    std::string name;        // short lowercase word the CLI uses, e.g. "turn-taking"
    std::string domain;      // e.g. "communication"
    std::string definition;  // operational definition
};

struct DemoClip {
    std::string file;  // plain file name inside the output folder, ends in ".mp4"
    std::string title;
    DemoBehaviour behaviour;
    std::string model_kind;          // peer, adult, self, point-of-view
    std::string scene;               // which animation routine draws it (see scenes.h)
    std::vector<std::string> lines;  // narration, one caption each, in order
    std::string entry_json;          // the clip's entry as compact JSON (for change checks)
};

struct DemoManifest {
    int version = 0;
    std::vector<DemoClip> clips;
};

inline constexpr int kManifestVersion = 1;

// Reads and checks the manifest. Errors name the file and the first problem found
// (missing field, wrong type, unknown scene, duplicate file name).
Result<DemoManifest> loadManifest(const std::filesystem::path& path);

}  // namespace mimic::demo
