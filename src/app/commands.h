// The subcommands of `mimic`: each takes its parsed options, does its job, and returns an
// Error with one line for a person when it cannot. main.cpp prints that line and exits 1.
#pragma once

#include <filesystem>
#include <string>

#include "common/result.h"

namespace mimic::app {

struct SessionOptions {
    std::filesystem::path data_dir;
    std::string child;
    std::string behaviour;
    std::string camera = "0";
    int practice_seconds = 10;
    bool headless = false;
};

// mimic session: the child watches the behaviour's first clip, practises in front of the
// camera, and the trial is stored. Prints a one-line summary on success.
Status runSession(const SessionOptions& options);

struct DemoInstallOptions {
    std::filesystem::path data_dir;
    std::filesystem::path manifest;
};

// mimic demo install: imports the demo library the manifest describes (clips copied into
// the library by content hash, behaviours and tags) and adds the demo child with a recording
// consent. Idempotent: what exists is left as it is.
Status runDemoInstall(const DemoInstallOptions& options);

struct WindowOptions {
    std::filesystem::path data_dir;
};

// mimic (no subcommand): the application window.
Status runWindow(const WindowOptions& options);

// True when a window can be opened (a display, or SDL's offscreen driver).
bool displayAvailable();

// Shows one clip in a window from start to end (the session's "watch" step).
Status showClipInWindow(const std::filesystem::path& clip, const std::string& title);

}  // namespace mimic::app
