#include "manifest.h"

#include <fstream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "scenes.h"

namespace mimic::demo {
namespace {

using nlohmann::json;

// Reads a required string member; `where` names the entry for the error line.
Result<std::string> requireString(const json& object, const char* key, const std::string& where) {
    auto it = object.find(key);
    if (it == object.end()) {
        return Error{where + ": missing \"" + key + "\""};
    }
    if (!it->is_string() || it->get<std::string>().empty()) {
        return Error{where + ": \"" + key + "\" must be a non-empty string"};
    }
    return it->get<std::string>();
}

Result<DemoClip> parseClip(const json& entry, const std::string& where) {
    if (!entry.is_object()) {
        return Error{where + ": must be an object"};
    }
    DemoClip clip;
    struct Field {
        const char* key;
        std::string* target;
    };
    for (const Field& field :
         {Field{"file", &clip.file}, Field{"title", &clip.title},
          Field{"model_kind", &clip.model_kind}, Field{"scene", &clip.scene}}) {
        auto value = requireString(entry, field.key, where);
        if (!value) {
            return value.error();
        }
        *field.target = std::move(value).value();
    }
    const std::filesystem::path file(clip.file);
    if (file.filename() != file || file.extension() != ".mp4") {
        return Error{where + ": \"file\" must be a plain file name ending in .mp4, not \"" +
                     clip.file + "\""};
    }
    if (!isKnownScene(clip.scene)) {
        return Error{where + ": unknown scene \"" + clip.scene + "\" (known: " + knownSceneNames() +
                     ")"};
    }

    auto behaviour = entry.find("behaviour");
    if (behaviour == entry.end() || !behaviour->is_object()) {
        return Error{where + ": \"behaviour\" must be an object with name, domain, definition"};
    }
    const std::string behaviour_where = where + ".behaviour";
    for (const Field& field :
         {Field{"name", &clip.behaviour.name}, Field{"domain", &clip.behaviour.domain},
          Field{"definition", &clip.behaviour.definition}}) {
        auto value = requireString(*behaviour, field.key, behaviour_where);
        if (!value) {
            return value.error();
        }
        *field.target = std::move(value).value();
    }

    auto lines = entry.find("lines");
    if (lines == entry.end() || !lines->is_array() || lines->empty()) {
        return Error{where + ": \"lines\" must be a non-empty array of strings"};
    }
    for (const json& line : *lines) {
        if (!line.is_string() || line.get<std::string>().empty()) {
            return Error{where + ": every entry of \"lines\" must be a non-empty string"};
        }
        clip.lines.push_back(line.get<std::string>());
    }
    clip.entry_json = entry.dump();
    return clip;
}

}  // namespace

Result<DemoManifest> loadManifest(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return Error{"cannot read manifest " + path.string() + ": no such file or not readable"};
    }
    std::ostringstream text;
    text << in.rdbuf();

    // nlohmann reports the byte position of a syntax error only through its exception; it is
    // caught right here and never leaves this function.
    json root;
    try {
        root = json::parse(text.str());
    } catch (const json::parse_error& e) {
        return Error{"manifest " + path.string() + " is not valid JSON (at byte " +
                     std::to_string(e.byte) + ")"};
    }
    const std::string where = "manifest " + path.string();
    if (!root.is_object()) {
        return Error{where + ": top level must be an object"};
    }
    auto version = root.find("version");
    if (version == root.end() || !version->is_number_integer()) {
        return Error{where + ": missing integer \"version\""};
    }
    DemoManifest manifest;
    manifest.version = version->get<int>();
    if (manifest.version != kManifestVersion) {
        return Error{where + ": version " + std::to_string(manifest.version) +
                     " is not supported (this generator reads version " +
                     std::to_string(kManifestVersion) + ")"};
    }
    auto clips = root.find("clips");
    if (clips == root.end() || !clips->is_array() || clips->empty()) {
        return Error{where + ": \"clips\" must be a non-empty array"};
    }
    std::set<std::string> files;
    for (std::size_t i = 0; i < clips->size(); ++i) {
        auto clip = parseClip((*clips)[i], where + " clips[" + std::to_string(i) + "]");
        if (!clip) {
            return clip.error();
        }
        if (!files.insert(clip->file).second) {
            return Error{where + ": file \"" + clip->file + "\" appears twice"};
        }
        manifest.clips.push_back(std::move(clip).value());
    }
    return manifest;
}

}  // namespace mimic::demo
