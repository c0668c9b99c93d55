// The data directory and the files in it (docs/architecture.md, "The data folder").
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace mimic {

// Where the data directory is: `explicit_dir` if not empty, else $MIMIC_DATA_DIR, else
// $XDG_DATA_HOME/mimic, else ~/.local/share/mimic.
std::filesystem::path resolveDataDir(const std::string& explicit_dir);

// The layout inside a data directory. Paths stored in the database are relative to root.
struct DataDir {
    std::filesystem::path root;

    std::filesystem::path database() const { return root / "mimic.db"; }
    std::filesystem::path library() const { return root / "library"; }
    std::filesystem::path recordings() const { return root / "recordings"; }
    // Copies of the files a child's screen plays (a recorded cue voice, a favourite clip or
    // sound), named by mimic; made with the first one.
    std::filesystem::path childMedia() const { return root / "child-media"; }
    // Imports hold it shared while they add files to library/ and thumbs/; whoever removes
    // files there that no row names (library check --repair) holds it exclusive.
    std::filesystem::path libraryLock() const { return root / "library.lock"; }

    std::filesystem::path absolute(const std::filesystem::path& relative) const {
        return relative.is_absolute() ? relative : root / relative;
    }
    std::filesystem::path relative(const std::filesystem::path& absolute_path) const {
        return absolute_path.lexically_relative(root);
    }
};

// A new recording's file: recordings/<UTC time>-<16 random hex digits>.mkv. mimic chooses
// the name; nothing a person typed (a child's code, a behaviour's name) is ever part of it.
std::filesystem::path newRecordingPath(const DataDir& dir);

// A new file in child-media/: <role>-<16 random hex digits><extension>, e.g.
// "child-media/voice-0123456789abcdef.wav". `role` and `extension` are mimic's own words
// ("voice", "reward"; ".wav"), never what a person typed. Does not create anything.
std::filesystem::path newChildMediaPath(const DataDir& dir, std::string_view role,
                                        std::string_view extension);

// Copies `source` to `target` (which must not exist yet; its folder must) through a temporary
// name beside it and a rename, so nobody sees half a file. The copy is private (0600) whatever
// the source's mode. On failure nothing is left at either name, and the error names `source`.
Status copyFilePrivately(const std::filesystem::path& source, const std::filesystem::path& target);

// Overwrites the regular file at `path` with zeros, flushes it to the disk, and unlinks it
// (erasure, docs/privacy.md): best effort against reading the disk below the file system,
// which on SSDs and copy-on-write file systems may keep old blocks; encryption at rest is what
// protects those. A file that is not there is fine; a link is unlinked, never followed.
Status overwriteAndRemove(const std::filesystem::path& path);

// Creates the data directory and its sub-folders if missing, private to the account (0700),
// and checks that it is writable. The error names the directory and the reason.
Result<DataDir> prepareDataDir(const std::filesystem::path& root);

// Where the running mimic is, and where an installed mimic keeps its other files: found
// from the executable's own place (/proc/self/exe), so any install prefix works. Each is
// empty when /proc/self/exe cannot be read. Any thread.
std::filesystem::path executableDir();
std::filesystem::path installedPluginDir();  // <prefix>/lib/mimic (the OpenCV camera plugin)
std::filesystem::path installedDemoDir();    // <prefix>/share/mimic/demo (the demo library)

// The data directory itself and everything in it that another account could read, write or
// enter (any group or other permission bit), in path order. Symbolic links are not followed.
std::vector<std::filesystem::path> findOpenToOthers(const DataDir& dir);

// Takes every group and other permission off `path`: a folder becomes 0700, a file 0600.
Status makePrivate(const std::filesystem::path& path);

// Writes `bytes` to `path` through a temporary file and a rename, so a reader never sees a
// half-written file.
Status writeFileAtomically(const std::filesystem::path& path, const std::string& bytes);

}  // namespace mimic
