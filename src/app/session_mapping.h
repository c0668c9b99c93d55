// Store rows as src/session's plain types (the session module may not use the store, and the
// store does not know the session module): the app maps one to the other here.
//
// Threads: any; pure functions.
#pragma once

#include <string>
#include <vector>

#include "session/clinical.h"
#include "session/mastery.h"
#include "session/plan.h"
#include "store/clinical_repository.h"
#include "store/library_repository.h"
#include "store/session_repository.h"

namespace mimic::app {

session::Phase toSession(store::ProgramPhase phase);
store::ProgramPhase toStore(session::Phase phase);
session::Outcome toSession(store::TrialOutcome outcome);
store::TrialOutcome toStore(session::Outcome outcome);
session::Setting toSession(store::SessionSetting setting);
store::SessionSetting toStore(session::Setting setting);
session::ModelKind toSession(store::ModelKind kind);
session::MasteryCriterion toSession(const store::MasteryCriterion& criterion);

// Everything the plan needs of a stored program: its settings and its history.
session::ProgramInfo toProgramInfo(const store::Program& program);

// The clinic's calendar day of a stored UTC time ("2026-12-02T09:15:00Z"): the local date,
// which is also the day cold probes go by. The text's own date when it does not parse.
std::string localDay(const std::string& iso);

// A behaviour's stored sessions as the mastery criterion reads them (session/mastery.h), each
// dated by localDay: what `mimic progress` and the session command both evaluate.
std::vector<session::ProgramSessionTrials> toProgramSessionTrials(
    const std::vector<store::BehaviourSession>& sessions);

}  // namespace mimic::app
