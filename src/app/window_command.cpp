// mimic with no subcommand: the application window over the data directory's library.
#include "app/cli.h"
#include "app/data_context.h"
#include "app/window.h"
#include "common/paths.h"
#include "store/library_repository.h"
#include "ui/library_window.h"
#include "ui/player_window.h"

namespace mimic::app {

namespace fs = std::filesystem;

namespace {

Result<std::vector<ui::BehaviourEntry>> loadLibrary(const DataDir& dir, store::Database& db) {
    store::LibraryRepository library(db);
    auto behaviours = library.listBehaviours();
    if (!behaviours) return behaviours.error();
    std::vector<ui::BehaviourEntry> entries;
    for (const store::Behaviour& behaviour : *behaviours) {
        auto clips = library.clipsForBehaviour(behaviour.id);
        if (!clips) return clips.error();
        ui::BehaviourEntry entry{behaviour.name, behaviour.domain, {}};
        for (const store::Clip& clip : *clips) {
            entry.clips.push_back({clip.record.title, dir.absolute(clip.record.path),
                                   clip.record.duration_ms * 1000});
        }
        entries.push_back(std::move(entry));
    }
    return entries;
}

}  // namespace

bool displayAvailable() {
    return ui::displayAvailable();
}

Status runWindow(const fs::path& data_dir) {
    if (!ui::displayAvailable()) {
        return Error{"no display to open the window on; try `mimic session --headless`"};
    }
    auto data = openDataContext(data_dir, IfMissing::kCreate);
    if (!data) return data.error();
    auto library = loadLibrary(data->dir, data->db);
    if (!library) return library.error();
    auto shown = ui::runLibraryWindow(*library, ui::WindowOptions{});
    if (!shown) return shown.error();
    return {};
}

Status showClipInWindow(const fs::path& clip, const std::string& title,
                        std::optional<std::int64_t> start_us, std::optional<std::int64_t> end_us) {
    // The child sees the clip in the child view: full screen, nothing but the picture; the
    // therapist's keys still work (Space pauses, Esc ends the watching early).
    ui::PlayerWindowOptions window;
    window.title = "mimic: " + title;
    window.child_view = true;
    window.close_at_end = true;
    window.start_us = start_us;
    window.end_us = end_us;
    auto shown = ui::runPlayerWindow(clip, window);
    if (!shown) return shown.error();
    return {};
}

}  // namespace mimic::app
