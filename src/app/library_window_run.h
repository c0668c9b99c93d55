// The library window over a data folder: what `mimic` without a subcommand shows. The app
// loads the library and the clinical record into the ui's plain structs and fills the
// window's callbacks with the same calls the record-keeping commands make
// (clinical_actions.h), so a form writes exactly what the command line would, audit entry
// included.
//
// Threads: the caller's, which becomes the UI thread and uses `data` (store rules).
#pragma once

#include <string>

#include "app/data_context.h"
#include "common/result.h"
#include "ui/library_window.h"

namespace mimic::app {

// Where a session started from the window records from (`mimic --camera --mic`).
struct SessionDevices {
    std::string camera = "0";  // capture/camera_source.h's spec: index, file/FIFO, synthetic
    std::string mic = "default";
};

// The library as the window lists it, read now: each behaviour with its clips (archived ones
// left out), then the clips tagged with none as a group of their own.
Result<std::vector<ui::BehaviourEntry>> loadLibrary(const DataDir& dir, store::Database& db);

// The Library tab's curation over `data` (library_curation.cpp): the `mimic library` calls,
// each audited, with an undo stack for the window's run. `data` must outlive the callbacks.
ui::CurationCallbacks curationCallbacks(DataContext& data);

// The clinical record as the window shows it, read now.
Result<ui::ClinicalRecords> loadClinicalRecords(store::Database& db);

// Runs the window once, until it is closed or a session is started (then the report's
// session_request says which). Before a session starts, the child's recording consent is
// checked and the camera opened (and closed again): either failing shows its one line in the
// window, which stays open.
Result<ui::WindowReport> runLibraryWindowOver(DataContext& data, const SessionDevices& devices,
                                              const ui::WindowOptions& options);

}  // namespace mimic::app
