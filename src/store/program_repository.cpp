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

constexpr EnumNames<FadingKind, 3> kFadingNames{{
    {FadingKind::kStartLater, "start-later"},
    {FadingKind::kStopEarlier, "stop-earlier"},
    {FadingKind::kReplayFailedStep, "replay-failed-step"},
}};

constexpr std::string_view kProgramSelect =
    "SELECT programs.id, programs.child_id, programs.behaviour_id, programs.phase, "
    "programs.mastery_accuracy_pct, programs.mastery_consecutive_sessions, "
    "programs.mastery_min_trials, programs.mastery_cold_probe_only, "
    "programs.mastery_min_therapists, programs.reinforcement_schedule, "
    "programs.reinforcement_ratio, programs.created_at, children.code, behaviours.name, "
    "programs.chosen_clip_id, programs.chosen_model_kind, programs.video_prompting, "
    "programs.fading_kind, programs.fading_steps, programs.fading_trim_ms, "
    "programs.model_views, programs.last_failed_step, programs.last_prompt_level "
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
    ProgramRecord& r = program.record;
    r.chosen_clip_id = row.columnOptionalInt64(14);
    r.chosen_model_kind = parseModelKind(row.columnText(15));
    r.video_prompting = row.columnInt64(16) != 0;
    r.fading = enumFromName(kFadingNames, row.columnText(17));
    r.fading_steps = static_cast<int>(row.columnInt64(18));
    r.fading_trim_ms = row.columnInt64(19);
    r.model_views = static_cast<int>(row.columnInt64(20));
    if (auto step = row.columnOptionalInt64(21)) r.last_failed_step = static_cast<int>(*step);
    r.last_prompt_level = row.columnOptionalText(22);
    r.prompt_hierarchy.clear();  // filled from program_prompt_levels
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
        if (level == "independent" || level == "incorrect" || level == "no response" ||
            level == "no-response") {
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
    if (program.fading_steps < 0 || program.fading_trim_ms < 0) {
        return Error{what + ": fading steps and trim must not be negative"};
    }
    if (program.model_views < 1) return Error{what + ": the model plays at least once"};
    if (program.last_failed_step && *program.last_failed_step < 1) {
        return Error{what + ": steps count from 1"};
    }
    return {};
}

// Binds the phase, the mastery criterion and the reinforcement schedule, in the column order
// INSERT and UPDATE share, to the 8 parameters from `first` on.
void bindPhaseMasteryAndSchedule(Statement& statement, int first, const ProgramRecord& program) {
    const MasteryCriterion& m = program.mastery;
    statement.bind(first, programPhaseName(program.phase))
        .bind(first + 1, m.accuracy_pct)
        .bind(first + 2, m.consecutive_sessions)
        .bind(first + 3, m.min_trials)
        .bind(first + 4, m.cold_probe_only ? 1 : 0)
        .bind(first + 5, m.min_therapists)
        .bind(first + 6, reinforcementScheduleName(program.reinforcement))
        .bind(first + 7, program.reinforcement_ratio);
}

// Binds the schema-6 settings to ?first .. ?first+8, in the order of kProgramSelect.
void bindSessionSettings(Statement& statement, int first, const ProgramRecord& program) {
    statement.bind(first, program.chosen_clip_id)
        .bind(first + 1, nullableName(modelKindName(program.chosen_model_kind)))
        .bind(first + 2, program.video_prompting ? 1 : 0)
        .bind(first + 3, nullableName(enumName(kFadingNames, program.fading)))
        .bind(first + 4, program.fading_steps)
        .bind(first + 5, program.fading_trim_ms)
        .bind(first + 6, program.model_views)
        .bind(first + 7, program.last_failed_step)
        .bind(first + 8, program.last_prompt_level);
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
std::string_view fadingKindName(FadingKind kind) {
    return enumName(kFadingNames, kind);
}
FadingKind parseFadingKind(std::string_view name) {
    return enumFromName(kFadingNames, name);
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
        "mastery_min_therapists, reinforcement_schedule, reinforcement_ratio, created_at, "
        "chosen_clip_id, chosen_model_kind, video_prompting, fading_kind, fading_steps, "
        "fading_trim_ms, model_views, last_failed_step, last_prompt_level) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, "
        "?19, ?20)");
    if (!insert) return insert.error();
    insert->bind(1, program.child_id).bind(2, program.behaviour_id);
    bindPhaseMasteryAndSchedule(*insert, 3, program);
    insert->bind(11, utcNowIso8601());
    bindSessionSettings(*insert, 12, program);
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
        "reinforcement_schedule = ?8, reinforcement_ratio = ?9, chosen_clip_id = ?10, "
        "chosen_model_kind = ?11, video_prompting = ?12, fading_kind = ?13, fading_steps = ?14, "
        "fading_trim_ms = ?15, model_views = ?16, last_failed_step = ?17, "
        "last_prompt_level = ?18 WHERE id = ?1");
    if (!update) return update.error();
    update->bind(1, program_id);
    bindPhaseMasteryAndSchedule(*update, 2, program);
    bindSessionSettings(*update, 10, program);
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
