// Store rows as src/session's plain types (the session module may not use the store, and the
// store does not know the session module): the app maps one to the other here.
//
// Threads: any; pure functions.
#pragma once

#include "session/clinical.h"
#include "session/plan.h"
#include "store/clinical_repository.h"
#include "store/library_repository.h"

namespace mimic::app {

session::Phase toSession(store::ProgramPhase phase);
store::ProgramPhase toStore(session::Phase phase);
session::Outcome toSession(store::TrialOutcome outcome);
session::Setting toSession(store::SessionSetting setting);
session::ModelKind toSession(store::ModelKind kind);
session::MasteryCriterion toSession(const store::MasteryCriterion& criterion);

// Everything the plan needs of a stored program: its settings and its history.
session::ProgramInfo toProgramInfo(const store::Program& program);

}  // namespace mimic::app
