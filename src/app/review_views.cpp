#include "app/review_views.h"

#include "app/record_lookup.h"
#include "store/clinical_repository.h"
#include "store/observer_repository.h"
#include "store/session_repository.h"

namespace mimic::app {

Result<std::vector<review::ProgramIoa>> loadChildIoa(store::Database& db, std::int64_t child_id) {
    auto tx = store::Transaction::begin(db.connection());
    if (!tx) return tx.error();
    auto programs = store::ClinicalRepository(db).listPrograms(child_id);
    if (!programs) return programs.error();
    store::ObserverRepository observers(db);
    store::SessionRepository sessions(db);
    std::vector<review::ProgramIoa> out;
    for (const store::Program& program : *programs) {
        auto trials = observers.programTrials(child_id, program.record.behaviour_id);
        if (!trials) return trials.error();
        auto history = sessions.phaseHistory(program.id);
        if (!history) return history.error();
        out.push_back({program.behaviour_name, review::phaseIoa(*trials, *history)});
    }
    if (Status s = tx->commit(); !s) return s.error();
    return out;
}

Result<ui::ProgressGraphData> loadProgressGraph(store::Database& db, const std::string& child,
                                                const std::string& behaviour) {
    auto tx = store::Transaction::begin(db.connection());
    if (!tx) return tx.error();
    auto found = lookUpProgram(db, child, behaviour);
    if (!found) return found.error();
    store::SessionRepository sessions(db);
    auto rows = sessions.behaviourSessions(found->child.id, found->behaviour.id);
    if (!rows) return rows.error();
    std::vector<store::PhaseChange> history;
    std::optional<store::MasteryCriterion> mastery;
    if (found->program) {
        auto phases = sessions.phaseHistory(found->program->id);
        if (!phases) return phases.error();
        history = std::move(*phases);
        mastery = found->program->record.mastery;
    }
    auto trials = store::ObserverRepository(db).programTrials(found->child.id, found->behaviour.id);
    if (!trials) return trials.error();
    if (Status s = tx->commit(); !s) return s.error();

    ui::ProgressGraphData data;
    data.behaviour = behaviour;
    data.series = review::progressSeries(*rows, history, mastery);
    // Both lists are in session order, so each point's trials follow one another.
    data.trials.resize(data.series.points.size());
    std::size_t point = 0;
    for (const store::ProgramTrial& trial : *trials) {
        while (point < data.series.points.size() &&
               data.series.points[point].session_id != trial.session_id) {
            ++point;
        }
        if (point == data.series.points.size()) break;
        data.trials[point].push_back(
            {trial.trial_id, std::string(store::trialOutcomeName(trial.outcome)),
             trial.prompt_level, trial.has_recording, trial.second_observer});
    }
    return data;
}

}  // namespace mimic::app
