// mimic: video-modelling therapy. The command line: parses, then hands over to commands.h.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <string>

#include "app/commands.h"
#include "common/paths.h"

#ifndef MIMIC_VERSION
#define MIMIC_VERSION "unknown"
#endif

namespace {

int report(const mimic::Status& status) {
    if (status.ok()) return 0;
    std::fprintf(stderr, "mimic: %s\n", status.error().message.c_str());
    return 1;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"mimic: video-modelling therapy. Without a subcommand, opens the window."};
    app.set_version_flag("--version", std::string("mimic ") + MIMIC_VERSION);
    app.failure_message(CLI::FailureMessage::simple);

    // Every command takes --data-dir; one variable serves them all.
    std::string data_dir;
    const auto add_data_dir = [&](CLI::App* command) {
        command->add_option("--data-dir", data_dir,
                            "Data directory (default: $MIMIC_DATA_DIR, else $XDG_DATA_HOME/mimic)");
    };
    add_data_dir(&app);

    mimic::app::SessionOptions session;
    auto* session_cmd = app.add_subcommand(
        "session", "Play a behaviour's modelling clip, then record the child practising");
    add_data_dir(session_cmd);
    session_cmd->add_option("--child", session.child, "Child's pseudonymous code")->required();
    session_cmd->add_option("--behaviour", session.behaviour, "Target behaviour, e.g. greeting")
        ->required();
    session_cmd
        ->add_option("--camera", session.camera,
                     "Camera: a device index, a video file or FIFO path, or 'synthetic'")
        ->capture_default_str();
    session_cmd
        ->add_option("--practice-seconds", session.practice_seconds,
                     "How long to record the practice")
        ->check(CLI::Range(1, 3600))
        ->capture_default_str();
    session_cmd->add_flag("--headless", session.headless,
                          "No window: play the clip in real time without showing it");

    mimic::app::DemoInstallOptions demo;
    auto* demo_cmd = app.add_subcommand("demo", "The bundled demo library");
    demo_cmd->require_subcommand(1);
    auto* demo_install = demo_cmd->add_subcommand(
        "install", "Import the demo library and add the demo child with a recording consent");
    add_data_dir(demo_install);
    demo_install->add_option("--manifest", demo.manifest, "The demo library's manifest.json")
        ->required();

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    }

    const auto dir = mimic::resolveDataDir(data_dir);
    if (session_cmd->parsed()) {
        session.data_dir = dir;
        return report(mimic::app::runSession(session));
    }
    if (demo_install->parsed()) {
        demo.data_dir = dir;
        return report(mimic::app::runDemoInstall(demo));
    }
    return report(mimic::app::runWindow({dir}));
}
