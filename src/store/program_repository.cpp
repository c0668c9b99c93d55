// The child's programs (target behaviour, phase, mastery criterion, prompt hierarchy,
// reinforcement schedule): the part of ClinicalRepository that stores them.
#include "store/clinical_repository.h"

#include "common/clock.h"
#include "store/query.h"

namespace mimic::store {

namespace {

constexpr EnumNames<ProgramPhase, 5> kProgramPhaseNames{{
    {ProgramPhase::kBaseline, "baseline"},
    {ProgramPhase::kIntervention, "intervention"},
    {ProgramPhase::kMaintenance, "maintenance"},
    {ProgramPhase::kMastered, "mastered"},
    {ProgramPhase::kGeneralization, "generalization"},
}};

constexpr EnumNames<ReinforcementSchedule, 3> kReinforcementNames{{
    {ReinforcementSchedule::kContinuous, "continuous"},
    {ReinforcementSchedule::kFixedRatio, "fixed-ratio"},
    {ReinforcementSchedule::kVariableRatio, "variable-ratio"},
}};

constexpr std::string_view kProgramSelect =
    "SELECT programs.id, programs.child_id, programs.behaviour_id, programs.phase, "
    "programs.mastery_accuracy_pct, programs.mastery_consecutive_sessions, "
    "programs.mastery_min_trials, programs.mastery_cold_probe_only, "
    "programs.mastery_min_therapists, programs.reinforcement_schedule, "
    "programs.reinforcement_ratio, programs.created_at, children.code, behaviours.name "
    "FROM programs JOIN children ON children.id = programs.child_id "
    "JOIN behaviours ON behaviours.id = programs.behaviour_id ";

Program readProgram(const Statement& row) {
    Program program;
    program.id = row.columnInt64(0);
    program.record.child_id = row.columnInt64(1);
    program.record.behaviour_id = row.columnInt64(2);
    program.record.phase = enumFromName(kProgramPhaseNames, row.columnText(3));
    program.record.mastery.accuracy_pct = static_cast<int>(row.columnInt64(4));
    program.record.mastery.consecutive_sessions = static_cast<int>(row.columnInt64(5));
    program.record.mastery.min_trials = static_cast<int>(row.columnInt64(6));
    program.record.mastery.cold_probe_only = row.columnInt64(7) != 0;
    program.record.mastery.min_therapists = static_cast<int>(row.columnInt64(8));
    program.record.reinforcement = enumFromName(kReinforcementNames, row.columnText(9));
    program.record.reinforcement_ratio = static_cast<int>(row.columnInt64(10));
    program.created_at = row.columnText(11);
    program.child_code = row.columnText(12);
    program.behaviour_name = row.columnText(13);
    program.record.prompt_hierarchy.clear();  // filled from program_prompt_levels
    return program;
}

Status checkProgram(const ProgramRecord& program, const std::string& what) {
    if (program.phase == ProgramPhase::kNone) return Error{what + ": no phase given"};
    if (program.reinforcement == ReinforcementSchedule::kNone) {
        return Error{what + ": no reinforcement schedule given"};
    }
    if (program.prompt_hierarchy.empty()) return Error{what + ": the prompt hierarchy is empty"};
    for (const auto& level : program.prompt_hierarchy) {
        if (level.empty()) return Error{what + ": a prompt level has no name"};
        if (level == "independent" || level == "no response" || level == "no-response") {
            return Error{what + ": '" + level + "' is an outcome, not a prompt level"};
        }
    }
    const MasteryCriterion& m = program.mastery;
    if (m.accuracy_pct < 1 || m.accuracy_pct > 100) {
        return Error{what + ": mastery accuracy must be 1 to 100 %"};
    }
    if (m.consecutive_sessions < 1 || m.min_trials < 1 || m.min_therapists < 1) {
        return Error{what + ": mastery sessions, trials and therapists must be at least 1"};
    }
    if (program.reinforcement_ratio < 1) return Error{what + ": the ratio must be at least 1"};
    return {};
}

Status writePromptLevels(Connection& conn, std::int64_t program_id,
                         const std::vector<std::string>& levels, const std::string& what) {
    auto clear = conn.prepare("DELETE FROM program_prompt_levels WHERE program_id = ?1");
    if (!clear) return clear.error();
    clear->bind(1, program_id);
    if (Status s = clear->run(); !s) return Error{what + ": " + s.error().message};
    auto insert = conn.prepare(
        "INSERT INTO program_prompt_levels (program_id, position, level) VALUES (?1, ?2, ?3)");
    if (!insert) return insert.error();
    for (std::size_t i = 0; i < levels.size(); ++i) {
        insert->bind(1, program_id).bind(2, i + 1).bind(3, levels[i]);
        if (Status s = insert->run(); !s) return Error{what + ": " + s.error().message};
    }
    return {};
}

Status readPromptLevels(Connection& conn, std::vector<Program>& programs) {
    auto statement = conn.prepare(
        "SELECT level FROM program_prompt_levels WHERE program_id = ?1 ORDER BY position");
    if (!statement) return statement.error();
    for (Program& program : programs) {
        statement->bind(1, program.id);
        auto levels = allRows(*statement, [](const Statement& row) { return row.columnText(0); });
        if (!levels) return levels.error();
        statement->reset();
        program.record.prompt_hierarchy = std::move(*levels);
    }
    return {};
}

}  // namespace

std::string_view programPhaseName(ProgramPhase phase) {
    return enumName(kProgramPhaseNames, phase);
}
ProgramPhase parseProgramPhase(std::string_view name) {
    return enumFromName(kProgramPhaseNames, name);
}
std::string_view reinforcementScheduleName(ReinforcementSchedule schedule) {
    return enumName(kReinforcementNames, schedule);
}
ReinforcementSchedule parseReinforcementSchedule(std::string_view name) {
    return enumFromName(kReinforcementNames, name);
}

Result<std::int64_t> ClinicalRepository::addProgram(const ProgramRecord& program) {
    const std::string what = "cannot add a program for child " + std::to_string(program.child_id);
    if (Status s = checkProgram(program, what); !s) return s.error();
    Connection& conn = db_->connection();
    auto tx = Transaction::begin(conn);
    if (!tx) return Error{what + ": " + tx.error().message};
    auto insert = conn.prepare(
        "INSERT INTO programs (child_id, behaviour_id, phase, mastery_accuracy_pct, "
        "mastery_consecutive_sessions, mastery_min_trials, mastery_cold_probe_only, "
        "mastery_min_therapists, reinforcement_schedule, reinforcement_ratio, created_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
    if (!insert) return insert.error();
    const MasteryCriterion& m = program.mastery;
    insert->bind(1, program.child_id)
        .bind(2, program.behaviour_id)
        .bind(3, programPhaseName(program.phase))
        .bind(4, m.accuracy_pct)
        .bind(5, m.consecutive_sessions)
        .bind(6, m.min_trials)
        .bind(7, m.cold_probe_only ? 1 : 0)
        .bind(8, m.min_therapists)
        .bind(9, reinforcementScheduleName(program.reinforcement))
        .bind(10, program.reinforcement_ratio)
        .bind(11, utcNowIso8601());
    auto id = insertRow(conn, *insert, what);
    if (!id) return id.error();
    if (Status s = writePromptLevels(conn, *id, program.prompt_hierarchy, what); !s) {
        return s.error();
    }
    if (Status s = tx->commit(); !s) return Error{what + ": " + s.error().message};
    return *id;
}

Status ClinicalRepository::updateProgram(std::int64_t program_id, const ProgramRecord& program) {
    const std::string what = "cannot change program " + std::to_string(program_id);
    if (Status s = checkProgram(program, what); !s) return s;
    Connection& conn = db_->connection();
    auto tx = Transaction::begin(conn);
    if (!tx) return Error{what + ": " + tx.error().message};
    auto update = conn.prepare(
        "UPDATE programs SET phase = ?2, mastery_accuracy_pct = ?3, "
        "mastery_consecutive_sessions = ?4, mastery_min_trials = ?5, "
        "mastery_cold_probe_only = ?6, mastery_min_therapists = ?7, "
        "reinforcement_schedule = ?8, reinforcement_ratio = ?9 WHERE id = ?1");
    if (!update) return update.error();
    const MasteryCriterion& m = program.mastery;
    update->bind(1, program_id)
        .bind(2, programPhaseName(program.phase))
        .bind(3, m.accuracy_pct)
        .bind(4, m.consecutive_sessions)
        .bind(5, m.min_trials)
        .bind(6, m.cold_probe_only ? 1 : 0)
        .bind(7, m.min_therapists)
        .bind(8, reinforcementScheduleName(program.reinforcement))
        .bind(9, program.reinforcement_ratio);
    if (Status s = runChangingRows(conn, *update, what, "there is no such program"); !s) return s;
    if (Status s = writePromptLevels(conn, program_id, program.prompt_hierarchy, what); !s) {
        return s;
    }
    if (Status s = tx->commit(); !s) return Error{what + ": " + s.error().message};
    return {};
}

Result<std::optional<Program>> ClinicalRepository::findProgram(std::int64_t child_id,
                                                               std::int64_t behaviour_id) {
    Connection& conn = db_->connection();
    auto statement = conn.prepare(std::string(kProgramSelect) +
                                  "WHERE programs.child_id = ?1 AND programs.behaviour_id = ?2");
    if (!statement) return statement.error();
    statement->bind(1, child_id).bind(2, behaviour_id);
    auto rows = allRows(*statement, readProgram);
    if (!rows) return rows.error();
    if (Status s = readPromptLevels(conn, *rows); !s) return s.error();
    if (rows->empty()) return std::optional<Program>();
    return std::optional<Program>(std::move(rows->front()));
}

Result<std::vector<Program>> ClinicalRepository::listPrograms(
    std::optional<std::int64_t> child_id) {
    Connection& conn = db_->connection();
    auto statement = conn.prepare(std::string(kProgramSelect) +
                                  "WHERE ?1 IS NULL OR programs.child_id = ?1 "
                                  "ORDER BY children.code, behaviours.name");
    if (!statement) return statement.error();
    statement->bind(1, child_id);
    auto rows = allRows(*statement, readProgram);
    if (!rows) return rows.error();
    if (Status s = readPromptLevels(conn, *rows); !s) return s.error();
    return rows;
}

}  // namespace mimic::store
