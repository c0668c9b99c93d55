#include "app/clinical_actions.h"

#include "app/record_lookup.h"
#include "common/clock.h"
#include "common/utc_time.h"
#include "store/audit_log.h"
#include "store/library_repository.h"
#include "store/session_repository.h"

namespace mimic::app {

namespace {

// Names typed for an enum: refused with the words that would have worked. With
// `empty_is_none`, "" means the setting's "none" (any model kind, no fading).
template <typename Enum, typename Parse>
Result<Enum> parseNamed(const std::string& text, Parse parse, const std::string& what,
                        const std::string& known, bool empty_is_none = false) {
    if (empty_is_none && text.empty()) return Enum::kNone;
    const Enum value = parse(text);
    if (value == Enum::kNone)
        return Error{"unknown " + what + " '" + text + "' (use " + known + ")"};
    return value;
}

Status applyChange(const ProgramChange& c, store::ProgramRecord& program) {
    if (c.phase) {
        auto phase = parseNamed<store::ProgramPhase>(
            *c.phase, store::parseProgramPhase, "phase",
            "baseline, intervention, maintenance, mastered or generalization");
        if (!phase) return phase.error();
        program.phase = *phase;
    }
    if (c.prompt_hierarchy) program.prompt_hierarchy = *c.prompt_hierarchy;
    if (c.accuracy_pct) program.mastery.accuracy_pct = *c.accuracy_pct;
    if (c.sessions) program.mastery.consecutive_sessions = *c.sessions;
    if (c.min_trials) program.mastery.min_trials = *c.min_trials;
    if (c.cold_probe) program.mastery.cold_probe_only = *c.cold_probe;
    if (c.therapists) program.mastery.min_therapists = *c.therapists;
    if (c.reinforcement) {
        auto schedule = parseNamed<store::ReinforcementSchedule>(
            *c.reinforcement, store::parseReinforcementSchedule, "reinforcement schedule",
            "continuous, fixed-ratio or variable-ratio");
        if (!schedule) return schedule.error();
        program.reinforcement = *schedule;
    }
    if (c.ratio) program.reinforcement_ratio = *c.ratio;
    if (c.chosen_clip_id) {
        program.chosen_clip_id =
            *c.chosen_clip_id > 0 ? std::optional(*c.chosen_clip_id) : std::nullopt;
    }
    if (c.model_kind) {
        auto kind = parseNamed<store::ModelKind>(*c.model_kind, store::parseModelKind, "model kind",
                                                 "peer, adult, self or point-of-view",
                                                 /*empty_is_none=*/true);
        if (!kind) return kind.error();
        program.chosen_model_kind = *kind;
    }
    if (c.video_prompting) program.video_prompting = *c.video_prompting;
    if (c.fading) {
        auto fading = parseNamed<store::FadingKind>(
            *c.fading, store::parseFadingKind, "fading",
            "start-later, stop-earlier or replay-failed-step", /*empty_is_none=*/true);
        if (!fading) return fading.error();
        program.fading = *fading;
    }
    if (c.fading_steps) program.fading_steps = *c.fading_steps;
    if (c.fading_trim_ms) program.fading_trim_ms = *c.fading_trim_ms;
    if (c.model_views) program.model_views = *c.model_views;
    return {};
}

Status recordPhaseChange(store::Database& db, store::ClinicalRepository& clinical,
                         const ProgramChange& c, std::int64_t program_id, store::ProgramPhase from,
                         store::ProgramPhase to) {
    store::PhaseChangeRecord change{program_id, from, to, utcNowIso8601(), std::nullopt, c.reason};
    if (c.therapist) {
        auto therapist = clinical.findTherapist(*c.therapist);
        if (!therapist) return therapist.error();
        if (!*therapist) {
            return Error{"no therapist '" + *c.therapist +
                         "' (add them with `mimic therapist add`)"};
        }
        change.therapist_id = (*therapist)->id;
    }
    if (change.reason.empty() && from == store::ProgramPhase::kNone)
        change.reason = "program added";
    auto added = store::SessionRepository(db).addPhaseChange(change);
    if (!added) return added.error();
    return {};
}

}  // namespace

Result<GrantedConsent> grantConsent(store::Database& db, const std::string& child_code,
                                    const std::string& scope_name, const std::string& granted_by,
                                    const std::optional<std::string>& expires) {
    auto scope =
        parseNamed<store::ConsentScope>(scope_name, store::parseConsentScope, "consent scope",
                                        "record, share-with-parents or training-use");
    if (!scope) return scope.error();
    // "2027-06-30" means valid until that day's start (UTC). Only a real date that lies in
    // the future is a new consent's expiry (D8).
    GrantedConsent granted;
    if (expires) {
        auto expiry = parseFutureExpiry(*expires, utcNow());
        if (!expiry) return expiry.error();
        granted.expires_at = *expiry;
    }
    // The repository writes the audit entry with the consent.
    store::ClinicalRepository clinical(db);
    auto child = requireChild(clinical, child_code);
    if (!child) return child.error();
    auto id = clinical.grantConsent(child->id, *scope, granted_by, granted.expires_at);
    if (!id) return id.error();
    granted.id = *id;
    return granted;
}

Status revokeConsent(store::Database& db, std::int64_t consent_id, const std::string& revoked_by) {
    // The repository writes the audit entry with the revocation.
    return store::ClinicalRepository(db).revokeConsent(
        consent_id, utcNowIso8601(), revoked_by.empty() ? auditActor() : revoked_by);
}

Result<std::int64_t> addTherapist(store::Database& db, const std::string& name) {
    auto tx = store::Transaction::begin(db.connection());
    if (!tx) return tx.error();
    auto id = store::ClinicalRepository(db).addTherapist(name);
    if (!id) return id.error();
    if (Status s = store::AuditLog(db).record(auditActor(), "add", "therapist", *id, name); !s) {
        return s.error();
    }
    if (Status s = tx->commit(); !s) return s.error();
    return *id;
}

Result<SavedProgram> saveProgram(store::Database& db, const ProgramChange& change,
                                 ProgramSave mode) {
    const bool create = mode == ProgramSave::kAdd;
    store::ClinicalRepository clinical(db);
    auto tx = store::Transaction::begin(db.connection());
    if (!tx) return tx.error();
    auto found = lookUpProgram(db, change.child, change.behaviour);
    if (!found) return found.error();
    const std::optional<store::Program>& existing = found->program;
    SavedProgram saved;
    saved.name = change.child + " / " + change.behaviour;
    if (create && existing) return Error{"program " + saved.name + " exists already (use `set`)"};
    if (!create && !existing) return Error{"no program " + saved.name + " (add it with `add`)"};

    store::ProgramRecord program = create ? store::ProgramRecord{} : existing->record;
    program.child_id = found->child.id;
    program.behaviour_id = found->behaviour.id;
    if (Status s = applyChange(change, program); !s) return s.error();
    if (create) {
        auto added = clinical.addProgram(program);
        if (!added) return added.error();
        saved.id = *added;
    } else {
        saved.id = existing->id;
        if (Status s = clinical.updateProgram(saved.id, program); !s) return s.error();
    }
    // Every phase a program enters goes into its history, with who decided it and why.
    const store::ProgramPhase before = create ? store::ProgramPhase::kNone : existing->record.phase;
    if (program.phase != before) {
        if (Status s = recordPhaseChange(db, clinical, change, saved.id, before, program.phase);
            !s) {
            return s.error();
        }
    }
    if (Status s = store::AuditLog(db).record(auditActor(), create ? "add" : "change", "program",
                                              saved.id, saved.name, found->child.id);
        !s) {
        return s.error();
    }
    if (Status s = tx->commit(); !s) return s.error();
    saved.phase = program.phase;
    return saved;
}

}  // namespace mimic::app
